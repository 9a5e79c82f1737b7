"""Search: facts and organisations by any word, best first, each hit with where it matched.

Words are analysed as `ask` analyses them (kanten_cli/query/words.py): folded (loennet =
lonnet = lønnet), in any form ("virksomhederne" finds "virksomhed"), as part of a Danish
compound ("evaluering" finds "midtvejsevalueringen"), through the domain's concepts ("penge"
finds the grant, "finansiering" the funding topic); question and function words carry no
weight. A word of one or two characters, and a number however written (1439 = 1.439 = 1 439),
matches only whole. Every word must match; an id or a name that the query names whole ranks
first. Plain Python over the model; no I/O, no rendering.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, overload

from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import closest, fold, fold_letters, name_key
from kanten_cli.base.translate import _, language
from kanten_cli.facts.model import Fact, Organisation
from kanten_cli.facts.vocabulary import Lang
from kanten_cli.query.index import Index, organisation_sources
from kanten_cli.query.words import (
    FORM,
    PREFIX,
    WORD,
    Analysis,
    Term,
    _as_word,
    analyse,
    best_quality,
    loose_pattern,
    match,
    misspelling,
    same_word,
    word_at,
    words_of,
)

Record = dict[str, Any]

_SEP = "\x00"  # between fields: no query word can contain it, so no match spans two fields
RECORD = "\x01"  # between records in the one string that is folded and searched
TARGET = 0.8  # how well a record that a concept of the word points to (by topic, id or role) matches
TARGETED = 1.5  # and what that counts: about as much as the word's synonym in the record's text

# How much a match in each field counts; the field's name is its place in the project file.
WEIGHTS = {
    "id": 4.0,
    "name": 4.0,
    "text.da": 2.0,
    "text.en": 2.0,
    "quote": 1.0,
    "evidence": 1.0,
    "kind.da": 1.0,
    "kind.en": 1.0,
    "description.da": 1.0,
    "description.en": 1.0,
    "caveat.da": 0.5,
    "caveat.en": 0.5,
    "topic": 1.0,
    "roles": 1.0,
}
FACT_FIELDS = ("id", "text.da", "text.en", "quote", "evidence", "caveat.da", "caveat.en", "topic")
ORG_FIELDS = ("id", "name", "kind.da", "kind.en", "description.da", "description.en", "evidence", "roles")
NAMED = 100.0  # added when the whole query is an id or a name: that thing comes first
SNIPPET = 70  # about this many characters of context around the first match
LONG_WORD = 35  # a snippet ends inside a word only if the word is longer (Danish compounds are long)
SEEN = 1 << 16  # words whose match a search keeps while it builds snippets


def terms_of(query: str) -> list[Term]:
    """The query's words as terms, once each, in order (weightless words left out)."""
    return list(analyse(query).terms)


Item = Fact | Organisation


@dataclass(frozen=True)
class Haystack:
    """What a search looks in: every record's searched fields, folded, in one string (facts
    first, then organisations; fields joined by _SEP, records by RECORD), and how to get the
    records at some positions, with the index their sources are looked up in.

    Built from a loaded project (`haystack`), or kept from an earlier run over the same file
    (`kanten_cli/query/cache.py`), in which case only the records found are read again.
    """

    folded: str
    n_facts: int
    records: Callable[[Sequence[int]], tuple[Index, dict[int, Item]]]
    # where the loose patterns of the last few searches matched (see _loose_places)
    scans: dict[str, list[int]] = dataclasses.field(default_factory=dict, compare=False, repr=False)


def haystack(index: Index) -> Haystack:
    """The haystack of a loaded project."""
    return Haystack(fold_letters(_blob(index)), len(index.project.facts), functools.partial(records_at, index))


def records_at(index: Index, positions: Sequence[int]) -> tuple[Index, dict[int, Item]]:
    """A loaded project's records at these haystack positions (facts first, then organisations)."""
    facts, orgs = index.project.facts, index.project.organisations
    return index, {i: facts[i] if i < len(facts) else orgs[i - len(facts)] for i in positions}


