"""The small inconsistencies of issue 22: Danish field names, `show --fields` in the card, the
overview's later lines styled like its first, and piped tables as wide as the terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import termios
from collections.abc import Callable

import pytest
from typer.testing import Result

from kanten_cli.base.errors import ExitCode
from tests.test_install import kanten_executable

Invoke = Callable[..., Result]


# --- --fields in either language -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_fields_take_the_danish_names_that_sort_takes(invoke: Invoke, lang: str) -> None:
    result = invoke("facts", "--lang", lang, "--has-value", "--fields", "værdi,tekst,ID", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(list(row) == ["value", "text", "id"] for row in rows)


def test_danish_fields_in_a_table_and_a_near_miss(invoke: Invoke) -> None:
    table = invoke("facts", "--lang", "da", "--has-value", "--fields", "id,Værdi")
    assert table.exit_code == 0, table.stderr
    assert "Værdi" in table.stdout.splitlines()[1] and "Tekst" not in table.stdout.splitlines()[1]
    near = invoke("facts", "--fields", "vaerdi")
    assert near.exit_code == ExitCode.USAGE and "did you mean" in near.stderr


# --- show --fields in the card ----------------------------------------------------------------


def test_show_fields_are_honoured_in_the_card(invoke: Invoke) -> None:
    result = invoke("show", "still-in-work-people", "--fields", "id,value")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["ID", "Value"]
    assert lines[1].split(None, 1)[1] == "≈ 96 people"
    danish = invoke("show", "cabi", "--lang", "da", "--fields", "navn,id")
    assert [line.split()[0] for line in danish.stdout.splitlines()] == ["Navn", "ID"]


# --- the overview's style ---------------------------------------------------------------------


def test_a_multi_line_overview_entry_is_styled_alike_on_every_line(invoke: Invoke) -> None:
    result = invoke("--no-pager", env={"NO_COLOR": "", "FORCE_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    conclusion = next(line for line in result.stdout.splitlines() if "Conclusion" in line)
    # The label is a heading; the text beside it is plain, as on the lines below it.
    assert conclusion.startswith("\x1b[1mConclusion        \x1b[0mAccording to the article")


# --- piped tables and the terminal --------------------------------------------------------------


def _terminal(columns: int) -> tuple[int, int, str]:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    return controller, terminal, os.ttyname(terminal)


def _environ(**more: str) -> dict[str, str]:
    environ = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": "", "NO_COLOR": "1", **more}
    environ.pop("COLUMNS", None) if "COLUMNS" not in more else None
    return environ


def test_a_piped_table_is_as_wide_as_the_terminal_on_stderr() -> None:
    controller, terminal, _ = _terminal(40)
    try:
        run = subprocess.run(
            [kanten_executable(), "partners"], stdout=subprocess.PIPE, stderr=terminal, env=_environ(), timeout=60
        )
    finally:
        os.close(terminal)
        os.close(controller)
    lines = run.stdout.decode().splitlines()
    assert run.returncode == 0 and lines
    assert max(len(line) for line in lines) <= 40
    assert max(len(line) for line in lines) > 30  # drawn for 40 columns, not 80 and not less


def test_a_piped_table_is_as_wide_as_the_controlling_terminal() -> None:
    controller, terminal, name = _terminal(40)

    def controlled() -> None:  # a new session whose controlling terminal is the pty: /dev/tty
        os.setsid()
        os.close(os.open(name, os.O_RDWR))

    try:
        run = subprocess.run(
            [kanten_executable(), "partners"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=_environ(),
            timeout=60,
            preexec_fn=controlled,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    lines = run.stdout.decode().splitlines()
    assert run.returncode == 0, run.stderr
    assert 30 < max(len(line) for line in lines) <= 40


def test_columns_wins_and_without_a_terminal_it_is_80() -> None:
    controller, terminal, _ = _terminal(40)
    try:
        wide = subprocess.run(
            [kanten_executable(), "partners"],
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=_environ(COLUMNS="120"),
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert 80 < max(len(line) for line in wide.stdout.decode().splitlines()) <= 120
    plain = subprocess.run(
        [kanten_executable(), "partners"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=_environ(),
        timeout=60,
        start_new_session=True,  # no controlling terminal
    )
    assert 40 < max(len(line) for line in plain.stdout.decode().splitlines()) <= 80
