"""-o FILE: written whole or not at all, never over a file kanten did not write (without --force)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from kanten_cli.base.errors import ExitCode, OutputError
from kanten_cli.output.outfile import DIGEST_PLACEHOLDER, stamp, write_atomic, written_by_kanten

Invoke = Callable[..., Result]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_what_stdout_would_show(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    result = invoke("facts", "-f", "csv", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == invoke("facts", "-f", "csv").stdout_bytes
    assert leftovers(tmp_path) == []


def test_an_ending_that_names_no_format_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    # a .docx holding a text table would mislead whoever opens it: refused, nothing written
    result = invoke("results", "-o", str(tmp_path / "tal.docx"))
    assert result.exit_code == ExitCode.USAGE and result.stderr.count("\n") == 1
    assert result.stderr.startswith("kanten: cannot tell a format from the ending .docx of ")
    assert "--format" in result.stderr and list(tmp_path.iterdir()) == []
    # a named format, a .txt or no ending at all are fine
    assert invoke("results", "-o", str(tmp_path / "tal.docx"), "--format", "csv").exit_code == 0
    assert invoke("results", "-o", str(tmp_path / "tal.txt")).exit_code == 0
    assert invoke("results", "-o", str(tmp_path / "tal")).exit_code == 0
    # a citation's ending names its style, as --style does
    refused = invoke("cite", "cabi", "-o", str(tmp_path / "refs.docx"))
    assert refused.exit_code == ExitCode.USAGE and "name one with --style" in refused.stderr
    assert invoke("cite", "cabi", "-o", str(tmp_path / "refs.bib")).exit_code == 0


def test_format_follows_the_file_name(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("partners", "-o", str(tmp_path / "p.json")).exit_code == 0
    assert (tmp_path / "p.json").read_text(encoding="utf-8").startswith("[\n  {")
    assert invoke("report", "-o", str(tmp_path / "r.html")).exit_code == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert invoke("report", "-o", str(tmp_path / "r.md")).exit_code == 0
    assert "\n===" in (tmp_path / "r.md").read_text(encoding="utf-8")  # the title, underlined


def test_refuses_a_file_kanten_did_not_write(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes\n", encoding="utf-8")
    result = invoke("report", "-o", str(target))
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith("kanten: ") and "--force" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    assert leftovers(tmp_path) == []
    forced = invoke("report", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert written_by_kanten(target)


@pytest.mark.parametrize("name", ["r.md", "r.html", "f.xlsx"])
def test_replaces_its_own_file_but_not_once_edited(invoke: Invoke, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    command = ["facts", "-f", "xlsx"] if name.endswith(".xlsx") else ["report"]
    assert invoke(*command, "-o", str(target)).exit_code == 0
    assert written_by_kanten(target)
    again = invoke(*command, "--lang", "da", "-o", str(target))
    assert again.exit_code == 0, again.stderr
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(target)
        book.properties.lastModifiedBy = "Someone"  # as a spreadsheet program records an edit
        book.save(target)
    else:
        target.write_text(target.read_text(encoding="utf-8").replace("kanten", "KANTEN", 1) + "mine\n")
    before = target.read_bytes()
    refused = invoke(*command, "-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT
    assert target.read_bytes() == before


def test_an_error_while_rendering_leaves_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kanten_cli.output.report import render as render_report

    def broken(doc: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(render_report, "to_html", broken)
    target = tmp_path / "r.html"
    result = invoke("report", "-o", str(target))
    assert result.exit_code == ExitCode.INTERNAL
    assert not target.exists() and leftovers(tmp_path) == []


def test_an_error_while_writing_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.md"
    write_atomic(str(target), stamp(f"old {DIGEST_PLACEHOLDER}\n").encode())
    before = target.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(str(target), stamp(f"new {DIGEST_PLACEHOLDER}\n").encode())
    assert target.read_bytes() == before and leftovers(tmp_path) == []


def test_unwritable_places_are_exit_4(invoke: Invoke, tmp_path: Path) -> None:
    for place in (tmp_path / "missing" / "r.md", tmp_path):
        result = invoke("report", "-o", str(place))
        assert result.exit_code == ExitCode.OUTPUT, place
        assert result.stderr.startswith("kanten: ") and len(result.stderr.splitlines()) == 1


def test_new_file_gets_ordinary_permissions(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    assert invoke("report", "-o", str(target)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_force_needs_an_output_file(invoke: Invoke) -> None:
    result = invoke("facts", "--force")
    assert result.exit_code == ExitCode.USAGE and "-o" in result.stderr


def test_xlsx_needs_an_output_file(invoke: Invoke) -> None:
    result = invoke("facts", "-f", "xlsx")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == "" and "-o FILE" in result.stderr


def test_stamp_is_checked_against_the_content(tmp_path: Path) -> None:
    text = stamp(f"<!-- {DIGEST_PLACEHOLDER} -->\nbody\n")
    assert DIGEST_PLACEHOLDER not in text
    good = tmp_path / "good.md"
    good.write_text(text, encoding="utf-8")
    assert written_by_kanten(good)
    bad = tmp_path / "bad.md"
    bad.write_text(text.replace("body", "bodY"), encoding="utf-8")
    assert not written_by_kanten(bad)
    copied_marker = tmp_path / "copy.md"
    copied_marker.write_text(f"{DIGEST_PLACEHOLDER}\n", encoding="utf-8")
    assert not written_by_kanten(copied_marker)
