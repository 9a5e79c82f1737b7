"""Selecting, searching and deriving over a Project: plain Python, no I/O, no rendering.

Every public function returns records: plain dicts ready for any output format. A record
always carries the id of its fact or organisation and the ids of the sources it rests on.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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
OVERVIEW_TOPICS = ("period", "aim", "conclusion", "result", "recommendation", "funding", "report")


class Index:
    """Look-ups over one project, built once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.facts = {f.id: f for f in project.facts}
        self.sources = {s.id: s for s in project.sources}
        self.organisations = {o.id: o for o in project.organisations}

    def sources_of(self, fact: Fact) -> list[str]:
        """The sources a fact rests on; for a derived fact, those of its inputs, in order."""
        if fact.source is not None:
            return [fact.source]
        seen: dict[str, None] = {}
        for ident in fact.inputs:
            for src in self.sources_of(self.facts[ident]):
                seen.setdefault(src, None)
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
        "sources": index.sources_of(fact),
        "inputs": list(fact.inputs),
        "formula": fact.formula.get(lang) if fact.formula else None,
        "caveat": fact.caveat.get(lang) if fact.caveat else None,
    }


def organisation_record(index: Index, org: Organisation, lang: Lang) -> Record:
    """One organisation; its name exactly as the source spells it."""
    sources = [c.source for c in org.roles]
    if org.description_source:
        sources.append(org.description_source)
    return {
        "id": org.id,
        "name": org.name,
        "roles": [{"role": c.role, "source": c.source, "source_kind": index.sources[c.source].kind} for c in org.roles],
        "kind": org.kind.get(lang),
        "municipality": org.municipality,
        "description": org.description.get(lang) if org.description else None,
        "caveat": org.caveat.get(lang) if org.caveat else None,
        "sources": list(dict.fromkeys(sources)),
    }


def source_record(index: Index, source: Source, lang: Lang) -> Record:
    """One source with its metadata and how many facts and organisations rest on it."""
    facts = sum(1 for f in index.project.facts if f.source == source.id)
    orgs = sum(1 for o in index.project.organisations if source.id in organisation_record(index, o, lang)["sources"])
    return {
        "id": source.id,
        "kind": source.kind,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
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
    """Headline figures, outcome beside targets, mid-term figures, improvements, activities."""
    return sectioned(index, lang, RESULT_SECTIONS)


def recommendations(index: Index, lang: Lang) -> list[Record]:
    """The recommendation, the conclusion and outlook it sits in, the mid-term advice."""
    return sectioned(index, lang, RECOMMENDATION_SECTIONS)


def overview(index: Index, lang: Lang) -> list[Record]:
    """The project at a glance: name, area, then the key facts in reading order."""
    info = index.project.project
    name = info.name if lang == "da" else f"{info.name} ({info.name_en})"
    rows: list[Record] = [
        {
            "item": "project",
            "id": None,
            "kind": "context",
            "text": name,
            "value": None,
            "unit": None,
            "approximate": False,
            "sources": [info.source],
        },
        {
            "item": "area",
            "id": None,
            "kind": "context",
            "text": info.area,
            "value": None,
            "unit": None,
            "approximate": False,
            "sources": [info.source],
        },
    ]
    for topic in OVERVIEW_TOPICS:
        for fact in index.project.facts:
            if fact.key and fact.topic == topic:
                rec = fact_record(index, fact, lang)
                rows.append(
                    {
                        "item": topic,
                        **{k: rec[k] for k in ("id", "kind", "text", "value", "unit", "approximate", "sources")},
                    }
                )
    return rows


def chart(index: Index, lang: Lang) -> list[Record]:
    """The people counts of the results beside the targets, as bars to draw: values from the data."""
    rows = []
    for topic in ("result", "target"):
        for fact in index.project.facts:
            if fact.topic == topic and fact.unit == "people" and fact.value is not None:
                rec = fact_record(index, fact, lang)
                rows.append({k: rec[k] for k in ("id", "kind", "text", "value", "unit", "approximate", "sources")})
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
    return {k: rec[k] for k in ("id", "kind", "text", "sources")}


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
            "quotes": [c.quote for c in org.roles if c.quote],
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
    close = difflib.get_close_matches(ident, all_ids(index), n=3, cutoff=0.5)
    if not close:
        close = [i for i in all_ids(index) if ident in i][:3]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kanten facts` lists every id"
    return f"no fact or organisation with id {ident!r}{hint}"


# --- search ----------------------------------------------------------------------------------

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss"})
_DIGIT_GROUP = re.compile(r"(?<=\d)[.\u00a0\u202f ](?=\d{3}(?!\d))")
_WORD = re.compile(r"\d+(?:[.\u00a0\u202f ]\d{3})*(?:,\d+)?|\w+", re.UNICODE)


def fold(text: str) -> str:
    """Text folded for matching: case, accents and Danish letters (ø = oe = o), digit groups."""
    text = _DIGIT_GROUP.sub("", text.translate(_DANISH).lower())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("aa", "a")


_FIELD_WEIGHTS = {
    "id": 4.0,
    "name": 4.0,
    "text": 2.0,
    "text_other": 2.0,
    "quote": 1.0,
    "kind": 1.0,
    "description": 1.0,
    "caveat": 0.5,
}


def search(index: Index, query: str, lang: Lang) -> list[Record]:
    """Facts and organisations matching every word of `query`, best first."""
    terms = [fold(t) for t in _WORD.findall(query)]
    terms = [t for t in terms if t]
    if not terms:
        raise NotFound("nothing to search for")
    hits = []
    for kind, ident, fields, rec in _searchable(index, lang):
        score, matched = _score(terms, fields)
        if score > 0:
            hits.append({"type": kind, "id": ident, "score": round(score, 2), "matches": matched, **rec})
    if not hits:
        raise NotFound(f"no fact or organisation matches {query!r}")
    hits.sort(key=lambda h: -h["score"])
    return hits


def _searchable(index: Index, lang: Lang) -> Iterable[tuple[str, str, dict[str, str], Record]]:
    for fact in index.project.facts:
        fields = {
            "id": fact.id.replace("-", " "),
            "text": fact.text.da,
            "text_other": fact.text.en,
            "quote": fact.quote or "",
            "caveat": fact.caveat.da + " " + fact.caveat.en if fact.caveat else "",
        }
        yield (
            "fact",
            fact.id,
            fields,
            {"text": fact.text.get(lang), "kind": fact.kind, "sources": index.sources_of(fact)},
        )
    for org in index.project.organisations:
        rec = organisation_record(index, org, lang)
        fields = {
            "id": org.id.replace("-", " "),
            "name": org.name,
            "kind": org.kind.da + " " + org.kind.en,
            "description": (org.description.da + " " + org.description.en) if org.description else "",
        }
        yield "organisation", org.id, fields, {"text": org.name, "kind": "organisation", "sources": rec["sources"]}


def _score(terms: list[str], fields: dict[str, str]) -> tuple[float, list[str]]:
    total = 0.0
    matched: dict[str, None] = {}
    for term in terms:
        weights = []
        for name, value in fields.items():
            field_best = 0.0
            for word in _WORD.findall(value):
                folded = fold(word)
                if term in folded:
                    # a whole word counts double; a field as a whole counts once
                    field_best = max(field_best, _FIELD_WEIGHTS.get(name, 1.0) * (2.0 if folded == term else 1.0))
                    matched.setdefault(word, None)
            if field_best:
                weights.append(field_best)
        if not weights:
            return 0.0, []  # every word of the query must match somewhere
        total += max(weights) + 0.25 * (len(weights) - 1)
    return total, list(matched)
