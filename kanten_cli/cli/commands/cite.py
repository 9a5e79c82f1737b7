"""`kanten cite`."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from kanten_cli.base.errors import UsageError
from kanten_cli.base.matching import resolve
from kanten_cli.base.translate import N_
from kanten_cli.cli.completion import complete_ids
from kanten_cli.cli.layers import (
    cite_records,
    outfile,
    render_cite,
)
from kanten_cli.cli.options import DataOpt, ForceOpt, LangOpt, index_for, output_option, resolve_output
from kanten_cli.output.formats import STYLES, SUFFIX_STYLES

STRUCTURED = ("csl-json", "bibtex", "ris")
# The style an -o FILE's ending implies when --style is not given.


def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(metavar=N_("ID"), help=N_("Fact, organisation or source ids."), autocompletion=complete_ids),
    ],
    style: Annotated[
        str | None,
        typer.Option(
            "--style",
            "-s",
            metavar=N_("STYLE"),
            help=N_(
                "text, markdown, csl-json, bibtex or ris [default: from the ending of -o {file}, else text].",
                file=N_("FILE"),
            ),
            autocompletion=lambda incomplete: [s for s in STYLES if s.startswith(incomplete)],
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Short for --style csl-json."))] = False,
    to: Annotated[
        str | None,
        output_option(
            N_(
                "Add to the bibliography {file} (.bib, .ris, .json): new entries appended, kanten's own "
                "replaced where they stand, nothing else touched; text and markdown replace {file} whole.",
                file=N_("FILE"),
            )
        ),
    ] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """Cite facts: a sentence to paste, or references for a reference manager.

    text (the default) and markdown give each fact as a sentence with its figure and source
    (a derived figure says it is computed, and from what), and its caveat; markdown adds the
    quote. csl-json, bibtex and ris give one entry per source the ids rest on, keyed by the
    source's id, with a note that gives each fact cited and the source's words it rests on.

    Examples:

    \b
      kanten cite paid-work-share --lang da
      kanten cite still-in-work-people still-in-work-people-all -s markdown
      kanten cite participants-registered cabi -o refs.bib
      kanten cite paid-work-share --json | jq '.[].title'
    """
    out = resolve_output(ctx, None, False, None, data, to, force)
    chosen = _style(style, as_json, to)
    index = index_for(out)
    cited = cite_records.citations(index, ids)
    entries = cite_records.bibliography(index, cited)
    if to is None:
        render_cite.emit(cited, entries, chosen, sys.stdout)
    elif chosen in STRUCTURED:
        added = render_cite.file_entries(entries, chosen)
        outfile.add_to_bibliography(to, chosen, added, force, render_cite.csl_file)  # type: ignore[arg-type]
    else:
        outfile.write_atomic(to, render_cite.render(cited, entries, chosen, None).encode("utf-8"), force)


def _style(style: str | None, as_json: bool, to: str | None) -> render_cite.Style:
    """The citation style: --style (any case; a did-you-mean for a near miss), --json, the -o
    FILE's ending, else text."""
    if as_json:
        if style is not None and resolve(style, STYLES, N_("style")) != "csl-json":
            raise UsageError(f"--json and --style {style} do not go together")
        return "csl-json"
    if style is not None:
        return resolve(style, STYLES, N_("style"))  # type: ignore[return-value]
    implied = SUFFIX_STYLES.get(os.path.splitext(to)[1].lower()) if to else None
    return implied or "text"
