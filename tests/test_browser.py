"""The HTML report in a real browser: headless Chromium (Debian's), driven by Playwright.

Skipped, with the reason, only when no browser can be had and KANTEN_REQUIRE_BROWSER is unset;
CI sets it, so there a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.facts.model import Project
from kanten_cli.output.i18n import format_value
from tests.test_report import HOSTILE_TEXT, hostile_project

Invoke = Callable[..., Result]
WIDTHS = (390, 1280)


def _chromium() -> str | None:
    for candidate in (os.environ.get("KANTEN_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("KANTEN_REQUIRE_BROWSER"):
        pytest.fail(f"KANTEN_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(f"browser tests skipped: {reason} (install Debian's chromium and playwright)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    executable = _chromium()
    if executable is None:
        _unavailable("no chromium executable was found")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


class Visit:
    """One page load of a file, with every console message, error and outward request seen."""

    def __init__(self, browser: Any, path: Path, width: int) -> None:
        self.console: list[str] = []
        self.errors: list[str] = []
        self.outward: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 800})
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.outward.append(url)
            route.abort()

    def close(self) -> None:
        self.page.close()


def write_report(invoke: Invoke, path: Path, *extra: str) -> Path:
    result = invoke("report", *extra, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("width", WIDTHS)
def test_report_reads_at_phone_and_laptop_width(
    browser: Any, invoke: Invoke, tmp_path: Path, project: Project, width: int, lang: str
) -> None:
    path = write_report(invoke, tmp_path / "report.html", "--lang", lang)
    visit = Visit(browser, path, width)
    page = visit.page
    try:
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"sideways scrolling at {width} px: {scroll} > {inner}"
        text = page.inner_text("body")
        for fact in project.facts:
            if fact.value is not None:
                assert format_value(fact.value, fact.unit, fact.approximate, lang) in text, fact.id  # type: ignore[arg-type]
            assert fact.id in text
        bars = page.locator("figure.chart svg rect").count()
        expected = sum(1 for f in project.facts if f.topic in ("result", "target") and f.unit == "people")
        assert bars == expected > 0
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("h1").count() == 1
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= inner + 0.5, f"an element reaches {widest} px at {width} px"
        assert visit.console == [] and visit.errors == [] and visit.outward == []
    finally:
        visit.close()


def test_links_go_only_to_the_sources(browser: Any, invoke: Invoke, tmp_path: Path, project: Project) -> None:
    visit = Visit(browser, write_report(invoke, tmp_path / "r.html"), 1280)
    try:
        hrefs = visit.page.evaluate("[...document.links].map(a => a.getAttribute('href'))")
        outward = {h for h in hrefs if not h.startswith("#")}
        assert outward == {s.url for s in project.sources if s.url}
        targets = {h[1:] for h in hrefs if h.startswith("#")}
        missing = [t for t in targets if visit.page.locator(f"[id='{t}']").count() != 1]
        assert missing == []
    finally:
        visit.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_hostile_data_is_shown_as_text_and_runs_nothing(
    browser: Any, invoke: Invoke, tmp_path: Path, write_project: Callable[[Any], Path], width: int
) -> None:
    data = hostile_project(write_project)
    path = write_report(invoke, tmp_path / "hostile.html", "--data", str(data))
    visit = Visit(browser, path, width)
    page = visit.page
    try:
        assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert "<script>window.__pwned = 1</script>" in page.inner_text("h1")
        assert HOSTILE_TEXT in page.inner_text("body")
        hrefs = page.evaluate("[...document.links].map(a => a.href)")
        assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)
        assert "javascript:alert(document.domain)" in page.inner_text("ol.sources")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner
        assert visit.dialogs == [] and visit.errors == [] and visit.console == [] and visit.outward == []
    finally:
        visit.close()


def test_print_stylesheet_applies(browser: Any, invoke: Invoke, tmp_path: Path) -> None:
    visit = Visit(browser, write_report(invoke, tmp_path / "r.html"), 1280)
    try:
        visit.page.emulate_media(media="print")
        assert visit.page.evaluate("getComputedStyle(document.querySelector('nav.contents')).display") == "none"
        pdf = visit.page.pdf()
        assert pdf.startswith(b"%PDF")
    finally:
        visit.close()
