"""Selecting, searching and deriving over a Project: plain Python, no I/O, no rendering.

Every public function returns records: plain dicts ready for any output format. A record
always carries the id of its fact or organisation and the ids of the sources it rests on.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from kanten_cli.errors import NotFound
from kanten_cli.i18n import Lang
from kanten_cli.model import Fact, Organisation, Project, Source

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
BRIEF = ("id", "kind", "text", "value", "unit", "approximate", "sources")  # a fact in a summary
OVERVIEW_TOPICS = ("project", "period", "aim", "conclusion", "result", "recommendation", "funding", "report")


class Index:
    """Look-ups over one project, built once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.facts = {f.id: f for f in project.facts}
        self.sources = {s.id: s for s in project.sources}
        self.organisations = {o.id: o for o in project.organisations}
        self._derived_sources: dict[str, list[str]] = {}
        self._resting_on: dict[str, tuple[int, int]] | None = None

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
        # Iterative, so a long chain of derived facts cannot exhaust the stack.
        seen: dict[str, None] = {}
        visited: set[str] = set()
        stack = list(reversed(fact.inputs))
        while stack:
            ident = stack.pop()
            if ident in visited:
                continue
            visited.add(ident)
            inner = self.facts[ident]
            if inner.source is not None:
                seen.setdefault(inner.source, None)
            else:
                stack.extend(reversed(inner.inputs))
        return list(seen)


# --- records -----------------------------------------------------------------------------


def fact_record(index: Index, fact: Fact, lang: Lang) -> Record:
    """One fact as a flat record in `lang` (quotes stay Danish: they are the source's words)."""
    return {
        "id": fact.id,
        "topic": fact.topic,
        "kind": fact.kind,
        "text": fact.text.get(lang),
        "value": fact.value,
        "unit": fact.unit,
        "approximate": fact.approximate,
        "date": fact.date,
        "end_date": fact.end_date,
        "quote": fact.quote,
        "evidence": fact.evidence,
        "sources": index.sources_of(fact),
        "inputs": list(fact.inputs),
        "formula": fact.formula.get(lang) if fact.formula else None,
        "caveat": fact.caveat.get(lang) if fact.caveat else None,
        "see_also": list(fact.see_also),
    }


def brief(index: Index, fact: Fact, lang: Lang) -> Record:
    """A fact with only the keys a summary needs (BRIEF)."""
    rec = fact_record(index, fact, lang)
    return {k: rec[k] for k in BRIEF}


def organisation_sources(org: Organisation) -> list[str]:
    """The sources an organisation's roles and description rest on, in order, once each."""
    sources = [c.source for c in org.roles]
    if org.description_source:
        sources.append(org.description_source)
    return list(dict.fromkeys(sources))


def organisation_record(index: Index, org: Organisation, lang: Lang) -> Record:
    """One organisation; its name exactly as the source spells it."""
    return {
        "id": org.id,
        "name": org.name,
        "roles": [{"role": c.role, "source": c.source, "source_kind": index.sources[c.source].kind} for c in org.roles],
        "kind": org.kind.get(lang),
        "municipality": org.municipality,
        "description": org.description.get(lang) if org.description else None,
        "description_evidence": org.description_evidence,
        "caveat": org.caveat.get(lang) if org.caveat else None,
        "sources": organisation_sources(org),
    }


def source_record(index: Index, source: Source, lang: Lang) -> Record:
    """One source with its metadata and how many facts and organisations rest on it."""
    facts, orgs = index.resting_on().get(source.id, (0, 0))
    return {
        "id": source.id,
        "kind": source.kind,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "author_role": source.author_role.get(lang) if source.author_role else None,
        "date": source.date,
        "url": source.url,
        "note": source.note.get(lang) if source.note else None,
        "facts": facts,
        "organisations": orgs,
    }


# --- selections ----------------------------------------------------------------------------


def partners(index: Index, lang: Lang, role: str | None = None) -> list[Record]:
    """The organisations, optionally only those with `role`."""
    orgs = index.project.organisations
    if role is not None:
        orgs = [o for o in orgs if any(c.role == role for c in o.roles)]
    return [organisation_record(index, o, lang) for o in orgs]


