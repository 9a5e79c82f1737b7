"""The explorer's fixed words that are defined before a language is bound: marked for the
catalogue here (N_) and translated where they are shown (`translated`).

The rest of the explorer's words are `_()` calls where they are used; `l` binds the other
language and draws the screen again.
"""

from __future__ import annotations

from kanten_cli.base.translate import N_

TAB_TITLES = {"facts": N_("Facts"), "organisations": N_("Organisations"), "sources": N_("Sources")}

# The help screen: keys, and what they do.
HELP: tuple[tuple[str, str], ...] = (
    ("/", N_("Filter: type words, as for kanten search, in Danish or English.")),
    ("Enter", N_("In the filter: go to the list. In the list: go to the card's links.")),
    ("↑ ↓ PgUp PgDn", N_("Move in the list.")),
    ("Tab", N_("The next pane or link (Shift+Tab: the one before).")),
    ("1 2 3", N_("Facts, organisations, sources.")),
    ("f", N_("Facets (kind, topic): Space or a click turns one on or off.")),
    ("Enter", N_("On a link (an input, see also, a source): follow it.")),
    ("Escape", N_("Back to where the link was followed from (also Backspace).")),
    ("c", N_("Copy the card's citation (text style, in this language).")),
    ("o", N_("Open the card's source in the web browser.")),
    ("l", N_("Danish or English.")),
    ("?", N_("This help.")),
    ("q", N_("Quit.")),
    ("", N_("The mouse works too: click a tab, a row, a facet or a link.")),
    ("", N_("Without a terminal: kanten facts, kanten search WORD, kanten show ID.")),
)
