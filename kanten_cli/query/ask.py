"""Ask: a plain question, in Danish or English, answered by the fact or organisation that fits.

The question is analysed as `search` analyses its words (kanten_cli/query/words.py), but no
word has to match: each record scores for the words it has, weighed as BM25 weighs them (a word
few records have counts more than one most have; a long text finds words by chance, so it
counts a little less), through concepts too ("Hvad kostede det?" finds the grant). What the
question asks for tips the balance: a date ("hvornår", "when"), a figure ("hvor mange", "how
many") or an organisation ("hvem", "who"); a record the question names ("Hvem er Cabi?") comes
first. A word that matches nothing but is close to one that does is read as that one
("evalurering" as "evaluering").

Read as a question: a concept's phrase ("took part", "var med") is one term, not its words one
by one; a word that only says what is asked for ("antal") is no term. Where a concept of the
word names a record (data/concepts.json), that record counts more; where its concepts point
elsewhere, the word may mean another thing there ("Who paid?": the funder, not paid work). A
compound of the question said in two words ("projektleder": "leder af projektet") counts as
the word. A count of other things than the question counts ("how many companies": not people)
and a figure kanten computed (against one a source states) come a little lower. A fact is
named only by its id alone; an organisation by its name anywhere in the question.

There is no answer when the best records cover too little of what the question says: a
question about something else ("Hvad er hovedstaden i Frankrig?") gets none, rather than a
random fact; and a record's score is weighed by how much of the question it holds, so the
grant ("cost") is no answer to what the Fehmarn tunnel costs. Plain Python over the haystack;
no I/O, no rendering.
"""

from __future__ import annotations

import functools
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
from kanten_cli.query.words import (
    CORE,
    FORM,
    PART,
    PREFIX,
    STOP,
    SYNONYM,
    WORD,
    Analysis,
    Term,
    analyse,
    match,
    misspelling,
    same_word,
    words_of,
)

Record = dict[str, Any]

CANDIDATES = 60  # records scored in full: the best by a first, rough count
COVERAGE = 0.5  # an answer must hold words that carry at least this share of the question's weight
ALSO = 0.3  # an "also relevant" hit scores at least this share of the answer's score
PREFERRED = 1.35  # a record of the kind the question asks for (dated, a figure, an organisation)
KEY = 1.05  # a key fact, on a tie
NO_FIGURE = 0.5  # an organisation, when the question asks for a figure or a date; a figure, for "who"
NO_VALUE = 0.8  # a fact without a value, when the question asks for a figure
# What was planned or counted on the way (targets, the mid-term evaluation, progress so far) comes
# after what came out, unless the question asks for it ("Hvor mange fik job?": the result).
INTERIM = frozenset({"target", "midterm", "midterm-recommendation", "progress"})
INTERIM_FACTOR = 0.8
OTHER_UNIT = 0.6  # a count of other things than the question counts ("how many companies": not people)
COMPUTED = 0.9  # a figure kanten computed, against one a source states: the source's own first
NAMED = 10.0  # times the heaviest word's weight, for a record the question names
B = 0.3  # BM25's length normalisation, mild: texts here are all short
# A record's length, for BM25: its own sentences only. A quote or a page's words are the
# source's whole sentence, often about more than the fact: a long quote is no sign that the fact
# found the question's words by chance.
_TEXT_FIELDS = ("text.da", "text.en", "description.da", "description.en")


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
    known: list[str] = field(default_factory=list)  # the question's words some record has

    @property
    def answered(self) -> bool:
        return bool(self.hits)


