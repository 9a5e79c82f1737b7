"""The whole fact base as one document's content (`kanten report`): plain records, no markup.

`report` decides what the document says and in which order; `render_report` turns the same
records into Markdown or HTML. Everything a reader sees comes from the data or from the
labels in `i18n`: no wording here is tied to a particular fact. Figures are formatted by
`i18n.format_value`, dates by `i18n.format_period`, as in the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from kanten_cli import __version__
from kanten_cli.facts.model import Fact, Organisation, Source
from kanten_cli.output.i18n import Lang, format_period, format_value, label
from kanten_cli.output.views import role_labels
from kanten_cli.query.index import (
    OVERVIEW_TOPICS,
    Index,
    organisation_record,
    organisation_sources,
    project_title,
    timeline,
)

Record = dict[str, Any]
KIND_ORDER = ("stated", "derived", "target", "context")

# (section id, heading label, [(subheading label or None, topics)]): the document's order.
TOPICAL: tuple[tuple[str, str, tuple[tuple[str | None, tuple[str, ...]], ...]], ...] = (
    ("results", "report.results", (("report.result-facts", ("result",)), ("report.targets", ("target",)))),
    (
        "improvements",
        "report.improvements",
        (("section.improvements", ("improvement",)), ("section.activities", ("activity",))),
    ),
    (
        "recommendation",
        "report.recommendation",
        (
            ("section.recommendation", ("recommendation",)),
            ("section.conclusion", ("conclusion",)),
            ("section.outlook", ("outlook",)),
        ),
    ),
    (
        "midterm",
        "report.midterm",
        (("section.midterm", ("midterm", "progress")), ("section.midterm-recommendation", ("midterm-recommendation",))),
    ),
)


def link_target(url: str | None) -> str | None:
    """`url` if it is a web address a reader may follow (http or https), else None."""
    if not url or url != url.strip() or any(ord(c) < 0x21 or c == "\x7f" for c in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class _Notes:
    """Footnotes: each fact's or organisation's formula and caveat, numbered on first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.records: list[Record] = []

    def number(self, ident: str, formula: str | None, caveat: str | None) -> int | None:
        if not formula and not caveat:
            return None
        if ident not in self.numbers:
            self.numbers[ident] = len(self.records) + 1
            self.records.append({"number": self.numbers[ident], "id": ident, "formula": formula, "caveat": caveat})
        return self.numbers[ident]


class _Builder:
    def __init__(self, index: Index, lang: Lang) -> None:
        self.index = index
        self.lang = lang
        self.notes = _Notes()
        self.source_numbers = {s.id: n for n, s in enumerate(index.project.sources, 1)}

    def refs(self, ids: Iterable[str]) -> list[Record]:
        """Source references: their number in the source list and a short name."""
        out = []
        for ident in ids:
            source = self.index.sources[ident]
            out.append({"number": self.source_numbers[ident], "id": ident, "name": _short_name(source)})
        return out

    def fact(self, fact: Fact) -> Record:
        lang = self.lang
        formula = fact.formula.get(lang) if fact.formula else None
        caveat = fact.caveat.get(lang) if fact.caveat else None
        return {
            "id": fact.id,
            "kind": fact.kind,
            "kind_label": label(f"kind.{fact.kind}", lang),
            "topic_label": _topic_label(fact.topic, lang),
            "text": fact.text.get(lang),
            "value": format_value(fact.value, fact.unit, fact.approximate, lang) or None,
            "sources": self.refs(self.index.sources_of(fact)),
            "note": self.notes.number(fact.id, formula, caveat),
        }

    def facts_block(self, heading: str | None, facts: list[Fact]) -> Record:
        """A table of facts under an (already translated) subheading."""
        rows = [self.fact(f) for f in facts]
        return {
            "type": "facts",
            "heading": heading,
            "with_values": any(r["value"] for r in rows),
            "rows": rows,
        }

    def organisation(self, org: Organisation) -> Record:
        lang = self.lang
        return {
            "id": org.id,
            "name": org.name,
            "roles": role_labels(organisation_record(self.index, org, lang)["roles"], lang),
            "kind": org.kind.get(lang),
            "municipality": org.municipality,
            "sources": self.refs(organisation_sources(org)),
            "note": self.notes.number(org.id, None, org.caveat.get(lang) if org.caveat else None),
        }


def _short_name(source: Source) -> str:
    return str(source.publisher or source.title or source.id)


def _topic_label(topic: str, lang: Lang) -> str:
    named = label(f"topic.{topic}", lang)
    return topic if named == f"topic.{topic}" else named


def _with_topics(index: Index, topics: tuple[str, ...]) -> list[Fact]:
    return [f for f in index.project.facts if f.topic in topics]


