"""Help in both languages: every word of it from the catalogue, and golden files at 80 columns.

Regenerate the golden files (tests/golden/help/) as the others, and read the difference:

    KANTEN_UPDATE_GOLDEN=1 python -m pytest tests/test_help_languages.py
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer.main
from babel.messages.pofile import read_po
from typer import _click as click
from typer.testing import Result

from kanten_cli.base.translate import DOMAIN, LOCALE_DIR, message_id
from kanten_cli.cli.app import _command_name, app
from kanten_cli.cli.helptext import help_messages

Invoke = Callable[..., Result]
GOLDEN = Path(__file__).resolve().parent / "golden" / "help"
UPDATE = bool(os.environ.get("KANTEN_UPDATE_GOLDEN"))
COMMANDS = [_command_name(info) for info in app.registered_commands]


def _shown_texts(command: click.Command) -> Iterator[tuple[str, str]]:
    """(where, English text) for each piece of help a person reads, as Typer builds it."""
    yield f"{command.name}: help", command.help or ""
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text:
            yield f"{command.name} {param.name}: help", help_text
        if param.metavar:
            yield f"{command.name} {param.name}: metavar", param.metavar
    for sub in getattr(command, "commands", {}).values():
        yield from _shown_texts(sub)


def test_every_word_of_help_is_a_translated_message() -> None:
    """A help text written without N_ (or a docstring the extraction missed) fails here."""
    with (LOCALE_DIR / "da" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        translated = {m.id for m in read_po(handle) if m.id and m.string}
    group = typer.main.get_command(app)
    missing = []
    for where, text in _shown_texts(group):
        wanted = [message_id(text)] if message_id(text) != text or text in translated else help_messages(text)
        missing += [(where, m) for m in wanted if m not in translated]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_golden(invoke: Invoke, name: str | None, lang: str) -> None:
    args = [name, "--help"] if name else ["--help"]
    result = invoke(*args, env={"COLUMNS": "80", "KANTEN_LANG": lang})
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name or 'kanten'}.{lang}.txt"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}: run KANTEN_UPDATE_GOLDEN=1 pytest {__file__}"
    assert result.stdout == path.read_text(encoding="utf-8"), f"{path.name} differs (see the module docstring)"


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_danish_help_leaves_no_english_heading(invoke: Invoke, name: str | None) -> None:
    args = [name, "--help"] if name else ["--help"]
    out = invoke(*args, "--lang", "da", env={"COLUMNS": "80"}).stdout
    for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Examples:", "[OPTIONS]", "Show this message"):
        assert english not in out, english