def search(index: Index, query: str) -> list[Record]:
    """Facts and organisations of a loaded project matching every word of `query` (see `find`)."""
    return find(haystack(index), query)


@dataclass(frozen=True, slots=True)
class TermMatch:
    """How one term matched one record: the field it matched best in, how well (0-1) and the
    match's weight there (the field's weight times how well)."""

    field: str
    quality: float
    weight: float
    fields: int  # in how many fields the word itself matched (at least 1)
    target: bool = False  # only through a concept that points to the record


def find(hay: Haystack, query: str) -> list[Record]:
    """Facts and organisations matching every word of `query`, best first, with where each matched.

    All records are folded at once, as one string; each word's places are looked for in it,
    starting with the rarest; only the records that may hold every word are then read and
    checked field by field. (`found` gives the same hits, each built only when it is read.)
    """
    return list(found(hay, query))


def found(hay: Haystack, query: str) -> Hits:
    """What `find` finds, in its order, as a sequence that builds each hit when it is read:
    a search that finds many records never holds all their hits at once, and a reader that
    stops early (a pager's first screen) never pays for the rest. In the language bound now."""
    lang = language()
    analysis, graded = _matching(hay, query, lang)
    index, items = hay.records([g.position for g in graded])
    named = name_key(query)
    order = [(_score(items[g.position], g.grade.points, named), g.position, g.grade.field) for g in graded]
    order.sort(key=_best_first)  # stable: in the file's order on a tie
    snippets = _Snippets(analysis.terms)
    n_facts = hay.n_facts

    def hit(entry: tuple[float, int, str]) -> Record:
        score, position, field = entry
        item = items[position]
        snippet, marks, words = snippets.of(item, field)
        kind: str
        if isinstance(item, Fact):
            kind, text, sources = item.kind, item.text.get(lang), index.sources_of(item)
        else:
            kind, text, sources = "organisation", item.name, organisation_sources(item)
        return {
            "type": "fact" if position < n_facts else "organisation",
            "id": item.id,
            "score": score,
            "kind": kind,
            "text": text,
            "sources": sources,
            "field": field,
            "snippet": snippet,
            "highlights": [{"start": a, "end": b} for a, b in marks],
            "matches": words,
        }

    return Hits(order, hit)


def _best_first(entry: tuple[float, int, str]) -> float:
    return -entry[0]


class Hits(Sequence[Record]):
    """Hits, best first, each built from what the search kept of it when it is read (and not
    kept: reading one twice builds it twice)."""

    def __init__(self, order: list[tuple[float, int, str]], build: Callable[[tuple[float, int, str]], Record]) -> None:
        self._order = order
        self._build = build

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, at: int) -> Record: ...

    @overload
    def __getitem__(self, at: slice) -> list[Record]: ...

    def __getitem__(self, at: int | slice) -> Record | list[Record]:
        if isinstance(at, slice):
            return [self._build(entry) for entry in self._order[at]]
        return self._build(self._order[at])

    def __iter__(self) -> Iterator[Record]:
        return map(self._build, self._order)


def ranked(hay: Haystack, query: str) -> list[tuple[str, str]]:
    """What `find` finds, in its order, as (type, id) only: without the snippet of where each
    matched, which costs half the time when every record matches (`kanten browse`'s filter)."""
    _, graded = _matching(hay, query, None)
    _, items = hay.records([g.position for g in graded])
    named = name_key(query)
    scores = [-_score(items[g.position], g.grade.points, named) for g in graded]
    order = sorted(range(len(graded)), key=scores.__getitem__)  # stable: in the file's order on a tie
    return [("fact" if (i := graded[k].position) < hay.n_facts else "organisation", items[i].id) for k in order]


