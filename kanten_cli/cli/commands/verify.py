"""`kanten verify`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kanten_cli.base.errors import UsageError
from kanten_cli.base.translate import N_, _
from kanten_cli.cli.completion import complete_ids
from kanten_cli.cli.layers import (
    render,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


@listing
def verify(
    out: Output,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=N_("ID"),
            help=N_("Facts or organisations to check (a derived fact: its inputs); all if none."),
            autocompletion=complete_ids,
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar=N_("SOURCE_ID=PATH_OR_URL"),
            help=N_("Read this source from a saved copy (.html, or .txt as --save writes it) or another address."),
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar=N_("SECONDS"),
            help=N_("Give up on a page after this many seconds (default: 20)."),
            show_default=False,
        ),
    ] = 20.0,
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            metavar=N_("DIR"),
            help=N_(
                "Write each page's text, address and time to {dir}/<source id>.txt (a --source file's too).",
                dir=N_("DIR"),
            ),
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress bar while pages are fetched."))] = False,
) -> None:
    """Check every quote and evidence against its source page.

    Fetches each page the selected facts rest on (or reads the copy given with --source) and
    looks for each quote or evidence in its text, word for word: verified, changed (with the
    closest passage and a word diff) or unreachable.

    Exit code 1 when a quote or evidence was not found, 6 when a page could not be read.

    Examples:

    \b
      kanten verify
      kanten verify participants-registered cabi
      kanten verify --source article=saved.html --save pages
      kanten verify --json | jq '.[] | select(.status == "changed")'
    """
    from kanten_cli.sources import check

    if not timeout > 0:
        raise UsageError(_("--timeout must be more than 0 seconds"))
    index = index_for(out)
    with render.fetch_progress(sys.stderr, quiet, out.no_color) as progress:
        rows = check.run(index, ids or [], source or [], timeout, Path(save) if save else None, progress)
    emit(rows, out, views.VERIFY)
    failure = check.outcome(rows)
    if failure is not None:
        raise failure
