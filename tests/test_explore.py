"""facts, show, search, sources, timeline and the chart: every fact reachable and traceable."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.base.errors import ExitCode, NotFound
from kanten_cli.base.matching import fold
from kanten_cli.facts.model import Project
from kanten_cli.query.index import Index, timeline
from kanten_cli.query.search import search
from tests.conftest import minimal

Invoke = Callable[..., Result]


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("loennet", "lønnet"),
        ("lonnet", "lønnet"),
        ("LØNNET", "lønnet"),
        ("laeringscases", "læringscases"),
        ("1.439", "1439"),
        ("1 439", "1439"),
        ("Møllerske", "mollerske"),
        ("café", "cafe"),
    ],
)
def test_fold_makes_spellings_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize("query", ["loennet", "lonnet", "lønnet"])
def test_search_finds_paid_work_however_spelled(index: Index, query: str) -> None:
    hits = search(index, query)
    assert hits[0]["id"] == "paid-work-share"
    assert "lønnet" in hits[0]["matches"]


def test_search_learning_cases_ranks_its_own_fact_first(index: Index) -> None:
    hits = search(index, "laeringscases")
    assert hits[0]["id"] == "activity-learning-cases"
    # the word itself is in that fact only; the others are the ones its concepts point to
    assert [h["id"] for h in hits if "læringscases" in h["matches"]] == ["activity-learning-cases"]
    assert len(hits) <= 6


@pytest.mark.parametrize("query", ["1439", "1.439", "1 439"])
def test_search_numbers_however_written(index: Index, query: str) -> None:
    assert search(index, query)[0]["id"] == "participants-registered"


def test_search_english_words_ids_and_organisations(index: Index) -> None:
    assert search(index, "citizen stories")[0]["id"] == "activity-citizen-stories"
    assert search(index, "still-in-work-people-all")[0]["id"] == "still-in-work-people-all"
    translate.bind("da")
    org = search(index, "fagforening")[0]
    assert (org["type"], org["id"]) == ("organisation", "3f-lolland")


def test_search_ranks_best_first(index: Index) -> None:
    translate.bind("da")
    scores = [h["score"] for h in search(index, "arbejde")]
    assert scores == sorted(scores, reverse=True) and len(scores) > 3


def test_search_without_match(index: Index) -> None:
    with pytest.raises(NotFound):
        search(index, "zebra")


def test_search_cli_no_match_exits_1(invoke: Invoke) -> None:
    result = invoke("search", "zebra")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == "" and result.stderr == "kanten: no fact or organisation matches 'zebra'\n"


def test_every_fact_is_reachable_by_show_and_search(project: Project, index: Index, invoke: Invoke) -> None:
    ids = [f.id for f in project.facts] + [o.id for o in project.organisations]
    shown = as_json(invoke("show", *ids, "--json"))
    assert [r["id"] for r in shown] == ids
    for ident in ids:
        assert ident in [h["id"] for h in search(index, ident)]
        assert all(r["source_details"] for r in shown if r["id"] == ident)


def test_show_stated_fact(invoke: Invoke) -> None:
    (rec,) = as_json(invoke("show", "paid-work-share", "--json", "--lang", "da"))
    assert rec["text"].startswith("En tredjedel") and rec["text_other"].startswith("One third")
    assert "en tredjedel af de i alt 1439" in rec["quote"]
    src = rec["source_details"][0]
    assert (src["publisher"], src["author"], src["date"]) == ("Arbejde Adler", "Vibeke Rasmussen", "2023-03-28")
    assert src["url"] == "https://arbejdeadler.dk/2023/03/28/projekt-rekruttering-fra-kanten/"


def test_show_derived_fact_lists_inputs_with_values(invoke: Invoke) -> None:
    (rec,) = as_json(invoke("show", "still-in-work-people", "--json"))
    assert rec["kind"] == "derived" and rec["formula"] == "1439 × 1/3 × 20 % = 95.9 ≈ 96"
    assert [(i["id"], round(i["value"], 2)) for i in rec["input_details"]] == [
        ("paid-work-people", 479.67),
        ("still-in-work-share", 0.2),
    ]
    assert "288" in rec["caveat"]
    table = invoke("show", "still-in-work-people").stdout
    assert "Formula" in table and "Caveat" in table and "paid-work-people: ≈ 480 people (derived)" in table


def test_show_context_fact(invoke: Invoke) -> None:
    (rec,) = as_json(invoke("show", "grant-amount", "--json"))
    assert rec["kind"] == "context" and rec["quote"] is None and rec["value"] == 21130000
    assert rec["source_details"][0]["kind"] == "secondary"
    assert "apmollerfonde.dk" in rec["source_details"][0]["url"]


def test_show_unknown_id_suggests(invoke: Invoke) -> None:
    result = invoke("show", "paid-work-peple")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean 'paid-work-people'" in result.stderr
    assert result.stdout == ""


def test_facts_filters(invoke: Invoke) -> None:
    derived = as_json(invoke("facts", "--kind", "derived", "--json"))
    assert derived and {r["kind"] for r in derived} == {"derived"}
    assert {r["topic"] for r in as_json(invoke("facts", "--topic", "target", "--json"))} == {"target"}
    assert invoke("facts", "--kind", "guess").exit_code == ExitCode.USAGE
    assert invoke("facts", "--topic", "report", "--kind", "derived").exit_code == ExitCode.NOT_FOUND


def test_sources_count_what_rests_on_them(project: Project, invoke: Invoke) -> None:
    rows = {r["id"]: r for r in as_json(invoke("sources", "--json"))}
    assert rows["article"]["facts"] == sum(1 for f in project.facts if f.source == "article")
    assert rows["article"]["kind"] == "primary"
    assert rows["altinget-cabi"]["organisations"] == 1


def test_timeline_is_in_order_with_source_precision(index: Index, invoke: Invoke) -> None:
    events = timeline(index)
    keys = [(e["date"], e["event"] != "start") for e in events]
    assert keys == sorted(keys)
    ids = [e["id"] for e in events]
    assert ids.index("project-period") < ids.index("measured-period") < ids.index("midterm-citizens")
    assert ids[-1] == "article-published"
    dates = [e["date"] for e in events]
    assert "2018-08" in dates and "2023-03-28" in dates  # a month stays a month
    table = invoke("timeline", "--lang", "da", env={"COLUMNS": "200"}).stdout
    assert "august 2018" in table and "28. marts 2023" in table and "2018-08-01" not in table


def test_chart_values_come_from_the_data(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    rows = as_json(invoke("results", "--chart", "--json"))
    assert [r["id"] for r in rows][:3] == ["participants-registered", "paid-work-people", "still-in-work-people"]
    assert rows[0]["value"] == 1439
    path = write_project(minimal())
    drawn = invoke("results", "--chart", "--data", str(path), env={"COLUMNS": "50"}).stdout
    lines = drawn.splitlines()
    named = [n for n, line in enumerate(lines) if line.endswith(("(stated; count)", "(derived; half-count)"))]
    count_bar, half_bar = (lines[n + 1] for n in named)
    assert count_bar.endswith(" 10 people") and half_bar.endswith(" 5 people")
    assert count_bar.count("█") == 2 * half_bar.count("▓")  # 10 is twice 5, whatever the width


@pytest.mark.parametrize("columns", ["40", "80"])
def test_chart_reads_without_colour_at_any_width(invoke: Invoke, columns: str) -> None:
    out = invoke("results", "--chart", env={"COLUMNS": columns}).stdout
    assert "\x1b" not in out
    assert all(len(line) <= int(columns) for line in out.splitlines())
    assert "(derived;" in out and "(target;" in out
    flat = " ".join(out.split())
    # names a reader understands; the two readings as one figure's; the targets apart, after the results
    assert "Registered participants (stated; participants-registered)" in flat
    assert 'Still in work after the target period: "about 20 % of them" – two readings of one ambiguous' in flat
    assert flat.index("two readings") < flat.index('if "them" means those') < flat.index("Targets –")
    assert flat.index("Targets –") < flat.index("Target: labour-market attachment")


@pytest.mark.parametrize("command", ["facts", "show participants-registered", "search arbejde", "sources", "timeline"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_new_commands_both_languages_both_formats(invoke: Invoke, command: str, lang: str) -> None:
    args = command.split()
    table = invoke(*args, "--lang", lang)
    assert table.exit_code == 0 and table.stdout.strip()
    rows = as_json(invoke(*args, "--lang", lang, "--json"))
    assert rows and all("id" in r for r in rows)


@pytest.mark.parametrize("command", ["facts", "show", "search", "sources", "timeline", "schema", "validate"])
def test_help_with_example(invoke: Invoke, command: str) -> None:
    out = invoke(command, "--help").stdout
    assert "Examples" in out and f"kanten {command}" in out


def test_long_addresses_fold_not_cut(invoke: Invoke) -> None:
    out = invoke("show", "citizens-referred", env={"COLUMNS": "40"}).stdout
    joined = "".join(line.strip() for line in out.splitlines())
    assert "virksomheder-paa-lolland-falster-gaar-sammen-om-at-faa-udsatte-i-job-2885621" in joined


def test_search_survives_separator_characters_in_the_data(write_project: Callable[[Any], Path], invoke: Invoke) -> None:
    data = minimal()
    data["facts"][0]["text"]["en"] = "ten\x00\x01 participants\x01"
    data["facts"][1]["text"]["en"] = "half of them"
    path = write_project(data)
    rows = as_json(invoke("search", "them", "--json", "--data", str(path)))
    assert [r["id"] for r in rows] == ["share"]
    rows = as_json(invoke("search", "participants", "--json", "--data", str(path)))
    # the word is in "count" only (a partner organisation comes after, through the concept)
    assert [r["id"] for r in rows if r["matches"]] == ["count"] == [rows[0]["id"]]


def test_show_opens_a_source_by_the_id_the_tables_show(invoke: Invoke) -> None:
    rec = as_json(invoke("show", "Cabi-Project-Page", "--json"))[0]
    assert (rec["type"], rec["id"], rec["kind"]) == ("source", "cabi-project-page", "secondary")
    out = invoke("show", "article", "--lang", "da", env={"COLUMNS": "40", "NO_COLOR": "1"}).stdout
    url = "https://arbejdeadler.dk/2023/03/28/projekt-rekruttering-fra-kanten/"
    assert url in [line.strip() for line in out.splitlines()]  # whole, on a line of its own
    assert "primær" in out and all(len(line) <= 40 for line in out.splitlines() if "://" not in line)
    markdown = invoke("show", "article", "-f", "markdown").stdout
    assert "- **Address:** <https://arbejdeadler.dk/2023/03/28/projekt-rekruttering-fra-kanten/>" in markdown
