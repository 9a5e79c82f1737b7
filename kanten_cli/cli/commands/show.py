"""`kanten show`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kanten_cli.base.errors import UsageError
from kanten_cli.base.translate import N_, _
from kanten_cli.cli.completion import complete_ids
from kanten_cli.cli.layers import (
    browse,
    query,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


@listing
def show(
    out: Output,
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar=N_("ID"), help=N_("Fact or organisation ids, in any case."), autocompletion=complete_ids
        ),
    ],
    web: Annotated[
        bool, typer.Option("--web", help=N_("Open the id's (first) source in the web browser instead (env: BROWSER)."))
    ] = False,
) -> None:
    """One fact or organisation in full, with its sources.

    Both languages, the quote, each source's metadata and, for a derived figure, its formula,
    inputs and caveat.

    Examples:

    \b
      kanten show participants-registered
      kanten show still-in-work-people --lang da
      kanten show paid-work-people cabi --json | jq '.[].source_details[].url'
      kanten show grant-amount --web
    """
    index = index_for(out)
    if web:
        if len(ids) > 1:
            raise UsageError(_("--web opens one id at a time"))
        browse.open_source(index, ids[0], sys.stderr)
        return
    emit([query.show(index, ident) for ident in ids], out, views.SHOW)