def ask(hay: Haystack, question: str, limit: int = 5) -> Answer:
    """The records that best answer `question`, best first (at most `limit`); none if no
    record covers enough of it."""
    analysis, corrected = _corrected(hay, grounded(hay, analyse(question, keep=False, question=True)))
    answer = Answer(analysis, corrected=corrected)
    terms = analysis.terms
    if not terms:
        return answer
    n = hay.folded.count(searching.RECORD) + 1
    found = [records_of(hay.folded, places(hay, t)) for t in terms]
    weights = [_idf(n, len(f)) for f in found]
    answer.known = [t.word for t, f in zip(terms, found, strict=True) if f]
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
    units: set[str] = {u for t in terms for c in t.concepts for u in c.units}
    interim = any(set(c.topics) & INTERIM for c in analysis.concepts)
    # A word no record has weighs what BM25 gives it, more than any word some record has: a
    # question of one known word and one unknown one is more likely about something else.
    # A concept's phrase of weightless words ("var med", "so far") says how the question is
    # meant more than what it is about: it adds to a record's score, but a record need not have
    # it to answer, unless the question has nothing else.
    counts = [not set(t.word.split()) <= STOP for t in terms]
    counts = counts if any(counts) else [True] * len(terms)
    total = sum(w for w, c in zip(weights, counts, strict=True) if c) or 1.0
    hits = []
    for position in chosen:
        start, end = bounds[position]
        field_names = FACT_FIELDS if position < hay.n_facts else ORG_FIELDS
        fields = dict(zip(field_names, hay.folded[start:end].split(searching._SEP), strict=True))
        item = items[position]
        matches = _matches(terms, fields, item)
        if not any(matches):
            continue
        length = sum(len(fields.get(f, "")) for f in _TEXT_FIELDS) or average
        norm = 1 - B + B * length / average
        other_unit = _other_unit(item, units)
        score = sum(
            w * _points_for(m, t, item, other_unit) / norm
            for w, m, t in zip(weights, matches, terms, strict=True)
            if m is not None
        )
        covered = sum(w for w, m, c in zip(weights, matches, counts, strict=True) if m is not None and c)
        if _names(item, names, terms) and not _asks_other(item, terms, matches, prefers):
            score += NAMED * max(weights)
            covered = total
        score *= _preferred(item, prefers)
        if isinstance(item, Organisation) and prefers & {"valued", "dated"}:
            score *= NO_FIGURE
        if isinstance(item, Fact) and item.value is not None and "organisation" in prefers:
            score *= 1.0 if prefers & {"valued", "dated"} else NO_FIGURE  # "who" is no figure
        if isinstance(item, Fact) and item.value is None and "valued" in prefers:
            score *= NO_VALUE  # "how many": a sentence without a figure comes after those with one
        if isinstance(item, Fact) and item.topic in INTERIM and not interim:
            score *= INTERIM_FACTOR
        if other_unit:
            score *= OTHER_UNIT
        if isinstance(item, Fact) and item.key:
            score *= KEY
        if isinstance(item, Fact) and item.kind == "derived":
            score *= COMPUTED
        matched = tuple(t.word for t, m in zip(terms, matches, strict=True) if m is not None)
        hits.append(Hit(position, round(score, 3), covered / total, matched))
    # A record answers as well as it scores and as much as it holds of the question: one that
    # has "cost" but not "Fehmarn tunnel" is no answer to what the tunnel costs.
    hits = [replace(h, score=round(h.score * h.coverage**2, 3)) for h in hits]
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


# How much a word counts in each field, relative to a fact's text; an organisation's type says
# what it is ("Which foundation funded it?").
_FIELD = {
    "id": 1.5,
    "name": 2.0,
    "kind.da": 1.5,
    "kind.en": 1.5,
    "text.da": 1.0,
    "text.en": 1.0,
    "topic": 0.5,
    "roles": 0.5,
}
TARGETED = 0.7  # a record that a concept of the word points to: nearly as good as the word itself
ELSEWHERE = 0.7  # a word in a record its concepts do not point to (another sense of it?)
POINTED = 0.5  # more for a record a concept names by id, whether or not its text has the word
RANKED = 0.15  # less of that for each record the concept lists before it


def _points(m: TermMatch) -> float:
    """How much a match counts: 1 for the word itself in a fact's text; less for another form,
    a compound or a synonym (by the square of how well it matches), or in a lesser field."""
    if m.target:
        return TARGETED
    return _FIELD.get(m.field, 0.5) * m.quality**2


def _matches(terms: Sequence[Term], fields: dict[str, str], item: Item) -> list[TermMatch | None]:
    """How each term matches a record (None where it does not): as search matches it, then
    better where a phrase of the question ("took part") stands in a field, or another phrase of
    its concepts ("take part"), or where a field says a compound of the question in two words
    ("projektleder": "leder af projektet")."""
    out = _with_units(_matched(terms, fields, item), terms, item)
    said = {name: words_of(text) for name, text in fields.items() if text}  # once per record
    for k, term in enumerate(terms):
        searched = out[k]
        phrase = " " in term.word
        compound = not phrase and len(term.word) >= 2 * CORE and (searched is None or searched.quality < FORM)
        for name, words in said.items():
            if phrase:
                out[k] = _better(out[k], name, _phrase_quality(term, words))
            elif compound:
                out[k] = _better(out[k], name, FORM if _says_in_parts(term.word, set(words)) else 0.0)
    return out


def _better(current: TermMatch | None, name: str, quality: float) -> TermMatch | None:
    """A match in field `name` this good, if it counts more than the current one."""
    weight = _FIELD.get(name, 0.5) * quality**2
    if quality and (current is None or weight > _points(current)):
        return TermMatch(name, quality, weight, 1, False)
    return current


def _matched(terms: Sequence[Term], fields: dict[str, str], item: Item) -> list[TermMatch | None]:
    """Each term's best match in a record, as search finds it; but a word of three letters
    that only begins a word of the text is no match ("led" is not "ledige"): the record
    matches it only if a concept of the word points to it."""
    out = searching.match_record(terms, fields)
    for k, (m, t) in enumerate(zip(out, terms, strict=True)):
        if m is not None and not m.target and m.quality == PREFIX and len(t.word) <= 3:
            aimed = any(c.aims_at(item) and not c.only_asks for c in t.concepts)
            out[k] = TermMatch("topic", TARGET, TARGET, 1, True) if aimed else None
    return out


def _says_in_parts(word: str, said: set[str]) -> bool:
    """Does `said` hold both parts of the compound `word`, each in some form (a joining s or e
    between them allowed)?"""
    for at in range(CORE, len(word) - CORE + 1):
        first = word[:at]
        for second in {word[at:], word[at + 1 :] if word[at] in "se" else word[at:]}:
            if len(second) >= CORE and _has(first, said) and _has(second, said):
                return True
    return False


