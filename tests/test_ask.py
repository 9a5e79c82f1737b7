"""`kanten ask`: plain questions in Danish and English, answered by the right fact.

tests/questions/tuning.json is the question set the ranking was tuned on (46 questions in the
first round, 29 more in the second; half Danish, half English); tests/questions/heldout.json was
written before any tuning, from the glossary, the topics and the roles, without looking at the
facts' wording, and was not tuned on in the first round (in the second, its misses were looked
at); seen.json holds 60 questions written for the second round and looked at while tuning it;
heldout-2.json was written after the second round's tuning and measured then (its two misses were
looked at later, after a new user's review). Their shares are reported, with floors below the tuned set's; offtopic.json
asks about other things entirely, in both languages, and must get no answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.query.ask import Answer, ask
from kanten_cli.query.index import Index
from kanten_cli.query.search import Haystack, haystack

Invoke = Callable[..., Result]
QUESTIONS = Path(__file__).resolve().parent / "questions"


@pytest.fixture(scope="module")
def hay(index: Index) -> Haystack:
    return haystack(index)


def _key(rec: dict[str, Any]) -> str:
    return rec["id"] if rec["type"] == "fact" else f"organisation:{rec['id']}"


def _shares(hay: Haystack, name: str) -> tuple[float, float, list[str]]:
    """The shares of questions answered right in the top 1 and the top 3, and the misses.
    A question whose answers are [] is answered right by no answer."""
    questions = json.loads((QUESTIONS / f"{name}.json").read_text(encoding="utf-8"))
    top1 = top3 = 0
    missed = []
    for q in questions:
        translate.bind(q["lang"])  # the language the question is asked in, as --lang would
        got = [_key(r) for r in ask(hay, q["q"]).records]
        right = q["answers"]
        first = got[:1] == [] if not right else bool(got) and got[0] in right
        three = got == [] if not right else any(g in right for g in got[:3])
        top1 += first
        top3 += three
        if not three:
            missed.append(f"{q['q']} -> {got[:3]}")
    return top1 / len(questions), top3 / len(questions), missed


def test_the_question_sets_are_as_described() -> None:
    for name, least in (("tuning", 40), ("heldout", 30), ("seen", 30), ("heldout-2", 30)):
        questions = json.loads((QUESTIONS / f"{name}.json").read_text(encoding="utf-8"))
        assert len(questions) >= least
        danish = sum(q["lang"] == "da" for q in questions)
        assert abs(2 * danish - len(questions)) <= 1, "half Danish, half English"


def test_the_tuned_questions(hay: Haystack, capsys: pytest.CaptureFixture[str]) -> None:
    top1, top3, missed = _shares(hay, "tuning")
    with capsys.disabled():
        print(f"\nask, tuned questions: top 1 {top1:.2f}, top 3 {top3:.2f}")
    assert top3 >= 0.95, missed
    assert top1 >= 0.85, missed


@pytest.mark.parametrize("name", ["heldout", "seen", "heldout-2"])
def test_the_held_out_questions(hay: Haystack, capsys: pytest.CaptureFixture[str], name: str) -> None:
    top1, top3, missed = _shares(hay, name)
    with capsys.disabled():
        print(f"\nask, {name} questions: top 1 {top1:.2f}, top 3 {top3:.2f}")
    assert top3 >= 0.8, missed


@pytest.mark.parametrize(
    "question", [q["q"] for q in json.loads((QUESTIONS / "offtopic.json").read_text(encoding="utf-8"))]
)
def test_a_question_about_something_else_gets_no_answer(hay: Haystack, question: str) -> None:
    answer = ask(hay, question)
    assert not answer.answered, [r["id"] for r in answer.records]


def test_organisations_are_answers(hay: Haystack) -> None:
    for question, ident in (("Hvem er Cabi?", "cabi"), ("What is VIVE?", "vive"), ("Hvad er 3F?", "3f-lolland")):
        translate.bind("da")
        first = ask(hay, question).records[0]
        assert (first["type"], first["id"]) == ("organisation", ident)


def test_a_misspelling_is_read_as_the_word(hay: Haystack) -> None:
    translate.bind("da")
    answer = ask(hay, "Hvem lavede evalureringen?")
    assert answer.corrected == {"evalureringen": "evalueringen"}
    assert "vive" in [r["id"] for r in answer.records[:3]]
    answer = ask(hay, "Hvad er ambasadørvirksomheder?")
    assert answer.records[0]["id"].startswith("ambassador")


def test_only_question_words_is_no_question(hay: Haystack) -> None:
    translate.bind("da")
    assert not ask(hay, "hvem hvad hvornår").answered
    translate.bind("en")
    assert not ask(hay, "???").answered


def test_every_hit_says_what_matched_and_where(hay: Haystack) -> None:
    answer: Answer = ask(hay, "How many citizens were referred?")
    assert answer.records[0]["id"] == "citizens-referred"
    for rec in answer.records:
        assert list(rec)[:5] == ["type", "id", "score", "matched", "highlights"]
        for mark in rec["highlights"]:
            text = rec[mark["field"]]
            assert 0 <= mark["start"] < mark["end"] <= len(text)
    scores = [r["score"] for r in answer.records]
    assert scores == sorted(scores, reverse=True)
    assert 2 <= len(answer.records) <= 5


def _first(hay: Haystack, question: str) -> str:
    records = ask(hay, question).records
    return _key(records[0]) if records else ""


def test_a_long_quote_does_not_push_a_fact_down(hay: Haystack) -> None:
    # participants-registered quotes a long sentence of the article; the computed figures that
    # also say "deltagere" have no quote: the length that counts is the fact's own text
    assert _first(hay, "Hvor mange deltagere var der?") == "participants-registered"


def test_a_phrase_of_a_concept_is_read_whole(hay: Haystack) -> None:
    # "took part" is taking part, not the "part" in "partner"; "var med" asks nothing of its own
    assert _first(hay, "How many people took part?") == "participants-registered"
    assert _first(hay, "Hvilke kommuner var med?") == "project-municipalities"
    analysis = ask(hay, "How many people took part?").analysis
    assert "took part" in [t.word for t in analysis.terms] and "part" not in [t.word for t in analysis.terms]


def test_a_count_of_other_things_comes_after(hay: Haystack, index: Index) -> None:
    # companies that took part are counted in companies, not in people
    first = _first(hay, "How many companies took part?")
    assert index.facts[first].unit == "companies"


def test_a_word_with_another_sense_yields_to_its_concept(hay: Haystack) -> None:
    # "paid" in "Who paid for it?" is the funder, not the paid work
    assert _first(hay, "Who paid for it?") in ("funder", "organisation:ap-moller-fonden")


def test_a_fact_is_named_only_by_its_id_alone(hay: Haystack) -> None:
    # "vulnerable unemployed" spells the id of the 2,600 facts, but the question is about paid work
    assert _first(hay, "How many vulnerable unemployed people got paid work?") == "paid-work-share"


def test_a_short_word_is_not_the_start_of_another(hay: Haystack) -> None:
    # "led" is no "ledige" (unemployed)
    assert _first(hay, "Who led the project?") in ("project-lead-person", "lead-organisation", "organisation:cabi")


def test_a_compound_said_in_two_words(hay: Haystack) -> None:
    from kanten_cli.query.ask import _says_in_parts

    assert _says_in_parts("projektleder", {"leder", "af", "projektet"})
    assert _says_in_parts("virksomhedskonsulent", {"konsulenten", "virksomheden"})  # joining s
    assert not _says_in_parts("projektleder", {"projektet"})
    assert _first(hay, "Hvem var projektleder?") in ("project-lead-person", "lead-organisation", "organisation:cabi")


def test_a_source_stated_figure_before_a_computed_one(hay: Haystack, index: Index) -> None:
    translate.bind("da")
    answer = ask(hay, "Hvor mange fik lønnet arbejde?")
    kinds = [index.facts[r["id"]].kind for r in answer.records if r["type"] == "fact"]
    assert kinds[0] != "derived"


def test_a_record_that_holds_little_of_the_question_is_no_answer(hay: Haystack) -> None:
    # the grant has "cost" but nothing of the tunnel: it is no answer to what the tunnel costs
    answer = ask(hay, "How much does the Fehmarn tunnel cost?")
    assert not answer.records or not answer.records[0]["id"].startswith("grant")
    # filler verbs are no words of the question: "became" does not make it about something else
    assert _first(hay, "How many companies became ambassadors?").startswith("ambassador")


def test_a_danish_verb_split_by_its_subject_is_one_phrase(hay: Haystack) -> None:
    from kanten_cli.query.words import says_phrase

    assert says_phrase(["gik", "ud", "pa"], ["hvad", "gik", "projektet", "ud", "pa"])
    assert not says_phrase(["var", "med"], ["var", "projektet", "med"])  # two words: together only
    assert _first(hay, "Hvad gik projektet ud på?").startswith("aim-")


def test_an_organisation_is_no_figure(hay: Haystack) -> None:
    # "Hvor mange penge gav fonden?" asks for the grant, not for the fund that gave it
    assert _first(hay, "Hvor mange penge gav fonden?").startswith("grant-amount")


@pytest.mark.parametrize("question", ["Hvor mange fik job?", "hvor mange fik arbejde", "hvor mange kom i job"])
def test_a_result_before_the_mid_term_and_the_later_share(hay: Haystack, question: str) -> None:
    # a concept lists its facts best first ("job": the third who got paid work, then the 20 %
    # still in work), and a mid-term figure or a target comes after the result unless asked for
    assert _first(hay, question) == "paid-work-share"


def test_a_figure_is_no_answer_to_who(hay: Haystack, index: Index) -> None:
    records = ask(hay, "who wrote the midterm evalution").records
    first = records[0]
    assert first["type"] == "organisation" or index.facts[first["id"]].value is None


# --- the command ---------------------------------------------------------------------------------


def test_ask_prints_a_card_then_also_relevant_then_how_to_go_on(invoke: Invoke) -> None:
    result = invoke("ask", "Hvad", "kostede", "projektet?", "--lang", "da", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Svar\nID ") and "grant-amount" in out.splitlines()[1]
    assert "21.130.000 kr." in out and "Beløb: 21.130.000 kr." in out  # value, and the page's words
    assert "https://www.apmollerfonde.dk/" in out
    assert "Også relevant\n" in out
    assert out.rstrip().endswith("Videre: kanten show grant-amount; kanten cite grant-amount")
    assert "\x1b" not in out and "**" not in out and "21.130.000 kr." in out  # piped: plain, no marks
    assert all(len(line) <= 80 and line == line.rstrip() for line in out.splitlines())


def test_a_command_to_go_on_with_is_never_broken(invoke: Invoke) -> None:
    narrow = invoke("ask", "Hvor mange blev henvist?", env={"COLUMNS": "40"}).stdout.splitlines()
    at = next(k for k, line in enumerate(narrow) if line.startswith("Go on: "))
    assert narrow[at] == "Go on: kanten show citizens-referred;"
    assert narrow[at + 1] == "       kanten cite citizens-referred"
    wide = invoke("ask", "Hvor mange blev henvist?", env={"COLUMNS": "100"}).stdout
    assert "Go on: kanten show citizens-referred; kanten cite citizens-referred\n" in wide
    # narrower than the label and one command: the label alone, then a command a line
    danish = invoke("ask", "Hvad gik projektet ud på?", "--lang", "da", env={"COLUMNS": "40"}).stdout.splitlines()
    ident = danish[1].split()[-1]
    assert len("Videre: kanten show " + ident + ";") > 40
    assert danish[-3:] == ["Videre:", f"  kanten show {ident}", f"  kanten cite {ident}"]


def test_ask_in_english_answers_a_danish_question_in_english(invoke: Invoke) -> None:
    out = invoke("ask", "Hvem er Cabi?", env={"COLUMNS": "100"}).stdout
    assert out.startswith("Answer\n") and "Name" in out and "Cabi" in out
    assert "Go on: kanten show cabi; kanten cite cabi" in out


def test_ask_json_is_the_ranked_hits(invoke: Invoke) -> None:
    result = invoke("ask", "Who funded it?", "--json")
    rows = json.loads(result.stdout)
    assert result.exit_code == 0
    assert {"funder", "ap-moller-fonden"} & {r["id"] for r in rows[:2]}
    assert all({"type", "id", "score", "matched", "highlights", "sources"} <= set(r) for r in rows)


def test_ask_without_an_answer_exits_1_and_says_what_to_do(invoke: Invoke) -> None:
    result = invoke("ask", "Hvad er hovedstaden i Frankrig?")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("kanten: no answer to 'Hvad er hovedstaden i Frankrig?'")
    assert "kanten search hovedstaden frankrig" in result.stderr
    assert result.stderr.count("\n") == 1
    near = invoke("ask", "Hvordan gik det med penge og vejret?")
    assert near.exit_code in (0, 1)


def test_the_search_ask_suggests_finds_something(invoke: Invoke) -> None:
    result = invoke("ask", "hvad er nyt i Nakskov")
    assert result.exit_code == 1
    suggested = result.stderr.rstrip().rpartition("kanten search ")[2]
    assert "nakskov" not in suggested  # no record has it: a search with it would find nothing
    assert invoke("search", *suggested.split()).exit_code == 0


def test_ask_highlights_on_a_colour_terminal() -> None:
    from tests.test_hardening import in_pty

    out = in_pty(["ask", "Hvem", "er", "Cabi?"]).decode()
    assert "\x1b[" in out and "**" not in out


# --- show, cite and the overview ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "cite"])
def test_a_word_where_an_id_goes_gets_the_search_hits(invoke: Invoke, command: str) -> None:
    result = invoke(command, "tredjedel")
    assert result.exit_code == 1
    assert result.stderr.startswith("kanten: no fact or organisation with id 'tredjedel'; a search for it finds ")
    assert "paid-work-share" in result.stderr and "(kanten search tredjedel)" in result.stderr
    # a near id still gets its did-you-mean, and nothing at all the list of ids
    assert "did you mean 'paid-work-share'" in invoke(command, "paid-work-shar").stderr
    assert "`kanten facts` lists every id" in invoke(command, "zebra").stderr


def test_the_overview_says_the_grant_and_who_gave_it(invoke: Invoke) -> None:
    out = invoke(env={"COLUMNS": "120"}).stdout
    line = next(line for line in out.splitlines() if line.startswith("Funding"))
    assert "DKK 21,130,000 from Den A.P. Møllerske Støttefond: grant-amount (context, apmollerfonde-cabi)" in line
    da = invoke("--lang", "da", env={"COLUMNS": "120"}).stdout
    assert "21.130.000 kr. fra Den A.P. Møllerske Støttefond: grant-amount" in da
    # narrower, on one line still: the amount and its source; "Who" names the funder
    narrow = invoke(env={"COLUMNS": "80"}).stdout
    assert "Funding           DKK 21,130,000: grant-amount (context, apmollerfonde-cabi)" in narrow
    assert "Den A.P. Møllerske Støttefond (funder)" in " ".join(narrow.split())
