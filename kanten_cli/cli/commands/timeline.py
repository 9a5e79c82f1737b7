"""`kanten timeline`."""

from __future__ import annotations

from typing import Annotated

import typer

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import N_, _
from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


@listing
def timeline(
    out: Output,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar=N_("DATE"),
            help=N_("Only what overlaps the time from {date} on: 2019, 2019-03 or 2019-03-05.", date=N_("DATE")),
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar=N_("DATE"),
            help=N_("Only what overlaps the time up to {date} (its last day included).", date=N_("DATE")),
        ),
    ] = None,
) -> None:
    """The dated facts in order.

    Each date at the precision its source gives: a month stays a month. With --since and
    --until, only the facts whose time overlaps that span (a period that began earlier is kept).

    Examples:

    \b
      kanten timeline
      kanten timeline --since 2019 --until 2021-06
      kanten timeline --lang da --format markdown
    """
    rows = query.timeline(index_for(out), since, until, names=("--since", "--until"))
    if not rows and (since or until):
        raise NotFound(_("no dated fact overlaps that span"))
    emit(rows, out, views.TIMELINE)
