"""How each command's records look as a table: columns, headings, grouping, footnotes.

Pure data and small formatters; the drawing itself is in output/table/.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kanten_cli.output import palette
from kanten_cli.output.i18n import format_period, format_value, label, topic_name

Record = dict[str, Any]
Cell = Callable[[Record], str]


def plain(key: str) -> Cell:
    def cell(rec: Record) -> str:
        value = rec.get(key)
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return cell


def value_cell(rec: Record) -> str:
    approximate, at_least = bool(rec.get("approximate")), bool(rec.get("at_least"))
    return format_value(rec.get("value"), rec.get("unit"), approximate, at_least=at_least)


def org_kind_cell(rec: Record) -> str:
    """An organisation's kind; one that no source gives says it is read from the name."""
    kind = rec.get("kind") or ""
    if kind and "kind_source" in rec and rec["kind_source"] is None:
        return f"{kind} ({label('org.kind_from_name')})"
    return kind


def note_parts(rec: Record, view: View) -> list[str]:
    """A row's footnote, part by part: that it is one reading of an ambiguous sentence (so the
    readings read as one sentence's, wherever they stand together), then the view's note keys."""
    parts = [str(rec[k]) for k in view.notes if rec.get(k)]
    if view.notes and rec.get("reading_of"):
        parts.insert(0, label("note.reading").format(id=rec["reading_of"]))
    return parts


def kind_cell(rec: Record) -> str:
    kind = rec.get("kind")
    return label(f"kind.{kind}") if kind else ""


def role_labels(claims: Sequence[Record]) -> list[str]:
    """Each role once, in order; '(context)' when only secondary pages claim it. The one rule for
    the partners table and the report's "Who took part"."""
    primary: dict[str, bool] = {}
    for claim in claims:
        primary[claim["role"]] = primary.get(claim["role"], False) or claim.get("source_kind") != "secondary"
    return [label(f"role.{role}") + ("" if said else f" ({label('context_marker')})") for role, said in primary.items()]


def roles_cell(rec: Record) -> str:
    return "; ".join(role_labels(rec.get("roles") or []))


def date_cell(rec: Record) -> str:
    return format_period(rec.get("date"), rec.get("end_date"))


def event_date_cell(rec: Record) -> str:
    """A timeline date with its event: 'from August 2018', 'until December 2021', '28 March 2023'."""
    date = format_period(rec.get("date"), None)
    event = rec.get("event")
    said = {"start": "event.from", "end": "event.until"}.get(str(event))
    return f"{label(said)} {date}" if said else date


def topic_cell(rec: Record) -> str:
    return topic_name(str(rec.get("topic") or ""))


def kind_style(rec: Record) -> str:
    return palette.kind(rec.get("kind"))


def item_cell(rec: Record) -> str:
    topic = str(rec.get("item", ""))
    named = label(f"topic.{topic}")
    return topic if named == f"topic.{topic}" else named


# Around a search match in a cell: plain marking, as shown when piped (not « », which Danish
# text uses as quotation marks the other way round: »af dem«); in a column with `highlight`, a
# renderer with colour shows the match styled instead of between the marks.
MARK_START, MARK_END = "**", "**"
MARKED = re.compile(f"({re.escape(MARK_START)}\\S+?{re.escape(MARK_END)})")  # one marked word


def where_cell(rec: Record) -> str:
    """Where a search hit matched: the field's name, then the snippet with its matches **marked**."""
    snippet = str(rec.get("snippet") or "")
    for mark in reversed(rec.get("highlights") or []):
        start, end = mark["start"], mark["end"]
        snippet = snippet[:start] + MARK_START + snippet[start:end] + MARK_END + snippet[end:]
    field = rec.get("field")
    return f"{label(f'field.{field}')}: {snippet}" if field else snippet


@dataclass(frozen=True)
class Entry:
    """One labelled line of `show`: what the table and Markdown both print."""

    label: str  # '' continues the entry above
    text: str  # may hold line breaks (one item per line)
    role: str = ""  # 'id', 'link', a fact kind ('stated', ...) or ''


