"""Large listings start at once: a table is sent to standard output or to the pager as it is
drawn. What arrives is exactly the table drawn whole; a reader that stops early is not an error.
(How soon the first screen shows is measured in bench/, never asserted here.)"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kanten_cli.output.emit import _escape_unsafe, json_chunks, to_json
from tests.conftest import ROOT, read_terminal
from tests.test_install import kanten_executable

sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated project of 3 000 facts: a table of well over one screen."""
    path = tmp_path_factory.mktemp("big") / "big.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "3000", str(path)], check=True)
    return path


def _environ(**more: str) -> dict[str, str]:
    environ = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": "", "NO_COLOR": "1", "COLUMNS": "80", **more}
    environ.pop("FORCE_COLOR", None)
    return environ


def _in_pty(args: list[str], **env: str) -> tuple[int, bytes, bytes]:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [kanten_executable(), *args], stdout=terminal, stderr=subprocess.PIPE, env=_environ(LINES="20", **env)
    )
    os.close(terminal)
    shown = read_terminal(controller, 60)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    proc.stderr.close()
    return proc.returncode, shown, errors


def test_a_reader_that_stops_early_is_no_error(big: Path) -> None:
    for args in (["facts"], ["facts", "-f", "jsonl"], ["search", "synthetic"]):
        run = subprocess.run(
            f"{kanten_executable()} {' '.join(args)} --data {big} | head -1",
            shell=True,
            capture_output=True,
            env=_environ(),
            executable="/bin/bash",
            timeout=120,
        )
        assert run.stderr == b"" and len(run.stdout.splitlines()) == 1, args
        status = subprocess.run(
            f"set -o pipefail; {kanten_executable()} {' '.join(args)} --data {big} | head -1 > /dev/null",
            shell=True,
            env=_environ(),
            executable="/bin/bash",
            timeout=120,
        )
        assert status.returncode == 0, args


def test_the_pager_gets_the_whole_table_as_drawn(big: Path, tmp_path: Path) -> None:
    kept = tmp_path / "paged.txt"
    code, _, errors = _in_pty(["facts", "--data", str(big)], KANTEN_PAGER=f"sh -c 'cat > {kept}'")
    assert (code, errors) == (0, b"")
    piped = subprocess.run(
        [kanten_executable(), "facts", "--data", str(big)], capture_output=True, env=_environ(), timeout=120
    )
    assert kept.read_bytes() == piped.stdout
    assert piped.stdout.count(b"\n") > 3000


def test_quitting_the_pager_early_ends_quietly(big: Path) -> None:
    code, shown, errors = _in_pty(["facts", "--data", str(big)], KANTEN_PAGER="head -5")
    assert (code, errors) == (0, b"")
    assert shown.count(b"\n") <= 6


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=20,
    ),
    st.booleans(),
)
def test_json_is_what_the_standard_library_writes(value: object, ascii_only: bool) -> None:
    """to_json writes indented JSON itself, for speed: byte for byte what json.dumps writes."""
    rows = [value]
    expected = json.dumps(rows, ensure_ascii=ascii_only, indent=2)
    assert to_json(rows, ascii_only) == _escape_unsafe(expected) + "\n"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.sampled_from(["id", "a", "ø", "\u2028", "1"]), inner, max_size=4)
            ),
            max_leaves=12,
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_rows_that_share_keys_are_what_the_standard_library_writes(rows: list[object], ascii_only: bool) -> None:
    """Each key is written once per indent and reused (rows share their keys); NaN and the
    infinities as json writes them."""
    expected = json.dumps(rows, ensure_ascii=ascii_only, indent=2)
    assert to_json(rows, ascii_only) == _escape_unsafe(expected) + "\n"


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5])
def test_json_in_chunks_is_one_document(count: int) -> None:
    rows = [{"id": f"r{i}", "n": i, "xs": [{"a": 1}, "æ"], "e": {}} for i in range(count)]
    joined = "".join(json_chunks(rows, size=2))
    assert joined == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(joined) == rows
