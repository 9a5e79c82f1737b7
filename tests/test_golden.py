"""What a person reads: golden files of every listing, and rules that hold whatever the data says.

The golden files in tests/golden/ are the exact output of each listing at 40, 80 and 120
columns in both languages, with NO_COLOR. When the output changes on purpose (or the fact base
does), regenerate them with one command and read the difference before committing it:

    KANTEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

The structural tests below do not depend on the exact data: no line is longer than the
terminal (an address may run on, never be cut), none ends in a space, every id and every
address appears whole.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.output import views
from kanten_cli.output.table.draw import draw
from kanten_cli.output.terminal import Terminal

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = bool(os.environ.get("KANTEN_UPDATE_GOLDEN"))
WIDTHS = ("40", "80", "120")
LANGS = ("en", "da")
COMMANDS = (
    "overview",
    "partners",
    "results",
    "results --chart",
    "recommendations",
    "facts",
    "timeline",
    "sources",
    "search arbejde",
    "show still-in-work-people cabi",
    "ask hvad kostede projektet",
    "ask who is cabi",
)

Invoke = Callable[..., Result]


def shown(invoke: Invoke, command: str, lang: str, width: str, *extra: str) -> str:
    result = invoke(*command.split(), "--lang", lang, *extra, env={"COLUMNS": width, "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def golden_name(command: str, lang: str, width: str) -> str:
    return f"{re.sub(r'[^a-z0-9]+', '-', command).strip('-')}.{lang}.{width}.txt"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_golden_output(invoke: Invoke, command: str, lang: str, width: str) -> None:
    out = shown(invoke, command, lang, width)
    path = GOLDEN / golden_name(command, lang, width)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}: run KANTEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs (see the module docstring)"


@pytest.mark.parametrize("width", (*WIDTHS, "60", "100", "200"))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_lines_fit_and_end_cleanly(invoke: Invoke, command: str, lang: str, width: str) -> None:
    for line in shown(invoke, command, lang, width).splitlines():
        assert line == line.rstrip(), f"trailing space: {line!r}"
        assert len(line) <= int(width) or "://" in line, f"longer than {width}: {line!r}"


def whole(word: str, text: str) -> bool:
    """`word` appears in `text` with neither a letter, digit nor hyphen touching it."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "command", ["partners", "results", "recommendations", "facts", "timeline", "sources", "search arbejde"]
)
def test_every_table_shows_every_id_whole(invoke: Invoke, command: str, width: str) -> None:
    rows = json.loads(shown(invoke, command, "en", width, "--json"))
    out = shown(invoke, command, "en", width)
    missing = [r["id"] for r in rows if not whole(r["id"], out)]
    assert not missing, f"ids not shown whole: {missing}"
    assert not re.search(r"[\w-]\[\d+\]", out), "a footnote marker sticks to a word"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["sources", "show still-in-work-people cabi", "overview"])
def test_every_address_is_whole(invoke: Invoke, command: str, width: str) -> None:
    sources = json.loads(shown(invoke, "sources", "en", "80", "--json"))
    out = shown(invoke, command, "en", width)
    lines = out.splitlines()
    urls = [s["url"] for s in sources if s.get("url") and s["url"] in out]
    assert urls, "no address shown at all"
    for url in urls:
        assert any(line.strip() == url for line in lines), f"{url} is not on a line of its own, whole"
    if command == "sources":
        assert set(urls) == {s["url"] for s in sources if s.get("url")}


def test_the_overview_fits_one_screen(invoke: Invoke) -> None:
    for lang in LANGS:
        out = shown(invoke, "overview", lang, "80")
        assert len(out.splitlines()) <= 35, out  # about 30: one screen (35 since it names what the project cost)
        readings = ("participants-registered", "paid-work-people", "still-in-work-people", "still-in-work-people-all")
        for ident in readings:
            assert whole(ident, out)  # both readings of "af dem" are there
        assert "kanten show ID" in out and "https://" in out


@pytest.mark.parametrize("width", ["40", "80"])
def test_sections_share_one_width(invoke: Invoke, width: str) -> None:
    """Either every section of `results` is a table or every one is blocks, with one header shape."""
    out = shown(invoke, "results", "en", width)
    headers = [line for line in out.splitlines() if line.split()[:2] == ["ID", "Kind"]]
    sections = {r["section"] for r in json.loads(shown(invoke, "results", "en", width, "--json"))}
    if width == "40":
        assert not headers  # blocks for every section
    else:
        assert len(headers) == len(sections) and len(set(headers)) == 1  # a table each, one shape


def test_fields_show_just_those_columns(invoke: Invoke) -> None:
    out = shown(invoke, "facts", "en", "80", "--fields", "id,value")
    header = next(line for line in out.splitlines() if line.startswith("ID"))
    assert header.split() == ["ID", "Value"]
    assert "Kind:" not in out  # the legend only for what is shown


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="abcæø -–.,»«12", min_size=0, max_size=120), min_size=1, max_size=4),
    width=st.integers(min_value=20, max_value=160),
    view=st.sampled_from(["FACTS", "FACT_SECTIONS", "TIMELINE", "SEARCH"]),
)
def test_any_text_at_any_width_fits(texts: list[str], width: int, view: str) -> None:
    """Whatever the text and the width: no line over the width, none ending in a space, ids whole."""
    rows = [
        {
            "id": f"fact-{n}",
            "section": "headline" if n % 2 else "targets",
            "date": "2018-08",
            "event": "start",
            "topic": "aim",
            "kind": "derived",
            "text": text,
            "value": 479.66 if n % 2 else None,
            "unit": "people",
            "approximate": True,
            "sources": ["article", "cabi-project-page"],
            "caveat": text[:40] or None,
            "matches": text.split()[:2],
        }
        for n, text in enumerate(texts)
    ]
    out = io.StringIO()
    translate.bind("da")
    draw(rows, getattr(views, view), out, None, Terminal(False, width, 24, False, False, None))
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width and line == line.rstrip() for line in lines), out.getvalue()
    assert all(whole(f"fact-{n}", out.getvalue()) for n in range(len(texts)))


@pytest.mark.parametrize("lang", LANGS)
def test_golden_brief_markdown(invoke: Invoke, lang: str) -> None:
    """The one-page brief as Markdown, as a person pastes it into a memo (80 columns)."""
    out = shown(invoke, "report --brief", lang, "80")
    path = GOLDEN / f"brief.{lang}.md"
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}: run KANTEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs (see the module docstring)"
