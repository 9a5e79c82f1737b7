"""Ask: a plain question, in Danish or English, answered by the fact or organisation that fits.

The question is analysed as `search` analyses its words (kanten_cli/query/words.py), but no
word has to match: each record scores for the words it has, weighed as BM25 weighs them (a word
few records have counts more than one most have; a long text finds words by chance, so it
counts a little less), through concepts too ("Hvad kostede det?" finds the grant). What the
question asks for tips the balance: a date ("hvornår", "when"), a figure ("hvor mange", "how
many") or an organisation ("hvem", "who"); a record the question names ("Hvem er Cabi?") comes
first. A word that matches nothing but is close to one that does is read as that one
("evalurering" as "evaluering").

There is no answer when the best record covers too little of what the question says: a
question about something else ("Hvad er hovedstaden i Frankrig?") gets none, rather than a
random fact. Plain Python over the haystack; no I/O, no rendering.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kanten_cli.base.matching import closest, fold, name_key
from kanten_cli.facts.model import Fact, Organisation
from kanten_cli.query import search as searching
from kanten_cli.query.index import Index, show
from kanten_cli.query.search import (
    FACT_FIELDS,
    ORG_FIELDS,
    TARGET,
    Haystack,
    Item,
    TermMatch,
    grounded,
    places,
    records_of,
)
from kanten_cli.query.words import WORD, Analysis, Term, analyse, match, words_of

Record = dict[str, Any]

CANDIDATES = 60  # records scored in full: the best by a first, rough count
COVERAGE = 0.55  # an answer must hold words that carry at least this share of the question's weight
ALSO = 0.3  # an "also relevant" hit scores at least this share of the answer's score
PREFERRED = 1.35  # a record of the kind the question asks for (dated, a figure, an organisation)
KEY = 1.05  # a key fact, on a tie
NAMED = 10.0  # times the heaviest word's weight, for a record the question names
B = 0.3  # BM25's length normalisation, mild: texts here are all short
_TEXT_FIELDS = ("text.da", "text.en", "quote", "evidence", "description.da", "description.en")


@dataclass(frozen=True)
class Hit:
    """One record that answers, its score and the question's words it matched."""

    position: int
    score: float
    coverage: float
    matched: tuple[str, ...]


@dataclass
class Answer:
    """What `ask` found: the analysis (as understood), the hits best first (empty when there is
    no answer), and the words it read as others."""

    analysis: Analysis
    hits: list[Hit] = field(default_factory=list)
    corrected: dict[str, str] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # without an answer: the nearest topics

    @property
    def answered(self) -> bool:
        return bool(self.hits)


def ask(hay: Haystack, question: str, limit: int = 5) -> Answer:
    """The records that best answer `question`, best first (at most `limit`); none if no
    record covers enough of it."""
    analysis, corrected = _corrected(hay, grounded(hay, analyse(question, keep=False)))
    answer = Answer(analysis, corrected=corrected)
    terms = analysis.terms
    if not terms:
        return answer
    n = hay.folded.count(searching.RECORD) + 1
    found = [records_of(hay.folded, places(hay, t)) for t in terms]
    weights = [_idf(n, len(f)) for f in found]
    rough: dict[int, float] = {}
    bounds: dict[int, tuple[int, int]] = {}
    for weight, records in zip(weights, found, strict=True):
        for position, start, end in records:
            rough[position] = rough.get(position, 0.0) + weight
            bounds[position] = (start, end)
    if not rough:
        answer.topics = _nearest(analysis, [])
        return answer
    chosen = heapq.nlargest(CANDIDATES, rough, key=lambda p: (rough[p], -p))
    index, items = hay.records(chosen)
    average = len(hay.folded) / n
    names = _named(question)
    prefers = analysis.prefers()
    # A word no record has weighs as much as the heaviest word some record has: a question of
    # one known word and one unknown one is as likely about something else.
    heaviest = max((w for w, f in zip(weights, found, strict=True) if f), default=0.0)
    total = sum(w if f else heaviest for w, f in zip(weights, found, strict=True)) or 1.0
    hits = []
    for position in chosen:
        start, end = bounds[position]
        field_names = FACT_FIELDS if position < hay.n_facts else ORG_FIELDS
        fields = dict(zip(field_names, hay.folded[start:end].split(searching._SEP), strict=True))
        item = items[position]
        matches = _with_units(searching.match_record(terms, fields), terms, item)
        if not any(matches):
            continue
        length = sum(len(fields.get(f, "")) for f in _TEXT_FIELDS) or average
        norm = 1 - B + B * length / average
        score = sum(w * _points(m) / norm for w, m in zip(weights, matches, strict=True) if m is not None)
        covered = sum(w for w, m in zip(weights, matches, strict=True) if m is not None)
        if name_key(item.id) in names or name_key(getattr(item, "name", "")) in names:
            score += NAMED * max(weights)
            covered = total
        score *= _preferred(item, prefers)
        if isinstance(item, Fact) and item.key:
            score *= KEY
        matched = tuple(t.word for t, m in zip(terms, matches, strict=True) if m is not None)
        hits.append(Hit(position, round(score, 3), covered / total, matched))
    hits.sort(key=lambda h: (-h.score, h.position))
    if not hits or max(h.coverage for h in hits[:3]) < COVERAGE:
        near = [items[h.position] for h in hits[:5]]
        answer.topics = _nearest(analysis, [i.topic for i in near if isinstance(i, Fact)])
        return answer
    best = hits[0].score
    answer.hits = [h for h in hits[:limit] if h is hits[0] or h.score >= ALSO * best]
    answer.records = [_record(index, items[h.position], h, terms) for h in answer.hits]
    return answer


