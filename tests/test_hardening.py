"""Hostile text, odd terminals, pipes and broken files: no traceback, no raw control bytes."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base.errors import DataError, ExitCode
from kanten_cli.facts.load import embedded_path, load
from kanten_cli.query import index as query
from tests.conftest import ROOT, minimal, read_terminal
from tests.test_install import kanten_executable

Invoke = Callable[..., Result]
HOSTILE = (
    "[bold]x[/] [link=http://e.vil]y[/link] \x1b[31mred\x1b[0m \x07\x00\x9b2J \u202etxt.exe\u202c "
    + ("W" * 300)
    + " 👩‍💻 e\u0301 ø"
)


def real(args: list[str], cwd: Path | None = None, stdin: Any = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": "", "COLUMNS": "80", **env}
    for key in [k for k, v in env.items() if v == "<unset>"]:
        environ.pop(key)
    return subprocess.run(
        [kanten_executable(), *args], cwd=cwd, env=environ, capture_output=True, stdin=stdin, timeout=60, check=False
    )


def in_pty(args: list[str], **env: str) -> bytes:
    """Run kanten with a terminal as stdout, as a person would see it."""
    controller, terminal = pty.openpty()
    # A pty is a terminal, so a long table would start the pager and wait for a key: none here
    # unless the test asks for one.
    environ = {
        **os.environ,
        "KANTEN_LANG": "en",
        "KANTEN_DATA": "",
        "COLUMNS": "80",
        "TERM": "xterm-256color",
        "KANTEN_PAGER": "",
        **env,
    }
    environ.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    environ.pop("FORCE_COLOR", None) if "FORCE_COLOR" not in env else None
    proc = subprocess.Popen([kanten_executable(), *args], stdout=terminal, stderr=terminal, env=environ)
    os.close(terminal)
    shown = read_terminal(controller, 30)
    proc.wait(timeout=30)
    return shown


def hostile_file(write_project: Callable[[Any], Path]) -> Path:
    data = minimal()
    data["organisations"][0]["name"] = HOSTILE
    data["facts"][0]["text"]["en"] = HOSTILE
    data["facts"][0]["quote"] = HOSTILE
    data["sources"][0]["title"] = HOSTILE
    return write_project(data)


# --- hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["partners", "facts", "results", "show count org", "sources", "search x"])
def test_hostile_text_in_tables_is_literal_and_inert(
    invoke: Invoke, write_project: Callable[[Any], Path], command: str
) -> None:
    path = hostile_file(write_project)
    for width in ("20", "80", "250"):
        result = invoke(*command.split(), "--data", str(path), env={"COLUMNS": width})
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        assert not any(c in out for c in "\x1b\x07\x00\x9b\u202e\u202c")
        if width == "250":
            # the markup stays literal text; search shows its match plainly (NO_COLOR is set)
            assert "[bold]x[/]" in out and "[link=http://e.vil]" in out and "␛[31m" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_hostile_text_round_trips_through_json(invoke: Invoke, write_project: Callable[[Any], Path], fmt: str) -> None:
    path = hostile_file(write_project)
    out = invoke("partners", "--data", str(path), "-f", fmt).stdout
    assert "\x1b" not in out  # escaped by JSON, not raw
    rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    assert rows[0]["name"] == HOSTILE


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown"])
def test_hostile_text_in_text_formats_is_visible(
    invoke: Invoke, write_project: Callable[[Any], Path], fmt: str
) -> None:
    out = invoke("partners", "--data", str(hostile_file(write_project)), "-f", fmt).stdout
    assert not any(c in out for c in "\x1b\x07\x00\x9b\u202e")
    # Markdown escapes what it would obey (a link, emphasis), so a reader sees the same text
    assert ("\\[bold\\]x\\[/\\]" if fmt == "markdown" else "[bold]x[/]") in out


def test_raw_escape_never_reaches_a_terminal(write_project: Callable[[Any], Path]) -> None:
    path = str(hostile_file(write_project))
    shown = in_pty(["partners", "--data", path], NO_COLOR="1")
    assert b"\x1b" not in shown and b"\x07" not in shown
    coloured = in_pty(["partners", "--data", path])
    assert b"\x1b[31m" not in coloured and b"\xe2\x90\x9b[31m" in coloured  # '␛[31m', shown not obeyed


# --- terminals and pipes -------------------------------------------------------------------------


def test_terminal_gets_style_but_not_when_told_otherwise() -> None:
    assert b"\x1b[" in in_pty(["partners"])
    assert b"\x1b" not in in_pty(["partners"], NO_COLOR="1")
    assert b"\x1b" not in in_pty(["partners"], TERM="dumb")
    assert b"\x1b" not in in_pty(["partners", "--json"], FORCE_COLOR="1")


@pytest.mark.parametrize(
    "env",
    [
        {"NO_COLOR": "1"},
        {"TERM": "dumb"},
        {"FORCE_COLOR": "1"},
        {"COLUMNS": "20"},
        {"COLUMNS": "40"},
        {"COLUMNS": "250"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C"},
        {"HOME": "/nonexistent"},
    ],
)
@pytest.mark.parametrize(
    "args",
    [
        ["results", "--lang", "da"],
        ["partners", "--json"],
        ["results", "--chart"],
        ["show", "grant-amount", "--lang", "da"],
    ],
)
def test_terminal_conditions_never_crash(env: dict[str, str], args: list[str]) -> None:
    result = real(args, cwd=Path("/"), **env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.strip()
    if "--json" in args:
        assert b"\x1b" not in result.stdout
        json.loads(result.stdout)  # valid even in ascii: æøå are escaped, not replaced
    if "FORCE_COLOR" not in env:
        assert b"\x1b" not in result.stdout
    if "COLUMNS" in env and "--json" not in args:
        width = int(env["COLUMNS"])
        # an address is never cut: it may run on past the width, on a line of its own
        assert all(len(line) <= width for line in result.stdout.decode().splitlines() if "://" not in line)


def test_ascii_terminal_gets_readable_fallbacks() -> None:
    out = real(["show", "partners", "--lang", "da"], PYTHONIOENCODING="ascii").stdout.decode("ascii")
    assert "Samarbejdspartnerne" in out and "Guldborgsund" in out and "?" not in out.split("Kilde")[0]


def test_reader_that_stops_early_is_not_an_error() -> None:
    command = f"'{kanten_executable()}' facts --format jsonl | head -1"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, timeout=60, check=False, env={**os.environ, "KANTEN_DATA": ""}
    )
    assert result.stderr == b""
    assert json.loads(result.stdout)["id"] == "aim-market-knowledge"
    command = f"set -o pipefail; '{kanten_executable()}' results | head -c 10 >/dev/null"
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, check=False)
    assert result.stderr == b"" and result.returncode == 0


def test_closed_stdout_and_full_disk() -> None:
    closed = subprocess.run(
        ["bash", "-c", f"'{kanten_executable()}' partners --json >&-"], capture_output=True, timeout=60, check=False
    )
    assert closed.returncode == ExitCode.OUTPUT
    assert closed.stderr == b"kanten: cannot write output: standard output is closed\n"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [kanten_executable(), "facts", "--json"], stdout=full, stderr=subprocess.PIPE, timeout=60, check=False
        )
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr == b"kanten: cannot write output: No space left on device\n"


# --- broken data files ---------------------------------------------------------------------------


def _truncated() -> bytes:
    data = (ROOT / "data" / "project.json").read_bytes()
    return data[: len(data) // 2]


BROKEN: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing", lambda d: d / "none.json", "no such file"),
    ("directory", lambda d: d, "is a directory"),
    ("empty", lambda d: _write(d, b""), "is empty"),
    ("whitespace", lambda d: _write(d, b" \n\t\n"), "is empty"),
    ("truncated", lambda d: _write(d, _truncated()), "not valid JSON"),
    ("not json", lambda d: _write(d, b"schema_version = 1\n"), "line 1 column 1: not valid JSON"),
    ("binary", lambda d: _write(d, bytes(range(256)) * 4), "not valid"),
    ("invalid utf-8", lambda d: _write(d, b'{"name": "\xc3\x28"}'), "not valid UTF-8 at byte 10"),
    ("bom", lambda d: _write(d, b"\xef\xbb\xbf" + (ROOT / "data" / "project.json").read_bytes()), "byte-order mark"),
    ("deep", lambda d: _write(d, b"[" * 100_000 + b"]" * 100_000), "nested too deeply"),
    ("long number", lambda d: _write(d, b'{"schema_version": ' + b"1" * 5000 + b"}"), "not valid JSON"),
    ("nan", lambda d: _write(d, b'{"schema_version": NaN}'), "NaN is not a number JSON allows"),
    (
        "wrong type",
        lambda d: _write(d, json.dumps({**minimal(), "facts": {}}).encode()),
        "facts: Input should be a valid array",
    ),
    ("unknown key", lambda d: _write(d, json.dumps({**minimal(), "colour": 1}).encode()), "colour: unknown key"),
    ("duplicate id", lambda d: _write(d, json.dumps(_dup()).encode()), "facts[1].id: duplicate id 'count'"),
    ("50 MB", lambda d: _write(d, b'"' + b"x" * 50_000_000 + b'"'), "(top level): Input should be an object"),
]


def _write(directory: Path, content: bytes) -> Path:
    path = directory / "broken.json"
    path.write_bytes(content)
    return path


def _dup() -> dict[str, Any]:
    data = minimal()
    data["facts"][1]["id"] = "count"
    return data


@pytest.mark.parametrize(("name", "make", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_give_code_3_and_a_located_message(
    tmp_path: Path, name: str, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    result = real(["partners", "--data", str(path)])
    assert result.returncode == ExitCode.DATA
    stderr = result.stderr.decode()
    assert stderr.startswith(f"kanten: {path}: ") and message in stderr, stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert result.stdout == b""


def test_unreadable_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text("{}")

    def deny(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(DataError, match=r"secret\.json: permission denied"):
        load(str(path))


def test_embedded_data_is_never_modified(invoke: Invoke) -> None:
    path = embedded_path()
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    for args in (["partners"], ["results", "--json"], ["validate"], ["facts", "-f", "csv"], ["schema"]):
        invoke(*args)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


# --- unexpected errors ---------------------------------------------------------------------------


def test_a_bug_ends_in_a_short_message(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(query, "partners", boom)
    result = invoke("partners")
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr == (
        "kanten: internal error (RuntimeError: boom); please report it with the command you "
        "ran. Set KANTEN_DEBUG=1 to see the traceback.\n"
    )
    debug = invoke("partners", env={"KANTEN_DEBUG": "1"})
    assert isinstance(debug.exception, RuntimeError)


def test_python_version_is_supported() -> None:
    assert sys.version_info >= (3, 10)
