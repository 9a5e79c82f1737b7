"""Selecting, searching and deriving over a Project: plain Python, no I/O, no rendering.

Every public function returns records: plain dicts ready for any output format. A record
always carries the id of its fact or organisation and the ids of the sources it rests on.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from kanten_cli.base import dates
from kanten_cli.base.errors import ExitCode, NotFound, UnknownId, UsageError
from kanten_cli.base.matching import did_you_mean
from kanten_cli.base.translate import _, language, other_language
from kanten_cli.facts.model import Fact, Organisation, Project, Source

Record = dict[str, Any]

RESULT_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("headline", ("result",)),
    ("targets", ("target",)),
    ("midterm", ("midterm", "progress")),
    ("improvements", ("improvement",)),
    ("activities", ("activity",)),
)
RECOMMENDATION_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("recommendation", ("recommendation",)),
    ("conclusion", ("conclusion",)),
    ("outlook", ("outlook",)),
    ("midterm-recommendation", ("midterm-recommendation",)),
)
HEADLINE_PERIOD = "measured-period"  # the period the article's headline figures cover
BRIEF = ("id", "kind", "text", "value", "unit", "approximate", "at_least", "sources")  # a fact in a summary
OVERVIEW_TOPICS = ("project", "period", "aim", "conclusion", "result", "recommendation", "funding", "report")


class Index:
    """Look-ups over one project, built once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.sources = {s.id: s for s in project.sources}
        self.organisations = {o.id: o for o in project.organisations}
        self._derived_sources: dict[str, list[str]] = {}
        self._resting_on: dict[str, tuple[int, int]] | None = None

    @functools.cached_property
    def facts(self) -> dict[str, Fact]:
        """Facts by id; made when first needed (a search over 100 000 facts may never need it)."""
        return {f.id: f for f in self.project.facts}

    def resting_on(self) -> dict[str, tuple[int, int]]:
        """Per source id: how many facts and organisations cite it directly. Counted once."""
        if self._resting_on is None:
            facts = Counter(f.source for f in self.project.facts if f.source is not None)
            orgs = Counter(s for o in self.project.organisations for s in organisation_sources(o))
            self._resting_on = {s: (facts[s], orgs[s]) for s in self.sources}
        return self._resting_on

    def sources_of(self, fact: Fact) -> list[str]:
        """The sources a fact rests on; for a derived fact, those of its inputs, in order."""
        if fact.source is not None:
            return [fact.source]
        known = self._derived_sources.get(fact.id)
        if known is None:
            known = self._derived_sources[fact.id] = self._collect_sources(fact)
        return known

    def _collect_sources(self, fact: Fact) -> list[str]:
        return list(dict.fromkeys(inner.source for inner in self.leaf_inputs(fact) if inner.source is not None))

    def leaf_inputs(self, fact: Fact) -> list[Fact]:
        """The facts with a source of their own that a derived fact is computed from, in order, once each."""
        # Iterative, so a long chain of derived facts cannot exhaust the stack.
        found: dict[str, Fact] = {}
        visited: set[str] = set()
        stack = list(reversed(fact.inputs))
        while stack:
            ident = stack.pop()
            if ident in visited:
                continue
            visited.add(ident)
            inner = self.facts[ident]
            if inner.source is not None:
                found.setdefault(ident, inner)
            else:
                stack.extend(reversed(inner.inputs))
        return list(found.values())


# --- records -----------------------------------------------------------------------------


def fact_record(index: Index, fact: Fact) -> Record:
    """One fact as a flat record in the run's language (quotes stay Danish: they are the source's words)."""
    return {
        "id": fact.id,
        "topic": fact.topic,
        "kind": fact.kind,
        "text": fact.text.get(),
        "value": fact.value,
        "unit": fact.unit,
        "approximate": fact.approximate,
        "at_least": fact.at_least,
        "date": fact.date,
        "end_date": fact.end_date,
        "quote": fact.quote,
        "evidence": fact.evidence,
        "sources": index.sources_of(fact),
        "inputs": list(fact.inputs),
        "formula": fact.formula.get() if fact.formula else None,
        "caveat": fact.caveat.get() if fact.caveat else None,
        "see_also": list(fact.see_also),
        "reading_of": fact.reading_of,
    }


def brief(index: Index, fact: Fact) -> Record:
    """A fact with only the keys a summary needs (BRIEF)."""
    rec = fact_record(index, fact)
    return {k: rec[k] for k in BRIEF}


def description_sources(org: Organisation) -> list[str]:
    """The sources an organisation's description rests on, in order; none without a description."""
    first = [org.description_source] if org.description_source else []
    return list(dict.fromkeys([*first, *(also.source for also in org.description_also)]))


