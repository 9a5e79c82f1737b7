"""The whole fact base as one document's content (`kanten report`): plain records, no markup.

`report` decides what the document says and in which order; `render_report` turns the same
records into Markdown or HTML. Everything a reader sees comes from the data or from the
labels in `i18n`: no wording here is tied to a particular fact. Figures are formatted by
`i18n.format_value`, dates by `i18n.format_period`, as in the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kanten_cli import __version__
from kanten_cli.base.translate import language, ngettext
from kanten_cli.base.urls import is_web_url
from kanten_cli.facts.model import Fact, Organisation, Project, Source
from kanten_cli.output.footnotes import Footnotes
from kanten_cli.output.i18n import format_period, format_value, label
from kanten_cli.output.report.sections import SECTION_IDS
from kanten_cli.output.views import role_labels
from kanten_cli.query.index import (
    Index,
    chart,
    organisation_record,
    organisation_sources,
    overview_facts,
    project_title,
    timeline,
)

Record = dict[str, Any]
KIND_ORDER = ("stated", "derived", "target", "context")

# (section id, heading label, [(subheading label or None, topics)]): the document's order. A
# subheading of None under "progress" and "midterm" means one block per source, headed by it.
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
    ("progress", "report.progress", ((None, ("progress",)),)),
    (
        "midterm",
        "report.midterm",
        ((None, ("midterm",)), ("section.midterm-recommendation", ("midterm-recommendation",))),
    ),
)
BY_SOURCE = ("progress", "midterm")  # sections whose facts stand under the source that gives them


def link_target(url: str | None) -> str | None:
    """`url` if it is a web address a reader may follow (http or https), else None."""
    return url if is_web_url(url) else None


class _Notes:
    """Footnotes: each fact's or organisation's formula and caveat, numbered on first use."""

    def __init__(self) -> None:
        self._numbering: Footnotes[Record] = Footnotes()
        self.records = self._numbering.notes

    def number(self, ident: str, formula: str | None, caveat: str | None) -> int | None:
        if not formula and not caveat:
            return None
        number = len(self.records) + 1
        return self._numbering.number(ident, {"number": number, "id": ident, "formula": formula, "caveat": caveat})


class Builder:
    """Records for a document; sources get their numbers once the document is complete
    (`number_sources`), so that a document that cites only some lists only those."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.notes = _Notes()
        self.cited: list[list[Record]] = []  # every list of references made, to number at the end

    def refs(self, ids: Iterable[str]) -> list[Record]:
        """Source references: a short name now, their number in the source list later."""
        out = []
        for ident in ids:
            out.append({"number": 0, "id": ident, "name": _short_name(self.index.sources[ident])})
        self.cited.append(out)
        return out

    def number_sources(self, every: bool) -> list[Record]:
        """The source list (all sources, or only those cited), numbered in the file's order;
        every reference made gets its source's number, and a list of them is in that order."""
        cited = {ref["id"] for refs in self.cited for ref in refs}
        listed = [s for s in self.index.project.sources if every or s.id in cited]
        numbers = {s.id: n for n, s in enumerate(listed, 1)}
        for refs in self.cited:
            for ref in refs:
                ref["number"] = numbers[ref["id"]]
            refs.sort(key=lambda ref: ref["number"])
        return [_source(s, numbers[s.id]) for s in listed]

    def fact(self, fact: Fact) -> Record:
        formula = fact.formula.get() if fact.formula else None
        caveat = fact.caveat.get() if fact.caveat else None
        return {
            "id": fact.id,
            "kind": fact.kind,
            "kind_label": label(f"kind.{fact.kind}"),
            "topic_label": _topic_label(fact.topic),
            "text": fact.text.get(),
            "value": format_value(fact.value, fact.unit, fact.approximate, at_least=fact.at_least) or None,
            "sources": self.refs(self.index.sources_of(fact)),
            "note": self.notes.number(fact.id, formula, caveat),
        }

    def facts_block(self, heading: str | None, facts: list[Fact], source: Source | None = None) -> Record:
        """A table of facts under an (already translated) subheading, or under the source
        they all rest on (its title as the heading, then who published it and when)."""
        rows = [self.fact(f) for f in facts]
        byline = None
        if source is not None:
            heading = " – ".join(str(x) for x in (source.publisher, source.title) if x) or source.id
            date = format_period(source.date, None) or label("report.no-date")
            byline = {"date": date, "ref": self.refs([source.id])}
        return {
            "type": "facts",
            "heading": heading,
            "byline": byline,
            "with_values": any(r["value"] for r in rows),
            "rows": rows,
        }

    def organisation(self, org: Organisation) -> Record:
        """An organisation's row; each role and its kind with the sources that make that claim
        (`role_refs`, `kind_refs`; a kind no source gives says it is read from the name)."""
        roles = role_labels(organisation_record(self.index, org)["roles"])
        claimed: dict[str, list[str]] = {}
        for claim in org.roles:
            claimed.setdefault(claim.role, []).append(claim.source)
        return {
            "id": org.id,
            "name": org.name,
            "roles": roles,
            "role_refs": [
                {"label": role, "sources": self.refs(dict.fromkeys(sources))}
                for role, sources in zip(roles, claimed.values(), strict=True)
            ],
            "kind": org.kind.get(),
            "kind_refs": {"sources": self.refs([org.kind_source] if org.kind_source else [])},
            "kind_from_name": None if org.kind_source else label("org.kind_from_name"),
            "municipality": org.municipality,
            "sources": self.refs(organisation_sources(org)),
            "note": self.notes.number(org.id, None, org.caveat.get() if org.caveat else None),
        }


