"""Search: facts and organisations by any word, best first, each hit with where it matched.

A query word matches at the start of a word, after folding (case, accents, Danish letters:
loennet = lonnet = lønnet); a word of one or two characters, and a number however written
(1439 = 1.439 = 1 439), matches only whole. An id or a name that the query names whole ranks
first. Plain Python over the model; no I/O, no rendering.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import fold, fold_letters, name_key
from kanten_cli.facts.model import Fact, Organisation
from kanten_cli.facts.vocabulary import Lang
from kanten_cli.query.index import Index, organisation_sources

Record = dict[str, Any]

# A word of text: a number with its digit groups and decimals (1.439, 1,439, 21 130 000, 0,5), or
# a run of letters and digits.
_WORD = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3}(?!\d))*(?:,\d+)?(?!\w)|\w+", re.UNICODE)
_GROUP_MARK = "[.,\u00a0\u202f ]?"
_SEP = "\x00"  # between fields: no query word can contain it, so no match spans two fields
RECORD = "\x01"  # between records in the one string that is folded and searched
SHORT = 2  # a query word this short matches whole words only

# How much a match in each field counts; the field's name is its place in the project file.
_WEIGHTS = {
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
}
_FACT_FIELDS = ("id", "text.da", "text.en", "quote", "evidence", "caveat.da", "caveat.en")
_ORG_FIELDS = (
    "id",
    "name",
    "kind.da",
    "kind.en",
    "description.da",
    "description.en",
    "evidence",
)
NAMED = 100.0  # added when the whole query is an id or a name: that thing comes first
SNIPPET = 70  # about this many characters of context around the first match
LONG_WORD = 35  # a snippet ends inside a word only if the word is longer (Danish compounds are long)


@dataclass(frozen=True)
class Term:
    """One folded query word and the patterns it is looked for with."""

    word: str
    anywhere: re.Pattern[str]  # at a word start (whole, for a short word or a number)
    whole: re.Pattern[str]  # as a whole word

    @property
    def exact_only(self) -> bool:
        return len(self.word) <= SHORT or _numeric(self.word)

    def matches_word(self, folded: str) -> bool:
        """Does this term match a word of text (folded)?"""
        return folded == self.word if self.exact_only else folded.startswith(self.word)


def terms_of(query: str) -> list[Term]:
    """The query's words as terms, once each, in order."""
    words = dict.fromkeys(w for w in (fold(w) for w in _WORD.findall(query)) if w)
    return [_term(w) for w in words]


def _numeric(word: str) -> bool:
    return word.replace(",", "").isdigit()


def _term(word: str) -> Term:
    # Each pattern begins with a literal and looks behind it for the word start: a pattern that
    # began with the look-behind would be tried at every position of the text, 15 times slower.
    first = re.escape(word[0])
    if _numeric(word):
        # a group separator may stand before each group of three digits (1.439, 21 130 000);
        # never part of a longer number
        whole_digits = word.find(",") if "," in word else len(word)
        rest = "".join(
            (_GROUP_MARK if i < whole_digits and (whole_digits - i) % 3 == 0 else "") + re.escape(word[i])
            for i in range(1, len(word))
        )
        start = rf"{first}(?<!\w{first})(?<!\d[.,\u00a0\u202f ]{first})"
        whole = re.compile(start + rest + r"(?![.,\u00a0\u202f ]?\d)")
        return Term(word, whole, whole)
    literal = re.escape(word)
    anywhere = re.compile(rf"{literal}(?<!\w{literal})")
    whole = re.compile(rf"{literal}(?<!\w{literal})(?!\w)")
    return Term(word, whole if len(word) <= SHORT else anywhere, whole)


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


def search(index: Index, query: str, lang: Lang) -> list[Record]:
    """Facts and organisations of a loaded project matching every word of `query` (see `find`)."""
    return find(haystack(index), query, lang)


def find(hay: Haystack, query: str, lang: Lang) -> list[Record]:
    """Facts and organisations matching every word of `query`, best first, with where each matched.

    All records are folded at once, as one string, and each query word is looked for in it
    once; only the records that contain every word are read and scored field by field.
    """
    terms = terms_of(query)
    if not terms:
        raise NotFound("nothing to search for")
    found = _records_with_all(hay.folded, terms)
    if not found:
        raise NotFound(f"no fact or organisation matches {query!r}")
    index, items = hay.records([i for i, _, _ in found])
    named = name_key(query)
    # Per hit, only what differs from hit to hit: the fields' order of preference is worked out
    # once per kind of record, each field is searched once per term, and only the field the
    # snippet comes from is cleaned and cut (a search may find half of 100 000 facts).
    preferred = {
        kind: _preference(names, lang) for kind, names in (("fact", _FACT_FIELDS), ("organisation", _ORG_FIELDS))
    }
    words_of = _Words(terms)
    hits = []
    for i, start, end in found:
        item = items[i]
        kind, names = ("fact", _FACT_FIELDS) if i < hay.n_facts else ("organisation", _ORG_FIELDS)
        fields = dict(zip(names, hay.folded[start:end].split(_SEP), strict=True))
        score, counts = _score(terms, fields)
        # An id is kebab-case already (the model says so): its name key is itself.
        if named == item.id or (kind == "organisation" and named == name_key(getattr(item, "name", ""))):
            score += NAMED
        most = max(counts.values())
        where = next(name for name in preferred[kind] if counts.get(name, 0) == most)  # the first of equals
        text = _clean(_fields(item)[names.index(where)])
        snippet, marks, words = snippet_of(text, terms, words_of, fields[where])
        hits.append(
            {
                "type": kind,
                "id": item.id,
                "score": round(score, 2),
                **_hit_fields(index, item, lang),
                "field": where,
                "snippet": snippet,
                "highlights": [{"start": a, "end": b} for a, b in marks],
                "matches": words,
            }
        )
    hits.sort(key=lambda h: -h["score"])
    return hits


