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

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import closest, fold, fold_letters, name_key
from kanten_cli.base.translate import _, language, other_language
from kanten_cli.facts.model import Fact, Organisation
from kanten_cli.query.index import Index, organisation_sources
from kanten_cli.query.words import (
    FORM,
    PREFIX,
    WORD,
    Analysis,
    Term,
    analyse,
    best_quality,
    loose_pattern,
    match,
    misspelling,
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


@dataclass(frozen=True)
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
    checked field by field.
    """
    analysis, scored = _matching(hay, query)
    index, items = hay.records([entry[0] for entry in scored])
    named = name_key(query)
    hits: list[Record] = []
    for i, fields, found in scored:
        item = items[i]
        score = _record_score(item, found, named)
        hit: Record = {"type": "fact" if i < hay.n_facts else "organisation", "id": item.id, "score": round(score, 2)}
        hit.update(hit_fields(index, item))
        hit.update(where(item, fields, analysis.terms))
        hits.append(hit)
    hits.sort(key=lambda h: -h["score"])
    return hits


def ranked(hay: Haystack, query: str) -> list[tuple[str, str]]:
    """What `find` finds, in its order, as (type, id) only: without the snippet of where each
    matched, which costs half the time when every record matches (`kanten browse`'s filter)."""
    _, scored = _matching(hay, query)
    _, items = hay.records([entry[0] for entry in scored])
    named = name_key(query)
    order = sorted((-round(_record_score(items[i], found, named), 2), n, i) for n, (i, _, found) in enumerate(scored))
    return [("fact" if i < hay.n_facts else "organisation", items[i].id) for _, _, i in order]


def _matching(hay: Haystack, query: str) -> tuple[Analysis, list[tuple[int, dict[str, str], list[TermMatch]]]]:
    """The query's analysis, and the records that match every term: each as its haystack
    position, its folded fields and how each term matched it. NotFound when none does."""
    analysis = literal(hay, grounded(hay, analyse(query)))
    if not analysis.terms:
        raise NotFound(_("nothing to search for"))
    scored: list[tuple[int, dict[str, str], list[TermMatch]]] = []
    for i, start, end in candidates_with_all(hay, analysis.terms):
        names = FACT_FIELDS if i < hay.n_facts else ORG_FIELDS
        fields = dict(zip(names, hay.folded[start:end].split(_SEP), strict=True))
        matches = [m for m in match_record(analysis.terms, fields) if m is not None]
        if len(matches) == len(analysis.terms):
            scored.append((i, fields, matches))
    if not scored:
        nothing = _("no fact or organisation matches {words!r}").format(words=query)
        raise NotFound(nothing + suggestion(hay, analysis))
    return analysis, scored


def _record_score(item: Item, found: list[TermMatch], named: str) -> float:
    """A record's score: its terms' points, and NAMED more when the query names it whole."""
    score = sum(_points(m) for m in found)
    if named in (name_key(item.id), name_key(getattr(item, "name", ""))):
        score += NAMED
    return score


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
    out: list[TermMatch | None] = []
    for term in terms:
        best: TermMatch | None = None
        count = 0
        for name, text in fields.items():
            quality = best_quality(term, text) if text else 0.0
            weight = _weight(name, quality) * 2 * quality**2
            target = name in ("id", "topic", "roles") and weight < TARGETED and _targeted(term, name, text)
            if target:
                quality, weight = TARGET, TARGETED
            if quality <= 0:
                continue
            count += quality >= PREFIX and not target  # the word itself, not a synonym or concept
            if best is None or weight > best.weight:
                best = TermMatch(name, quality, weight, 1, target)
        out.append(None if best is None else replace(best, fields=max(count, 1)))
    return out


def _targeted(term: Term, name: str, text: str) -> bool:
    """Does a concept of the term point to this record, by its id, topic or one of its roles?"""
    for concept in term.concepts:
        if name == "id" and (text in concept.facts or text in concept.organisations):
            return True
        if name == "topic" and text in concept.topics:
            return True
        if name == "roles" and set(text.split()) & set(concept.roles):
            return True
    return False


def where(item: Item, fields: dict[str, str], terms: Sequence[Term]) -> Record:
    """Where a hit matched: the field that holds the most words of the query, the words
    themselves before their synonyms (on a tie, the one a reader prefers); a snippet of it, the
    spans of the matches in it, and the words matched. A record found only through a concept
    shows its text."""
    names = tuple(fields)
    texts = dict(zip(names, (_clean(t) for t in _fields(item)), strict=True))
    preference = _preference(tuple(n for n in names if n not in ("topic", "roles")))
    counts = {name: sum(best_quality(t, fields[name]) for t in terms if fields[name]) for name in preference}
    field = max(preference, key=lambda name: counts[name])  # max keeps the first of equals
    if counts[field] == 0:
        field = "name" if "name" in fields else f"text.{language()}"
    snippet, marks, words = snippet_of(texts[field], list(terms))
    return {
        "field": field,
        "snippet": snippet,
        "highlights": [{"start": a, "end": b} for a, b in marks],
        "matches": words,
    }


def _preference(names: tuple[str, ...]) -> list[str]:
    """Fields in the order a snippet is taken from them, on a tie: the name, the text the reader
    sees, the id, then the rest with the reader's language first."""
    first = ("name", f"text.{language()}", "id")
    other = other_language()
    return sorted(names, key=lambda n: (first.index(n) if n in first else 3, n.endswith(f".{other}"), names.index(n)))


def snippet_of(text: str, terms: list[Term]) -> tuple[str, list[tuple[int, int]], list[str]]:
    """A short piece of `text` around its first match, the spans of every match in it, and the
    words matched (as written)."""
    spans = [
        (m.start(), m.end()) for m in WORD.finditer(text) if any(t.matches_word(_fold_word(m.group())) for t in terms)
    ]
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
    folded = hay.folded
    found = [m.start() for m in term.loose.finditer(folded)]
    for target in _target_patterns(term):
        found.extend(m.start() for m in target.finditer(folded))
    if len(term.concepts) > 0 and found:
        found.sort()
    return found


def _target_patterns(term: Term) -> list[Any]:
    import re

    ids: set[str] = {i for c in term.concepts for i in (*c.facts, *c.organisations)}
    topics: set[str] = {t for c in term.concepts for t in c.topics}
    roles: set[str] = {r for c in term.concepts for r in c.roles}
    patterns = []
    if ids:
        alternatives = "|".join(sorted(map(re.escape, ids)))
        patterns.append(re.compile(rf"(?:(?<=\x01)|\A)(?:{alternatives})\x00"))
    if topics or roles:
        # a fact's topic, or one of an organisation's roles, is its last field
        words = "|".join(sorted(map(re.escape, topics | roles)))
        patterns.append(re.compile(rf"\x00(?:[a-z-]+ )*(?:{words})(?: [a-z-]+)*(?=\x01|\Z)"))
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
    for m in term.loose.finditer(folded):
        a, b = word_at(folded, m.start(), m.end())
        if a == m.start() and match(term.word, folded[a:b]) >= FORM:
            return True
    return any(match(term.word, w) >= FORM for c in term.concepts for w in c.words.da + c.words.en)


def _matches_somewhere(hay: Haystack, term: Term) -> bool:
    """Does a word of some record match the term (not only a place that might)?"""
    folded = hay.folded
    return any(best_quality(term, folded[start:end]) > 0 for _, start, end in records_of(folded, places(hay, term)))


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


def hit_fields(index: Index, item: Fact | Organisation) -> Record:
    if isinstance(item, Fact):
        return {"kind": item.kind, "text": item.text.get(), "sources": index.sources_of(item)}
    return {"kind": "organisation", "text": item.name, "sources": organisation_sources(item)}
