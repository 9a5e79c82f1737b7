"""`kanten search`."""

from __future__ import annotations

import shlex
from typing import Annotated

import typer

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import N_, _
from kanten_cli.cli.layers import (
    prepared,
    searching,
    views,
    words,
)
from kanten_cli.cli.options import Output, emit, listing


@listing
def search(
    out: Output,
    text: Annotated[
        list[str], typer.Argument(metavar=N_("WORD"), help=N_("Words to find (all must match)."), show_default=False)
    ],
) -> None:
    """Find facts and organisations by any word.

    Either language, ids, names and quotes included; each hit shows where it matched.

    A word matches in any of its forms (virksomhederne = virksomhed, results = result), at the
    start of a word, and as part of a Danish compound (evaluering finds midtvejsevalueringen); a
    word of one or two letters, and a number, only whole. Case, accents and Danish letters do not
    matter (loennet = lonnet = lønnet), nor how a number is written (1439 = 1.439 = 1 439).
    Words a person uses for the domain's ideas find them in either language (penge, budget,
    cost: the grant; finansiering: the funding facts); question words carry no weight. An id or
    a name given whole comes first, then the best matches. Exit code 1 when nothing matches,
    with a did-you-mean for a misspelt word.

    A data file of 1 MiB or more is validated in full on its first search, and the text searched
    is kept in ~/.cache/kanten (about 0.4 x the file); later searches of the unchanged file
    validate only the records they find (KANTEN_CACHE_DIR moves it, KANTEN_NO_CACHE=1 turns it off).

    Examples:

    \b
      kanten search lønnet arbejde
      kanten search penge --lang da
      kanten search vive
      kanten search 1.439 --json | jq -r '.[0].id'
      kanten search 3f --json | jq -r '.[] | "\\(.id): \\(.field): \\(.snippet)"'
    """
    query = " ".join(text)
    try:
        found = searching.found(prepared.searchable(out.data), query)  # each hit built as it is written
    except NotFound as nothing:
        if not words.is_question(query):
            raise
        ask = f"kanten ask {shlex.quote(query)}"
        raise NotFound(_("{nothing}; a question? try: {command}").format(nothing=nothing, command=ask)) from None
    emit(found, out, views.SEARCH)
