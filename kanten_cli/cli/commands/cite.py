"""`kanten cite`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kanten_cli.base.translate import N_
from kanten_cli.cli.completion import complete_ids
from kanten_cli.cli.helptext import alternatives
from kanten_cli.cli.layers import (
    cite_records,
    render_cite,
)
from kanten_cli.cli.options import CiteStyle, DataOpt, LangOpt, index_for, resolve_output


def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(metavar=N_("ID"), help=N_("Fact, organisation or source ids."), autocompletion=complete_ids),
    ],
    style: Annotated[
        CiteStyle,
        typer.Option(
            "--style",
            "-s",
            metavar=N_("STYLE"),
            help=alternatives(style.value for style in CiteStyle),
        ),
    ] = CiteStyle.text,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """Cite facts: a sentence to paste, or references for a reference manager.

    text (the default) and markdown give each fact as a sentence with its figure and source
    (a derived figure says it is computed, and from what), and its caveat; markdown adds the
    quote. csl-json, bibtex and ris give one entry per source the ids rest on.

    Examples:

    \b
      kanten cite paid-work-share --lang da
      kanten cite still-in-work-people still-in-work-people-all -s markdown
      kanten cite participants-registered cabi -s bibtex >> refs.bib
    """
    out = resolve_output(ctx, lang, None, False, None, data)
    index = index_for(out)
    cited = cite_records.citations(index, ids, out.lang)
    entries = cite_records.bibliography(index, cited, out.lang)
    render_cite.emit(cited, entries, style.value, out.lang, sys.stdout)