def _short_name(source: Source) -> str:
    return str(source.publisher or source.title or source.id)


def _topic_label(topic: str) -> str:
    named = label(f"topic.{topic}")
    return topic if named == f"topic.{topic}" else named


def _with_topics(index: Index, topics: tuple[str, ...]) -> list[Fact]:
    return [f for f in index.project.facts if f.topic in topics]


def report(index: Index, sections: Iterable[str] | None = None) -> Record:
    """The document: title, sections of blocks (facts, organisations, chart, timeline), notes,
    sources. With `sections` (ids of SECTION_IDS), only those, in the report's order, and only the
    sources they cite."""
    build = Builder(index)
    project = index.project
    chosen = set(SECTION_IDS if sections is None else sections)
    parts = {
        "summary": _summary,
        "partners": _partners,
        "timeline": _timeline,
        "other": _other,
    }
    built: list[Record] = []
    for ident in SECTION_IDS:
        if ident not in chosen:
            continue
        if ident in parts:
            built += parts[ident](build)
        else:
            built += _topical(build, ident)
    return {
        "lang": language(),
        "title": project_title(index),
        "intro": label("report.intro").format(**_counts(project)),
        "made_by": label("report.made-by").format(version=__version__),
        "generator": f"kanten {__version__}",
        "legend": [{"kind": k, "label": label(f"kind.{k}"), "help": label(f"report.help.{k}")} for k in KIND_ORDER],
        "sections": built,
        "notes": build.notes.records,
        "sources": build.number_sources(every=sections is None),
        "labels": _labels(),
    }


def _summary(build: Builder) -> list[Record]:
    """The key facts, in the overview's order."""
    facts = overview_facts(build.index)
    if not facts:
        return []
    return [_section("summary", "section.overview", [build.facts_block(None, facts)])]


def _partners(build: Builder) -> list[Record]:
    rows = [build.organisation(o) for o in build.index.project.organisations]
    if not rows:
        return []
    block = {"type": "organisations", "heading": None, "rows": rows}
    return [_section("partners", "report.partners", [block])]


def _topical(build: Builder, ident: str) -> list[Record]:
    """One of the TOPICAL sections: results beside targets (with the chart), improvements, the
    recommendation, progress along the way, the mid-term evaluation."""
    index = build.index
    for section, heading, parts in TOPICAL:
        if section != ident:
            continue
        blocks = []
        for sub, topics in parts:
            facts = _with_topics(index, topics)
            if sub is None and ident in BY_SOURCE:
                blocks += [build.facts_block(None, group, source) for source, group in _by_source(index, facts)]
            else:
                blocks.append(build.facts_block(label(sub) if sub else None, facts))
        blocks = [b for b in blocks if b["rows"]]
        intro = None
        if ident == "results":
            figure = chart_block(build)
            if figure["groups"]:
                blocks.insert(0, figure)
            intro = label("report.results-intro")
        return [_section(ident, heading, blocks, intro)] if blocks else []
    return []


