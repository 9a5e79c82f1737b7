"""`kanten timeline`."""

from __future__ import annotations

from typing import Annotated

import typer

from kanten_cli.base.errors import NotFound
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
            "--since", metavar="DATE", help="Only what overlaps the time from DATE on: 2019, 2019-03 or 2019-03-05."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Only what overlaps the time up to DATE (its last day included)."),
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
    rows = query.timeline(index_for(out), out.lang, since, until)
    if not rows and (since or until):
        raise NotFound("no dated fact overlaps that span")
    emit(rows, out, views.TIMELINE)