def sectioned(index: Index, lang: Lang, sections: Iterable[tuple[str, tuple[str, ...]]]) -> list[Record]:
    """Facts grouped into sections by topic, each record tagged with its section."""
    rows = []
    for section, topics in sections:
        for fact in index.project.facts:
            if fact.topic in topics:
                rows.append({"section": section, **fact_record(index, fact, lang)})
    return rows


def results(index: Index, lang: Lang) -> list[Record]:
    """Headline figures, outcome beside targets, mid-term figures, improvements, activities.

    The headline section starts with the period its figures cover (HEADLINE_PERIOD), so that a
    script reading the figures never has to guess it.
    """
    rows = sectioned(index, lang, RESULT_SECTIONS)
    period = index.facts.get(HEADLINE_PERIOD)
    if period is not None:
        rows.insert(0, {"section": "headline", **fact_record(index, period, lang)})
    return rows


def recommendations(index: Index, lang: Lang) -> list[Record]:
    """The recommendation, the conclusion and outlook it sits in, the mid-term advice."""
    return sectioned(index, lang, RECOMMENDATION_SECTIONS)


def project_title(index: Index, lang: Lang) -> str:
    """'Rekruttering fra Kanten (Recruitment from the Edge), Lolland-Falster'; the name stays Danish."""
    info = index.project.project
    name = info.name if lang == "da" else f"{info.name} ({info.name_en})"
    return f"{name}, {info.area}"


def overview(index: Index, lang: Lang) -> list[Record]:
    """The project at a glance: its key facts (name, area, period, aims, ...) in reading order."""
    rows: list[Record] = []
    for topic in OVERVIEW_TOPICS:
        for fact in index.project.facts:
            if fact.key and fact.topic == topic:
                rows.append({"item": topic, **brief(index, fact, lang)})
    return rows


