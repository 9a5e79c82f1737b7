"""kanten report: the content records, Markdown and HTML, and hostile data in both."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.facts.load import load
from kanten_cli.facts.model import Project
from kanten_cli.output.i18n import Lang, format_value, label
from kanten_cli.output.report.document import link_target, report
from kanten_cli.output.report.render import md_text, to_markdown
from kanten_cli.output.report.sections import SECTION_IDS
from kanten_cli.output.views import roles_cell
from kanten_cli.query.index import Index, partners
from tests.conftest import minimal

Invoke = Callable[..., Result]
HOSTILE_TEXT = (
    '<script>window.__pwned = 1</script> "><img src=x onerror="window.__pwned = 2"> *bold* [x](javascript:alert(1))'
)
HOSTILE_URL = "javascript:alert(document.domain)"


def hostile_project(write_project: Callable[[Any], Path]) -> Path:
    data = minimal()
    data["project"]["name"] = HOSTILE_TEXT
    data["organisations"][0]["name"] = HOSTILE_TEXT
    data["facts"][0]["text"]["en"] = HOSTILE_TEXT
    data["facts"][0]["text"]["da"] = HOSTILE_TEXT
    data["facts"][3]["caveat"] = {"da": HOSTILE_TEXT, "en": HOSTILE_TEXT}
    data["sources"][0]["title"] = HOSTILE_TEXT
    data["sources"][0]["url"] = HOSTILE_URL
    data["sources"][1]["url"] = 'https://example.org/"><script>alert(1)</script>'
    return write_project(data)


def all_fact_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        row for s in doc["sections"] for b in s["blocks"] if b["type"] != "organisations" for row in b.get("rows", [])
    ]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_who_took_part_lists_each_role_once_as_the_partners_table_does(
    write_project: Callable[[Any], Path], lang: Lang
) -> None:
    """A role a primary source claims is plain, even when a secondary page claims it too; one
    that only secondary pages claim is marked as context."""
    data = minimal()
    data["organisations"][0]["roles"] = [
        {"role": "evaluator", "source": "page", "evidence": "E"},
        {"role": "evaluator", "source": "src", "quote": "Q"},
        {"role": "funder", "source": "page", "evidence": "F"},
    ]
    small = Index(load(str(write_project(data)))[0])
    translate.bind(lang)
    doc = report(small)
    rows = [r for s in doc["sections"] for b in s["blocks"] if b["type"] == "organisations" for r in b["rows"]]
    context = label("context_marker")
    evaluator, funder = label("role.evaluator"), label("role.funder")
    assert rows[0]["roles"] == [evaluator, f"{funder} ({context})"]
    translate.bind(lang)
    assert "; ".join(rows[0]["roles"]) == roles_cell(partners(small)[0])


def test_vive_is_an_evaluator_once_in_the_report_and_in_partners(index: Index) -> None:
    doc = report(index)
    rows = {r["id"]: r for s in doc["sections"] for b in s["blocks"] if b["type"] == "organisations" for r in b["rows"]}
    assert rows["vive"]["roles"] == ["evaluator"]  # the article says so; a press release too
    for org in partners(index):
        assert "; ".join(rows[org["id"]]["roles"]) == roles_cell(org)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_fact_and_organisation_is_in_the_document(index: Index, project: Project, lang: str) -> None:
    translate.bind(lang)
    doc = report(index)  # type: ignore[arg-type]
    shown = {row["id"] for row in all_fact_rows(doc)}
    assert shown == {f.id for f in project.facts}
    orgs = [
        row["id"] for s in doc["sections"] for b in s["blocks"] if b["type"] == "organisations" for row in b["rows"]
    ]
    assert orgs == [o.id for o in project.organisations]
    assert [s["id"] for s in doc["sections"]] == list(SECTION_IDS)


def test_figures_use_the_shared_formatter(index: Index, project: Project) -> None:
    translate.bind("da")
    rows = {row["id"]: row for row in all_fact_rows(report(index))}
    for fact in project.facts:
        if fact.value is not None:
            shown = format_value(fact.value, fact.unit, fact.approximate, at_least=fact.at_least)
            assert rows[fact.id]["value"] == shown


def test_every_caveat_and_formula_is_a_numbered_note(index: Index, project: Project) -> None:
    doc = report(index)
    notes = {n["id"]: n for n in doc["notes"]}
    assert [n["number"] for n in doc["notes"]] == list(range(1, len(doc["notes"]) + 1))
    for fact in project.facts:
        if fact.caveat:
            assert notes[fact.id]["caveat"] == fact.caveat.en
        if fact.formula:
            assert notes[fact.id]["formula"] == fact.formula.en
    for org in project.organisations:
        if org.caveat:
            assert notes[org.id]["caveat"] == org.caveat.en
    for row in all_fact_rows(doc):
        assert (row["note"] is not None) == (row["id"] in notes)


def test_sources_are_numbered_with_their_addresses(index: Index, project: Project) -> None:
    doc = report(index)
    assert [s["id"] for s in doc["sources"]] == [s.id for s in project.sources]
    assert [s["number"] for s in doc["sources"]] == list(range(1, len(project.sources) + 1))
    numbers = {s["id"]: s["number"] for s in doc["sources"]}
    for row in all_fact_rows(doc):
        fact = index.facts[row["id"]]
        assert [r["number"] for r in row["sources"]] == [numbers[s] for s in index.sources_of(fact)]


def test_results_sit_beside_the_targets_with_the_chart(index: Index) -> None:
    section = next(s for s in report(index)["sections"] if s["id"] == "results")
    assert section["intro"]  # the caution that the measures may differ
    kinds = [b["type"] for b in section["blocks"]]
    assert kinds == ["chart", "facts", "facts"]
    bars = [b for g in section["blocks"][0]["groups"] for b in g["bars"]]
    assert {"participants-registered", "target-ordinary-hours"} <= {b["id"] for b in bars}
    assert all(b["amount"] == index.facts[b["id"]].value for b in bars)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_markdown_has_every_section_note_and_source(invoke: Invoke, index: Index, lang: str) -> None:
    result = invoke("report", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    translate.bind(lang)
    doc = report(index)  # type: ignore[arg-type]
    headings = re.findall(r"^(.+)\n-+$", text, re.M)
    assert headings == [md_text(s["heading"]) for s in doc["sections"]] + [doc["labels"]["sources_title"]]
    for row in all_fact_rows(doc):
        assert f"`{row['id']}`" in text
    for note in doc["notes"]:
        assert f"[^{note['number']}]: `{note['id']}`" in text
    for source in doc["sources"]:
        if source["href"]:
            assert f"<{source['href']}>" in text
    assert text.startswith("<!-- kanten ")
    assert re.search(r"^=+$", text, re.M)  # the title, underlined


@pytest.mark.parametrize("width", [40, 80, 120])
def test_markdown_lines_fit_the_width(index: Index, width: int) -> None:
    for lang in ("da", "en"):
        translate.bind(lang)
        text = to_markdown(report(index), width)  # type: ignore[arg-type]
        for line in text.splitlines()[2:]:  # the first two are the stamp, a comment
            assert not line.endswith(" "), line
            if len(line) > width:
                # only an address, or a word longer than the line, may run on
                assert "http" in line or " " not in line.strip(), line


def test_markdown_of_hostile_data_is_text(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    path = hostile_project(write_project)
    text = invoke("report", "--data", str(path)).stdout
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "<img" not in html and "<em>bold</em>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "*bold*" in html
    assert HOSTILE_URL in html  # shown as text


def test_html_of_hostile_data_is_inert(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    path = hostile_project(write_project)
    html = invoke("report", "--data", str(path), "-f", "html").stdout
    assert html.count("<script") == 0 and "<img" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert 'href="javascript' not in html.lower()
    assert "&#34;&gt;&lt;script&gt;" in html  # the odd https address, escaped in its attribute


def test_html_is_self_contained_and_accessible(invoke: Invoke, index: Index) -> None:
    html = invoke("report", "-f", "html", "--lang", "da").stdout
    assert html.startswith("<!DOCTYPE html>") and '<html lang="da">' in html
    assert "<script" not in html and "<link" not in html and "@import" not in html and " src=" not in html
    assert "default-src 'none'" in html
    assert '<figure class="chart">' in html and "@media print" in html and 'name="viewport"' in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    outward = {h for h in hrefs if not h.startswith("#")}
    assert outward == {s.url for s in index.project.sources if s.url}
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert html.count("<table") == html.count("<thead") and '<th scope="col">' in html
    assert not re.search(r">\s*(here|click|link)\s*</a>", html, re.I)


def test_links_only_for_web_addresses() -> None:
    assert link_target("https://example.org/a") == "https://example.org/a"
    assert link_target("HTTP://example.org") == "HTTP://example.org"
    for bad in (HOSTILE_URL, " https://x.org", "data:text/html,x", "//x.org", "https:/x", "https://x.org/\n", None):
        assert link_target(bad) is None, bad


def test_report_options(invoke: Invoke) -> None:
    assert invoke("report", "-f", "pdf").exit_code == 2
    assert invoke("report", "--force").exit_code == 2
    wrong = invoke("report", "-o", "report.xlsx")
    assert wrong.exit_code == 2 and ".html" in wrong.stderr
    help_text = invoke("report", "--help").stdout
    assert "-o" in help_text and "--force" in help_text and "Examples:" in help_text


def _shown(html_text: str) -> str:
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


@settings(max_examples=300, deadline=None)
@example(text="    code", width=40)
@example(text="x " * 30 + "1. y - z", width=20)
@example(text="= heading\n===", width=20)
@given(text=st.text(min_size=1), width=st.integers(min_value=20, max_value=100))
def test_any_text_survives_markdown_as_itself(text: str, width: int) -> None:
    """Whatever a data file says, a Markdown renderer shows exactly that text (no markup)."""
    from kanten_cli.output.report.render import _wrap
    from kanten_cli.output.text import visible

    lines = _wrap(md_text(text), width, "- ", "  ")
    rendered = MarkdownIt("commonmark").render("\n".join(lines))
    assert rendered.startswith("<ul>\n<li>") or not visible(text).strip()
    assert _shown(rendered) == " ".join(visible(text).split())
    assert set(re.findall(r"<(\w+)", rendered)) <= {"ul", "li", "p"}  # no code, emphasis, link or heading


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The fact base: 1 fact and 1 organisation from 2 sources,"),
        ("da", "Faktagrundlaget: 1 faktum og 1 organisation fra 2 kilder,"),
    ],
)
def test_the_intro_counts_in_the_form_each_count_takes(
    invoke: Invoke, write_project: Callable[[Any], Path], lang: str, said: str
) -> None:
    data = minimal()
    data["facts"] = data["facts"][:1]
    path = write_project(data)
    text = invoke("report", "--data", str(path), "--lang", lang).stdout
    assert said in " ".join(text.split())
