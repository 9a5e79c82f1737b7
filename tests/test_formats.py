"""The scripting contract: formats, --fields, schema, validate, --data, exit codes, completion."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from kanten_cli.base.errors import ExitCode
from kanten_cli.output.text import flatten
from tests.conftest import ROOT, minimal

Invoke = Callable[..., Result]
LISTING = [
    "partners",
    "results",
    "recommendations",
    "overview",
    "facts",
    "sources",
    "timeline",
    "search arbejde",
    "show participants-registered cabi",
    "results --chart",
]


def output(invoke: Invoke, command: str, *extra: str, env: dict[str, str] | None = None) -> str:
    result = invoke(*command.split(), *extra, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("command", LISTING)
def test_every_format_carries_the_same_records(invoke: Invoke, command: str) -> None:
    records = json.loads(output(invoke, command, "--format", "json"))
    assert isinstance(records, list) and records
    assert json.loads(output(invoke, command, "--json")) == records
    lines = output(invoke, command, "-f", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records
    expected = [flatten(r) for r in records]
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        result = invoke(*command.split(), "-f", fmt)
        if fmt == "csv":
            assert result.stdout_bytes.endswith(b"\r\n")  # RFC 4180 line ends
        else:
            assert b"\r" not in result.stdout_bytes  # TSV lines end in LF, so awk -F'\t' works
        text = result.stdout_bytes.decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert [dict(r) for r in rows] == [{k: row.get(k, "") for k in rows[0]} for row in expected]
    markdown = output(invoke, command, "-f", "markdown")
    assert markdown.startswith("## ")  # for people: a heading per section, then its table or list
    assert all(f"{r['id']}" in markdown for r in records)


def test_flatten_is_documented_behaviour() -> None:
    row = {"a": None, "b": True, "c": 0.5, "d": ["x", "y"], "e": [{"role": "lead", "source": "s"}], "f": {"g": 1}}
    assert flatten(row) == {"a": "", "b": "true", "c": "0.5", "d": "x; y", "e": "lead:s", "f.g": "1"}


def test_fields_select_and_order(invoke: Invoke) -> None:
    rows = json.loads(output(invoke, "facts", "--json", "--fields", "value,id"))
    assert list(rows[0]) == ["value", "id"]
    header = output(invoke, "facts", "-f", "csv", "--fields", "id,kind").splitlines()[0]
    assert header == "id,kind"
    table = output(invoke, "partners", "--fields", "name")
    assert "Jobcenter Lolland" in table and "Roles" not in table


def test_unknown_field_is_a_usage_error_listing_valid_ones(invoke: Invoke) -> None:
    result = invoke("partners", "--json", "--fields", "name,colour")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("kanten: unknown field 'colour'; valid fields: id, name, roles, kind")


def test_json_and_another_format_conflict(invoke: Invoke) -> None:
    result = invoke("facts", "--json", "--format", "csv")
    assert result.exit_code == ExitCode.USAGE


def test_schema_validates_embedded_data_and_rejects_broken_copies(invoke: Invoke) -> None:
    schema = json.loads(output(invoke, "schema"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads((ROOT / "data" / "project.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    assert list(validator.iter_errors(json.loads((ROOT / "examples" / "minimal.json").read_text("utf-8")))) == []
    for breakage in (
        lambda d: d["facts"][0].update(colour="red"),
        lambda d: d["facts"][0].update(kind="rumour"),
        lambda d: d["facts"][0].update(value="1439"),
        lambda d: d["organisations"][0].pop("name"),
        lambda d: d.update(schema_version=2),
    ):
        broken = copy.deepcopy(data)
        breakage(broken)
        assert list(validator.iter_errors(broken)), breakage


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"schema_version": 1,\n  "facts": [', "line 2 column 13: not valid JSON"),
        (lambda d: d["facts"][0].update(value="ten"), "facts[0].value"),
        (lambda d: d["facts"][0].update(colour="red"), "facts[0].colour: unknown key (not allowed here)"),
        (lambda d: d["facts"][1].update(id="count"), "facts[1].id: duplicate id 'count'"),
        (lambda d: d["facts"][3].update(inputs=["count", "nope"]), "facts[3].inputs[1]: unknown fact 'nope'"),
        (
            lambda d: d["organisations"][0]["roles"][0].update(source="gone"),
            "organisations[0].roles[0].source: unknown source 'gone'",
        ),
        (None, "no such file"),
    ],
)
def test_validate_broken_files(
    invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path, content: Any, message: str
) -> None:
    if content is None:
        path = tmp_path / "missing.json"
    elif isinstance(content, str):
        path = write_project(content)
    else:
        data = minimal()
        content(data)
        path = write_project(data)
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.DATA
    assert result.stdout == ""
    assert f"kanten: {path}: " in result.stderr and message in result.stderr


def test_validate_lists_every_problem(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    data = minimal()
    data["facts"][0]["colour"] = "red"
    data["facts"][2]["size"] = 3
    result = invoke("validate", str(write_project(data)))
    assert result.exit_code == ExitCode.DATA
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and lines[-1].endswith(": 2 problems")  # each problem, then how many


def test_validate_success_summary(invoke: Invoke) -> None:
    result = invoke("validate", str(ROOT / "examples" / "minimal.json"))
    assert result.exit_code == 0
    assert result.stdout.endswith("minimal.json: valid: 4 facts, 1 organisation, 2 sources\n")
    embedded = invoke("validate")
    assert embedded.exit_code == 0 and "valid: 82 facts, 9 organisations, 11 sources" in embedded.stdout


def test_data_option_and_environment_on_the_example(invoke: Invoke) -> None:
    example = str(ROOT / "examples" / "minimal.json")
    by_option = json.loads(output(invoke, "facts", "--json", "--data", example))
    by_env = json.loads(output(invoke, "facts", "--json", env={"KANTEN_DATA": example}))
    by_global = json.loads(output(invoke, "--data", example, "facts", "--json"))
    assert output(invoke, "validate", env={"KANTEN_DATA": example}).endswith(
        "valid: 4 facts, 1 organisation, 2 sources\n"
    )
    assert by_option == by_env == by_global
    assert [r["id"] for r in by_option] == [
        "participants-registered",
        "paid-work-share",
        "target-ordinary-hours",
        "paid-work-people",
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["partners"], ExitCode.OK),
        (["search", "zebra"], ExitCode.NOT_FOUND),
        (["show", "nope"], ExitCode.NOT_FOUND),
        (["partners", "--format", "xml"], ExitCode.USAGE),
        (["nonsense"], ExitCode.USAGE),
        (["partners", "--data", "/nonexistent/p.json"], ExitCode.DATA),
    ],
)
def test_exit_codes(invoke: Invoke, args: list[str], code: int) -> None:
    result = invoke(*args)
    assert result.exit_code == code
    if code:
        assert result.stderr.startswith("kanten: ") and result.stderr.count("\n") == 1


def test_exit_codes_in_readme_match_the_constants() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {code.value} |" in readme, code


def complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_KANTEN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "KANTEN_DATA": "",
    }
    code = "from kanten_cli.cli.app import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    return result.stdout.split()


def test_completion_of_ids_topics_and_fields() -> None:
    assert "paid-work-people" in complete("kanten show paid-w")
    assert complete("kanten facts --topic midterm-r") == ["midterm-recommendation"]
    assert "id,text" in complete("kanten facts --fields id,te")


def test_completion_of_lists_kinds_roles_and_sort_keys() -> None:
    assert complete("kanten facts --topic result,tar") == ["result,target"]
    assert complete("kanten facts --kind st") == ["stated"]
    assert complete("kanten partners --role funder,ev") == ["funder,evaluator"]
    assert complete("kanten facts --sort va") == ["value"]