def glance(index: Index, lang: Lang) -> Record:
    """What the overview's one screen shows, chosen from the data (never fixed texts).

    The periods (period facts with a start and an end, not derived), who took part (organisation names by role),
    the result figures and the targets that have values, the first key conclusion and
    recommendation, and the project's source (the article).
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
        return brief(index, found, lang) if found else None

    source = index.sources.get(index.project.project.source)
    return {
        "title": project_title(index, lang),
        "periods": [
            fact_record(index, f, lang) for f in facts if f.topic == "period" and f.end_date and f.kind != "derived"
        ],
        "organisations": by_role,
        "figures": [fact_record(index, f, lang) for f in facts if f.topic == "result" and f.value is not None],
        "targets": [
            fact_record(index, f, lang)
            for f in facts
            if f.topic == "target" and f.kind == "target" and f.value is not None
        ],
        "conclusion": first("conclusion"),
        "recommendation": first("recommendation"),
        "article": source_record(index, source, lang) if source else None,
    }


def chart(index: Index, lang: Lang) -> list[Record]:
    """The people counts of the results beside the targets, as bars to draw: values from the data."""
    rows = []
    for topic in ("result", "target"):
        for fact in index.project.facts:
            if fact.topic == topic and fact.unit == "people" and fact.value is not None:
                rows.append(brief(index, fact, lang))
    return rows


def facts(index: Index, lang: Lang, topic: str | None = None, kind: str | None = None) -> list[Record]:
    """Every fact, optionally of one topic and/or kind."""
    return [
        fact_record(index, f, lang)
        for f in index.project.facts
        if (topic is None or f.topic == topic) and (kind is None or f.kind == kind)
    ]


def sources(index: Index, lang: Lang) -> list[Record]:
    """Every source, with how much rests on it."""
    return [source_record(index, s, lang) for s in index.project.sources]


def timeline(index: Index, lang: Lang) -> list[Record]:
    """Dated facts in order; a fact with an end date appears at its start and at its end."""
    events = []
    for fact in index.project.facts:
        if fact.date is None:
            continue
        rec = fact_record(index, fact, lang)
        events.append({"date": fact.date, "event": "start" if fact.end_date else "on", **_timeline_fields(rec)})
        if fact.end_date:
            events.append({"date": fact.end_date, "event": "end", **_timeline_fields(rec)})
    events.sort(key=lambda e: (e["date"], e["event"] != "start"))
    return events


def _timeline_fields(rec: Record) -> Record:
    return {k: rec[k] for k in ("id", "kind", "text", "sources")}  # a narrower summary than BRIEF


def show(index: Index, ident: str, lang: Lang) -> Record:
    """One fact or organisation in full: both languages, quote, sources, inputs."""
    other: Lang = "en" if lang == "da" else "da"
    if ident in index.organisations:
        org = index.organisations[ident]
        rec = organisation_record(index, org, lang)
        return {
            "type": "organisation",
            **{k: rec[k] for k in ("id", "name", "roles", "kind")},
            "kind_other": org.kind.get(other),
            **{k: rec[k] for k in ("municipality", "description")},
            "description_other": org.description.get(other) if org.description else None,
            "description_evidence": org.description_evidence,
            "quotes": [c.quote for c in org.roles if c.quote],
            "evidence": [c.evidence for c in org.roles if c.evidence],
            "caveat": rec["caveat"],
            "sources": rec["sources"],
            "source_details": [source_record(index, index.sources[s], lang) for s in rec["sources"]],
        }
    fact = index.facts.get(ident)
    if fact is None:
        raise NotFound(unknown_id_message(index, ident))
    rec = fact_record(index, fact, lang)
    ordered = ("id", "topic", "kind", "text")
    return {
        "type": "fact",
        **{k: rec[k] for k in ordered},
        "text_other": fact.text.get(other),
        **{k: v for k, v in rec.items() if k not in ordered},
        "input_details": [fact_record(index, index.facts[i], lang) for i in fact.inputs],
        "source_details": [source_record(index, index.sources[s], lang) for s in rec["sources"]],
    }


def all_ids(index: Index) -> list[str]:
    return [*index.facts, *index.organisations]


def unknown_id_message(index: Index, ident: str) -> str:
    import difflib  # only on this error path

    close = difflib.get_close_matches(ident, all_ids(index), n=3, cutoff=0.5)
    if not close:
        close = [i for i in all_ids(index) if ident in i][:3]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kanten facts` lists every id"
    return f"no fact or organisation with id {ident!r}{hint}"


# --- search ----------------------------------------------------------------------------------

_DIGIT_GROUP = re.compile(r"(\d)[.\u00a0\u202f ](?=\d{3}(?!\d))")
_WORD = re.compile(r"\d+(?:[.\u00a0\u202f ]\d{3})*(?:,\d+)?|\w+", re.UNICODE)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Text folded for matching: case, accents and Danish letters (ø = oe = o), digit groups."""
    return _fold_letters(_DIGIT_GROUP.sub(r"\1", text))


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    # Words repeat across records; folding each distinct one once keeps large results fast.
    return fold(word)


def _fold_letters(text: str) -> str:
    # Chained str.replace: one C pass each, many times faster than str.translate with a dict.
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("ß", "ss")
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.replace("ae", "a").replace("oe", "o").replace("aa", "a")


_FACT_FIELDS = ("id", "text", "text_other", "quote", "caveat")
_ORG_FIELDS = ("id", "name", "kind", "description")
_WEIGHTS = {
    "id": 4.0,
    "name": 4.0,
    "text": 2.0,
    "text_other": 2.0,
    "quote": 1.0,
    "kind": 1.0,
    "description": 1.0,
    "caveat": 0.5,
}
_SEP = "\x00"  # between fields: no query word can contain it, so no match spans two fields
_RECORD = "\x01"  # between records in the one string that is folded and searched
_GROUP_MARK = "[.\u00a0\u202f ]?"


def _term_pattern(term: str) -> re.Pattern[str]:
    """A folded query word as a pattern; between digits a group separator may stand (1.439)."""
    parts = [re.escape(c) for c in term]
    body = "".join(
        p + (_GROUP_MARK if c.isdigit() and n.isdigit() else "")
        for p, c, n in zip(parts, term, term[1:] + " ", strict=True)
    )
    return re.compile(body)


