"""`kanten report`."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from kanten_cli.base.errors import UsageError
from kanten_cli.base.matching import resolve_all
from kanten_cli.base.translate import N_, _, language
from kanten_cli.cli.layers import (
    outfile,
    report_render,
)
from kanten_cli.cli.options import (
    DataOpt,
    ForceOpt,
    LangOpt,
    ReportFormat,
    index_for,
    output_option,
    resolve_output,
)
from kanten_cli.output.formats import SUFFIX_FORMATS
from kanten_cli.output.report.sections import DANISH_NAMES, SECTION_IDS, SECTIONS
from kanten_cli.output.terminal import Terminal


def report(
    ctx: typer.Context,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar=N_("FORMAT"),
            help=N_("markdown or html [default: html for an -o name ending in .html, else markdown]."),
        ),
    ] = None,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help=N_(
                "The project on one page, for a meeting: what it was, who took part, the headline figures "
                "beside the targets, the foundation's grant, the conclusion and the sources (HTML prints on "
                "one A4 page)."
            ),
        ),
    ] = False,
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            "-s",
            metavar=N_("NAME"),
            help=N_(
                "Only these sections, in the report's own order (repeat, or separate with commas): {names}. "
                "The sources they cite and their notes follow.",
                names=", ".join(f"{en} ({da})" for en, da in SECTIONS),
            ),
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        output_option(
            N_(
                "Write to {file}, all at once, instead of standard output: HTML for a name ending in "
                ".html, else Markdown (.md), unless --format says otherwise.",
                file=N_("FILE"),
            )
        ),
    ] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """The whole fact base as one document to read, print or send; or the project on one page.

    Summary, who took part, results beside the targets, improvements, the recommendation,
    progress along the way, the mid-term evaluation, a timeline, every caveat as a footnote and
    the numbered sources. HTML is one self-contained file (styles and chart inline) that reads
    on a phone and prints. --brief makes a one-page handout instead; --section cuts the report
    to the sections you name, in English or Danish.

    Examples:

    \b
      kanten report | less
      kanten report --format html -o rekruttering.html
      kanten report --lang da -o rapport.md
      kanten report --brief --lang da -o handout.html
      kanten report --section results,midterm -o resultater.md
    """
    danish = list(DANISH_NAMES) if language() == "da" else None  # the names listed when none is close
    sections = resolve_all(section, SECTION_IDS, N_("section"), DANISH_NAMES, danish)
    if brief and sections:
        raise UsageError(_("--brief is one page of its own: it takes no --section"))
    out = resolve_output(ctx, None, False, None, data, to, force)
    chosen = fmt.value if fmt else ("html" if to and to.lower().endswith((".html", ".htm")) else "markdown")
    implied = SUFFIX_FORMATS.get(os.path.splitext(to)[1].lower()) if to and not fmt else None
    if implied not in (None, "markdown"):
        raise UsageError(
            _("a report is markdown or html, not {format}; name the file .md or .html").format(format=implied)
        )
    width = 80 if out.to else Terminal.detect(sys.stdout).width
    text = report_render.document(index_for(out), chosen, width, sections, brief)
    if out.to:
        outfile.write_atomic(out.to, text.encode("utf-8"), out.force)
    else:
        sys.stdout.write(text)