def _score(terms: list[Term], fields: dict[str, str]) -> tuple[float, dict[str, int]]:
    """Per term: the weight of the best field it is in (doubled for a whole word), plus a little
    for every further field; and how many of the terms each field holds."""
    score = 0.0
    counts: dict[str, int] = {}
    for term in terms:
        weights = []
        for name, text in fields.items():
            if text and term.anywhere.search(text):
                weights.append(_WEIGHTS[name] * (2.0 if term.whole.search(text) else 1.0))
                counts[name] = counts.get(name, 0) + 1
        score += max(weights) + 0.25 * (len(weights) - 1)
    return score, counts


def _preference(names: tuple[str, ...], lang: Lang) -> list[str]:
    """Fields in the order a snippet is taken from them, on a tie: the name, the text the reader
    sees, the id, then the rest with the reader's language first."""
    first = ("name", f"text.{lang}", "id")
    other = "en" if lang == "da" else "da"
    return sorted(names, key=lambda n: (first.index(n) if n in first else 3, n.endswith(f".{other}"), names.index(n)))


class _Words:
    """Which words of a text the terms match, with one C-level test per word: a folded word is
    one of the exact terms, or starts with one of the others."""

    def __init__(self, terms: list[Term]) -> None:
        self.exact = frozenset(t.word for t in terms if t.exact_only)
        self.prefixes = tuple(t.word for t in terms if not t.exact_only)
        self.firsts = frozenset(t.word[0] for t in terms)

    def match(self, word: str) -> bool:
        head = word[0]
        if head.isascii() and head.lower() not in self.firsts:
            return False  # folding keeps an ASCII first letter (lower-cased) and a first digit
        folded = _fold_word(word)
        return folded in self.exact or folded.startswith(self.prefixes)


def snippet_of(
    text: str, terms: list[Term], words_of: _Words | None = None, folded: str | None = None
) -> tuple[str, list[tuple[int, int]], list[str]]:
    """A short piece of `text` around its first match, the spans of every match in it, and the
    words matched (as written). `folded`, the text as the haystack folded it, lets a plain
    ASCII text be searched with the terms' patterns instead of word by word."""
    match = (words_of or _Words(terms)).match
    quick = folded is not None and len(folded) == len(text) and text.isascii()
    if quick and folded is not None and not any(_numeric(t.word) for t in terms):
        # Folding changed no length: each character is where it was, lower-cased. The patterns
        # find where a term starts a word (a number's pattern reads digit groups across spaces,
        # so numbers take the long way); each such word is then checked as below.
        starts = sorted({m.start() for t in terms for m in t.anywhere.finditer(folded)})
        found = (_WORD.match(text, at) for at in starts)
        spans = [(m.start(), m.end()) for m in found if m is not None and match(m.group())]
    else:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text) if match(m.group())]
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


def _records_with_all(folded: str, terms: list[Term]) -> list[tuple[int, int, int]]:
    """The records in which every term occurs, in order: each as its position among the
    records and where its folded text starts and ends.

    Each term is looked for once in all the text; only the records of the rarest one are then
    checked for the others. A record's position is counted from the separators before it, in
    one pass for all of them; the text is never split.
    """
    matches = []
    for term in terms:
        starts = [m.start() for m in term.anywhere.finditer(folded)]
        if not starts:
            return []
        matches.append(starts)
    rarest = min(range(len(terms)), key=lambda k: len(matches[k]))
    others = [term.anywhere for k, term in enumerate(terms) if k != rarest]
    found: list[tuple[int, int, int]] = []
    position, counted, checked = 0, 0, -1
    for at in matches[rarest]:
        position += folded.count(RECORD, counted, at)
        counted = at
        if position == checked:  # another match in a record already checked
            continue
        checked = position
        start = folded.rfind(RECORD, 0, at) + 1
        end = folded.find(RECORD, at)
        end = len(folded) if end < 0 else end
        # Records are separated by a character that is no part of a word, so a term's word
        # boundaries are the same within these bounds as in the whole text.
        if all(other.search(folded, start, end) for other in others):
            found.append((position, start, end))
    return found


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
    )
    blob = RECORD.join([*map(_SEP.join, zip(*columns, strict=True)), *(_SEP.join(_fields(o)) for o in orgs)])
    separators = len(facts) * (len(_FACT_FIELDS) - 1) + len(orgs) * (len(_ORG_FIELDS) - 1)
    if blob.count(_SEP) != separators or blob.count(RECORD) != len(facts) + len(orgs) - 1:
        # a text holds a separator itself: blank it (rare, slower)
        every: list[Item] = [*facts, *orgs]
        blob = RECORD.join(_SEP.join(_clean(t) for t in _fields(item)) for item in every)
    return blob


def _clean(text: str) -> str:
    return text.replace(_SEP, " ").replace(RECORD, " ")


def _fields(item: Fact | Organisation) -> tuple[str, ...]:
    """The searched fields, in the order of _FACT_FIELDS or _ORG_FIELDS.

    An organisation's role quotes and role evidence are left out: each is the one sentence that
    names all the partners (or all the grant's recipients), so every partner would match every
    other's name. The evidence of its description is its own.
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
    )


def _hit_fields(index: Index, item: Fact | Organisation, lang: Lang) -> Record:
    if isinstance(item, Fact):
        return {"kind": item.kind, "text": item.text.get(lang), "sources": index.sources_of(item)}
    return {"kind": "organisation", "text": item.name, "sources": organisation_sources(item)}
