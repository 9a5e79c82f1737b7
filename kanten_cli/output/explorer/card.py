"""The detail pane's card: what `kanten show` prints, line by line, with the lines that lead
somewhere (an input, a see-also id, a source, a web address) marked as links.

The labels and texts are `show`'s own (`views.card_entries`); this module only adds where
each link goes. Plain Python; the app draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kanten_cli.base.urls import is_web_url
from kanten_cli.output.explorer.state import Tab, Target
from kanten_cli.output.i18n import label
from kanten_cli.output.text import visible
from kanten_cli.output.views import card_entries, input_line, source_line
from kanten_cli.query.index import Index, show, source_record


@dataclass(frozen=True)
class Line:
    """One line of a card: a label ('' continues the one above) and its text."""

    label: str
    text: str
    role: str = ""  # 'id', 'link', a fact's kind, or ''
    target: Target | None = None  # a card to follow to
    url: str | None = None  # a web address to open


# Keys of `show`'s record that become links; the rest is drawn as `show` draws it.
_LINKED = ("input_details", "see_also", "source_details", "roles")
# Keys that only shape another key's text (the value's unit, the date's end); never lines.
_CONTEXT = ("type", "unit", "approximate", "end_date")


def record(index: Index, target: Target) -> dict[str, Any]:
    """`show`'s record of a fact, organisation or source."""
    tab, ident = target
    if tab == "sources":
        return {"type": "source", **source_record(index, index.sources[ident])}
    return show(index, ident)


def lines(index: Index, target: Target) -> list[Line]:
    """The card of `target`, in `show`'s order, with its links."""
    rec = record(index, target)
    context = {k: rec[k] for k in _CONTEXT if k in rec}
    found: list[Line] = []
    for key, value in rec.items():
        if key in _LINKED:
            found += _links(index, key, value, rec)
        elif key == "url":
            found += [_url_line(label("url"), value)] if value else []
        elif key not in _CONTEXT:
            for entry in card_entries({**context, key: value}):
                found.append(Line(entry.label, visible(entry.text, keep_breaks=True), entry.role))
    return found


def _links(index: Index, key: str, value: Any, rec: dict[str, Any]) -> list[Line]:
    if not value:
        return []
    found: list[Line] = []
    if key == "input_details":
        for number, inner in enumerate(value):
            name = label("inputs") if number == 0 else ""
            found.append(Line(name, visible(input_line(inner)), "link", ("facts", inner["id"])))
    elif key == "see_also":
        for number, ident in enumerate(value):
            name = label("see_also") if number == 0 else ""
            tab: Tab = "organisations" if ident in index.organisations else "facts"
            found.append(Line(name, ident, "link", (tab, ident)))
    elif key == "roles":
        for number, claim in enumerate(value):
            name = label("roles") if number == 0 else ""
            text = f"{label('role.' + claim['role'])} ({claim['source']})"
            found.append(Line(name, text, "link", ("sources", claim["source"])))
    else:  # source_details
        for number, src in enumerate(value):
            name = label("source") if number == 0 else ""
            found.append(Line(name, visible(source_line(src)), "link", ("sources", src["id"])))
            if src.get("url"):
                found.append(_url_line("", src["url"]))
    return found


def _url_line(name: str, url: str) -> Line:
    """An address: a link to open when it is a web address, else plain text (never opened)."""
    return Line(name, visible(url), "link" if is_web_url(url) else "", url=url if is_web_url(url) else None)
