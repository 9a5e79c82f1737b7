"""Help that reads well and pastes: no internal type names, choices listed, examples never wrapped."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import pytest
from typer.testing import Result

from kanten_cli.cli.app import _command_name, app
from kanten_cli.facts.vocabulary import KINDS, ROLES, TOPICS

Invoke = Callable[..., Result]
COMMANDS = [_command_name(info) for info in app.registered_commands]
INTERNAL = re.compile(r"<[a-z\[\]|,]+>|\[\[|\{[A-Z]+\}|list\[|\bstr\b|\bint\b")


def examples(name: str | None) -> list[str]:
    """The example lines a command's docstring gives (the block after Click's \\b marker)."""
    if name is None:
        doc = app.info.help or ""
    else:
        (info,) = [i for i in app.registered_commands if _command_name(i) == name]
        doc = inspect.getdoc(info.callback) or ""
    block = doc.split("\b\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.splitlines()]


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("width", ["40", "80"])
@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_has_no_type_names_and_examples_on_one_line(
    invoke: Invoke, name: str | None, width: str, lang: str
) -> None:
    args = [name, "--help"] if name else ["--help"]
    result = invoke(*args, env={"COLUMNS": width, "KANTEN_LANG": lang})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not INTERNAL.search(out), INTERNAL.search(out)
    lines = out.splitlines()
    given = examples(name)
    assert given and all(e.startswith("kanten ") for e in given)
    # each example is one whole line of the help, indented as a block, one after another
    at = [next(i for i, line in enumerate(lines) if line.strip() == e) for e in given]
    assert at == list(range(at[0], at[0] + len(given))), (name, at)
    assert len({len(lines[i]) - len(lines[i].lstrip()) for i in at}) == 1
    # everything else fits the width
    rest = [line for i, line in enumerate(lines) if i not in at]
    assert all(len(line) <= int(width) for line in rest), [line for line in rest if len(line) > int(width)]
    assert not any(line != line.rstrip() for line in lines)


def test_choices_are_listed(invoke: Invoke) -> None:
    facts = " ".join(invoke("facts", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "--topic TOPIC" in facts and "--kind KIND" in facts and "--sort KEY" in facts
    assert ", ".join(TOPICS) in facts and ", ".join(KINDS) in facts
    assert "-f, --format FORMAT" in facts and "table, json, jsonl, csv, tsv, markdown or xlsx" in facts
    assert "Danish names" in facts and "(Danish headings too;" in facts
    partners = " ".join(invoke("partners", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "--role ROLE" in partners and ", ".join(ROLES) in partners
    assert "--lang LANG" in partners and "da or en" in partners


def test_usage_lines_name_arguments_plainly(invoke: Invoke) -> None:
    assert invoke("show", "--help").stdout.startswith("Usage: kanten show [OPTIONS] ID...\n")
    assert invoke("search", "--help").stdout.startswith("Usage: kanten search [OPTIONS] WORD...\n")
    assert invoke("validate", "--help").stdout.startswith("Usage: kanten validate [OPTIONS] [PATH]\n")
    assert invoke("help", "--help").stdout.startswith("Usage: kanten help [OPTIONS] [COMMAND]\n")


@pytest.mark.parametrize("name", COMMANDS)
def test_help_command_is_an_alias_of_help_option(invoke: Invoke, name: str) -> None:
    assert invoke("help", name).stdout == invoke(name, "--help").stdout


def test_help_without_a_command_is_the_main_help(invoke: Invoke) -> None:
    result = invoke("help")
    assert result.exit_code == 0
    assert result.stdout == invoke("--help").stdout


def test_help_for_an_unknown_command_suggests(invoke: Invoke) -> None:
    result = invoke("help", "serch")
    assert result.exit_code == 2
    assert result.stderr == "kanten: no such command 'serch'; did you mean 'search'? (see 'kanten --help')\n"


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_example_fits_an_80_column_terminal(invoke: Invoke, name: str | None) -> None:
    """Each example is at most 76 characters, so that, indented, it is never wrapped at 80."""
    given = examples(name)
    assert all(len(e) <= 76 for e in given), [e for e in given if len(e) > 76]
    lines = invoke(*([name] if name else []), "--help", env={"COLUMNS": "80"}).stdout.splitlines()
    assert all(len(line) <= 80 for line in lines if line.strip() in given)


def test_every_format_is_listed_where_formats_are_declared(invoke: Invoke) -> None:
    from kanten_cli.cli.options import FormatChoice
    from kanten_cli.output.emit import FORMATS

    assert tuple(c.value for c in FormatChoice) == FORMATS
    for name in ("facts", "partners", "search"):
        text = " ".join(invoke(name, "--help", env={"COLUMNS": "200"}).stdout.split())
        assert "table, json, jsonl, csv, tsv, markdown or xlsx" in text


def summary(name: str) -> str:
    """A command's first sentence, as `kanten --help` lists it."""
    (info,) = [i for i in app.registered_commands if _command_name(i) == name]
    return (inspect.getdoc(info.callback) or "").split("\n", 1)[0]


@pytest.mark.parametrize("width", ["40", "80", "120"])
def test_command_summaries_are_never_cut(invoke: Invoke, width: str) -> None:
    out = invoke("--help", env={"COLUMNS": width}).stdout
    listed = out.split("Commands:\n", 1)[1]
    assert "..." not in listed
    assert all(len(line) <= int(width) for line in listed.splitlines())
    flat = " ".join(listed.split())
    for name in COMMANDS:
        assert f"{name} {summary(name)}" in flat, name


def test_help_lists_the_commands_in_their_pinned_order() -> None:
    """The order `kanten --help` lists commands in is the order they are registered in
    kanten_cli/cli/app.py; moving commands into modules must not change it."""
    assert COMMANDS[:16] == [
        "partners",
        "results",
        "recommendations",
        "overview",
        "facts",
        "show",
        "cite",
        "search",
        "ask",
        "sources",
        "timeline",
        "report",
        "verify",
        "schema",
        "validate",
        "help",
    ]