# Three things have a kind, each with its own name: a fact's kind, an organisation's type, a source's type.
_KIND_LABELS = {"fact": "kind", "organisation": "org_kind", "source": "source_kind"}
_CARD_SKIP = {
    "unit",
    "approximate",
    "at_least",
    "end_date",
    "source_kind",
    "type",
    "inputs",
    "sources",
    "score",
    "matched",
    "highlights",
}


def card_entries(rec: Record, fields: Sequence[str] | None = None) -> list[Entry]:
    """A fact, organisation or source in full, as labelled lines: values formatted, addresses
    whole; only `fields`, in that order, when given (`show ID --fields id,value`)."""
    entries: list[Entry] = []
    for key in fields or rec:
        value = rec.get(key)
        if key == "description" and value is None and rec.get("type") == "organisation":
            value = label("no_description")  # said by the output, never a value in the data
        if key == "kind_source" and value is None and rec.get("type") == "organisation":
            value = label("org.kind_from_name")  # no source gives the kind: it is read from the name
        if key in _CARD_SKIP or value in (None, "", [], False):
            continue
        name = label(_KIND_LABELS.get(str(rec.get("type")), key) if key == "kind" else key)
        if key == "id":
            entries.append(Entry(name, str(value), "id"))
        elif key == "value":
            entries.append(Entry(name, value_cell(rec)))
        elif key == "date":
            entries.append(Entry(name, format_period(value, rec.get("end_date"))))
        elif key == "topic":
            entries.append(Entry(name, topic_name(str(value))))
        elif key == "kind" and rec.get("type") == "fact":
            entries.append(Entry(name, label(f"kind.{value}"), str(value)))
        elif key == "kind" and rec.get("type") == "source":
            entries.append(Entry(name, label(f"source.{value}")))
        elif key == "url":
            entries.append(Entry(name, str(value), "link"))
        elif key == "roles":
            entries.append(Entry(name, "\n".join(f"{label('role.' + c['role'])} ({c['source']})" for c in value)))
        elif key == "input_details":
            entries.append(Entry(label("inputs"), "\n".join(input_line(d) for d in value)))
        elif key == "source_details":
            for number, src in enumerate(value):
                entries.append(Entry(label("source") if number == 0 else "", source_line(src)))
                if src.get("url"):
                    entries.append(Entry("", str(src["url"]), "link"))
        elif isinstance(value, list):
            entries.append(Entry(name, "\n".join(str(v) for v in value)))
        else:
            entries.append(Entry(name, str(value)))
    return entries


def input_line(rec: Record) -> str:
    """'paid-work-people: ≈ 480 people (derived)'; an input without a value by its dates or text."""
    kind = label(f"kind.{rec['kind']}")
    value = value_cell(rec)
    if value:
        return f"{rec['id']}: {value} ({kind})"
    said = format_period(rec.get("date"), rec.get("end_date")) or str(rec.get("text") or "")
    return f"{rec['id']} ({kind}): {said}"


def source_line(src: Record) -> str:
    """'article, primary, title, publisher, author, date' (the address goes on a line of its own)."""
    parts = [str(src["id"]), label(f"source.{src['kind']}")]
    parts += [str(src[k]) for k in ("title", "publisher", "author") if src.get(k)]
    if src.get("date"):
        parts.append(format_period(src["date"], None))
    return ", ".join(parts)


def groups(rows: Sequence[Record], key: str | None) -> list[tuple[str | None, list[Record]]]:
    """Rows grouped by `key` (a section), in order of first appearance; one group when None."""
    if key is None:
        return [(None, list(rows))]
    found: dict[str, list[Record]] = {}
    for rec in rows:
        found.setdefault(str(rec.get(key)), []).append(rec)
    return list(found.items())


