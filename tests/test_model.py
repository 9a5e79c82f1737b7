"""The model and the loader on small inline files: what is accepted and what is refused, and where."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kanten_cli.base import translate
from kanten_cli.base.errors import DataError
from kanten_cli.facts.formula import FormulaError, evaluate, months_between
from kanten_cli.facts.load import format_location, load, parse
from kanten_cli.facts.model import Fact, Localized, _plainly_fits, kind_problems
from tests.conftest import minimal


def problems_of(data: Any) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse(json.dumps(data).encode(), "t.json")
    return caught.value.problems


def test_minimal_file_loads() -> None:
    project = parse(json.dumps(minimal()).encode(), "t.json")
    assert [f.id for f in project.facts] == ["count", "share", "goal", "half-count"]
    assert project.organisations[0].name == "Jobcenter Prøve"


def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(minimal())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["facts"][0].update(colour="red"), "facts[0].colour: unknown key (not allowed here)"),
        (lambda d: d.update(extra=1), "extra: unknown key (not allowed here)"),
        (lambda d: d["facts"][1].update(id="count"), "facts[1].id: duplicate id 'count'"),
        (lambda d: d["facts"][0].update(source="nowhere"), "facts[0].source: unknown source 'nowhere'"),
        (lambda d: d["facts"][3].update(inputs=["count", "ghost"]), "facts[3].inputs[1]: unknown fact 'ghost'"),
        (lambda d: d["facts"][0].pop("quote"), "a stated fact needs the quote it rests on"),
        (lambda d: d["facts"][2].update(quote="x"), "a target fact is restated, not quoted"),
        (
            lambda d: d["facts"][0].update(source="page"),
            "facts[0].source: source 'page' is secondary, expected primary",
        ),
        (lambda d: d["facts"][2].update(source="src"), "facts[2].source: source 'src' is primary, expected secondary"),
        (lambda d: d["facts"][0].pop("unit"), "value and unit go together"),
        (lambda d: d["facts"][0].update(value="10"), "facts[0].value"),
        (lambda d: d["facts"][0].update(date="2018-13"), "facts[0].date: String should match pattern"),
        (lambda d: d["facts"][0].update(id="Not Kebab"), "facts[0].id: String should match pattern"),
        (lambda d: d["facts"][3].update(value=6), "facts[3].value: is 6, but the expression gives 5.0"),
        (lambda d: d["facts"][3].pop("caveat"), "a derived fact needs a caveat"),
        (lambda d: d["facts"][3].update(source="src"), "a derived fact has no source or quote of its own"),
        (lambda d: d["facts"][3].update(expression="{count} * {goal}"), "expression names 'goal'"),
        (lambda d: d["facts"][3].update(expression="__import__('os')"), "may use only numbers"),
        (lambda d: d.update(schema_version=2), "schema_version: Input should be 1"),
        (lambda d: d["organisations"][0]["roles"][0].update(role="boss"), "organisations[0].roles[0].role"),
        (
            lambda d: d["organisations"][0]["roles"][0].update(source="x"),
            "organisations[0].roles[0].source: unknown source 'x'",
        ),
        (
            lambda d: d["organisations"].append(dict(d["organisations"][0], id="count")),
            "organisations[1].id: duplicate id 'count'",
        ),
        (lambda d: d["facts"][0]["text"].pop("en"), "facts[0].text.en: Field required"),
        (lambda d: d["facts"][0].update(date="2021", end_date="2018"), "facts[0].end_date: end_date is before date"),
        (
            lambda d: d["facts"][1].update(see_also=["org", "ghost"]),
            "facts[1].see_also[1]: unknown fact or organisation 'ghost'",
        ),
        (lambda d: d["project"].update(source="gone"), "project.source: unknown source 'gone'"),
        (
            lambda d: d["organisations"][0]["roles"][0].update(source="page"),
            "organisations[0].roles[0].quote: only a primary source is quoted",
        ),
        (
            lambda d: d["organisations"][0]["roles"].append({"role": "lead", "source": "src", "evidence": "E"}),
            "organisations[0].roles[1].evidence: evidence is a secondary page's words",
        ),
        (
            lambda d: d["organisations"][0].update(description={"da": "D", "en": "D"}, description_source="nope"),
            "organisations[0].description_source: unknown source 'nope'",
        ),
        (
            lambda d: d["facts"][2].update(source="page", date="2020-05", end_date="2020-04"),
            "facts[2].end_date: end_date is before date",
        ),
        (lambda d: d["facts"].append(dict(d["facts"][0])), "facts[4].id: duplicate id 'count'"),
        (lambda d: d["sources"].append(dict(d["sources"][1])), "sources[2].id: duplicate id 'page'"),
    ],
)
def test_invalid_files_name_the_place(change: Callable[[dict[str, Any]], None], expected: str) -> None:
    problems = problems_of(mutated(change))
    assert any(expected in p for p in problems), problems


def test_every_problem_is_reported() -> None:
    def two(d: dict[str, Any]) -> None:
        d["facts"][0]["colour"] = "red"
        d["facts"][1]["size"] = 1

    problems = problems_of(mutated(two))
    assert len(problems) == 2
    assert "facts[0].colour" in problems[0] and "facts[1].size" in problems[1]


def test_cycle_in_derived_inputs_is_refused() -> None:
    def cycle(d: dict[str, Any]) -> None:
        d["facts"][3]["inputs"] = ["count", "share", "half-count"]

    assert any("cycle" in p for p in problems_of(mutated(cycle)))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"  \n\t ", "is empty"),
        (b'{"schema_version": 1,', "line 1 column 22: not valid JSON"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b"\xff\xfe\x00garbage", "not valid UTF-8 at byte 0"),
        (b'{"schema_version": NaN}', "NaN is not a number JSON allows"),
        (b'{"x": Infinity}', "Infinity is not a number JSON allows"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"x": ' + b"9" * 5000 + b"}", "not valid JSON"),
        (b"[]", "(top level): Input should be an object"),
    ],
)
def test_broken_bytes(content: bytes, expected: str) -> None:
    with pytest.raises(DataError) as caught:
        parse(content, "broken.json")
    assert caught.value.message.startswith("broken.json: ")
    assert expected in caught.value.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load(str(tmp_path / "nope.json"))
    with pytest.raises(DataError, match="is a directory"):
        load(str(tmp_path))


def test_location_format() -> None:
    assert format_location(("facts", 12, "source")) == "facts[12].source"
    assert format_location(()) == "(top level)"


def test_months_are_counted_inclusively() -> None:
    assert months_between("2018-08", "2021-12") == 41
    assert months_between("2018-01-01", "2021-12-31") == 48
    assert months_between("2018", "2021") == 48


def test_formula_rejects_division_by_zero() -> None:
    class F:
        value = 0
        date = None
        end_date = None

    with pytest.raises(FormulaError, match="divides by zero"):
        evaluate("1 / {z}", {"z": F()}, {"z"})


@pytest.mark.parametrize(
    "expression",
    [
        "{count} ** 2",
        "({count}).real",
        "[1][0]",
        "{count} if 1 else 2",
        "1" * 5000,
        "(" * 500 + "1" + ")" * 500,
        "'a' * 3",
        "True + {count}",
        "months({count}, 1)",
        "open('x')",
    ],
)
def test_expressions_beyond_arithmetic_are_refused(expression: str) -> None:
    def change(d: dict[str, Any]) -> None:
        d["facts"][3]["expression"] = expression

    problems = problems_of(mutated(change))
    assert any(p.startswith("facts[3].expression: ") for p in problems), problems


def test_months_in_an_expression() -> None:
    data = minimal()
    data["facts"][2].update(date="2018-08", end_date="2021-12")
    data["facts"][3].update(inputs=["goal"], expression="months({goal}) * 2", value=82)
    project = parse(json.dumps(data).encode(), "t.json")
    assert project.facts[3].value == 82


def test_cross_record_problems_come_all_at_once_in_file_order() -> None:
    def many(d: dict[str, Any]) -> None:
        d["facts"][0]["source"] = "page"
        d["facts"][1]["see_also"] = ["nobody"]
        d["facts"][3]["inputs"] = ["count", "gone"]
        d["facts"][2].update(date="2020", end_date="2019")
        d["organisations"][0]["roles"][0]["source"] = "x"
        d["facts"].append(dict(d["facts"][1]))

    assert problems_of(mutated(many)) == [
        "facts[4].id: duplicate id 'share'",
        "facts[0].source: source 'page' is secondary, expected primary",
        "facts[1].see_also[0]: unknown fact or organisation 'nobody'",
        "facts[2].end_date: end_date is before date",
        "facts[3].inputs[1]: unknown fact 'gone'",
        "facts[4].see_also[0]: unknown fact or organisation 'nobody'",
        "organisations[0].roles[0].source: unknown source 'x'",
    ]


_SOME = {
    "kind": st.sampled_from(["stated", "context", "target", "derived"]),
    "source": st.sampled_from([None, "src"]),
    "quote": st.sampled_from([None, "Q"]),
    "evidence": st.sampled_from([None, "E"]),
    "value": st.sampled_from([None, 1]),
    "unit": st.sampled_from([None, "people"]),
    "at_least": st.sampled_from([False, True]),
    "date": st.sampled_from([None, "2020"]),
    "end_date": st.sampled_from([None, "2021"]),
    "inputs": st.sampled_from([(), ("a",)]),
    "expression": st.sampled_from([None, "{a}"]),
    "formula": st.sampled_from([None, Localized(da="f", en="f")]),
    "caveat": st.sampled_from([None, Localized(da="c", en="c")]),
}


@given(st.fixed_dictionaries(_SOME))
def test_the_quick_kind_check_never_passes_a_fact_the_full_check_refuses(fields: dict[str, Any]) -> None:
    fact = object.__new__(Fact)  # unvalidated: every combination, valid or not
    for name, value in {"id": "x", "topic": "result", "text": Localized(da="t", en="t"), **fields}.items():
        object.__setattr__(fact, name, value)
    for name in ("approximate", "key"):
        object.__setattr__(fact, name, False)
    object.__setattr__(fact, "see_also", ())
    object.__setattr__(fact, "reading_of", None)
    if _plainly_fits(fact):
        assert kind_problems(fact) == []
    elif fact.kind != "derived":
        assert kind_problems(fact) != []  # the quick check is exact for the other kinds


def test_an_expression_that_fails_says_so_in_the_run_s_language(write_project: Callable[[Any], Path]) -> None:
    data = minimal()
    data["facts"][3].update(expression="{count} / 0")
    path = write_project(data)
    with pytest.raises(DataError) as err:
        load(str(path))
    assert "the expression divides by zero" in str(err.value)
    translate.bind("da")
    with pytest.raises(DataError) as err:
        load(str(path))
    assert "udtrykket dividerer med nul" in str(err.value)
