"""The commands through Typer's CliRunner: both languages, both formats, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli import __version__
from kanten_cli.base.errors import ExitCode
from tests.conftest import minimal

Invoke = Callable[..., Result]
COMMANDS = ["partners", "results", "recommendations", "overview"]


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_command_speaks_json_with_ids_and_sources(invoke: Invoke, command: str, lang: str) -> None:
    rows = as_json(invoke(command, "--json", "--lang", lang))
    assert isinstance(rows, list) and rows
    for row in rows:
        assert "id" in row and row["sources"], row


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_draws_a_table(invoke: Invoke, command: str) -> None:
    result = invoke(command)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and result.stderr == ""
    assert "\x1b" not in result.stdout


def test_partners_table(invoke: Invoke) -> None:
    out = invoke("partners").stdout
    for name in [
        "Jobcenter Lolland",
        "Guldborgsund Jobcenter",
        "Business Lolland-Falster",
        "Erhvervspark Lolland",
        "3F Lolland",
        "LG Insight",
        "Cabi",
    ]:
        assert name in out
    assert "lead (context)" in " ".join(out.split())  # the roles column may wrap between words


def test_partners_json_exact_first_row(invoke: Invoke) -> None:
    rows = as_json(invoke("partners", "--json"))
    assert rows[0] == {
        "id": "jobcenter-lolland",
        "name": "Jobcenter Lolland",
        "roles": [{"role": "partner", "source": "article", "source_kind": "primary"}],
        "kind": "job centre",
        "kind_source": "article",
        "municipality": "Lolland",
        "description": "Lolland Municipality's job centre.",
        "description_sources": ["article", "cabi-project-page"],
        "description_evidence": "Lolland og Guldborgsund Kommuner",
        "caveat": None,
        "sources": ["article", "cabi-project-page"],
    }


def test_partners_role_filter(invoke: Invoke) -> None:
    names = [r["name"] for r in as_json(invoke("partners", "--role", "knowledge-house", "--json"))]
    assert names == ["LG Insight", "Cabi"]
    assert [r["name"] for r in as_json(invoke("partners", "--role", "funder", "--json"))] == [
        "Den A.P. Møllerske Støttefond"
    ]


def test_unknown_role_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("partners", "--role", "boss")
    assert result.exit_code == ExitCode.USAGE
    assert (
        result.stderr == "kanten: unknown role 'boss'; choose from: partner, knowledge-house, lead, funder, evaluator\n"
    )


def test_results_sections_and_kinds(invoke: Invoke) -> None:
    rows = as_json(invoke("results", "--json"))
    sections = list(dict.fromkeys(r["section"] for r in rows))
    assert sections == ["headline", "targets", "midterm", "improvements", "activities"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["participants-registered"]["value"] == 1439
    assert by_id["participants-registered"]["kind"] == "stated"
    assert by_id["paid-work-people"]["kind"] == "derived"
    assert by_id["paid-work-people"]["sources"] == ["article"]
    assert by_id["target-ordinary-hours"]["kind"] == "target"
    assert by_id["midterm-citizens"]["kind"] == "context"
    assert by_id["paid-work-vs-target"]["sources"] == ["article", "cabi-project-page"]


def test_results_table_shows_kind_source_and_caveats(invoke: Invoke) -> None:
    out = invoke("results").stdout
    # figures at a precision that means something: the source's "one third", "≈" where approximate
    assert "1,439 people" in out and "one third (33 %)" in out and "≈ 20 %" in out and "≈ 480 people" in out
    assert "479.7 people" not in out
    assert "derived" in out and "target" in out and "cabi-project-page" in out
    assert "1439 × 1/3 = 479.7 ≈ 480" in out
    assert "ordinary hours" in out


def test_danish_output(invoke: Invoke) -> None:
    out = invoke("results", "--lang", "da").stdout
    assert "Hovedtal" in out and "1.439 personer" in out and "en tredjedel (33 %)" in out and "afledt" in out
    assert "ca. 480 personer" in out
    rows = as_json(invoke("recommendations", "--lang", "da", "--json"))
    assert rows[0]["text"].startswith("I anbefalingen fra projektets konklusion")


def test_language_from_global_option_env_and_locale(invoke: Invoke) -> None:
    def first_text(*args: str, env: dict[str, str]) -> str:
        return str(as_json(invoke(*args, env=env))[0]["kind"])

    assert first_text("--lang", "da", "partners", "--json", env={}) == "jobcenter"
    assert first_text("partners", "--json", env={"KANTEN_LANG": "da"}) == "jobcenter"
    assert first_text("partners", "--json", env={"KANTEN_LANG": "", "LANG": "da_DK.UTF-8"}) == "jobcenter"
    assert first_text("partners", "--json", env={"KANTEN_LANG": "", "LC_ALL": "C", "LANG": "da_DK"}) == "job centre"
    assert first_text("--lang", "da", "partners", "--lang", "en", "--json", env={}) == "job centre"


def test_names_are_never_translated(invoke: Invoke) -> None:
    da = [r["name"] for r in as_json(invoke("partners", "--json", "--lang", "da"))]
    en = [r["name"] for r in as_json(invoke("partners", "--json", "--lang", "en"))]
    assert da == en


def test_recommendations(invoke: Invoke) -> None:
    rows = as_json(invoke("recommendations", "--json"))
    assert [r["section"] for r in rows][:1] == ["recommendation"]
    assert {r["section"] for r in rows} == {"recommendation", "conclusion", "outlook", "midterm-recommendation"}
    assert {r["kind"] for r in rows if r["section"] == "midterm-recommendation"} == {"context"}


def test_overview_and_bare_kanten(invoke: Invoke) -> None:
    bare = invoke()
    assert bare.exit_code == 0
    assert "Rekruttering fra kanten" in bare.stdout and "Lolland-Falster" in bare.stdout
    assert bare.stdout == invoke("overview").stdout
    rows = as_json(invoke("overview", "--json"))
    assert rows[0]["id"] == "project-name" and "Rekruttering fra kanten" in rows[0]["text"]
    assert rows[1]["id"] == "project-area" and "Lolland-Falster" in rows[1]["text"]
    items = [r["item"] for r in rows]
    for item in ("project", "period", "aim", "conclusion", "result", "recommendation", "funding", "report"):
        assert item in items
    assert all(r["id"] and r["sources"] for r in rows)


def test_json_keeps_danish_letters(invoke: Invoke) -> None:
    out = invoke("partners", "--json").stdout
    assert "Den A.P. Møllerske Støttefond" in out and "\\u00f8" not in out


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"kanten {__version__}\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples(invoke: Invoke, command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout and f"kanten {command}" in result.stdout


def test_main_help_documents_exit_codes(invoke: Invoke) -> None:
    out = " ".join(invoke("--help").stdout.split())  # as words: the help wraps to the terminal
    assert "Exit codes" in out and "3 data file" in out


def test_unknown_option_is_one_line(invoke: Invoke) -> None:
    result = invoke("results", "--bogus")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "kanten: no such option '--bogus' (see 'kanten results --help')\n"


def test_missing_data_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("partners", "--data", str(tmp_path / "gone.json"))
    assert result.exit_code == ExitCode.DATA
    assert result.stderr == f"kanten: {tmp_path / 'gone.json'}: no such file\n"
    assert result.stdout == ""


def test_invalid_data_names_file_and_location(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    data = minimal()
    data["facts"][1]["source"] = "nowhere"
    path = write_project(data)
    result = invoke("results", "--data", str(path))
    assert result.exit_code == ExitCode.DATA
    assert result.stderr == f"kanten: {path}: facts[1].source: unknown source 'nowhere'\n"


def test_data_from_environment(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    path = write_project(minimal())
    rows = as_json(invoke("partners", "--json", env={"KANTEN_DATA": str(path)}))
    assert [r["name"] for r in rows] == ["Jobcenter Prøve"]


def test_markup_in_data_is_printed_literally(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    data = minimal()
    data["organisations"][0]["name"] = "[bold]Jobcenter[/] [link=http://x]\x1b[31mrød\u202e"
    path = write_project(data)
    out = invoke("partners", "--data", str(path)).stdout
    assert "[bold]Jobcenter[/]" in out and "[link=http://x]" in out
    assert "\x1b" not in out and "\u202e" not in out
    assert "␛[31m" in out and "<U+202E>" in out
    rows = as_json(invoke("partners", "--data", str(path), "--json"))
    assert rows[0]["name"] == data["organisations"][0]["name"]


def test_every_command_is_documented_with_examples(invoke: Invoke) -> None:
    from kanten_cli.cli.app import _command_name, app

    names = [_command_name(info) for info in app.registered_commands]
    assert len(names) == 17  # with cite, report, verify, help, browse and ask
    listing = invoke("--help").stdout
    for name in names:
        assert name in listing
        out = invoke(name, "--help").stdout
        assert "Examples:" in out and f"kanten {name}" in out, name


def test_the_legend_explains_every_kind_a_table_shows(invoke: Invoke) -> None:
    out = invoke("facts", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    legend = out[out.rindex("Kind:") :]
    for entry in ("stated =", "derived =", "target =", "context ="):
        assert entry in legend


def test_a_percentage_is_never_split_from_its_number(invoke: Invoke) -> None:
    for width in ("40", "80", "120"):
        for lang in ("en", "da"):
            out = invoke("results", "--lang", lang, env={"COLUMNS": width, "NO_COLOR": "1"}).stdout
            assert not [line for line in out.splitlines() if line.strip().startswith("%")], (width, lang)
