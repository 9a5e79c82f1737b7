"""Search's cheap paths give what the plain ones gave (issue 22: many hits cost little each).

The search grades a record where it lies in the one folded string, keeps the grade of each way
of matching, finds the records a concept points to with str.find, builds each hit only when it
is read, and JSON is written a chunk of hits at a time. Each is checked here against the plain
way it replaced: grading field by field, every hit built at once (the code as it was before,
kept below as the reference), the patterns tried at every place, the list read whole.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any, overload

import pytest

from kanten_cli.base import translate
from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import name_key
from kanten_cli.facts.load import parse
from kanten_cli.facts.model import Fact
from kanten_cli.facts.vocabulary import Lang
from kanten_cli.output import emit as render
from kanten_cli.output import views
from kanten_cli.query import search
from kanten_cli.query.index import Index, organisation_sources
from kanten_cli.query.search import (
    _SEP,
    FACT_FIELDS,
    NAMED,
    ORG_FIELDS,
    PREFIX,
    TARGET,
    TARGETED,
    Haystack,
    TermMatch,
    _clean,
    _fields,
    _points,
    _weight,
    candidates_with_all,
    grounded,
    literal,
)
from kanten_cli.query.words import _concepts, analyse, best_quality, words_of
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import project as generated

Record = dict[str, Any]


# --- the reference: search as it was, every record graded field by field, every hit built ----


def _targeted(term: Any, name: str, text: str) -> bool:
    for concept in term.concepts:
        if name == "id" and (text in concept.facts or text in concept.organisations):
            return True
        if name == "topic" and text in concept.topics:
            return True
        if name == "roles" and set(text.split()) & set(concept.roles):
            return True
    return False


def _match_record(terms: Sequence[Any], fields: dict[str, str]) -> list[TermMatch | None]:
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
            count += quality >= PREFIX and not target
            if best is None or weight > best.weight:
                best = TermMatch(name, quality, weight, 1, target)
        out.append(
            None if best is None else TermMatch(best.field, best.quality, best.weight, max(count, 1), best.target)
        )
    return out


def _preference(names: tuple[str, ...], lang: str) -> list[str]:
    first = ("name", f"text.{lang}", "id")
    other = "en" if lang == "da" else "da"
    return sorted(names, key=lambda n: (first.index(n) if n in first else 3, n.endswith(f".{other}"), names.index(n)))


def reference(hay: Haystack, query: str, lang: Lang) -> list[Record]:
    analysis = literal(hay, grounded(hay, analyse(query)))
    terms = list(analysis.terms)
    found = []
    for i, start, end in candidates_with_all(hay, terms):
        names = FACT_FIELDS if i < hay.n_facts else ORG_FIELDS
        fields = dict(zip(names, hay.folded[start:end].split(_SEP), strict=True))
        matches = _match_record(terms, fields)
        if None not in matches:
            found.append((i, fields, matches))
    if not found:
        raise NotFound("none")
    index, items = hay.records([i for i, _, _ in found])
    hits: list[Record] = []
    for i, fields, matches in found:
        item = items[i]
        score = sum(_points(m) for m in matches if m is not None)
        if name_key(query) in (name_key(item.id), name_key(getattr(item, "name", ""))):
            score += NAMED
        if isinstance(item, Fact):
            hit = {"kind": item.kind, "text": item.text.get(lang), "sources": index.sources_of(item)}
        else:
            hit = {"kind": "organisation", "text": item.name, "sources": organisation_sources(item)}
        names = tuple(fields)
        texts = dict(zip(names, (_clean(t) for t in _fields(item)), strict=True))
        preference = _preference(tuple(n for n in names if n not in ("topic", "roles")), lang)
        counts = {n: sum(best_quality(t, fields[n]) for t in terms if fields[n]) for n in preference}
        field = max(preference, key=lambda n: counts[n])
        if counts[field] == 0:
            field = "name" if "name" in fields else f"text.{lang}"
        snippet, marks, words = search.snippet_of(texts[field], terms)  # no words kept between hits
        kind = "fact" if i < hay.n_facts else "organisation"
        hits.append(
            {"type": kind, "id": item.id, "score": round(score, 2), **hit}
            | {"field": field, "snippet": snippet, "highlights": [{"start": a, "end": b} for a, b in marks]}
            | {"matches": words}
        )
    hits.sort(key=lambda h: -h["score"])
    return hits


def outcome(find: Any, hay: Haystack, query: str, *lang: Lang) -> Any:
    try:
        return find(hay, query, *lang)
    except NotFound:
        return "nothing"


def queries_of(hay: Haystack, every: int, every_concept: int) -> list[str]:
    """Every `every`th word of the data, every `every_concept`th word of the concepts, and a
    few of several words."""
    text = hay.folded.replace(_SEP, " ").replace(search.RECORD, " ")
    words = sorted(set(words_of(text)))[::every]
    concepts = sorted({w for c in _concepts() for p in (*c.words.da, *c.words.en) for w in words_of(p)})
    several = ["lønnet arbejde", "hvor mange deltog", "3f lolland", "penge projektet", "1 439"]
    return [*words, *concepts[::every_concept], *several]


@pytest.fixture(scope="module")
def real(index: Index) -> Haystack:
    return search.haystack(index)


@pytest.fixture(scope="module")
def synthetic() -> Haystack:
    """A generated file: 400 facts of three kinds whose texts differ by their numbers."""
    return search.haystack(Index(parse(json.dumps(generated(400)).encode(), "generated.json")))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_real_data_gives_what_the_plain_search_gave(real: Haystack, lang: Lang) -> None:
    translate.bind(lang)
    for query in queries_of(real, 17, 3):
        assert outcome(search.find, real, query) == outcome(reference, real, query, lang), query


@pytest.mark.parametrize("lang", ["da", "en"])
def test_many_like_records_give_what_the_plain_search_gave(synthetic: Haystack, lang: Lang) -> None:
    translate.bind(lang)
    # most records match the same way: the kept grades stand in for most of the grading
    queries = ["paid", "syntetisk", "synthetic 42", "lønnet arbejde 17", "fact-7", "penge", "result", "org", "side"]
    for query in [*queries, *queries_of(synthetic, 60, 15)]:
        assert outcome(search.find, synthetic, query) == outcome(reference, synthetic, query, lang), query


def test_ranked_is_find_in_order(real: Haystack, synthetic: Haystack) -> None:
    for hay in (real, synthetic):
        for query in ("arbejde", "paid", "penge", "synthetic", "3f", "vive", "org"):
            if outcome(search.find, hay, query) != "nothing":
                assert search.ranked(hay, query) == [(h["type"], h["id"]) for h in search.find(hay, query)]


def test_the_records_a_concept_points_to_are_where_its_patterns_match(real: Haystack, synthetic: Haystack) -> None:
    seen = 0
    for hay in (real, synthetic):
        for concept in _concepts():
            for term in analyse(f"{concept.words.da[0]} {concept.words.en[0]}").terms:
                patterns = search._target_patterns(term)
                expected = sorted(m.start() for p in patterns for m in p.finditer(hay.folded))
                assert sorted(search._target_places(hay.folded, term)) == expected, term.word
                seen += len(expected)
    assert seen  # some concept points to some record


def test_a_hit_is_built_when_it_is_read(synthetic: Haystack, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    snippet_of = search.snippet_of

    def counted(text: str, *args: Any) -> Any:
        built.append(text)
        return snippet_of(text, *args)

    monkeypatch.setattr(search, "snippet_of", counted)
    hits = search.found(synthetic, "paid")
    assert len(hits) == 200 and built == []
    first = hits[:3]
    assert len(built) == 3
    assert first == search.find(synthetic, "paid")[:3]
    assert hits[-1] == list(hits)[-1]


class Rows(Sequence[Record]):
    """Records made when read, counting how they are read."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.widest = 0  # the most records read at once
        self.whole = 0  # times read whole, one by one

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, at: int) -> Record: ...

    @overload
    def __getitem__(self, at: slice) -> list[Record]: ...

    def __getitem__(self, at: int | slice) -> Record | list[Record]:
        if isinstance(at, slice):
            rows = [self._row(i) for i in range(self.n)[at]]
            self.widest = max(self.widest, len(rows))
            return rows
        return self._row(at)

    def __iter__(self) -> Iterator[Record]:
        self.whole += 1
        return (self._row(i) for i in range(self.n))

    @staticmethod
    def _row(i: int) -> Record:
        return {"type": "fact", "id": f"fact-{i}", "score": 1.5, "highlights": [{"start": 0, "end": 2}]}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_is_written_a_chunk_of_records_at_a_time(fmt: render.Format) -> None:
    rows = Rows(4500)
    out = io.StringIO()
    render.emit(rows, fmt, views.SEARCH, out)
    assert rows.widest == 2000 and rows.whole == 0
    expected = io.StringIO()
    render.emit(list(rows), fmt, views.SEARCH, expected)
    assert out.getvalue() == expected.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "table", "markdown"])