def organisation_sources(org: Organisation) -> list[str]:
    """The sources an organisation's roles, kind and description rest on, in order, once each."""
    sources = [c.source for c in org.roles]
    if org.kind_source:
        sources.append(org.kind_source)
    if org.description_source:
        sources.append(org.description_source)
    sources.extend(also.source for also in org.description_also)
    return list(dict.fromkeys(sources))


def organisation_record(index: Index, org: Organisation) -> Record:
    """One organisation; its name exactly as the source spells it; each claim with its source
    (`kind_source` None: the kind is read from the name)."""
    return {
        "id": org.id,
        "name": org.name,
        "roles": [{"role": c.role, "source": c.source, "source_kind": index.sources[c.source].kind} for c in org.roles],
        "kind": org.kind.get(),
        "kind_source": org.kind_source,
        "municipality": org.municipality,
        "description": org.description.get() if org.description else None,
        "description_sources": description_sources(org),
        "description_evidence": org.description_evidence,
        "caveat": org.caveat.get() if org.caveat else None,
        "sources": organisation_sources(org),
    }


def source_record(index: Index, source: Source) -> Record:
    """One source with its metadata and how many facts and organisations rest on it."""
    facts, orgs = index.resting_on().get(source.id, (0, 0))
    return {
        "id": source.id,
        "kind": source.kind,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "author_role": source.author_role.get() if source.author_role else None,
        "date": source.date,
        "url": source.url,
        "note": source.note.get() if source.note else None,
        "facts": facts,
        "organisations": orgs,
    }


# --- selections ----------------------------------------------------------------------------


def partners(index: Index, roles: Sequence[str] | None = None) -> list[Record]:
    """The organisations, optionally only those with one of `roles`."""
    orgs = index.project.organisations
    if roles:
        orgs = [o for o in orgs if any(c.role in roles for c in o.roles)]
    return [organisation_record(index, o) for o in orgs]


def readings_together(facts: Sequence[Fact]) -> list[Fact]:
    """The facts in order, except that the readings of one ambiguous fact (`reading_of`) stand
    together, where the first of them stands."""
    readings: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.reading_of is not None:
            readings.setdefault(fact.reading_of, []).append(fact)
    ordered: list[Fact] = []
    for fact in facts:
        if fact.reading_of is None:
            ordered.append(fact)
        elif fact is readings[fact.reading_of][0]:
            ordered += readings[fact.reading_of]
    return ordered


def sectioned(index: Index, sections: Iterable[tuple[str, tuple[str, ...]]]) -> list[Record]:
    """Facts grouped into sections by topic, each record tagged with its section; the readings
    of one sentence together (`readings_together`)."""
    rows = []
    for section, topics in sections:
        for fact in readings_together([f for f in index.project.facts if f.topic in topics]):
            rows.append({"section": section, **fact_record(index, fact)})
    return rows


def results(index: Index) -> list[Record]:
    """Headline figures, outcome beside targets, mid-term figures, improvements, activities.

    The headline section starts with the period its figures cover (HEADLINE_PERIOD), so that a
    script reading the figures never has to guess it.
    """
    rows = sectioned(index, RESULT_SECTIONS)
    period = index.facts.get(HEADLINE_PERIOD)
    if period is not None:
        rows.insert(0, {"section": "headline", **fact_record(index, period)})
    return rows


def recommendations(index: Index) -> list[Record]:
    """The recommendation, the conclusion and outlook it sits in, the mid-term advice."""
    return sectioned(index, RECOMMENDATION_SECTIONS)


def project_title(index: Index) -> str:
    """'Rekruttering fra kanten (Recruitment from the Edge), Lolland-Falster'; the name stays Danish."""
    info = index.project.project
    name = info.name if language() == "da" else f"{info.name} ({info.name_en})"
    return f"{name}, {info.area}"


def overview_facts(index: Index) -> list[Fact]:
    """The key facts (name, area, period, aims, ...) in reading order: the overview's and the
    report summary's selection. A key reading of an ambiguous sentence never stands alone: the
    other readings of that sentence come with it (`readings_together`), key or not."""
    read = {f.reading_of for f in index.project.facts if f.key and f.reading_of}
    chosen = [
        f
        for topic in OVERVIEW_TOPICS
        for f in index.project.facts
        if f.topic == topic and (f.key or (f.reading_of is not None and f.reading_of in read))
    ]
    return readings_together(chosen)


def overview(index: Index) -> list[Record]:
    """The project at a glance: its key facts in reading order."""
    return [{"item": fact.topic, **brief(index, fact)} for fact in overview_facts(index)]


