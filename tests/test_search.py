"""Search on the real data: word-start precision, ranking, and where each hit matched.

Ranking is tested on ids and names that stay (3f-lolland, vive, cabi, participants-registered,
paid-work-share), not on the wording of texts, which is being rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import fold
from kanten_cli.query.index import Index
from kanten_cli.query.search import search, snippet_of, terms_of

Invoke = Callable[..., Result]


def marked(hit: dict[str, Any]) -> list[str]:
    """The parts of a hit's snippet that its highlights mark."""
    return [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]]


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- precision -----------------------------------------------------------------------------------


def test_3f_finds_3f_lolland_first_and_only_what_mentions_3f(index: Index) -> None:
    hits = search(index, "3f")
    assert (hits[0]["type"], hits[0]["id"]) == ("organisation", "3f-lolland")
    for hit in hits:
        # every hit shows a whole word 3F: never the 3 of 1439 or the f of "for"
        assert marked(hit) and {fold(m) for m in marked(hit)} == {"3f"}, hit["id"]
    assert not {"participants-registered", "paid-work-share"} & {h["id"] for h in hits}


def test_vive_finds_the_organisation_first(index: Index) -> None:
    for lang in ("en", "da"):
        for query in ("vive", "VIVE", "Vive"):
            translate.bind(lang)
            first = search(index, query)[0]
            assert (first["type"], first["id"], first["field"]) == ("organisation", "vive", "name")


@pytest.mark.parametrize("ident", ["cabi", "paid-work-share", "participants-registered", "3f-lolland"])
def test_an_id_given_whole_comes_first(index: Index, ident: str) -> None:
    assert search(index, ident)[0]["id"] == ident
    translate.bind("da")
    assert search(index, ident.upper())[0]["id"] == ident


def test_a_word_matches_at_a_word_start_not_inside_one(index: Index) -> None:
    # "bejde" is inside "arbejde" everywhere, at the start of no word
    with pytest.raises(NotFound):
        translate.bind("da")
        search(index, "bejde")
    # a prefix of a word does match: "lønne" finds "lønnet"
    assert "paid-work-share" in [h["id"] for h in search(index, "lønne")]


def test_a_two_letter_word_matches_whole_words_only(index: Index) -> None:
    translate.bind("da")
    hits = search(index, "af")
    assert hits
    for hit in hits:
        assert {fold(w) for w in hit["matches"]} == {"af"}, hit["id"]
        assert {fold(m) for m in marked(hit)} == {"af"}, hit["id"]


@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_number_however_written(index: Index, lang: str) -> None:
    translate.bind(lang)
    found = [[h["id"] for h in search(index, q)] for q in ("1439", "1.439", "1 439", "1,439")]
    assert found[0][0] == "participants-registered"
    assert all(ids == found[0] for ids in found)
    # a number matches whole: 143 is no part of 1439
    with pytest.raises(NotFound):
        search(index, "143")


# --- where it matched ------------------------------------------------------------------------------


def test_lonnet_arbejde_in_english_says_where_it_matched(index: Index) -> None:
    hits = search(index, "lønnet arbejde")
    assert "paid-work-share" in [h["id"] for h in hits[:3]]
    for hit in hits:
        # the Danish words in a Danish field, or their English words (the concept "work") in
        # the English text; the label says which
        if hit["field"] in ("text.en", "caveat.en", "kind.en", "description.en"):
            words = ("paid", "work", "employ", "job", "hour", "lonn", "arbejd", "labour")
            assert all(fold(m).startswith(words) for m in marked(hit)), hit
        else:
            assert hit["field"] in ("text.da", "quote", "caveat.da", "evidence", "id"), hit


def test_lonnet_arbejde_in_danish_shows_the_danish_text(index: Index) -> None:
    translate.bind("da")
    hits = search(index, "loennet arbejde")
    first = next(h for h in hits if h["id"] == "paid-work-share")
    assert first["field"] == "text.da"
    assert [fold(m) for m in marked(first)] == ["lonnet", "arbejde"]
    assert first["snippet"].replace("…", "") in first["text"]