def _has(part: str, said: set[str]) -> bool:
    return any(same_word(part, w) for w in said)


def _phrase_quality(term: Term, said: Sequence[str]) -> float:
    """How well a field's words (folded) say the phrase: 1 as it is; FORM with a word between
    its words or in other forms ("kom i lønnet arbejde" for "kom i arbejde"); PART if it has the
    phrase's words that carry weight, anywhere; SYNONYM if another phrase of its concepts."""
    phrase = term.word.split()
    if _in_order(phrase, said, gap=0, exact=True):
        return 1.0
    if _in_order(phrase, said, gap=1, exact=False):
        return FORM
    own = [w for w in phrase if w not in STOP]
    if own and all(any(same_word(o, w) for w in said) for o in own):
        return PART
    padded = f" {' '.join(said)} "
    others = (" ".join(words_of(p)) for c in term.concepts for p in (*c.words.da, *c.words.en) if " " in p.strip())
    return SYNONYM if any(f" {p} " in padded for p in others) else 0.0


def _in_order(phrase: Sequence[str], said: Sequence[str], gap: int, exact: bool) -> bool:
    """Does `said` hold the phrase's words in order, at most `gap` words between two of them?"""

    def same(a: str, b: str) -> bool:
        return a == b if exact or len(a) <= 3 else same_word(a, b)

    for start, word in enumerate(said):
        if not same(phrase[0], word):
            continue
        at, ok = start, True
        for part in phrase[1:]:
            following = [k for k in range(at + 1, min(at + 2 + gap, len(said))) if same(part, said[k])]
            if not following:
                ok = False
                break
            at = following[0]
        if ok:
            return True
    return False


def _points_for(m: TermMatch, term: Term, item: Item, other_unit: bool) -> float:
    """What a term's match counts in a record: more where a concept of the word names the
    record (unless it counts other things than the question: "deltog" names the registered
    participants, but not when the question counts companies); less where the word's concepts
    point elsewhere, as the word may mean another thing there ("Who paid?" asks for the funder,
    not for paid work)."""
    points = _points(m)
    named = _pointed(term, item)
    if named and not other_unit:
        return points + named
    if not m.target and term.concepts and not any(c.aims_at(item) for c in term.concepts):
        return points * ELSEWHERE
    return points


def _pointed(term: Term, item: Item) -> float:
    """How much more the record counts because a concept of the term names it itself (not only
    its topic or role): POINTED for the first a concept lists (a concept lists its facts and
    organisations best first: "job" names the third who got paid work before the 20 % still in
    work), a little less for each later one; 0 if none names it."""
    ranks = [names.index(item.id) for c in term.concepts for names in (c.facts, c.organisations) if item.id in names]
    return POINTED * (1 - RANKED * min(min(ranks), 3)) if ranks else 0.0


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


def _other_unit(item: Item, units: set[str]) -> bool:
    """Does the question count one thing ("companies") and this fact count another ("people")?"""
    unit = getattr(item, "unit", None)
    return bool(units) and unit is not None and unit in _counted() and unit not in units


@functools.cache
def _counted() -> frozenset[str]:
    """The units a concept names: the things the questions count."""
    from kanten_cli.facts.concepts import embedded

    return frozenset(u for c in embedded().concepts for u in c.units)


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


def _names(item: Item, names: set[str], terms: Sequence[Term]) -> bool:
    """Does the question name this record? An organisation by its name or id anywhere in it
    ("Hvem er Cabi?"); a fact only by its id and nothing else ("paid-work-share?"): a fact's id
    is plain words, and "vulnerable unemployed" in a question about paid work does not ask for
    the fact `vulnerable-unemployed`."""
    if isinstance(item, Organisation):
        return name_key(item.id) in names or name_key(item.name) in names
    key = name_key(item.id)
    return key in names and all(t.word in key.split("-") for t in terms if " " not in t.word)


def _asks_other(item: Item, terms: Sequence[Term], matches: Sequence[TermMatch | None], prefers: set[str]) -> bool:
    """Does the question ask for something of another concept than the record it names ("What
    does VIVE recommend?": the recommendations, not VIVE), or for a figure or a date of an
    organisation it names ("Hvor meget fik projektet fra fonden?": the grant, not the fund)?"""
    if isinstance(item, Organisation) and prefers & {"valued", "dated"}:
        return True
    return any(
        m is None and t.concepts and not any(c.aims_at(item) for c in t.concepts)
        for t, m in zip(terms, matches, strict=True)
    )


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
        if close and close[0] != term.word and misspelling(term.word, close[0]):
            fixed = analyse(close[0]).terms
            if fixed:
                corrected[term.word] = close[0]
                terms[k] = fixed[0]
    if not corrected:
        return analysis, corrected
    concepts = tuple(dict.fromkeys([*analysis.concepts, *(c for t in terms for c in t.concepts)]))
    return grounded(hay, replace(analysis, terms=tuple(terms), concepts=concepts)), corrected


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