@dataclass(frozen=True, slots=True)
class _Grade:
    """How a record matches every term: each term's match, the field its snippet is taken from
    ('' when the reader's language is not known) and its points (`_points`, summed)."""

    found: list[TermMatch]
    field: str
    points: float


@dataclass(frozen=True, slots=True)
class _Graded:
    position: int  # in the haystack
    grade: _Grade


def _matching(hay: Haystack, query: str, lang: Lang | None) -> tuple[Analysis, list[_Graded]]:
    """The query's analysis, and the records that match every term, in the file's order.
    NotFound when none does."""
    analysis = literal(hay, grounded(hay, analyse(query)))
    if not analysis.terms:
        raise NotFound(_("nothing to search for"))
    grader = _Grader(hay.folded, analysis.terms, lang)
    graded: list[_Graded] = []
    for i, start, end in candidates_with_all(hay, analysis.terms):
        grade = grader.grade(start, end, FACT_FIELDS if i < hay.n_facts else ORG_FIELDS)
        if grade is not None:
            graded.append(_Graded(i, grade))
    if not graded:
        nothing = _("no fact or organisation matches {words!r}").format(words=query)
        raise NotFound(nothing + suggestion(hay, analysis))
    return analysis, graded


KNOWN = 1 << 12  # records' ways of matching that a search keeps the grade of


class _Grader:
    """How the terms match records of the haystack, graded where the records lie in it: each
    term's loose pattern is run once over a record (not once per field); each distinct word of
    text is graded once per term, and each way of matching (which words in which fields, and
    whether a concept points to the record) once per search."""

    def __init__(self, folded: str, terms: Sequence[Term], lang: Lang | None) -> None:
        self.folded = folded
        self.terms = terms
        self.lang = lang
        self.qualities: list[dict[str, float]] = [{} for _ in terms]
        self.pointers = [_Pointers.of(term) for term in terms]
        self.known: dict[tuple[Any, ...], _Grade | None] = {}

    def grade(self, start: int, end: int, names: tuple[str, ...]) -> _Grade | None:
        """The grade of the record at folded[start:end], whose fields are `names`; None if a
        term does not match it."""
        folded = self.folded
        pointed: dict[int, str] | None = None
        ways: list[Any] = [names]
        for term, pointers in zip(self.terms, self.pointers, strict=True):
            words = []
            for m in term.loose.finditer(folded, start, end):
                a, b = word_at(folded, m.start(), m.end())
                words.append((folded.count(_SEP, start, a), folded[a:b]))  # the field's place, the word
            ways.append(tuple(words))
            if pointers is not None:
                if pointed is None:
                    pointed = _pointed(folded, start, end, names)
                ways.append(tuple(pointers.point_to(names[k], text) for k, text in pointed.items()))
        way = tuple(ways)
        if way in self.known:
            return self.known[way]
        grade = self._graded(way, names, pointed)
        if len(self.known) < KNOWN:
            self.known[way] = grade
        return grade

    def _graded(self, way: tuple[Any, ...], names: tuple[str, ...], pointed: dict[int, str] | None) -> _Grade | None:
        totals = [0.0] * len(names)
        found: list[TermMatch] = []
        words = iter(way[1:])
        for term, known, pointers in zip(self.terms, self.qualities, self.pointers, strict=True):
            qualities: dict[int, float] = {}
            for k, word in next(words):
                quality = known.get(word)
                if quality is None:
                    quality = known[word] = term.quality(_as_word(word))
                if quality > qualities.get(k, 0.0):
                    qualities[k] = quality
            if pointers is not None:
                next(words)  # whether a concept points to the record: looked up again when needed
            for k, quality in qualities.items():
                totals[k] += quality
            best = _best_match(names, qualities, pointers, pointed)
            if best is None:
                return None
            found.append(best)
        field = "" if self.lang is None else _snippet_field(names, totals, self.lang)
        return _Grade(found, field, sum(_points(m) for m in found))