def test_a_hit_only_in_the_quote_is_labelled_as_the_danish_quote(invoke: Invoke) -> None:
    rows = as_json(invoke("search", "lønnet", "arbejde", "--json"))
    quoted = [r for r in rows if r["field"] == "quote"]
    assert quoted, "some fact matches only in its quote"
    table = invoke("search", "lønnet", "arbejde", env={"COLUMNS": "120"}).stdout
    assert "Danish quote: " in table and "lønnet arbejde" in table and "**" not in table  # the quote as written
    da = invoke("search", "lønnet", "arbejde", "--lang", "da", env={"COLUMNS": "120"}).stdout
    assert "citat: " in da or "tekst: " in da


def test_hits_carry_field_snippet_and_highlights_in_json(invoke: Invoke) -> None:
    (first, *_) = as_json(invoke("search", "1.439", "--json"))
    assert first["id"] == "participants-registered"
    assert first["field"] == "text.en"
    assert [fold(m) for m in marked(first)] == ["1439"]
    assert list(first)[:3] == ["type", "id", "score"]


def test_snippet_is_short_and_cut_at_words() -> None:
    text = " ".join(f"word{i}" for i in range(60)) + " target " + " ".join(f"tail{i}" for i in range(60))
    snippet, marks, words = snippet_of(text, terms_of("target"))
    assert snippet.startswith("…") and snippet.endswith("…") and len(snippet) < 100
    assert [snippet[a:b] for a, b in marks] == ["target"] and words == ["target"]
    assert all(part in text for part in snippet.strip("…").split())


@pytest.mark.parametrize(
    "text",
    ["x" * 40 + "-target and more", "x" * 40 + " target", "target" + " word" * 40, "a " * 30 + "target"],
)
def test_snippet_always_holds_the_first_match(text: str) -> None:
    snippet, marks, _ = snippet_of(text, terms_of("target"))
    assert [snippet[a:b] for a, b in marks][:1] == ["target"]


def test_snippet_keeps_a_long_danish_word_whole() -> None:
    text = "VIVE har netop udgivet en rapport om det nytænkende beskæftigelsesprojekt på Lolland-Falster"
    snippet, _, _ = snippet_of(text, terms_of("vive"))
    assert "beskæftigelsesprojekt" in snippet


def test_table_shows_the_match_without_marks_when_piped(invoke: Invoke) -> None:
    out = invoke("search", "3f").stdout
    assert "3F" in out and "**" not in out and "\x1b" not in out


def test_csv_carries_the_field_and_snippet(invoke: Invoke) -> None:
    out = invoke("search", "vive", "--format", "csv").stdout
    header, first = out.splitlines()[:2]
    assert "field" in header.split(",") and "snippet" in header.split(",")
    assert first.startswith("organisation,vive,")


def test_match_is_highlighted_not_marked_on_a_colour_terminal() -> None:
    from tests.test_hardening import in_pty

    out = in_pty(["search", "3f"]).decode()
    assert "\x1b[" in out and "3F" in out and "**3F**" not in out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=20))
def test_any_query_finds_or_says_nothing_matches(index: Index, query: str) -> None:
    """No query crashes; every hit's highlights lie inside its snippet."""
    try:
        hits = search(index, query)
    except NotFound:
        return
    for hit in hits:
        assert hit["field"] and isinstance(hit["snippet"], str)
        for mark in hit["highlights"]:
            assert 0 <= mark["start"] < mark["end"] <= len(hit["snippet"])


def test_markdown_shows_the_match_in_bold_and_the_rest_escaped(invoke: Invoke) -> None:
    out = invoke("search", "3f", "--format", "markdown").stdout
    assert "| 3f-lolland | organisation | name: **3F** Lolland |" in out
    assert "\\*\\*" not in out