def test_other_formats_read_lazy_records_as_a_list(fmt: render.Format) -> None:
    rows = Rows(30)
    out, expected = io.StringIO(), io.StringIO()
    render.emit(rows, fmt, views.SEARCH, out, no_color=True, no_pager=True)
    render.emit(list(rows), fmt, views.SEARCH, expected, no_color=True, no_pager=True)
    assert out.getvalue() == expected.getvalue() != ""


def test_fields_of_lazy_records(synthetic: Haystack) -> None:
    translate.bind("da")
    out, expected = io.StringIO(), io.StringIO()
    render.emit(search.found(synthetic, "paid"), "json", views.SEARCH, out, ["ID", "snippet"])
    render.emit(search.find(synthetic, "paid"), "json", views.SEARCH, expected, ["ID", "snippet"])
    assert out.getvalue() == expected.getvalue()
    assert list(json.loads(out.getvalue())[0]) == ["id", "snippet"]


def test_a_record_named_whole_comes_first(synthetic: Haystack) -> None:
    # a name key is worked out unless the id's digits rule it out (the query has none)
    for query, ident in (("fact-7", "fact-7"), ("FACT 7", "fact-7"), ("org", "org"), ("Synthetic Org", "org")):
        first = search.find(synthetic, query)[0]
        assert (first["id"], first["score"] >= NAMED) == (ident, True), query
