"""The terminal object: width, colour, links and the pager, chosen from the environment."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from kanten_cli.output.terminal import DEFAULT_PAGER, Terminal, pager_command
from tests.test_hardening import in_pty, real

Invoke = Callable[..., Result]


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def detect(tty: bool = True, **env: str) -> Terminal:
    return Terminal.detect(FakeTty() if tty else io.StringIO(), {"COLUMNS": "80", "LINES": "24", **env})


def test_a_terminal_gets_colour_links_and_a_pager() -> None:
    term = detect(TERM="xterm-256color")
    assert (term.is_tty, term.width, term.height) == (True, 80, 24)
    assert term.colour and term.links and term.pager == DEFAULT_PAGER


def test_a_pipe_gets_neither_colour_nor_pager() -> None:
    term = detect(tty=False, TERM="xterm-256color")
    assert not term.colour and not term.links and term.pager is None


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_colour_is_off_when_asked(env: dict[str, str]) -> None:
    term = detect(**env)
    assert not term.colour and not term.links


def test_no_color_option_and_force_color() -> None:
    assert not Terminal.detect(FakeTty(), {"TERM": "xterm"}, no_color=True).colour
    forced = detect(tty=False, FORCE_COLOR="1")
    assert forced.colour and not forced.links  # a pipe gets no hyperlinks even when colour is forced
    assert not detect(tty=False, FORCE_COLOR="1", NO_COLOR="1").colour  # NO_COLOR wins


def test_which_pager() -> None:
    assert pager_command({}) == "less -FRX"
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"PAGER": "more", "KANTEN_PAGER": "most"}) == "most"
    assert pager_command({"PAGER": "more", "KANTEN_PAGER": ""}) is None  # empty turns it off
    assert Terminal.detect(FakeTty(), {"PAGER": "more"}, no_pager=True).pager is None


def test_a_tall_text_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\" {paged}"
    term = detect(KANTEN_PAGER=pager)
    out = io.StringIO()
    tall = "".join(f"line {n}\n" for n in range(50))
    term.write(tall, out)
    assert paged.read_text() == tall and out.getvalue() == ""
    term.write("short\n", out)  # fits the terminal: no pager
    assert out.getvalue() == "short\n"


def test_a_pager_that_cannot_start_falls_back_to_plain_output(tmp_path: Path) -> None:
    term = detect(KANTEN_PAGER=str(tmp_path / "no-such-pager"))
    out = io.StringIO()
    tall = "x\n" * 50
    term.write(tall, out)
    assert out.getvalue() == tall


def pager_recording(tmp_path: Path) -> tuple[str, Path]:
    paged = tmp_path / "paged.txt"
    return f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\" {paged}", paged


def test_kanten_pages_a_long_table_on_a_terminal(tmp_path: Path) -> None:
    pager, paged = pager_recording(tmp_path)
    shown = in_pty(["facts"], KANTEN_PAGER=pager, LINES="24", NO_COLOR="1")
    assert "participants-registered" in paged.read_text()
    assert b"participants-registered" not in shown


def test_kanten_never_pages_with_no_pager_or_when_piped(tmp_path: Path) -> None:
    pager, paged = pager_recording(tmp_path)
    shown = in_pty(["facts", "--no-pager"], KANTEN_PAGER=pager, LINES="24", NO_COLOR="1")
    assert b"participants-registered" in shown and not paged.exists()
    piped = real(["facts"], KANTEN_PAGER=pager, LINES="24")
    assert b"participants-registered" in piped.stdout and not paged.exists()


def test_a_missing_pager_shows_the_table_all_the_same(tmp_path: Path) -> None:
    shown = in_pty(["facts"], KANTEN_PAGER=str(tmp_path / "gone"), LINES="24", NO_COLOR="1")
    assert b"participants-registered" in shown and b"Traceback" not in shown


def test_links_are_clickable_on_a_terminal_only() -> None:
    osc8 = b"\x1b]8;"
    assert osc8 in in_pty(["sources"])
    assert osc8 not in in_pty(["sources"], NO_COLOR="1")
    assert osc8 not in in_pty(["sources", "--no-color"])
    assert b"\x1b" not in in_pty(["sources", "--no-color"])


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "markdown"])
def test_forced_colour_never_reaches_machine_formats(invoke: Invoke, fmt: str) -> None:
    result = invoke("results", "-f", fmt, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert result.exit_code == 0 and "\x1b" not in result.stdout


def test_forced_colour_colours_a_table_by_kind(invoke: Invoke) -> None:
    out = invoke("results", env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "\x1b[32mstated" in out and "\x1b[36mderived" in out and "\x1b[35mtarget" in out  # palette.KIND
    assert "\x1b]8;" not in out  # not a terminal: no hyperlinks


def test_no_color_on_the_root_applies_to_the_overview_and_to_a_command(invoke: Invoke) -> None:
    forced = {"FORCE_COLOR": "1", "NO_COLOR": ""}
    assert "\x1b[" in invoke(env=forced).stdout
    plain = invoke("--no-color", env=forced)
    assert plain.exit_code == 0 and "\x1b[" not in plain.stdout
    assert plain.stdout == invoke(env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" in invoke("results", env=forced).stdout
    assert "\x1b[" not in invoke("--no-color", "results", env=forced).stdout


def test_no_pager_on_the_root_applies_to_the_overview_and_to_a_command(tmp_path: Path) -> None:
    pager, paged = pager_recording(tmp_path)
    in_pty([], KANTEN_PAGER=pager, LINES="10", NO_COLOR="1")
    assert "participants-registered" in paged.read_text()  # the overview is long enough to page
    paged.unlink()
    for args in (["--no-pager"], ["--no-pager", "facts"]):
        shown = in_pty(args, KANTEN_PAGER=pager, LINES="10", NO_COLOR="1")
        assert b"participants-registered" in shown and not paged.exists()
