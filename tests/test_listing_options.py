"""facts --has-value and --sort; timeline --since and --until at year, month and day precision."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base.errors import ExitCode
from kanten_cli.query.index import span

Invoke = Callable[..., Result]


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_has_value_keeps_facts_with_a_number(invoke: Invoke) -> None:
    every = as_json(invoke("facts", "--json"))
    valued = as_json(invoke("facts", "--has-value", "--json"))
    assert valued == [r for r in every if r["value"] is not None]
    assert 0 < len(valued) < len(every)


@pytest.mark.parametrize("key", ["id", "topic", "kind", "date", "value"])
def test_sort_ascending_missing_last_stable(invoke: Invoke, key: str) -> None:
    every = as_json(invoke("facts", "--json"))
    rows = as_json(invoke("facts", "--sort", key.upper(), "--json"))
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in every)
    present = [r[key] for r in rows if r[key] is not None]
    assert present == sorted(present)
    assert all(r[key] is None for r in rows[len(present) :])
    # equal keys keep the file's order
    order = [r["id"] for r in every]
    for a, b in itertools.pairwise(rows):
        if a[key] == b[key]:
            assert order.index(a["id"]) < order.index(b["id"])


def test_sort_and_filters_together(invoke: Invoke) -> None:
    rows = as_json(invoke("facts", "--topic", "result", "--has-value", "--sort", "value", "--json"))
    assert rows and [r["value"] for r in rows] == sorted(r["value"] for r in rows)
    assert {r["topic"] for r in rows} == {"result"}


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2019", ("2019-01-01", "2019-12-31")),
        ("2019-02", ("2019-02-01", "2019-02-31")),
        ("2019-02-03", ("2019-02-03", "2019-02-03")),
    ],
)
def test_span_of_a_date(date: str, expected: tuple[str, str]) -> None:
    assert span(date) == expected


def ids(result: Result) -> set[str]:
    return {r["id"] for r in as_json(result)}


def test_timeline_since_and_until_overlap(invoke: Invoke) -> None:
    every = as_json(invoke("timeline", "--json"))
    facts = {r["id"]: r for r in every}
    # periods that began before a span and end inside or after it are kept
    assert {"project-period", "measured-period"} <= ids(invoke("timeline", "--since", "2020", "--json"))
    assert {"project-period", "measured-period"} <= ids(invoke("timeline", "--until", "2019-06", "--json"))
    # year: nothing in the span keeps nothing that ended before it
    later = as_json(invoke("timeline", "--since", "2022", "--json"))
    assert all(max(r["date"] for r in every if r["id"] == x["id"]) >= "2022" for x in later)
    assert "measured-period" not in {r["id"] for r in later}
    assert len(facts) >= 2


def test_timeline_month_precision(invoke: Invoke) -> None:
    # measured-period runs August 2018 - December 2021 (a month precision end)
    assert "measured-period" in ids(invoke("timeline", "--since", "2021-12", "--json"))
    assert "measured-period" not in ids(invoke("timeline", "--since", "2022-01", "--json"))
    assert "measured-period" in ids(invoke("timeline", "--until", "2018-08", "--json"))
    assert "measured-period" not in ids(invoke("timeline", "--until", "2018-07", "--json"))


def test_timeline_day_precision(invoke: Invoke) -> None:
    # project-period runs 1 January 2018 - 31 December 2021
    assert "project-period" in ids(invoke("timeline", "--until", "2018-01-01", "--json"))
    assert "project-period" in ids(invoke("timeline", "--since", "2021-12-31", "--json"))
    assert "project-period" not in ids(invoke("timeline", "--since", "2022-01-01", "--json"))
    # the measured period starts in August 2018: not yet on 31 July
    assert "measured-period" not in ids(invoke("timeline", "--until", "2018-07-31", "--json"))


def test_timeline_span_keeps_both_ends_of_a_kept_period(invoke: Invoke) -> None:
    rows = as_json(invoke("timeline", "--since", "2020", "--until", "2020", "--json"))
    events = [(r["id"], r["event"]) for r in rows]
    assert ("project-period", "start") in events and ("project-period", "end") in events


@pytest.mark.parametrize("bad", ["2019-13", "19", "2019/03", "March"])
def test_timeline_bad_date_is_a_usage_error(invoke: Invoke, bad: str) -> None:
    result = invoke("timeline", "--since", bad)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"kanten: --since takes a year, a month or a day (2019, 2019-03, 2019-03-05), not {bad!r}\n"


def test_timeline_span_the_wrong_way_round_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("timeline", "--since", "2021", "--until", "2019")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "kanten: --since 2021 is after --until 2019\n"


def test_timeline_span_without_facts_exits_1(invoke: Invoke) -> None:
    result = invoke("timeline", "--since", "2100")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "kanten: no dated fact overlaps that span\n" and result.stdout == ""


def test_timeline_of_a_file_without_dates_is_an_empty_table(invoke: Invoke, write_project: Any) -> None:
    """(The table renderer once failed on no rows at all.)"""
    from tests.conftest import minimal

    result = invoke("timeline", "--data", str(write_project(minimal())))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Timeline\n")
