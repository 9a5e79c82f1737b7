"""`kanten browse`."""

from __future__ import annotations

import sys

import typer

from kanten_cli.base.errors import UsageError
from kanten_cli.base.translate import _
from kanten_cli.cli.layers import explorer, terminal
from kanten_cli.cli.options import DataOpt, LangOpt, NoColorOpt, index_for, resolve_output


def browse(
    ctx: typer.Context,
    lang: LangOpt = None,
    data: DataOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Explore the facts full-screen: a list, a filter, facets and each fact's card.

    Tabs for facts, organisations and sources; / filters as kanten search reads words; the
    card is what kanten show prints, and its inputs, see-also ids and sources are links (Enter
    follows one, Escape goes back). c copies the citation, o opens the source in the web
    browser, l switches between Danish and English, ? lists the keys, q quits. The mouse works too.

    Needs a terminal for input and output; in a script or a pipe use kanten facts or kanten search.

    Examples:

    \b
      kanten browse
      kanten browse --lang da
      kanten browse --data other-project.json
    """
    if not terminal.interactive(sys.stdin, sys.stdout):
        raise UsageError(
            _("browse needs a terminal for input and output; use 'kanten facts' or 'kanten search' instead")
        )
    out = resolve_output(ctx, None, False, None, data, no_color=no_color)
    index = index_for(out)
    colour = terminal.Terminal.detect(sys.stdout, no_color=out.no_color).colour
    explorer.run(index, colour)