def glance(index: Index) -> Record:
    """What the overview's one screen shows, chosen from the data (never fixed texts).

    The periods (period facts with a start and an end, not derived), who took part (organisation names by role),
    the result figures and the key targets that have values (the other pages' wordings of a target are
    in `results`), the first key conclusion and recommendation, and the project's source (the article).
    """
    facts = index.project.facts
    by_role: dict[str, list[str]] = {}
    for org in index.project.organisations:
        for claim in org.roles:
            names = by_role.setdefault(claim.role, [])
            if org.name not in names:
                names.append(org.name)

    def first(topic: str) -> Record | None:
        found = next((f for f in facts if f.topic == topic and f.key), None)
        return brief(index, found) if found else None

    source = index.sources.get(index.project.project.source)
    return {
        "title": project_title(index),
        "periods": [fact_record(index, f) for f in facts if f.topic == "period" and f.end_date and f.kind != "derived"],
        "organisations": by_role,
        "figures": [
            fact_record(index, f)
            for f in readings_together([f for f in facts if f.topic == "result" and f.value is not None])
        ],
        "targets": [
            fact_record(index, f)
            for f in facts
            if f.topic == "target" and f.kind == "target" and f.value is not None and f.key
        ],
        "funding": _funding(index),
        "conclusion": first("conclusion"),
        "recommendation": first("recommendation"),
        "article": source_record(index, source) if source else None,
    }


def _funding(index: Index) -> Record | None:
    """The grant and who gave it (no source gives what the project cost): the first key funding
    fact with an amount, and the organisations in the funder's role; None when the data has none."""
    grant = next((f for f in index.project.facts if f.topic == "funding" and f.key and f.unit == "DKK"), None)
    if grant is None:
        return None
    funders = [o.name for o in index.project.organisations if any(c.role == "funder" for c in o.roles)]
    return {"fact": fact_record(index, grant), "funders": funders}


def chart(index: Index) -> list[Record]:
    """The people counts of the results, then of the key targets, as bars to draw: values from the data.

    Each bar has its short name (`label`: the fact's own, else its text) and its `group`: a
    `result`, a `reading` (one reading of an ambiguous fact, `reading_of`; the readings of one
    fact stand together, with that fact's name as `reading_label`) or a `target`.
    """
    drawn = [f for f in index.project.facts if f.unit == "people" and f.value is not None]
    results = [f for f in drawn if f.topic == "result"]
    ordered: list[Fact] = []
    for fact in results:
        if fact.reading_of is None:
            ordered.append(fact)
        elif fact not in ordered:
            ordered += [f for f in results if f.reading_of == fact.reading_of]
    rows = []
    # The key targets only: the other pages' wordings of the same target are in `results`.
    for fact in [*ordered, *(f for f in drawn if f.topic == "target" and f.key)]:
        read = index.facts.get(fact.reading_of) if fact.reading_of else None
        group = "target" if fact.topic == "target" else "reading" if read else "result"
        rows.append(
            {
                **brief(index, fact),
                "label": short_name(fact),
                "group": group,
                "reading_of": read.id if read else None,
                "reading_label": short_name(read) if read else None,
            }
        )
    return rows


def short_name(fact: Fact) -> str:
    """A fact's short name for a chart or a handout: its `label`, else its text."""
    return (fact.label or fact.text).get()


def facts(
    index: Index,
    topics: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    has_value: bool = False,
    sort: str | None = None,
) -> list[Record]:
    """Every fact, optionally only of some topics and/or kinds, or only those with a value;
    in the file's order or sorted by one of SORT_KEYS (ascending, facts without it last)."""
    chosen = [
        f
        for f in index.project.facts
        if (not topics or f.topic in topics)
        and (not kinds or f.kind in kinds)
        and (not has_value or f.value is not None)
    ]
    if sort is not None:
        # stable: equal keys keep the file's order
        present = sorted((f for f in chosen if getattr(f, sort) is not None), key=lambda f: getattr(f, sort))
        chosen = present + [f for f in chosen if getattr(f, sort) is None]
    return [fact_record(index, f) for f in chosen]


def sources(index: Index) -> list[Record]:
    """Every source, with how much rests on it."""
    return [source_record(index, s) for s in index.project.sources]


