"""validate tells all: every schema and cross-record problem in one run, each with its place;
the file it is given by --data or KANTEN_DATA; `--data -` reads standard input; plurals right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base.errors import DataError, ExitCode
from kanten_cli.facts.load import parse
from tests.conftest import minimal

Invoke = Callable[..., Result]


def three_problems() -> dict[str, Any]:
    """A bad kind, a duplicate id and an unknown source, each in its own fact."""
    data = minimal()
    data["facts"][0]["kind"] = "claimed"
    data["facts"][2]["id"] = "share"
    data["facts"][1]["source"] = "nowhere"
    return data


def test_validate_reports_schema_and_cross_record_problems_together(
    invoke: Invoke, write_project: Callable[[Any], Path]
) -> None:
    path = write_project(three_problems())
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.DATA
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"kanten: {path}: facts[0].kind: Input should be 'stated', 'context', 'target' or 'derived'",
        f"kanten: {path}: facts[1].source: unknown source 'nowhere'",
        f"kanten: {path}: facts[2].id: duplicate id 'share'",
        f"kanten: {path}: 3 problems",
    ]


def test_a_reference_to_an_invalid_record_is_not_called_unknown(write_project: Callable[[Any], Path]) -> None:
    data = minimal()
    data["facts"][0]["value"] = "ten"  # invalid, but it exists: half-count's input is not unknown
    with pytest.raises(DataError) as caught:
        parse(json.dumps(data).encode(), "p.json")
    assert all(p.startswith("facts[0].value: ") for p in caught.value.problems), caught.value.problems


def test_one_more_problem_is_singular() -> None:
    data = minimal()
    data["facts"][1]["source"] = "nowhere"
    data["facts"][2]["source"] = "elsewhere"
    with pytest.raises(DataError) as caught:
        parse(json.dumps(data).encode(), "p.json")
    assert caught.value.message == "p.json: facts[1].source: unknown source 'nowhere' (and 1 more problem)"


def test_validate_counts_in_the_singular(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    data = minimal()
    data["sources"] = data["sources"][:1]
    data["facts"] = data["facts"][:1]
    data["organisations"][0]["roles"] = [{"role": "partner", "source": "src", "quote": "Q"}]
    path = write_project(data)
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{path}: valid: 1 fact, 1 organisation, 1 source\n"


@pytest.mark.parametrize("how", ["--data", "KANTEN_DATA"])
def test_validate_checks_the_file_given_to_kanten(
    invoke: Invoke, write_project: Callable[[Any], Path], how: str
) -> None:
    path = write_project(three_problems())
    if how == "--data":
        result = invoke("--data", str(path), "validate")
    else:
        result = invoke("validate", env={"KANTEN_DATA": str(path)})
    assert result.exit_code == ExitCode.DATA
    assert result.stderr.splitlines()[-1] == f"kanten: {path}: 3 problems"


def test_data_from_standard_input(write_project: Callable[[Any], Path]) -> None:
    text = json.dumps(minimal(), ensure_ascii=False)
    env = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": ""}
    facts = subprocess.run(
        [sys.executable, "-m", "kanten_cli", "--data", "-", "facts", "--json", "--fields", "id"],
        input=text,
        capture_output=True,
        text=True,
        env=env,
    )
    assert facts.returncode == 0, facts.stderr
    assert json.loads(facts.stdout) == [{"id": f["id"]} for f in minimal()["facts"]]
    valid = subprocess.run(
        [sys.executable, "-m", "kanten_cli", "validate", "-"], input=text, capture_output=True, text=True, env=env
    )
    assert (valid.returncode, valid.stdout) == (0, "standard input: valid: 4 facts, 1 organisation, 2 sources\n")
    broken = subprocess.run(
        [sys.executable, "-m", "kanten_cli", "facts", "--data", "-"],
        input="{",
        capture_output=True,
        text=True,
        env=env,
    )
    assert broken.returncode == ExitCode.DATA
    assert broken.stderr.startswith("kanten: standard input: line 1 column 2: not valid JSON")
