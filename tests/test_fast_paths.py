"""Guards for start-up: heavy modules stay off the paths that do not need them.

No test here measures time (that is bench/startup.py's job); each checks which modules a real
run of kanten has imported, so that a heavy import sneaking onto a fast path fails CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
sys.argv = ["kanten", *json.loads(sys.argv[1])]
from kanten_cli.cli.app import main
try:
    main()
except SystemExit:
    pass
with open({out!r}, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""


def modules_after(args: list[str], tmp_path: object) -> set[str]:
    out = os.path.join(str(tmp_path), "modules.json")
    code = PROBE.format(out=out)
    env = {**os.environ, "KANTEN_DATA": "", "KANTEN_LANG": "en"}
    subprocess.run([sys.executable, "-c", code, json.dumps(args)], env=env, capture_output=True, timeout=60, check=True)
    with open(out) as handle:
        return set(json.load(handle))


def rich_loaded(modules: set[str]) -> bool:
    return any(m == "rich" or m.startswith("rich.") for m in modules)


@pytest.mark.parametrize(
    "args",
    [
        ["partners", "--json"],
        ["results", "--json"],
        ["facts", "-f", "jsonl"],
        ["facts", "-f", "csv"],
        ["results", "-f", "markdown"],
        ["search", "lønnet", "--json"],
        ["schema"],
        ["validate"],
    ],
)
def test_machine_output_never_imports_rich(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert "kanten_cli.query.index" in modules or args[0] in ("schema", "validate")  # the command really ran
    assert not rich_loaded(modules)
    assert "kanten_cli.output.table.draw" not in modules


def test_tables_do_import_rich(tmp_path: object) -> None:
    """The other side of the guard: the probe can see Rich when it is used."""
    assert rich_loaded(modules_after(["partners"], tmp_path))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["partners", "--help"]])
def test_version_and_help_never_build_the_model(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    for heavy in (
        "kanten_cli.facts.model",
        "kanten_cli.facts.load",
        "kanten_cli.query.index",
        "kanten_cli.output.emit",
    ):
        assert heavy not in modules, heavy


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_neither_rich_nor_pydantic_models(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert not rich_loaded(modules)
    assert "pydantic.main" not in modules


def test_command_help_does_not_import_rich(tmp_path: object) -> None:
    # (Typer itself imports pydantic to describe a command's options; that is the framework.)
    assert not rich_loaded(modules_after(["search", "--help"], tmp_path))


@pytest.mark.parametrize("args", [["--help"], ["search", "--help"], ["help", "facts"], ["facts", "--json"]])
def test_help_and_listings_never_load_search(args: list[str], tmp_path: object) -> None:
    # (difflib, for "did you mean", is imported by Typer itself, so it is not checked here.)
    assert "kanten_cli.query.search" not in modules_after(args, tmp_path)


def test_a_search_loads_search(tmp_path: object) -> None:
    """The other side of the guard."""
    assert "kanten_cli.query.search" in modules_after(["search", "vive", "--json"], tmp_path)


HEAVY_WRITERS = ("jinja2", "openpyxl")


@pytest.mark.parametrize(
    "args", [["facts", "--json"], ["facts", "-f", "csv"], ["partners"], ["report"], ["report", "--help"]]
)
def test_template_engine_and_spreadsheet_writer_stay_off_other_paths(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    for heavy in HEAVY_WRITERS:
        assert heavy not in modules, heavy


def test_html_and_xlsx_load_what_they_need(tmp_path: Path) -> None:
    """The other side of the guard: each writer is imported by its own format."""
    html = modules_after(["report", "-f", "html"], tmp_path)
    assert "jinja2" in html and "openpyxl" not in html
    xlsx = modules_after(["facts", "-o", str(tmp_path / "f.xlsx")], tmp_path)
    assert "openpyxl" in xlsx and "jinja2" not in xlsx and not rich_loaded(xlsx)


def test_markdown_report_to_a_file_needs_neither_writer(tmp_path: Path) -> None:
    modules = modules_after(["report", "-o", str(tmp_path / "r.md")], tmp_path)
    assert "kanten_cli.output.report.document" in modules  # the command really ran
    assert not rich_loaded(modules)
    for heavy in HEAVY_WRITERS:
        assert heavy not in modules, heavy


def latex_loaded(modules: set[str]) -> bool:
    return any(m == "pylatexenc" or m.startswith("pylatexenc.") for m in modules)


@pytest.mark.parametrize(
    "args",
    [
        ["cite", "paid-work-share"],
        ["cite", "cabi", "--style", "markdown"],
        ["cite", "paid-work-share", "--style", "csl-json"],
        ["cite", "paid-work-share", "--style", "ris"],
    ],
)
def test_cite_imports_neither_rich_nor_latex_nor_a_browser(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert "kanten_cli.output.cite" in modules  # the command really ran
    assert not rich_loaded(modules) and not latex_loaded(modules)
    assert "webbrowser" not in modules


def test_bibtex_does_import_its_latex_encoder(tmp_path: object) -> None:
    """The other side of the guard: pylatexenc is loaded when BibTeX is asked for."""
    assert latex_loaded(modules_after(["cite", "paid-work-share", "--style", "bibtex"], tmp_path))


@pytest.mark.parametrize("args", [["show", "cabi", "--json"], ["facts", "--json"], ["--version"]])
def test_only_show_web_imports_webbrowser(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert "webbrowser" not in modules and "kanten_cli.output.cite" not in modules


NETWORK = (
    "kanten_cli.sources.net",
    "kanten_cli.sources.check",
    "kanten_cli.sources.pages",
    "urllib.request",
    "http.client",
    "ssl",
)


@pytest.mark.parametrize(
    "args", [["partners", "--json"], ["partners"], ["--help"], ["verify", "--help"], ["cite", "paid-work-share"]]
)
def test_only_verify_loads_the_network_client(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert [m for m in (*NETWORK, "html.parser") if m in modules] == []


def test_verify_with_json_loads_the_client_but_not_rich(tmp_path: object) -> None:
    # A saved copy: the probe must not go to the network. Piped stderr: no progress bar.
    saved = os.path.join(str(tmp_path), "article.txt")
    with open(saved, "w", encoding="utf-8") as handle:
        handle.write("no such words\n")
    modules = modules_after(["verify", "participants-registered", "--source", f"article={saved}", "--json"], tmp_path)
    assert all(m in modules for m in NETWORK)  # the command really ran
    assert not rich_loaded(modules)


def textual_loaded(modules: set[str]) -> bool:
    return any(m == "textual" or m.startswith("textual.") for m in modules)


@pytest.mark.parametrize(
    "args",
    [
        ["partners"],
        ["partners", "--json"],
        ["--help"],
        ["--version"],
        ["facts"],
        ["show", "cabi"],
        ["cite", "cabi"],
        ["search", "vive"],
        ["results", "--chart"],
        ["browse", "--help"],
    ],
)
def test_only_browse_imports_textual(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert not textual_loaded(modules)
    assert not any(m.startswith("kanten_cli.output.explorer") for m in modules)


def test_browse_without_a_terminal_stops_before_textual_and_the_data(tmp_path: object) -> None:
    """The probe's output is not a terminal: browse says so (exit 2) having loaded neither."""
    modules = modules_after(["browse"], tmp_path)
    assert "kanten_cli.output.terminal" in modules  # the command really ran: it asked the terminal
    assert not textual_loaded(modules)
    assert "kanten_cli.facts.load" not in modules
