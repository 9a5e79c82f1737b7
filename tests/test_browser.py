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

from kanten_cli.base import translate
from kanten_cli.facts.model import Project
from kanten_cli.output.i18n import format_value
from kanten_cli.query.index import Index, chart
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
                translate.bind(lang)
                assert format_value(fact.value, fact.unit, fact.approximate) in text, fact.id  # type: ignore[arg-type]
            assert fact.id in text
        bars = page.locator("figure.chart .bar").count()
        translate.bind(lang)
        expected = len(chart(Index(project)))  # the results' people counts, the key targets
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
        kept = visit.page.evaluate(
            "['figure.chart', 'table.cards tbody tr', 'ol.sources li', 'table.bars tr']"
            ".map(s => getComputedStyle(document.querySelector(s)).breakInside)"
        )
        assert kept == ["avoid"] * 4  # a figure, a card or row, a source is never split across pages
        pdf = visit.page.pdf()
        assert pdf.startswith(b"%PDF")
    finally:
        visit.close()


# --- the brief: one A4 page, a phone's first screen --------------------------------------------

PHONE = {"width": 390, "height": 844}  # a phone's screen, CSS pixels


def printed_pages(pdf: bytes) -> int:
    """The pages of a PDF Chromium printed: its page objects (not the /Pages tree)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("lang", ["en", "da"])
def test_brief_prints_on_exactly_one_a4_page(browser: Any, invoke: Invoke, tmp_path: Path, lang: str) -> None:
    path = write_report(invoke, tmp_path / "brief.html", "--brief", "--lang", lang)
    visit = Visit(browser, path, 1280)
    try:
        pdf = visit.page.pdf(format="A4", print_background=True)
        assert printed_pages(pdf) == 1
        full = write_report(invoke, tmp_path / "full.html", "--lang", lang)
        visit.page.goto(full.as_uri())
        assert printed_pages(visit.page.pdf(format="A4")) > 1  # the count can tell one page from many
        assert visit.console == [] and visit.errors == [] and visit.outward == []
    finally:
        visit.close()


@pytest.mark.parametrize("lang", ["en", "da"])
def test_brief_on_a_phone_shows_a_figure_first_and_is_at_most_three_screens(
    browser: Any, invoke: Invoke, tmp_path: Path, lang: str
) -> None:
    path = write_report(invoke, tmp_path / "brief.html", "--brief", "--lang", lang)
    visit = Visit(browser, path, PHONE["width"])
    page = visit.page
    try:
        page.set_viewport_size(PHONE)
        height, scroll, inner = page.evaluate(
            "[document.documentElement.scrollHeight, document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert height <= 3 * PHONE["height"], f"{height} px is more than three screens"
        assert scroll <= inner, f"sideways scrolling: {scroll} > {inner}"
        figure = page.evaluate("document.querySelector('.bar-value').getBoundingClientRect().bottom")
        assert figure <= PHONE["height"], f"the first figure ends {figure} px down"
        assert page.locator(".bar-value").first.inner_text().strip()
        assert visit.console == [] and visit.errors == [] and visit.outward == []
    finally:
        visit.close()


@pytest.mark.parametrize("width", [375, 390, 1280])
def test_every_bar_s_figure_stays_inside_the_chart(browser: Any, invoke: Invoke, tmp_path: Path, width: int) -> None:
    # "1.439 personer" ran to the edge of a 375 px phone: the longest bar leaves room for it
    for extra in (("--brief", "--lang", "da"), ("--lang", "da")):
        visit = Visit(browser, write_report(invoke, tmp_path / "r.html", *extra, "--force"), width)
        try:
            overflow = visit.page.evaluate(
                """[...document.querySelectorAll('table.bars')].flatMap(table => {
                    const right = table.getBoundingClientRect().right;
                    return [...table.querySelectorAll('.bar-value, .bar-computed')]
                        .map(e => e.getBoundingClientRect().right - right).filter(d => d > 0.5);
                })"""
            )
            assert overflow == [], f"{extra} at {width} px: figures past the chart's edge by {overflow} px"
        finally:
            visit.close()


@pytest.mark.parametrize("lang", ["en", "da"])
def test_brief_at_laptop_width_does_not_scroll_sideways(
    browser: Any, invoke: Invoke, tmp_path: Path, lang: str
) -> None:
    visit = Visit(browser, write_report(invoke, tmp_path / "brief.html", "--brief", "--lang", lang), 1280)
    try:
        scroll, inner = visit.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner
        hrefs = visit.page.evaluate("[...document.links].map(a => a.getAttribute('href'))")
        targets = {h[1:] for h in hrefs if h.startswith("#")}
        assert targets and all(visit.page.locator(f"[id='{t}']").count() == 1 for t in targets)
        visit.page.emulate_media(media="print")
        printed = visit.page.evaluate(
            "[...document.querySelectorAll('a[href^=\"http\"]')].map(a => getComputedStyle(a, '::after').content)"
        )
        assert printed and all("https://" in p for p in printed)  # a printed link shows its address
        assert visit.console == [] and visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_brief_of_hostile_data_is_text(
    browser: Any, invoke: Invoke, tmp_path: Path, write_project: Callable[[Any], Path], width: int
) -> None:
    data = hostile_project(write_project)
    visit = Visit(browser, write_report(invoke, tmp_path / "b.html", "--brief", "--data", str(data)), width)
    page = visit.page
    try:
        assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert HOSTILE_TEXT in page.inner_text("h1") and HOSTILE_TEXT in page.inner_text("table.bars")
        assert not any(
            h.lower().startswith(("javascript:", "data:"))
            for h in page.evaluate("[...document.links].map(a => a.href)")
        )
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner
        assert visit.dialogs == [] and visit.errors == [] and visit.console == [] and visit.outward == []
    finally:
        visit.close()
