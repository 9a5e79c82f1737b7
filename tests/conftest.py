"""Shared fixtures: the real project, inline project files, and a CliRunner helper."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kanten_cli.cli.app import app
from kanten_cli.facts.load import embedded_path, load
from kanten_cli.facts.model import Project
from kanten_cli.query.index import Index

ROOT = Path(__file__).resolve().parent.parent

# No test writes to the user's cache directory: the search cache is off unless a test turns it
# on, with a directory of its own (tests/test_prepared.py). Set here, so subprocesses inherit it.
os.environ["KANTEN_NO_CACHE"] = "1"
# Nor to the user's state directory, where kanten records the files it wrote with -o: every test
# run gets one of its own, removed at the end.
os.environ["KANTEN_STATE_DIR"] = tempfile.mkdtemp(prefix="kanten-test-state-")
atexit.register(shutil.rmtree, os.environ["KANTEN_STATE_DIR"], ignore_errors=True)
# The source material: ../shared/source when it sits beside this checkout. The article's text and
# each page's exact words that the tests need are kept in tests/sources, so a fresh clone checks
# every quote and every piece of evidence; tests/test_sources.py holds them equal to ../shared.
SOURCES_DIR = ROOT.parent / "shared" / "source"
ARTICLE = SOURCES_DIR / "rekruttering-fra-kanten-article.txt"
CONTEXT_FACTS = SOURCES_DIR / "context-facts.md"
KEPT_SOURCES = ROOT / "tests" / "sources"
KEPT_ARTICLE = KEPT_SOURCES / "rekruttering-fra-kanten-article.txt"
KEPT_PAGES = KEPT_SOURCES / "pages"


def _compile_catalogues() -> None:
    """Compile each message catalogue whose .mo is missing or older than its .po, as the build
    does (hatch_build.py): after a merge brings new translations, tests see them without a
    reinstall. (The wheel always compiles afresh; tests/test_install.py checks it.)"""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "kanten_cli" / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
        with mo.open("wb") as handle:
            write_mo(handle, catalogue)


_compile_catalogues()


@pytest.fixture(autouse=True)
def _language_as_in_a_new_run() -> None:
    """Each test starts in English, whatever the machine's locale, with nothing left bound by the
    test before (one that ran a command with --lang da); a test that wants Danish binds it
    (`translate.bind("da")`), as a run of kanten does once."""
    from kanten_cli.base import translate

    translate.bind("en")


@pytest.fixture(scope="session")
def project() -> Project:
    return load(str(embedded_path()))[0]


@pytest.fixture(scope="session")
def index(project: Project) -> Index:
    return Index(project)


@pytest.fixture(scope="session")
def article_text() -> str:
    """The article's text, as kept in tests/sources (byte for byte the shared copy)."""
    return KEPT_ARTICLE.read_text(encoding="utf-8")


def kept_page_words() -> dict[str, list[str]]:
    """Each secondary source's exact words, by source id: one passage a line of tests/sources/pages/ID.txt."""
    return {
        path.stem: [line for line in path.read_text(encoding="utf-8").splitlines() if line]
        for path in sorted(KEPT_PAGES.glob("*.txt"))
    }


@pytest.fixture(scope="session")
def page_words() -> dict[str, list[str]]:
    return kept_page_words()


@pytest.fixture(scope="session")
def context_facts_text() -> str:
    """The secondary pages' exact words as the source material gives them."""
    return _source_text(CONTEXT_FACTS)


def _source_text(path: Path) -> str:
    """A file of ../shared/source; skipped when absent, failed when KANTEN_REQUIRE_SOURCES is set."""
    if not path.is_file():
        if os.environ.get("KANTEN_REQUIRE_SOURCES"):
            pytest.fail(f"source file not found at {path}")
        pytest.skip(f"source file not found at {path} (shared/ is not beside this checkout)")
    return path.read_text(encoding="utf-8")


def read_terminal(controller: int, seconds: float) -> bytes:
    """All a program wrote to the terminal whose controlling side is `controller`, until it
    closes or nothing comes for `seconds`; the descriptor is closed after."""
    import select

    chunks = []
    while True:
        ready, _, _ = select.select([controller], [], [], seconds)
        if not ready:
            break
        try:
            data = os.read(controller, 65536)
        except OSError:  # the other side closed: Linux says EIO
            break
        if not data:
            break
        chunks.append(data)
    os.close(controller)
    return b"".join(chunks)


def minimal() -> dict[str, Any]:
    """The smallest valid project file, as a dict to mutate."""
    return {
        "schema_version": 1,
        "project": {"name": "Prøve", "name_en": "Trial", "area": "Lolland", "source": "src"},
        "sources": [
            {"id": "src", "kind": "primary", "title": "Artikel", "url": "https://example.org/a"},
            {"id": "page", "kind": "secondary", "publisher": "Side"},
        ],
        "organisations": [
            {
                "id": "org",
                "name": "Jobcenter Prøve",
                "roles": [{"role": "partner", "source": "src", "quote": "Q"}],
                "kind": {"da": "jobcenter", "en": "job centre"},
            },
        ],
        "facts": [
            {
                "id": "count",
                "topic": "result",
                "kind": "stated",
                "text": {"da": "Ti deltagere.", "en": "Ten participants."},
                "source": "src",
                "quote": "I alt 10 deltagere.",
                "value": 10,
                "unit": "people",
                "key": True,
            },
            {
                "id": "share",
                "topic": "result",
                "kind": "stated",
                "text": {"da": "Halvdelen.", "en": "Half."},
                "source": "src",
                "quote": "Halvdelen.",
                "value": 0.5,
                "unit": "share",
            },
            {
                "id": "goal",
                "topic": "target",
                "kind": "target",
                "text": {"da": "Mål: 8.", "en": "Target: 8."},
                "source": "page",
                "evidence": "mindst 8 personer",
                "value": 8,
                "unit": "people",
            },
            {
                "id": "half-count",
                "topic": "result",
                "kind": "derived",
                "text": {"da": "Fem.", "en": "Five."},
                "value": 5,
                "unit": "people",
                "inputs": ["count", "share"],
                "expression": "{count} * {share}",
                "formula": {"da": "10 × 0,5 = 5", "en": "10 × 0.5 = 5"},
                "caveat": {"da": "Regnet.", "en": "Computed."},
            },
        ],
    }


@pytest.fixture
def write_project(tmp_path: Path) -> Callable[[Any], Path]:
    """Write a project (dict, str or bytes) to a file and return its path."""

    def write(content: Any, name: str = "project.json") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run kanten in-process; English unless the test says otherwise."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        base = {"KANTEN_LANG": "en", "KANTEN_DATA": "", "COLUMNS": "100", "NO_COLOR": "1"}
        return runner.invoke(app, list(args), env={**base, **(env or {})}, prog_name="kanten")

    return run