def _best_match(
    names: Sequence[str], qualities: dict[int, float], pointers: _Pointers | None, pointed: dict[int, str] | None
) -> TermMatch | None:
    """A term's best match in a record, from its best quality in each field (by the field's
    place; a field it does not match is left out) and, for a term with concepts, the record's
    id, topic or roles (folded, by place): a record that a concept points to matches as TARGET."""
    places = sorted(qualities) if pointers is None or not pointed else sorted(qualities.keys() | pointed.keys())
    best: tuple[str, float, float, bool] | None = None
    count = 0
    for k in places:
        name = names[k]
        quality = qualities.get(k, 0.0)
        weight = _weight(name, quality) * 2 * quality**2
        target = False
        if pointers is not None and pointed is not None and k in pointed and weight < TARGETED:
            target = pointers.point_to(name, pointed[k])
        if target:
            quality, weight = TARGET, TARGETED
        if quality <= 0:
            continue
        count += quality >= PREFIX and not target  # the word itself, not a synonym or concept
        if best is None or weight > best[2]:
            best = (name, quality, weight, target)
    if best is None:
        return None
    name, quality, weight, target = best
    return TermMatch(name, quality, weight, max(count, 1), target)


POINTED = ("id", "topic", "roles")  # the fields by which a concept points to a record


def _pointed(folded: str, start: int, end: int, names: Sequence[str]) -> dict[int, str]:
    """The folded id and last field (a fact's topic, an organisation's roles) of the record at
    folded[start:end], by their places among its fields."""
    first = folded.find(_SEP, start, end)
    last = folded.rfind(_SEP, start, end)
    return {0: folded[start:first], len(names) - 1: folded[last + 1 : end]}


@dataclass(frozen=True, slots=True)
class _Pointers:
    """What a term's concepts point to: facts and organisations by id, topics, roles."""

    ids: frozenset[str]
    topics: frozenset[str]
    roles: frozenset[str]

    @staticmethod
    def of(term: Term) -> _Pointers | None:
        if not term.concepts:
            return None
        cs = term.concepts
        return _Pointers(
            frozenset(i for c in cs for i in (*c.facts, *c.organisations)),
            frozenset(t for c in cs for t in c.topics),
            frozenset(r for c in cs for r in c.roles),
        )

    def point_to(self, name: str, text: str) -> bool:
        """Does a concept point to the record whose field `name` (id, topic or roles) is `text`?"""
        if name == "id":
            return text in self.ids
        if name == "topic":
            return text in self.topics
        return name == "roles" and not self.roles.isdisjoint(text.split())


def _score(item: Item, points: float, named: str) -> float:
    """A record's score as shown (rounded): its terms' points, and NAMED more when the query
    names it whole."""
    name = item.name if isinstance(item, Organisation) else ""  # a fact has no name
    if _names(item.id, named) or _names(name, named):
        points += NAMED
    return round(points, 2)


_DIGIT = re.compile(r"\d")


def _names(text: str, named: str) -> bool:
    """Is `named` the name key of `text`? Not worked out where it cannot be: the key of an
    ASCII text has the text's digits, so one with a digit is not a key without any."""
    if not text:  # a fact's name
        return not named
    if text.isascii() and _DIGIT.search(text) is not None and _DIGIT.search(named) is None:
        return False
    return name_key(text) == named


def _points(m: TermMatch) -> float:
    """A term's score in a record: its best field's weight, doubled for the word itself (a
    form, a prefix, a compound or a synonym count less, by the square of how well they match),
    plus a little for every further field."""
    if m.target:
        return TARGETED + 0.25 * (m.fields - 1)
    return _weight(m.field, m.quality) * 2 * m.quality**2 + 0.25 * (m.fields - 1)