def search(index: Index, query: str, lang: Lang) -> list[Record]:
    """Facts and organisations matching every word of `query`, best first.

    All records are folded at once, as one string, and each query word is looked for in it
    once; only the records that contain every word are scored field by field.
    """
    terms = [t for t in (fold(w) for w in _WORD.findall(query)) if t]
    if not terms:
        raise NotFound("nothing to search for")
    patterns = [_term_pattern(t) for t in terms]
    whole = [re.compile(r"(?<!\w)(?:" + p.pattern + r")(?!\w)") for p in patterns]
    items, raw = _haystacks(index)
    blob, folded = _fold_all(raw)
    hits = []
    for i in sorted(_records_with_all(blob, folded, patterns)):
        kind, item, names = items[i]
        fields, texts = folded[i].split(_SEP), raw[i].split(_SEP)
        score = 0.0
        matched: set[int] = set()
        for pattern, exact in zip(patterns, whole, strict=True):
            weights = []
            for j, (name, field) in enumerate(zip(names, fields, strict=True)):
                if pattern.search(field):
                    weights.append(_WEIGHTS[name] * (2.0 if exact.search(field) else 1.0))
                    matched.add(j)
            score += max(weights) + 0.25 * (len(weights) - 1)
        words = [w for j in sorted(matched) for w in _WORD.findall(texts[j]) if any(t in _fold_word(w) for t in terms)]
        hits.append(
            {
                "type": kind,
                "id": item.id,
                "score": round(score, 2),
                "matches": list(dict.fromkeys(words)),
                **_hit_fields(index, item, lang),
            }
        )
    if not hits:
        raise NotFound(f"no fact or organisation matches {query!r}")
    hits.sort(key=lambda h: -h["score"])
    return hits


def _records_with_all(blob: str, folded: list[str], patterns: list[re.Pattern[str]]) -> set[int]:
    """Indexes of the records in which every pattern occurs: one scan of all text per pattern."""
    starts, at = [], 0
    for text in folded:
        starts.append(at)
        at += len(text) + 1
    found: set[int] | None = None
    for pattern in patterns:
        these = {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(blob)}
        found = these if found is None else found & these
        if not found:
            return set()
    return found or set()


def _fold_all(raw: list[str]) -> tuple[str, list[str]]:
    """All records folded at once: the folded whole, and each record's part of it."""
    blob = _RECORD.join(raw)
    if _RECORD in blob.replace(_RECORD, "", len(raw) - 1):
        # the data itself holds the record separator: clean each record first (rare, slower)
        blob = _RECORD.join(r.replace(_RECORD, " ") for r in raw)
    folded = _fold_letters(blob)
    return folded, folded.split(_RECORD)


def _haystacks(index: Index) -> tuple[list[tuple[str, Fact | Organisation, tuple[str, ...]]], list[str]]:
    """Every fact and organisation, and the text it is searched in: its fields joined by _SEP."""
    items: list[tuple[str, Fact | Organisation, tuple[str, ...]]] = [
        *(("fact", f, _FACT_FIELDS) for f in index.project.facts),
        *(("organisation", o, _ORG_FIELDS) for o in index.project.organisations),
    ]
    raw = [_SEP.join(_fields(item)) for _, item, _ in items]
    if "".join(raw).count(_SEP) != sum(len(names) - 1 for _, _, names in items):
        # a text holds the field separator itself: blank it (rare, slower)
        raw = [_SEP.join(t.replace(_SEP, " ") for t in _fields(item)) for _, item, _ in items]
    return items, raw


def _fields(item: Fact | Organisation) -> tuple[str, ...]:
    if isinstance(item, Fact):
        caveat = f"{item.caveat.da} {item.caveat.en}" if item.caveat else ""
        return (item.id, item.text.da, item.text.en, item.quote or "", caveat)
    description = f"{item.description.da} {item.description.en}" if item.description else ""
    return (item.id, item.name, f"{item.kind.da} {item.kind.en}", description)


def _hit_fields(index: Index, item: Fact | Organisation, lang: Lang) -> Record:
    if isinstance(item, Fact):
        return {"text": item.text.get(lang), "kind": item.kind, "sources": index.sources_of(item)}
    return {"text": item.name, "kind": "organisation", "sources": organisation_sources(item)}