def report(index: Index, lang: Lang) -> Record:
    """The document: title, sections of blocks (facts, organisations, chart, timeline), notes, sources."""
    build = _Builder(index, lang)
    project = index.project
    sections = [
        *_summary(build),
        *_partners(build),
        *_topical(build),
        *_timeline(build),
        *_other(build),
    ]
    return {
        "lang": lang,
        "title": project_title(index, lang),
        "intro": label("report.intro", lang).format(
            facts=len(project.facts), organisations=len(project.organisations), sources=len(project.sources)
        ),
        "made_by": label("report.made-by", lang).format(version=__version__),
        "generator": f"kanten {__version__}",
        "legend": [
            {"kind": k, "label": label(f"kind.{k}", lang), "help": label(f"report.help.{k}", lang)} for k in KIND_ORDER
        ],
        "sections": sections,
        "notes": build.notes.records,
        "sources": [_source(s, n, lang) for n, s in enumerate(project.sources, 1)],
        "labels": _labels(lang),
    }


def _summary(build: _Builder) -> list[Record]:
    """The key facts, in the overview's order."""
    facts = [f for topic in OVERVIEW_TOPICS for f in build.index.project.facts if f.key and f.topic == topic]
    if not facts:
        return []
    return [_section("summary", "section.overview", build.lang, [build.facts_block(None, facts)])]


def _partners(build: _Builder) -> list[Record]:
    rows = [build.organisation(o) for o in build.index.project.organisations]
    if not rows:
        return []
    block = {"type": "organisations", "heading": None, "rows": rows}
    return [_section("partners", "report.partners", build.lang, [block])]


def _topical(build: _Builder) -> list[Record]:
    """Results beside targets (with the chart), improvements, recommendation, mid-term: by topic."""
    lang, index = build.lang, build.index
    sections = []
    for ident, heading, parts in TOPICAL:
        blocks = [build.facts_block(label(sub, lang) if sub else None, _with_topics(index, t)) for sub, t in parts]
        blocks = [b for b in blocks if b["rows"]]
        intro = None
        if ident == "results":
            bars = _chart_bars(build, index)
            if bars:
                blocks.insert(0, {"type": "chart", "heading": label("chart.title", lang), "bars": bars})
            intro = label("report.results-intro", lang)
        if blocks:
            sections.append(_section(ident, heading, lang, blocks, intro))
    return sections


def _timeline(build: _Builder) -> list[Record]:
    """The dated facts in order, as `timeline` gives them, each with its date as people read it."""
    lang = build.lang
    rows = [
        {
            **build.fact(build.index.facts[event["id"]]),
            "when": format_period(event["date"], None, lang),
            "event": event["event"],
            "event_label": label(f"event.{event['event']}", lang),
        }
        for event in timeline(build.index, lang)
    ]
    if not rows:
        return []
    return [_section("timeline", "timeline.title", lang, [{"type": "timeline", "heading": None, "rows": rows}])]


def _other(build: _Builder) -> list[Record]:
    """Every fact whose topic no section above covers, by topic: the document leaves none out."""
    covered = {t for _, _, parts in TOPICAL for _, topics in parts for t in topics}
    rest = [t for t in dict.fromkeys(f.topic for f in build.index.project.facts) if t not in covered]
    blocks = [build.facts_block(_topic_label(t, build.lang), _with_topics(build.index, (t,))) for t in rest]
    return [_section("other", "report.other", build.lang, blocks)] if blocks else []


def _section(ident: str, heading: str, lang: Lang, blocks: list[Record], intro: str | None = None) -> Record:
    return {"id": ident, "heading": label(heading, lang), "intro": intro, "blocks": blocks}


def _chart_bars(build: _Builder, index: Index) -> list[Record]:
    """The people counts among the results and targets, as bars: the same facts as `results --chart`."""
    bars = []
    for topic in ("result", "target"):
        for fact in index.project.facts:
            if fact.topic == topic and fact.unit == "people" and fact.value is not None:
                bars.append({**build.fact(fact), "amount": float(fact.value)})
    return bars


def _source(source: Source, number: int, lang: Lang) -> Record:
    return {
        "number": number,
        "id": source.id,
        "kind": source.kind,
        "kind_label": label(f"source.{source.kind}", lang),
        "title": source.title,
        "name": _short_name(source),
        "publisher": source.publisher,
        "author": source.author,
        "date": format_period(source.date, None, lang) or None,
        "url": source.url,
        "href": link_target(source.url),
        "note": source.note.get(lang) if source.note else None,
    }


def _labels(lang: Lang) -> dict[str, str]:
    """The headings and words the document's frame uses, in `lang`."""
    keys = (
        "id",
        "text",
        "value",
        "kind",
        "sources",
        "name",
        "roles",
        "org_kind",
        "municipality",
        "date",
        "event",
        "report.contents",
        "report.legend",
        "report.notes",
        "report.no-address",
        "sources.title",
        "chart.more",
    )
    return {k.replace("report.", "").replace(".", "_").replace("-", "_"): label(k, lang) for k in keys} | {
        "note": label("report.note", lang)
    }