def _by_source(index: Index, facts: list[Fact]) -> list[tuple[Source | None, list[Fact]]]:
    """Facts grouped by the one source each rests on, in the order the sources first appear."""
    groups: dict[str | None, list[Fact]] = {}
    for fact in facts:
        sources = index.sources_of(fact)
        groups.setdefault(sources[0] if len(sources) == 1 else None, []).append(fact)
    return [(index.sources[s] if s else None, group) for s, group in groups.items()]


def chart_block(build: Builder) -> Record:
    """The chart: the people counts of the results (the readings of one ambiguous figure
    together), then the targets, apart; each bar with its short name, figure and sources, and
    `computed` (the words that say so) for a figure computed from other facts."""
    groups: list[Record] = []
    for row in chart(build.index):
        fact = build.index.facts[row["id"]]
        key = (row["group"], row["reading_of"])
        if not groups or groups[-1]["key"] != key:
            heading = None
            if row["group"] == "reading":
                heading = label("chart.readings").format(name=row["reading_label"])
            elif row["group"] == "target":
                heading = label("chart.targets")
            groups.append({"key": key, "kind": row["group"], "heading": heading, "bars": []})
        # A computed figure says so beside it: the sources it cites give its inputs, not the figure.
        computed = label("chart.computed") if fact.kind == "derived" else None
        bar = {**build.fact(fact), "label": row["label"], "amount": float(row["value"]), "computed": computed}
        groups[-1]["bars"].append(bar)
    return {"type": "chart", "heading": label("chart.title"), "groups": groups}


def _timeline(build: Builder) -> list[Record]:
    """The dated facts in order, as `timeline` gives them, each with its date as people read it."""
    rows = [
        {
            **build.fact(build.index.facts[event["id"]]),
            "when": format_period(event["date"], None),
            "event": event["event"],
            "event_label": label(f"event.{event['event']}"),
        }
        for event in timeline(build.index)
    ]
    if not rows:
        return []
    return [_section("timeline", "timeline.title", [{"type": "timeline", "heading": None, "rows": rows}])]


def _other(build: Builder) -> list[Record]:
    """Every fact whose topic no section above covers, by topic: the document leaves none out."""
    covered = {t for _, _, parts in TOPICAL for _, topics in parts for t in topics}
    rest = [t for t in dict.fromkeys(f.topic for f in build.index.project.facts) if t not in covered]
    blocks = [build.facts_block(_topic_label(t), _with_topics(build.index, (t,))) for t in rest]
    return [_section("other", "report.other", blocks)] if blocks else []


def _counts(project: Project) -> dict[str, str]:
    """The fact base's size, each count with its noun in the form the count takes."""
    facts, organisations, sources = len(project.facts), len(project.organisations), len(project.sources)
    return {
        "facts": ngettext("{count} fact", "{count} facts", facts).format(count=facts),
        "organisations": ngettext("{count} organisation", "{count} organisations", organisations).format(
            count=organisations
        ),
        "sources": ngettext("{count} source", "{count} sources", sources).format(count=sources),
    }


def _section(ident: str, heading: str, blocks: list[Record], intro: str | None = None) -> Record:
    return {"id": ident, "heading": label(heading), "intro": intro, "blocks": blocks}


def _source(source: Source, number: int) -> Record:
    return {
        "number": number,
        "id": source.id,
        "kind": source.kind,
        "kind_label": label(f"source.{source.kind}"),
        "title": source.title,
        "name": _short_name(source),
        "publisher": source.publisher,
        "author": source.author,
        "date": format_period(source.date, None) or None,
        "url": source.url,
        "href": link_target(source.url),
        "note": source.note.get() if source.note else None,
    }


def _labels() -> dict[str, str]:
    """The headings and words the document's frame uses, in the run's language."""
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
        "report.chart-notes",
        "report.no-date",
    )
    return {k.replace("report.", "").replace(".", "_").replace("-", "_"): label(k) for k in keys} | {
        "note": label("report.note")
    }
