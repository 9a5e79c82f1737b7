"""Guards for start-up: heavy modules stay off the paths that do not need them.

No test here measures time (that is bench/startup.py's job); each checks which modules a real
run of kanten has imported, so that a heavy import sneaking onto a fast path fails CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
sys.argv = ["kanten", *json.loads(sys.argv[1])]
from kanten_cli.cli import main
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
    assert "kanten_cli.query" in modules or args[0] in ("schema", "validate")  # the command really ran
    assert not rich_loaded(modules)
    assert "kanten_cli.render_table" not in modules


def test_tables_do_import_rich(tmp_path: object) -> None:
    """The other side of the guard: the probe can see Rich when it is used."""
    assert rich_loaded(modules_after(["partners"], tmp_path))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["partners", "--help"]])
def test_version_and_help_never_build_the_model(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    for heavy in ("kanten_cli.model", "kanten_cli.load", "kanten_cli.query", "kanten_cli.render"):
        assert heavy not in modules, heavy


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_neither_rich_nor_pydantic_models(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert not rich_loaded(modules)
    assert "pydantic.main" not in modules


def test_command_help_does_not_import_rich(tmp_path: object) -> None:
    # (Typer itself imports pydantic to describe a command's options; that is the framework.)
    assert not rich_loaded(modules_after(["search", "--help"], tmp_path))


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
    assert "kanten_cli.render_cite" in modules  # the command really ran
    assert not rich_loaded(modules) and not latex_loaded(modules)
    assert "webbrowser" not in modules


def test_bibtex_does_import_its_latex_encoder(tmp_path: object) -> None:
    """The other side of the guard: pylatexenc is loaded when BibTeX is asked for."""
    assert latex_loaded(modules_after(["cite", "paid-work-share", "--style", "bibtex"], tmp_path))


@pytest.mark.parametrize("args", [["show", "cabi", "--json"], ["facts", "--json"], ["--version"]])
def test_only_show_web_imports_webbrowser(args: list[str], tmp_path: object) -> None:
    modules = modules_after(args, tmp_path)
    assert "webbrowser" not in modules and "kanten_cli.render_cite" not in modules
