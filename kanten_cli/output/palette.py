"""kanten's colours: one per kind of fact, the same in every table, the chart and the legend.

Plain Rich style strings (no Rich import), so views can name them without drawing anything.
Colour only ever adds to the words: every kind is also written out, so nothing is lost without it.
"""

from __future__ import annotations

KIND = {
    "stated": "green",  # the article's own words
    "derived": "cyan",  # computed by kanten from stated figures
    "target": "magenta",  # a goal on a secondary page
    "context": "yellow",  # said on a secondary page
}
ID = "bold"
HEADING = "bold"
TITLE = "bold underline"
NOTE = "dim"
LINK = "underline"
RULE = "dim"
MATCH = "reverse"  # the word a search matched, as a pager shows a search hit

# kanten verify: each check's outcome, and the word diff of a changed quote
STATUS = {
    "verified": "green",
    "read": "green",
    "changed": "bold red",
    "unreachable": "yellow",
    "unchecked": "dim",
    "skipped": "dim",
}
REMOVED = "red"  # words of the quote the page no longer has
ADDED = "green"  # words the page has instead


def kind(name: str | None) -> str:
    """The style of a kind of fact; '' for anything else (an organisation, a source)."""
    return KIND.get(name or "", "")