def timeline(
    index: Index,
    since: str | None = None,
    until: str | None = None,
    names: tuple[str, str] = ("since", "until"),
) -> list[Record]:
    """Dated facts in order; a fact with an end date appears at its start and at its end.

    With `since` and/or `until` (a year, a month or a day), only the facts whose time overlaps
    that span: a fact of August 2018 to December 2021 is kept for `since=2020`. A bad bound is
    a UsageError that calls the two bounds by the caller's `names` (the CLI's are its options).
    """
    low = span(since, names[0])[0] if since else None
    high = span(until, names[1])[1] if until else None
    if low is not None and high is not None and low > high:
        raise UsageError(
            _("{since_name} {since} is after {until_name} {until}").format(
                since_name=names[0], since=since, until_name=names[1], until=until
            )
        )
    events = []
    for fact in index.project.facts:
        if fact.date is None:
            continue
        start, end = span(fact.date)[0], span(fact.end_date or fact.date)[1]
        if (low is not None and end < low) or (high is not None and start > high):
            continue
        rec = fact_record(index, fact)
        events.append({"date": fact.date, "event": "start" if fact.end_date else "on", **_timeline_fields(rec)})
        if fact.end_date:
            events.append({"date": fact.end_date, "event": "end", **_timeline_fields(rec)})
    events.sort(key=lambda e: (e["date"], e["event"] != "start"))
    return events


def span(date: str, option: str = "date") -> tuple[str, str]:
    """The first and last day an ISO date covers (`dates.span`); a UsageError naming `option`
    (the caller's name for the value, e.g. its option) when it is not an ISO date."""
    found = dates.span(date)
    if found is None:
        raise UsageError(
            _("{option} takes a year, a month or a day (2019, 2019-03, 2019-03-05), not {date!r}").format(
                option=option, date=date
            )
        )
    return found


def _timeline_fields(rec: Record) -> Record:
    return {k: rec[k] for k in ("id", "kind", "text", "sources")}  # a narrower summary than BRIEF


def show(index: Index, ident: str) -> Record:
    """One fact, organisation or source in full: both languages, quote, sources, inputs.

    Facts and organisations come first; a source id (what every table's Source column shows)
    gives the source's record.
    """
    other = other_language()
    try:
        ident = resolve_id(index, ident)
    except NotFound:
        source = index.sources.get(ident.strip().lower())
        if source is None:
            raise
        return {"type": "source", **source_record(index, source)}
    if ident in index.organisations:
        org = index.organisations[ident]
        rec = organisation_record(index, org)
        return {
            "type": "organisation",
            **{k: rec[k] for k in ("id", "name", "roles", "kind")},
            "kind_other": org.kind.get(other),
            "kind_source": org.kind_source,
            "kind_evidence": org.kind_evidence,
            **{k: rec[k] for k in ("municipality", "description")},
            "description_other": org.description.get(other) if org.description else None,
            "description_sources": rec["description_sources"],
            "description_evidence": [
                words for words in (org.description_evidence, *(a.evidence for a in org.description_also)) if words
            ],
            "quotes": [c.quote for c in org.roles if c.quote],
            "evidence": [c.evidence for c in org.roles if c.evidence],
            "caveat": rec["caveat"],
            "sources": rec["sources"],
            "source_details": [source_record(index, index.sources[s]) for s in rec["sources"]],
        }
    fact = index.facts[ident]
    rec = fact_record(index, fact)
    ordered = ("id", "topic", "kind", "text")
    return {
        "type": "fact",
        **{k: rec[k] for k in ordered},
        "text_other": fact.text.get(other),
        **{k: v for k, v in rec.items() if k not in ordered},
        "input_details": [fact_record(index, index.facts[i]) for i in fact.inputs],
        "source_details": [source_record(index, index.sources[s]) for s in rec["sources"]],
    }


def all_ids(index: Index) -> list[str]:
    return [*index.facts, *index.organisations]


def resolve_id(index: Index, ident: str) -> str:
    """The id `ident` names, whatever its case; NotFound with a "did you mean" otherwise."""
    if ident in index.facts or ident in index.organisations:
        return ident
    folded = ident.strip().lower()
    for known in all_ids(index):
        if known == folded:
            return known
    raise unknown_id(index, ident)


def unknown_id(index: Index, ident: str, code: ExitCode = ExitCode.NOT_FOUND) -> UnknownId:
    """The error for an id that names nothing, with the nearest ids when some are close, else
    what a search for it finds (a person may give a word where an id goes: "tredjedel")."""
    return UnknownId(ident, did_you_mean(ident, all_ids(index)) or _searched(index, ident), code)


def _searched(index: Index, word: str) -> str:
    """ "; a search for it finds a, b, c (kanten search WORD)", or "" when it finds nothing."""
    from kanten_cli.query.search import search  # search builds on this module

    try:
        hits = search(index, word)
    except NotFound:
        return ""
    found = ", ".join(h["id"] for h in hits[:3])
    return _("; a search for it finds {ids} (kanten search {word})").format(ids=found, word=word)