def _weight(field: str, quality: float) -> float:
    """A field's weight for a match this good: an id or a name counts most for the word itself,
    as any text for a synonym ("paid" in paid-work-share is no answer to "finansiering")."""
    return min(WEIGHTS[field], WEIGHTS["text.da"]) if quality < PREFIX else WEIGHTS[field]


def match_record(terms: Sequence[Term], fields: dict[str, str]) -> list[TermMatch | None]:
    """Each term's best match in a record's folded fields (None where it has none). A record
    that a concept of the term points to (by id, topic or role) matches it as well as TARGET."""
    names = tuple(fields)
    texts = tuple(fields.values())
    pointed = {k: text for k, (name, text) in enumerate(fields.items()) if name in POINTED}
    out: list[TermMatch | None] = []
    for term in terms:
        qualities = {k: q for k, text in enumerate(texts) if text and (q := best_quality(term, text)) > 0}
        out.append(_best_match(names, qualities, _Pointers.of(term), pointed))
    return out


def _snippet_field(names: tuple[str, ...], totals: Sequence[float], lang: Lang) -> str:
    """The field a hit's snippet is taken from: the one that holds the most words of the query,
    the words themselves before their synonyms (on a tie, the one a reader prefers). A record
    found only through a concept shows its text (or name)."""
    best = max(_preference(names, lang), key=lambda k: totals[k])  # max keeps the first of equals
    if totals[best] == 0:
        return "name" if "name" in names else f"text.{lang}"
    return names[best]


@functools.lru_cache(maxsize=8)
def _preference(names: tuple[str, ...], lang: Lang) -> tuple[int, ...]:
    """The places of the fields a snippet may be taken from (not topic or roles), in the order
    a snippet is taken from them on a tie: the name, the text the reader sees, the id, then the
    rest with the reader's language first."""
    first = ("name", f"text.{lang}", "id")
    other = "en" if lang == "da" else "da"
    shown = [n for n in names if n not in ("topic", "roles")]
    order = sorted(shown, key=lambda n: (first.index(n) if n in first else 3, n.endswith(f".{other}"), shown.index(n)))
    return tuple(names.index(n) for n in order)


class _Snippets:
    """Snippets for one search's hits: whether a word of text matches a term is worked out once
    per distinct word, not once per hit."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = list(terms)
        self.seen: dict[str, bool] = {}

    def of(self, item: Item, field: str) -> tuple[str, list[tuple[int, int]], list[str]]:
        """The snippet of a hit's field, its marks and the words matched (see `snippet_of`)."""
        if isinstance(item, Fact) and field in ("text.da", "text.en"):
            text = item.text.da if field == "text.da" else item.text.en  # most often: no tuple of all
        else:
            text = _fields(item)[(FACT_FIELDS if isinstance(item, Fact) else ORG_FIELDS).index(field)]
        return snippet_of(_clean(text), self.terms, self.seen)


