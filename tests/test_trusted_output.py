"""-o FILE replaces a file only if kanten wrote it and it is byte for byte what kanten wrote.

Every format, the edits people make (a spreadsheet program's save, an editor's save to a new
inode, an append), what is not an edit (`touch`), and two kanten runs at once. The record of
what kanten wrote lives in KANTEN_STATE_DIR, which conftest points at a temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from kanten_cli.base.errors import ExitCode
from kanten_cli.output import written
from kanten_cli.output.outfile import write_atomic

Invoke = Callable[..., Result]

# (file name, the command that writes it): every format -o writes.
WRITERS = [
    ("tal.csv", ["results"]),
    ("tal.tsv", ["results"]),
    ("tal.json", ["results"]),
    ("tal.jsonl", ["facts"]),
    ("tal.md", ["partners"]),
    ("tal.xlsx", ["results"]),
    ("rapport.md", ["report"]),
    ("rapport.html", ["report"]),
]
# Citations add to a bibliography entry by entry: tests/test_cite_files.py.
IDS = [name for name, _ in WRITERS]


def write(invoke: Invoke, target: Path, command: list[str], *more: str) -> Result:
    return invoke(*command, "-o", str(target), *more)


def test_the_record_is_never_the_users() -> None:
    """conftest keeps every test (and every kanten it starts) out of ~/.local/state."""
    chosen = written.state_dir()
    assert chosen is not None and os.environ.get(written.ENV_STATE_DIR) == str(chosen)
    assert not str(chosen).startswith(str(Path.home() / ".local"))


def test_state_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(written.ENV_STATE_DIR)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert written.state_dir() == tmp_path / "kanten"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert written.state_dir() == tmp_path / "home" / ".local" / "state" / "kanten"
    monkeypatch.setenv("HOME", "")
    assert written.state_dir() is None


@pytest.mark.parametrize(("name", "command"), WRITERS, ids=IDS)
def test_running_the_same_command_twice_replaces_its_own_file(
    invoke: Invoke, tmp_path: Path, name: str, command: list[str]
) -> None:
    target = tmp_path / name
    first = write(invoke, target, command)
    assert first.exit_code == 0, first.stderr
    again = write(invoke, target, command)
    assert again.exit_code == 0, again.stderr
    assert again.stderr == ""


@pytest.mark.parametrize(("name", "command"), WRITERS, ids=IDS)
def test_an_edited_file_is_left_alone(invoke: Invoke, tmp_path: Path, name: str, command: list[str]) -> None:
    target = tmp_path / name
    assert write(invoke, target, command).exit_code == 0
    with target.open("ab") as handle:  # any program's change, however small
        handle.write(b"\n")
    before = target.read_bytes()
    refused = write(invoke, target, command)
    assert refused.exit_code == ExitCode.OUTPUT
    if "da" in command:  # the message is in the run's language
        assert (
            refused.stderr == f"kanten: {target} er ændret, siden kanten skrev den; brug --force for at erstatte den\n"
        )
    else:
        assert refused.stderr == f"kanten: {target} has changed since kanten wrote it; use --force to replace it\n"
    assert target.read_bytes() == before
    forced = write(invoke, target, command, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert write(invoke, target, command).exit_code == 0  # and it is kanten's again


@pytest.mark.parametrize(("name", "command"), WRITERS, ids=IDS)
def test_a_file_kanten_never_wrote_is_left_alone(invoke: Invoke, tmp_path: Path, name: str, command: list[str]) -> None:
    target = tmp_path / name
    target.write_bytes(b"mine\n")
    refused = write(invoke, target, command)
    assert refused.exit_code == ExitCode.OUTPUT
    if "da" in command:
        danish = "findes, og kanten har ingen optegnelse om at have skrevet den; brug --force for at erstatte den"
        assert refused.stderr == f"kanten: {target} {danish}\n"
    else:
        english = "exists and kanten has no record of writing it; use --force to replace it"
        assert refused.stderr == f"kanten: {target} {english}\n"
    assert target.read_bytes() == b"mine\n"


def test_a_workbook_saved_by_openpyxl_is_an_edit(invoke: Invoke, tmp_path: Path) -> None:
    """The workbook's creator and last-modified-by fields prove nothing: openpyxl keeps them."""
    from openpyxl import load_workbook

    target = tmp_path / "tal.xlsx"
    assert invoke("results", "--lang", "da", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    book.active["A2"] = "min egen rettelse"
    book.save(target)
    before = target.read_bytes()
    refused = invoke("results", "--lang", "da", "-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT, refused.stderr
    assert "er ændret, siden kanten skrev den" in refused.stderr  # in the language asked for
    assert target.read_bytes() == before
    assert load_workbook(target).active["A2"].value == "min egen rettelse"


def _editor_save(target: Path, content: bytes) -> None:
    """As vim and most editors save: a new file beside it, renamed over it (a new inode)."""
    fresh = target.with_name(target.name + ".swp")
    fresh.write_bytes(content)
    os.replace(fresh, target)


def test_an_editors_save_is_an_edit_but_touch_is_not(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "tal.csv"
    assert invoke("results", "-o", str(target)).exit_code == 0
    os.utime(target, (1, 1))  # touch: the time changes, not the bytes
    assert invoke("results", "-o", str(target)).exit_code == 0
    inode = target.stat().st_ino
    _editor_save(target, target.read_bytes())  # saved without a change: the same bytes, a new inode
    assert target.stat().st_ino != inode
    assert invoke("results", "-o", str(target)).exit_code == 0
    _editor_save(target, target.read_bytes().replace(b"1439", b"1440"))
    refused = invoke("results", "-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT and "has changed since" in refused.stderr
    assert b"1440" in target.read_bytes()


def test_a_copy_elsewhere_is_not_kantens_file(invoke: Invoke, tmp_path: Path) -> None:
    """What kanten remembers is a path: the same bytes at another path were not written there."""
    assert invoke("results", "-f", "csv", "-o", str(tmp_path / "a.csv")).exit_code == 0
    copy = tmp_path / "b.csv"
    copy.write_bytes((tmp_path / "a.csv").read_bytes())
    refused = invoke("results", "-o", str(copy))
    assert refused.exit_code == ExitCode.OUTPUT and "no record of writing it" in refused.stderr


def test_without_a_usable_record_kanten_keeps_files_and_says_why(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv(written.ENV_STATE_DIR, str(blocked))
    target = tmp_path / "tal.csv"
    first = invoke("results", "-o", str(target))
    assert first.exit_code == 0, first.stderr  # the file the user asked for is written
    again = invoke("results", "-o", str(target))
    assert again.exit_code == ExitCode.OUTPUT
    assert "no record of writing it" in again.stderr and str(blocked) in again.stderr
    assert len(again.stderr.splitlines()) == 1


def test_runs_at_once_each_keep_the_record(tmp_path: Path) -> None:
    """Many writes at the same time, each to its own file: none forgets another's."""
    targets = [tmp_path / f"f{i}.json" for i in range(24)]
    errors: list[BaseException] = []

    def run(target: Path) -> None:
        try:
            write_atomic(str(target), f'["{target.name}"]\n'.encode())
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with written.Ledger.open() as ledger:
        assert [ledger.verdict(t) for t in targets] == ["kanten"] * len(targets)


def test_two_kanten_processes_writing_one_file(tmp_path: Path) -> None:
    """Two runs at once to the same file: both succeed, one after the other, and the file is one
    whole output that kanten may replace again."""
    target = tmp_path / "tal.csv"
    command = [sys.executable, "-m", "kanten_cli", "facts", "-f", "csv", "-o", str(target)]
    env = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": ""}
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(), run.stderr.read() if run.stderr else "") for run in runs]
    for run in runs:
        if run.stderr:
            run.stderr.close()
    assert results == [(0, ""), (0, "")]
    expected = subprocess.run([*command[:-2]], env=env, capture_output=True, check=True).stdout
    assert target.read_bytes() == expected
    third = subprocess.run(command, env=env, capture_output=True, text=True)
    assert (third.returncode, third.stderr) == (0, "")


def test_a_stamped_report_is_kantens_even_without_the_record(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report carries its own digest, so it stays replaceable when the record is gone."""
    target = tmp_path / "rapport.md"
    assert invoke("report", "-o", str(target)).exit_code == 0
    monkeypatch.setenv(written.ENV_STATE_DIR, str(tmp_path / "fresh-state"))
    assert invoke("report", "-o", str(target)).exit_code == 0
    target.write_text(target.read_text(encoding="utf-8") + "mine\n", encoding="utf-8")
    monkeypatch.setenv(written.ENV_STATE_DIR, str(tmp_path / "other-state"))
    refused = invoke("report", "-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT and "has changed since kanten wrote it" in refused.stderr