@dataclass(frozen=True)
class Column:
    """One column of a table: what it shows, and how it may give way on a narrow terminal."""

    key: str
    heading: str  # a label key
    cell: Cell | None = None
    flex: bool = False  # the one text column: it gets the room that is left and wraps
    wrap: bool = False  # a narrow column that may wrap between words (never inside one)
    fold: int = 0  # > 0: short of room, shown under the flexible column instead (lowest first)
    link: bool = False  # an address: never wrapped or cut, clickable where the terminal can
    style: Callable[[Record], str] | None = None  # a palette style for the cell
    min_width: int = 24  # the flexible column's least width; below it, records become blocks
    prefer: int = 40  # the flexible column's width that reads well: narrow columns wrap or fold for it
    highlight: bool = False  # its cells mark search matches between MARK_START and MARK_END

    def render(self, rec: Record) -> str:
        return (self.cell or plain(self.key))(rec)


@dataclass(frozen=True)
class View:
    title: str  # a label key
    columns: tuple[Column, ...]
    group_by: str | None = None
    notes: tuple[str, ...] = ()  # record keys shown as numbered footnotes under the table
    legend: bool = False
    card: bool = False  # one record per block (label: value), as for `show`
    chart: bool = False  # horizontal bars of `value`, one per record
    glance: bool = False  # the overview's one screen, when the command hands one over
    report: bool = False  # `kanten verify`: each source's page, then its checks
    answer: bool = False  # `kanten ask`: the best hit as a card, the others a line each, how to go on

    def titled(self, title: str) -> View:
        """The same view under another title (a label key, or the title itself)."""
        return dataclasses.replace(self, title=title)


ID = Column("id", "id", style=lambda rec: palette.ID)
TEXT = Column("text", "text", flex=True)
VALUE = Column("value", "value", value_cell, wrap=True)
KIND = Column("kind", "kind", kind_cell, style=kind_style)
SOURCES = Column("sources", "sources", plain("sources"), wrap=True, fold=2)

PARTNERS = View(
    "partners.title",
    (
        ID,
        Column("name", "name", wrap=True),
        Column("kind", "org_kind", org_kind_cell, wrap=True, fold=2),
        Column("roles", "roles", roles_cell, flex=True),
        Column("municipality", "municipality", wrap=True, fold=1),
    ),
    notes=("caveat",),
)
FACT_SECTIONS = View(
    "facts.title", (ID, KIND, VALUE, TEXT, SOURCES), group_by="section", notes=("formula", "caveat"), legend=True
)
OVERVIEW = View(
    "section.overview", (Column("item", "item", item_cell), ID, KIND, VALUE, TEXT, SOURCES), legend=True, glance=True
)
FACTS = View("facts.title", (ID, KIND, VALUE, TEXT, Column("topic", "topic", topic_cell, fold=1), SOURCES), legend=True)
SOURCES_VIEW = View(
    "sources.title",
    (
        ID,
        Column("kind", "source_kind", lambda r: label(f"source.{r['kind']}")),
        Column("title", "title", lambda r: str(r["title"] or label("no_title")), flex=True),
        Column("publisher", "publisher", wrap=True, fold=2),
        Column("date", "date", date_cell, fold=3),
        Column("facts", "facts.count"),
        Column("organisations", "organisations.count"),
        Column("url", "url", link=True, fold=1),
    ),
)
TIMELINE = View(
    "timeline.title",
    (Column("date", "date", event_date_cell), ID, KIND, TEXT, SOURCES),
    legend=True,
)
# A hit shows where it matched (like ripgrep's matching line); `kanten show ID` has the rest.
SEARCH = View("search.title", (ID, KIND, Column("snippet", "where", where_cell, flex=True, highlight=True)))
SHOW = View("facts.title", (), card=True)
CHART = View("chart.title", (ID, VALUE, KIND), chart=True, legend=True)
VERIFY = View("verify.title", (), report=True)
ASK = View("ask.title", (), card=True, answer=True)


def with_marks(rec: Record) -> Record:
    """A hit of `ask` with the words that matched **marked** in its text or description."""
    marked = dict(rec)
    for field in {h["field"] for h in rec.get("highlights") or []}:
        text = str(rec.get(field) or "")
        for mark in sorted((h for h in rec["highlights"] if h["field"] == field), key=lambda h: -h["start"]):
            start, end = mark["start"], mark["end"]
            text = text[:start] + MARK_START + text[start:end] + MARK_END + text[end:]
        marked[field] = text
    return marked
