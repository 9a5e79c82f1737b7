"""How each command's records look as a table: columns, headings, grouping, footnotes.

Pure data and small formatters; the drawing itself is in render_table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kanten_cli.i18n import Lang, format_period, format_value, label

Record = dict[str, Any]
Cell = Callable[[Record, Lang], str]


def plain(key: str) -> Cell:
    def cell(rec: Record, lang: Lang) -> str:
        value = rec.get(key)
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return cell


def value_cell(rec: Record, lang: Lang) -> str:
    return format_value(rec.get("value"), rec.get("unit"), bool(rec.get("approximate")), lang)


def kind_cell(rec: Record, lang: Lang) -> str:
    kind = rec.get("kind")
    return label(f"kind.{kind}", lang) if kind else ""


def roles_cell(rec: Record, lang: Lang) -> str:
    parts = []
    for claim in rec.get("roles") or []:
        text = label(f"role.{claim['role']}", lang)
        if claim.get("source_kind") == "secondary":
            text += f" ({label('context_marker', lang)})"
        parts.append(text)
    return "; ".join(parts)


def date_cell(rec: Record, lang: Lang) -> str:
    return format_period(rec.get("date"), rec.get("end_date"), lang)


def item_cell(rec: Record, lang: Lang) -> str:
    topic = str(rec.get("item", ""))
    named = label(f"topic.{topic}", lang)
    return topic if named == f"topic.{topic}" else named


# Around a search match in a cell: plain marking, as shown when piped; in a column with
# `highlight`, a renderer with colour may show the match styled instead of between the marks.
MARK_START, MARK_END = "«", "»"


def where_cell(rec: Record, lang: Lang) -> str:
    """Where a search hit matched: the field's name, then the snippet with its matches «marked»."""
    snippet = str(rec.get("snippet") or "")
    for mark in reversed(rec.get("highlights") or []):
        start, end = mark["start"], mark["end"]
        snippet = snippet[:start] + MARK_START + snippet[start:end] + MARK_END + snippet[end:]
    field = rec.get("field")
    return f"{label(f'field.{field}', lang)}: {snippet}" if field else snippet


def event_cell(rec: Record, lang: Lang) -> str:
    return label(f"event.{rec.get('event')}", lang)


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # a label key
    cell: Cell | None = None
    wrap: bool = False  # prose that may wrap; other columns keep their width
    min_width: int = 12  # for a wrapping column: below this, records are drawn as blocks
    highlight: bool = False  # its cells mark search matches between MARK_START and MARK_END

    def render(self, rec: Record, lang: Lang) -> str:
        return (self.cell or plain(self.key))(rec, lang)


@dataclass(frozen=True)
class View:
    title: str  # a label key
    columns: tuple[Column, ...]
    group_by: str | None = None
    notes: tuple[str, ...] = ()  # record keys shown as numbered footnotes under the table
    legend: bool = False
    card: bool = False  # one record per block (label: value), as for `show`
    chart: bool = False  # horizontal bars of `value`, one per record
    report: bool = False  # `kanten verify`: each source's page, then its checks

    def titled(self, title: str) -> View:
        """The same view under another title (a label key, or the title itself)."""
        return dataclasses.replace(self, title=title)


ID = Column("id", "id")
TEXT = Column("text", "text", wrap=True, min_width=28)
VALUE = Column("value", "value", value_cell)
KIND = Column("kind", "kind", kind_cell)
SOURCES = Column("sources", "sources", plain("sources"), wrap=True)

PARTNERS = View(
    "partners.title",
    (
        Column("name", "name"),
        Column("roles", "roles", roles_cell, wrap=True),
        Column("kind", "org_kind", wrap=True),
        Column("municipality", "municipality", wrap=True),
    ),
    notes=("caveat",),
)
FACT_SECTIONS = View(
    "facts.title", (TEXT, VALUE, KIND, SOURCES), group_by="section", notes=("formula", "caveat"), legend=True
)
OVERVIEW = View("section.overview", (Column("item", "item", item_cell), TEXT, KIND, SOURCES), legend=True)
FACTS = View("facts.title", (ID, Column("topic", "topic"), KIND, TEXT, VALUE, SOURCES), legend=True)
SOURCES_VIEW = View(
    "sources.title",
    (
        ID,
        Column("kind", "kind", lambda r, lang: label(f"source.{r['kind']}", lang)),
        Column("title", "title", wrap=True),
        Column("publisher", "publisher", wrap=True),
        Column("date", "date", date_cell),
        Column("url", "url", wrap=True),
        Column("facts", "facts"),
        Column("organisations", "organisations"),
    ),
)
TIMELINE = View(
    "timeline.title",
    (
        Column("date", "date", lambda r, lang: format_period(r["date"], None, lang)),
        Column("event", "event", event_cell),
        ID,
        TEXT,
        KIND,
        SOURCES,
    ),
    legend=True,
)
# A hit shows where it matched (like ripgrep's matching line); `kanten show ID` has the rest.
SEARCH = View(
    "search.title", (ID, KIND, Column("snippet", "where", where_cell, wrap=True, min_width=20, highlight=True))
)
SHOW = View("facts.title", (), card=True)
CHART = View("chart.title", (ID, VALUE, KIND), chart=True, legend=True)
VERIFY = View("verify.title", (), report=True)