def snippet_of(
    text: str, terms: list[Term], seen: dict[str, bool] | None = None
) -> tuple[str, list[tuple[int, int]], list[str]]:
    """A short piece of `text` around its first match, the spans of every match in it, and the
    words matched (as written). `seen`: whether each word matches, as known so far (kept up)."""
    seen = {} if seen is None else seen
    if len(seen) > SEEN:
        seen.clear()
    spans = []
    known = seen.get
    for m in WORD.finditer(text):
        matches = known(m[0])
        if matches is None:
            word = m[0]
            if word.isdigit() and word.isascii():
                # a number as plain digits folds to itself and matches only a term or synonym
                # that is that number (words.match); not kept, as nearly every one is another
                matches = any(word in t.forms for t in terms)
            else:
                matches = seen[word] = any(t.matches_word(_fold_word(word)) for t in terms)
        if matches:
            spans.append(m.span())
    words = list(dict.fromkeys(text[a:b] for a, b in spans))
    if not spans:
        return _cut(text, 0, len(text)), [], words
    first = spans[0][0]
    start = _word_start(text, max(0, first - SNIPPET // 3), first)
    end = _word_end(text, min(len(text), max(first + SNIPPET - (first - start), spans[0][1])))
    piece = text[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    marks = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return lead + piece + tail, marks, words


def _cut(text: str, start: int, end: int) -> str:
    end = _word_end(text, min(end, SNIPPET))
    return text[start:end] + ("…" if end < len(text) else "")


def _word_start(text: str, at: int, limit: int) -> int:
    """`at` moved forward to the start of a word, but not past `limit` (the first match)."""
    if at == 0:
        return 0
    space = text.find(" ", at, limit)
    return at if space < 0 else space + 1


def _word_end(text: str, at: int) -> int:
    """`at` moved forward to the end of a word, unless that word is very long."""
    if at >= len(text):
        return len(text)
    space = text.find(" ", at)
    end = len(text) if space < 0 else space
    return end if end - at <= LONG_WORD else at


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    # Words repeat across records; folding each distinct one once keeps large results fast.
    return fold(word)


# --- finding the records that may match, in the one string -----------------------------------


def places(hay: Haystack, term: Term) -> list[int]:
    """Every place in the haystack where the term may match: its words and synonyms (see
    words.loose_pattern), and the records its concepts point to (their id, topic or role)."""
    found = list(_loose_places(hay, term))
    if term.concepts:
        found.extend(_target_places(hay.folded, term))
        if found:
            found.sort()
    return found


SCANS = 4  # loose patterns whose places a haystack keeps (a search looks for each a few times)


def _loose_places(hay: Haystack, term: Term) -> list[int]:
    """Where the term's loose pattern matches the haystack (kept: a search asks more than once)."""
    known = hay.scans.get(term.loose.pattern)
    if known is None:
        known = [m.start() for m in term.loose.finditer(hay.folded)]
        _keep_scan(hay, term, known)
    return known


def _keep_scan(hay: Haystack, term: Term, starts: list[int]) -> None:
    if len(hay.scans) >= SCANS:
        del hay.scans[next(iter(hay.scans))]
    hay.scans[term.loose.pattern] = starts


def _target_places(folded: str, term: Term) -> list[int]:
    """Where the records that the term's concepts point to begin (at their id) or where their
    last field begins (a fact's topic, an organisation's roles): the places `_target_patterns`
    match, found from where the ids and words are (str.find), not by trying the patterns at
    every place of the text, which takes half a second over 100 000 facts."""
    ids, words = _targets(term)
    found: list[int] = []
    for ident in sorted(ids):
        if folded.startswith(ident + _SEP):
            found.append(0)
        key = RECORD + ident + _SEP
        at = folded.find(key)
        while at >= 0:
            found.append(at + 1)
            at = folded.find(key, at + 1)
    if words:
        last_field = _last_field_pattern(words)
        tried: set[int] = set()
        for word in sorted(words):
            at = folded.find(word)
            while at >= 0:
                sep = folded.rfind(_SEP, 0, at)  # a match of the pattern starts at the field's separator
                if sep >= 0 and sep not in tried:
                    tried.add(sep)
                    if last_field.match(folded, sep):
                        found.append(sep)
                at = folded.find(word, at + 1)
    return found


def _targets(term: Term) -> tuple[set[str], set[str]]:
    """The ids the term's concepts point to, and their topics and roles."""
    ids = {i for c in term.concepts for i in (*c.facts, *c.organisations)}
    words: set[str] = {w for c in term.concepts for w in (*c.topics, *c.roles)}
    return ids, words


def _last_field_pattern(words: set[str]) -> re.Pattern[str]:
    """A last field (a fact's topic, an organisation's roles) that holds one of `words` whole."""
    alternatives = "|".join(sorted(map(re.escape, words)))
    return re.compile(rf"\x00(?:[a-z-]+ )*(?:{alternatives})(?: [a-z-]+)*(?=\x01|\Z)")


def _target_patterns(term: Term) -> list[re.Pattern[str]]:
    """Patterns that match where `_target_places` finds (kept to test that it finds the same)."""
    ids, words = _targets(term)
    patterns = []
    if ids:
        alternatives = "|".join(sorted(map(re.escape, ids)))
        patterns.append(re.compile(rf"(?:(?<=\x01)|\A)(?:{alternatives})\x00"))
    if words:
        patterns.append(_last_field_pattern(words))
    return patterns


def candidates_with_all(hay: Haystack, terms: Sequence[Term]) -> list[tuple[int, int, int]]:
    """The records in which every term may match, in order: each as its position among the
    records and where its folded text starts and ends.

    The places of the term that has the fewest are looked for in all the text; only the records
    they fall in are then checked for the others. A record's position is counted from the
    separators before it, in one pass for all of them; the text is never split.
    """
    folded = hay.folded
    every = [places(hay, term) for term in terms]
    if not all(every):
        return []
    rarest = min(range(len(terms)), key=lambda k: len(every[k]))
    others = [k for k in range(len(terms)) if k != rarest]
    found: list[tuple[int, int, int]] = []
    for position, start, end in records_of(folded, every[rarest]):
        if all(_any_within(every[k], start, end) for k in others):
            found.append((position, start, end))
    return found


def records_of(folded: str, at: Iterable[int]) -> list[tuple[int, int, int]]:
    """The records that these places (in order) fall in, once each: position, start, end."""
    found: list[tuple[int, int, int]] = []
    position, counted, checked = 0, 0, -1
    for place in at:
        position += folded.count(RECORD, counted, place)
        counted = place
        if position == checked:  # another place in a record already counted
            continue
        checked = position
        start = folded.rfind(RECORD, 0, place) + 1
        end = folded.find(RECORD, place)
        found.append((position, start, len(folded) if end < 0 else end))
    return found


def _any_within(places: list[int], start: int, end: int) -> bool:
    import bisect

    k = bisect.bisect_left(places, start)
    return k < len(places) and places[k] < end


def suggestion(hay: Haystack, analysis: Analysis) -> str:
    """'; did you mean …?' for a word that matches nothing at all, or ''."""
    vocabulary = vocabulary_of(hay)
    for term in analysis.terms:
        if term.concepts or _matches_somewhere(hay, term):
            continue
        close = closest(term.word, vocabulary, n=1)
        if close and close[0] != term.word and misspelling(term.word, close[0], ratio=0.75, length=2):
            return _("; did you mean {names}?").format(names=repr(close[0]))
    return ""


def grounded(hay: Haystack, analysis: Analysis) -> Analysis:
    """The analysis with each term allowed inside compounds only if the text has the word on
    its own (in some form): "evaluering" finds "midtvejsevalueringen", but "bejde", which the
    text never has alone, does not find "arbejde"."""
    terms = tuple(t if t.exact_only or _stands_alone(hay, t) else replace(t, inside=False) for t in analysis.terms)
    return replace(analysis, terms=terms)


def literal(hay: Haystack, analysis: Analysis) -> Analysis:
    """The analysis with a word's synonyms dropped where the text has the word itself: a search
    for "læringscases" finds that fact and what its concepts point to, not every text that
    says "forløb"; one for "penge", which no text says, finds "bevillingen"."""
    terms = []
    for term in analysis.terms:
        own = replace(term, forms=term.forms[:1], loose=loose_pattern(term.forms[:1]))
        terms.append(own if len(term.forms) > 1 and _matches_somewhere(hay, own) else term)
    return replace(analysis, terms=tuple(terms))


def _stands_alone(hay: Haystack, term: Term) -> bool:
    folded = hay.folded
    seen: list[int] = []
    for m in term.loose.finditer(folded):
        a, b = word_at(folded, m.start(), m.end())
        if a == m.start() and match(term.word, folded[a:b]) >= FORM:
            return True
        seen.append(m.start())
    if term.loose.pattern not in hay.scans:
        _keep_scan(hay, term, seen)  # every place was looked at: `places` need not look again
    return any(same_word(term.word, w) for c in term.concepts for w in c.words.da + c.words.en)


def _matches_somewhere(hay: Haystack, term: Term) -> bool:
    """Does a word of some record match the term (not only a place that might)? Only a record
    with a place of the term's loose pattern can: the places its concepts point to are not
    looked at."""
    folded = hay.folded
    end = -1
    for place in _loose_places(hay, term):  # in order; most often the first place's record does
        if place < end:
            continue  # in the record just looked at
        start = folded.rfind(RECORD, 0, place) + 1
        end = folded.find(RECORD, place)
        end = len(folded) if end < 0 else end
        if best_quality(term, folded[start:end]) > 0:
            return True
    return False


SAMPLE = 1 << 20  # the words of this much of a large haystack are a did-you-mean's choices


def vocabulary_of(hay: Haystack) -> list[str]:
    """The words a did-you-mean chooses from: the concepts' words and the words of the
    haystack (of its first SAMPLE characters: enough for a large file's words, cheap)."""
    from kanten_cli.query.words import _concepts

    words = {w for w in words_of(hay.folded[:SAMPLE].replace(_SEP, " ").replace(RECORD, " ")) if len(w) > 3}
    for concept in _concepts():
        words.update(w for phrase in (*concept.words.da, *concept.words.en) for w in words_of(phrase) if len(w) > 3)
    return sorted(w for w in words if w.isalpha())


def _blob(index: Index) -> str:
    """The text each fact and organisation is searched in (its fields joined by _SEP), facts
    first, records joined by RECORD.

    The facts' fields are gathered a column at a time: with 100 000 facts, a function call per
    fact would cost more than all the folding and matching.
    """
    facts, orgs = index.project.facts, index.project.organisations
    columns = (
        [f.id for f in facts],
        [f.text.da for f in facts],
        [f.text.en for f in facts],
        [f.quote or "" for f in facts],
        [f.evidence or "" for f in facts],
        [f.caveat.da if f.caveat else "" for f in facts],
        [f.caveat.en if f.caveat else "" for f in facts],
        [f.topic for f in facts],
    )
    blob = RECORD.join([*map(_SEP.join, zip(*columns, strict=True)), *(_SEP.join(_fields(o)) for o in orgs)])
    separators = len(facts) * (len(FACT_FIELDS) - 1) + len(orgs) * (len(ORG_FIELDS) - 1)
    if blob.count(_SEP) != separators or blob.count(RECORD) != len(facts) + len(orgs) - 1:
        # a text holds a separator itself: blank it (rare, slower)
        every: list[Item] = [*facts, *orgs]
        blob = RECORD.join(_SEP.join(_clean(t) for t in _fields(item)) for item in every)
    return blob


def _clean(text: str) -> str:
    return text.replace(_SEP, " ").replace(RECORD, " ")


def _fields(item: Fact | Organisation) -> tuple[str, ...]:
    """The searched fields, in the order of FACT_FIELDS or ORG_FIELDS.

    An organisation's role quotes and role evidence are left out: each is the one sentence that
    names all the partners (or all the grant's recipients), so every partner would match every
    other's name. The evidence of its description is its own; its roles are there by name.
    """
    if isinstance(item, Fact):
        caveat = item.caveat
        return (
            item.id,
            item.text.da,
            item.text.en,
            item.quote or "",
            item.evidence or "",
            caveat.da if caveat else "",
            caveat.en if caveat else "",
            item.topic,
        )
    description = item.description
    return (
        item.id,
        item.name,
        item.kind.da,
        item.kind.en,
        description.da if description else "",
        description.en if description else "",
        item.description_evidence or "",
        " ".join(dict.fromkeys(claim.role for claim in item.roles)),
    )