def _idf(n: int, df: int) -> float:
    """BM25's weight of a word that `df` of `n` records have."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# How much a word counts in each field, relative to a fact's text.
_FIELD = {"id": 1.5, "name": 2.0, "text.da": 1.0, "text.en": 1.0, "topic": 0.5, "roles": 0.5}
TARGETED = 0.7  # a record that a concept of the word points to: nearly as good as the word itself


def _points(m: TermMatch) -> float:
    """How much a match counts: 1 for the word itself in a fact's text; less for another form,
    a compound or a synonym (by the square of how well it matches), or in a lesser field."""
    if m.target:
        return TARGETED
    return _FIELD.get(m.field, 0.5) * m.quality**2


def _with_units(matches: list[TermMatch | None], terms: Sequence[Term], item: Item) -> list[TermMatch | None]:
    """A fact whose unit a concept of the word points to ("people", "companies") matches it
    too, as a record the concept points to."""
    unit = getattr(item, "unit", None)
    if unit is None:
        return matches
    return [
        m if m is not None or not any(unit in c.units for c in t.concepts) else TermMatch("topic", TARGET, 0.0, 1, True)
        for m, t in zip(matches, terms, strict=True)
    ]


def _preferred(item: Item, prefers: set[str]) -> float:
    """More for a record of the kind the question asks for."""
    factor = 1.0
    if isinstance(item, Organisation):
        return PREFERRED if "organisation" in prefers else factor
    if "dated" in prefers and item.date is not None:
        factor *= PREFERRED
    if "valued" in prefers and item.value is not None:
        factor *= PREFERRED
    return factor


def _named(question: str) -> set[str]:
    """Every run of the question's words, as a name key: the names and ids it may name."""
    words = [w for w in words_of(question.replace("-", " "))]
    return {"-".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 6) + 1)}


def _corrected(hay: Haystack, analysis: Analysis) -> tuple[Analysis, dict[str, str]]:
    """The analysis with each word that matches nothing read as the closest word that does
    (a misspelling), when one is close."""
    corrected: dict[str, str] = {}
    terms = list(analysis.terms)
    for k, term in enumerate(terms):
        if term.exact_only or term.concepts or len(term.word) < 5 or searching._matches_somewhere(hay, term):
            continue
        close = closest(term.word, searching.vocabulary_of(hay), n=1)
        if close and close[0] != term.word and _near(term.word, close[0]):
            fixed = analyse(close[0]).terms
            if fixed:
                corrected[term.word] = close[0]
                terms[k] = fixed[0]
    if not corrected:
        return analysis, corrected
    concepts = tuple(dict.fromkeys([*analysis.concepts, *(c for t in terms for c in t.concepts)]))
    return grounded(hay, replace(analysis, terms=tuple(terms), concepts=concepts)), corrected


def _near(word: str, other: str) -> bool:
    """A misspelling, not another word: the same first letter, about the same length, and
    nearly the same letters ("evalurering", not "frankrig" for "forankring")."""
    import difflib

    from kanten_cli.query.words import STOP

    if other in STOP or word[0] != other[0] or abs(len(word) - len(other)) > 1:
        return False
    return difflib.SequenceMatcher(None, word, other).ratio() >= 0.85


def _record(index: Index, item: Item, hit: Hit, terms: Sequence[Term]) -> Record:
    """A hit as a record: type, id, score, the question's words it matched and where they stand
    in its text (a fact's text, an organisation's description), then its fields (as `kanten
    show` gives them)."""
    full = show(index, item.id)
    kind = full.pop("type")
    full.pop("id")
    field = "text" if kind == "fact" else "description"
    spans = marks(str(full.get(field) or ""), terms)
    return {
        "type": kind,
        "id": item.id,
        "score": hit.score,
        "matched": list(hit.matched),
        "highlights": [{"field": field, "start": a, "end": b} for a, b in spans],
        **full,
    }


def marks(text: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    """Where the words of `text` stand that match one of the terms: the question's own words in
    any form, and its concepts' words only as they are ("kr", not "gives" for "gave")."""
    return [(m.start(), m.end()) for m in WORD.finditer(text) if any(_marked(t, fold(m.group())) for t in terms)]


def _marked(term: Term, word: str) -> bool:
    return match(term.word, word, term.inside) > 0 or word in term.forms[1:]


def _nearest(analysis: Analysis, found: Sequence[str]) -> list[str]:
    """The topics a question without an answer comes closest to: its concepts' topics, then
    those of the records that matched part of it; three at most."""
    return list(dict.fromkeys([*(t for c in analysis.concepts for t in c.topics), *found]))[:3]


def understood(analysis: Analysis) -> list[str]:
    """What the question was taken to be about: its concepts' labels, then its other words."""
    labels = [c.label.get() for c in analysis.concepts]
    covered = {t.word for t in analysis.terms if t.concepts}
    return labels + [t.word for t in analysis.terms if t.word not in covered]
