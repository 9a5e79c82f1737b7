"""`kanten report`."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Annotated

import typer

from kanten_cli.base.errors import UsageError
from kanten_cli.cli.layers import (
    outfile,
    report_render,
)
from kanten_cli.cli.options import (
    SUFFIX_FORMATS,
    DataOpt,
    ForceOpt,
    LangOpt,
    OutOpt,
    ReportFormat,
    index_for,
    resolve_output,
)


def report(
    ctx: typer.Context,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown or html [default: html for an -o name ending in .html, else markdown].",
        ),
    ] = None,
    to: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """The whole fact base as one document to read, print or send.

    Summary, who took part, results beside the targets, improvements, the recommendation, the
    mid-term evaluation, a timeline, every caveat as a footnote and the numbered sources. HTML
    is one self-contained file (styles and chart inline) that reads on a phone and prints.

    Examples:

    \b
      kanten report | less
      kanten report --format html -o rekruttering.html
      kanten report --lang da -o rapport.md
    """
    out = resolve_output(ctx, lang, None, False, None, data, to, force)
    chosen = fmt.value if fmt else ("html" if to and to.lower().endswith((".html", ".htm")) else "markdown")
    implied = SUFFIX_FORMATS.get(os.path.splitext(to)[1].lower()) if to and not fmt else None
    if implied not in (None, "markdown"):
        raise UsageError(f"a report is markdown or html, not {implied}; name the file .md or .html")
    width = 80 if out.to else shutil.get_terminal_size((80, 24)).columns
    text = report_render.document(index_for(out), out.lang, chosen, width)
    if out.to:
        outfile.write_atomic(out.to, text.encode("utf-8"), out.force)
    else:
        sys.stdout.write(text)
