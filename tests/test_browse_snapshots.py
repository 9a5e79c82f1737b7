"""What `kanten browse` looks like: SVG screenshots at 40, 80 and 120 columns in both languages.

The SVGs are in tests/__snapshots__/test_browse_snapshots/; open one in a browser to read it.
When the screen changes on purpose, update them with
    python -m pytest tests/test_browse_snapshots.py --snapshot-update
and look at every changed SVG before committing it (README's "Browse" shows one of them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from textual.pilot import Pilot

from kanten_cli.base import translate
from kanten_cli.output.explorer.app import ExplorerApp
from kanten_cli.query.index import Index


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """The explorer binds its language: the tests after these see the one before."""
    before = translate.language()
    yield
    translate.bind(before)


# The newcomer's question: the two readings of "af dem", with their sources.
TYPED = ["slash", "a", "f", "space", "d", "e", "m", "enter", "down"]


async def _after_typing(pilot: Pilot[None]) -> None:
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 24)], ids=["80x24", "120x40", "40x24"])
def test_af_dem(index: Index, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]) -> None:
    translate.bind(lang)
    app = ExplorerApp(index, environ={})  # type: ignore[arg-type]
    assert snap_compare(app, press=TYPED, terminal_size=size, run_before=_after_typing)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_cabi_in_the_organisations(index: Index, snap_compare: Callable[..., bool], lang: str) -> None:
    translate.bind(lang)
    app = ExplorerApp(index, environ={})  # type: ignore[arg-type]
    keys = ["2", *["down"] * 6]
    assert snap_compare(app, press=keys, terminal_size=(80, 24), run_before=_after_typing)


def test_help(index: Index, snap_compare: Callable[..., bool]) -> None:
    translate.bind("da")
    app = ExplorerApp(index, environ={})
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24), run_before=_after_typing)


def test_no_colour(index: Index, snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = ExplorerApp(index, colour=False, environ={})
    assert app.no_color
    assert snap_compare(app, press=TYPED, terminal_size=(80, 24), run_before=_after_typing)


def test_the_readme_shows_a_snapshot_that_exists() -> None:
    """README's screenshot is one of these SVGs: renaming a test must not leave it dangling."""
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\]\((tests/__snapshots__/[^)]+\.svg)\)", readme)
    assert shown, "README shows no snapshot"
    for path in shown:
        assert (root / unquote(path)).is_file(), path
