"""The analysis of words that `search` and `ask` share: stems, compounds, weightless words,
concepts; and the concept vocabulary (data/concepts.json) as data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import fold
from kanten_cli.facts import concepts
from kanten_cli.facts.model import Project
from kanten_cli.query.index import Index
from kanten_cli.query.search import search
from kanten_cli.query.words import EXACT, FORM, PART, WHOLE, analyse, match

Invoke = Callable[..., Result]


def matches(query: str, text: str) -> float:
    return match(fold(query), fold(text))


# --- Danish inflections: definite form, plural, genitive ----------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("virksomhed", "virksomheden", "virksomheder", "virksomhederne", "virksomhedernes"),
        ("borger", "borgeren", "borgere", "borgerne", "borgernes"),
        ("evaluering", "evalueringen", "evalueringens", "evalueringer"),
        ("projekt", "projektet", "projektets", "projekter"),
        ("bevilling", "bevillingen", "bevillingens"),
        ("anbefaling", "anbefalingen", "anbefalinger", "anbefalingerne"),
        ("kommune", "kommunen", "kommuner", "kommunerne"),
        ("arbejde", "arbejdet", "arbejdets"),
    ],
)
def test_every_danish_form_finds_every_other(forms: tuple[str, ...]) -> None:
    for query in forms:
        for text in forms:
            assert matches(query, text) >= FORM, (query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [("results", "result"), ("companies", "company"), ("funded", "funding"), ("evaluation", "evaluated")],
)
def test_english_forms(query: str, text: str) -> None:
    assert matches(query, text) >= FORM


# --- compounds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "compound"),
    [
        ("evaluering", "midtvejsevalueringen"),
        ("evaluering", "Slutevaluering"),
        ("virksomhed", "ambassadørvirksomhed"),
        ("virksomheder", "ambassadørvirksomheder"),
        ("virksomhed", "virksomhedskonsulenter"),
        ("arbejde", "arbejdsmarkedet"),
        ("borgere", "borgerforløb"),
        ("projekt", "beskæftigelsesprojekt"),
        ("indsats", "beskæftigelsesindsatsen"),
    ],
)
def test_a_word_finds_the_compounds_it_is_part_of(word: str, compound: str) -> None:
    assert PART <= matches(word, compound) < FORM


def test_a_compound_finds_its_part_but_counts_less() -> None:
    assert matches("midtvejsevalueringen", "evaluering") == WHOLE
    assert matches("projektbudgettet", "budget") == WHOLE


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("ledige", "leder"),  # one Snowball stem ("led"), two words
        ("størrelse", "stor"),  # one stem again, "size" and "big"
        ("ring", "evaluering"),  # too short to be a part
        ("mål", "formål"),
        ("bejde", "arbejde"),  # inside, but not at a word start nor a part
        ("evalurering", "evaluering"),  # a misspelling is not a form: ask reads it, search suggests it
        ("143", "1439"),
    ],
)
def test_what_is_not_a_match(query: str, text: str) -> None:
    assert matches(query, text) == 0


def test_a_number_and_a_short_word_match_only_whole() -> None:
    assert matches("1439", "1439") == EXACT
    assert matches("af", "af") == EXACT
    assert matches("af", "afbrudte") == 0


# --- weightless words and concepts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Hvor mange kom i arbejde?", ["arbejde"]),  # "kom": a verb any question may have
        ("Hvem er Cabi?", ["cabi"]),
        ("Who funded it?", ["funded"]),
        ("What is the name of the project?", ["name", "project"]),
        ("Hvor stor var bevillingen?", ["bevillingen"]),  # "hvor stor" asks for a figure
    ],
)
def test_question_words_carry_no_weight(question: str, terms: list[str]) -> None:
    assert [t.word for t in analyse(question).terms] == terms


def test_only_weightless_words_are_searched_as_they_are() -> None:
    assert [t.word for t in analyse("af").terms] == ["af"]
    assert analyse("hvem er det", keep=False).terms == ()


def test_words_bring_in_their_concepts() -> None:
    cost = analyse("penge")
    assert {"cost", "funding"} <= {c.id for c in cost.terms[0].concepts}
    assert {"bevilling", "budget", "cost"} <= set(cost.terms[0].forms)
    assert analyse("Hvornår var det?").prefers() == {"dated"}
    assert "valued" in analyse("Hvor mange deltog?").prefers()
    assert analyse("Who led it?").prefers() >= {"organisation"}


# --- search on it ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["penge", "budget", "koste", "kostede", "udgift", "pris", "cost", "money", "funding", "beløb"]
)
def test_a_persons_word_for_money_finds_the_grant(index: Index, word: str) -> None:
    translate.bind("da")
    assert "grant-amount" in [h["id"] for h in search(index, word)[:3]]


def test_finansiering_finds_the_funding_topic(index: Index) -> None:
    translate.bind("da")
    found = {h["id"] for h in search(index, "finansiering")}
    funding = {f.id for f in index.project.facts if f.topic == "funding"}
    assert funding <= found


def test_evaluering_finds_every_mid_term_and_final_evaluation(index: Index) -> None:
    translate.bind("da")
    found = {h["id"] for h in search(index, "evaluering")}
    records = [*index.project.facts, *index.project.organisations]
    compounds = {r.id for r in records if "midtvejsevaluering" in fold(repr(r)) or "slutevaluering" in fold(repr(r))}
    assert len(compounds) >= 7  # the issue counted 7 (six facts and VIVE) where search found 1
    assert compounds <= found


def test_a_misspelling_gets_a_did_you_mean(index: Index) -> None:
    with pytest.raises(NotFound, match="mente du 'evaluering'"):  # the run's language
        translate.bind("da")
        search(index, "evalurering")


def test_a_did_you_mean_is_a_misspelling_not_any_word(index: Index) -> None:
    from kanten_cli.query.words import misspelling

    with pytest.raises(NotFound) as nothing:
        search(index, "nakskov")  # no word of the fact base is like it ("fiasko" is not)
    assert "did you mean" not in str(nothing.value)
    assert misspelling("ambasadør", "ambassadør") and not misspelling("nakskov", "fiasko", ratio=0.6, length=2)


def test_a_question_that_search_cannot_find_points_to_ask(invoke: Callable[..., Any]) -> None:
    result = invoke("search", "Hvor", "mange", "fik", "job", "i", "Nakskov?", "--lang", "da")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.rstrip().endswith("et spørgsmål? prøv: kanten ask 'Hvor mange fik job i Nakskov?'")
    plain = invoke("search", "nakskov")  # words, not a question: no such hint
    assert plain.exit_code == 1 and "kanten ask" not in plain.stderr


def test_a_question_searched_finds_without_its_question_words(index: Index) -> None:
    translate.bind("da")
    assert "grant-amount" in [h["id"] for h in search(index, "hvor mange penge")[:3]]


# --- the concept vocabulary as data --------------------------------------------------------------


def test_the_concept_vocabulary_is_valid_for_the_project(project: Project) -> None:
    vocabulary = concepts.embedded()
    assert len(vocabulary.concepts) >= 40
    assert concepts.integrity_problems(vocabulary, project) == []
    topics = {t for c in vocabulary.concepts for t in c.topics}
    assert topics == {f.topic for f in project.facts}, "every topic has words a person uses"


def test_every_concept_has_words_in_both_languages() -> None:
    for concept in concepts.embedded().concepts:
        assert concept.words.da and concept.words.en, concept.id


def test_a_broken_vocabulary_says_where(project: Project, tmp_path: Path) -> None:
    data = json.loads(concepts.concepts_path().read_text(encoding="utf-8"))
    data["concepts"][0]["facts"] = ["no-such-fact"]
    data["concepts"][1]["words"]["da"].append("Stort")
    broken = tmp_path / "concepts.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    problems = concepts.integrity_problems(concepts.read(broken), project)
    assert (("concepts", 0, "facts", 0), "unknown fact 'no-such-fact'") in problems
    assert any(loc[:3] == ("concepts", 1, "words") and "lower case" in msg for loc, msg in problems)


def test_validate_checks_the_concepts(invoke: Invoke, tmp_path: Path) -> None:
    ok = invoke("validate")
    assert ok.exit_code == 0 and "valid: 50 concepts" in ok.stdout
    data = json.loads(concepts.concepts_path().read_text(encoding="utf-8"))
    data["concepts"][0]["topics"] = ["weather"]
    broken = tmp_path / "concepts.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("validate", "--concepts", str(broken))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kanten: {broken}: concepts[0].topics[0]: Input should be 'project'")


def test_schema_of_the_concepts(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema", "--concepts").stdout)
    assert schema["title"] == "kanten concept vocabulary"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(concepts.concepts_path().read_text(encoding="utf-8")), schema)
