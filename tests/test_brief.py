"""kanten report --brief (the project on one page) and --section (the report cut to size).

The brief in a browser (one A4 page, a phone's screens) is in test_browser.py; its Markdown
is a golden file in test_golden.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.facts.model import Project
from kanten_cli.output.i18n import label
from kanten_cli.output.report.brief import brief
from kanten_cli.output.report.document import report
from kanten_cli.output.report.render import brief_markdown
from kanten_cli.output.report.sections import SECTION_IDS, SECTIONS
from kanten_cli.query.index import Index
from tests.test_report import HOSTILE_TEXT, hostile_project

Invoke = Callable[..., Result]
LANGS = ("da", "en")
COMMANDS = ("overview", "partners", "results", "show", "cite", "facts", "search", "sources", "timeline", "report")


def ids_of(project: Project) -> set[str]:
    """Every id a reader could trip over: those of facts, organisations and sources with a hyphen
    (a one-word id such as 'article' or 'cabi' is also an ordinary word)."""
    every = [f.id for f in project.facts] + [o.id for o in project.organisations] + [s.id for s in project.sources]
    return {i for i in every if "-" in i}


def tells_to_run(text: str) -> list[str]:
    return re.findall(rf"\bkanten ({'|'.join(COMMANDS)})\b", text)


# --- the brief's content ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_says_what_the_issue_asks_in_order(index: Index, lang: Any) -> None:
    translate.bind(lang)
    doc = brief(index)
    assert [p["id"] for p in doc["parts"]] == ["project", "figures", "partners", "grant", "conclusion"]
    project = next(p for p in doc["parts"] if p["id"] == "project")
    texts = [r["text"] for r in project["rows"]]
    for ident in ("aim-involve-companies", "project-area", "project-period", "measured-period"):
        assert index.facts[ident].text.get(lang) in texts  # both periods, each said for what it is
    roles = [r["role"] for r in next(p for p in doc["parts"] if p["id"] == "partners")["roles"]]
    for role in ("lead", "partner", "funder", "evaluator"):
        assert label(f"brief.role.{role}") in roles
    conclusion = [r["text"] for r in next(p for p in doc["parts"] if p["id"] == "conclusion")["rows"]]
    assert index.facts["conclusion-not-achieved"].text.get(lang) in conclusion
    assert index.facts["recommend-more-projects"].text.get(lang) in conclusion


@pytest.mark.parametrize("lang", LANGS)
def test_the_two_readings_are_one_figures_and_the_targets_stand_apart(index: Index, lang: Any) -> None:
    translate.bind(lang)
    chart = next(p for p in brief(index)["parts"] if p["id"] == "figures")["chart"]
    kinds = [g["kind"] for g in chart["groups"]]
    assert kinds == ["result", "reading", "target"]
    reading = chart["groups"][1]
    assert [b["id"] for b in reading["bars"]] == ["still-in-work-people", "still-in-work-people-all"]
    assert index.facts["still-in-work-share"].label.get(lang) in reading["heading"]  # type: ignore[union-attr]
    assert label("chart.targets") == chart["groups"][2]["heading"]
    for group in chart["groups"]:
        for bar in group["bars"]:
            assert bar["label"] == index.facts[bar["id"]].label.get(lang)  # type: ignore[union-attr]
            assert bar["sources"], bar["id"]  # every figure carries its source


@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_lists_the_sources_it_cites_and_only_those(index: Index, lang: Any) -> None:
    translate.bind(lang)
    doc = brief(index)
    cited = set()
    for part in doc["parts"]:
        rows = part.get("rows") or part.get("roles") or [b for g in part["chart"]["groups"] for b in g["bars"]]
        cited |= {(s["id"], s["number"]) for row in rows for s in row["sources"]}
    assert {(s["id"], s["number"]) for s in doc["sources"]} == cited
    assert [s["number"] for s in doc["sources"]] == list(range(1, len(doc["sources"]) + 1))
    assert all(s["href"] for s in doc["sources"])


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_page_names_an_id_or_tells_its_reader_to_run_a_command(
    invoke: Invoke, project: Project, lang: str, fmt: str
) -> None:
    text = invoke("report", "--brief", "--lang", lang, "-f", fmt).stdout
    shown = re.sub(r"<!--.*?-->|<[^>]+>|https?://\S+", " ", text, flags=re.S)  # what a reader reads
    assert [i for i in ids_of(project) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", shown)] == []
    assert tells_to_run(text) == []
    assert tells_to_run(invoke("report", "--lang", lang, "-f", fmt).stdout) == []  # nor does the full report


@pytest.mark.parametrize("width", [40, 80, 120])
def test_brief_markdown_fits_and_is_plain_text(index: Index, width: int) -> None:
    for lang in LANGS:
        translate.bind(lang)
        text = brief_markdown(brief(index), width)  # type: ignore[arg-type]
        for line in text.splitlines()[2:]:
            assert not line.endswith(" "), line
            assert len(line) <= width or "http" in line or " " not in line.strip(), line
        html = MarkdownIt("commonmark").render(text)
        assert set(re.findall(r"<(\w+)", html)) <= {"h1", "h2", "p", "em", "strong", "ul", "ol", "li", "a"}


def test_brief_markdown_of_hostile_data_is_text(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    text = invoke("report", "--brief", "--data", str(hostile_project(write_project))).stdout
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "<img" not in html and "<em>bold</em>" not in html
    assert 'href="javascript' not in html and "javascript:alert(document.domain)" in html


def test_brief_html_of_hostile_data_is_inert(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    html = invoke("report", "--brief", "--data", str(hostile_project(write_project)), "-f", "html").stdout
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html.lower()
    assert html.count("&lt;script&gt;window.__pwned = 1&lt;/script&gt;") >= 3  # title, a bar, a partner
    assert HOSTILE_TEXT not in html


# --- --section ----------------------------------------------------------------------------------


def headings(markdown: str) -> list[str]:
    return re.findall(r"^(.+)\n-+$", markdown, re.M)


@pytest.mark.parametrize(("section", "danish"), SECTIONS)
def test_each_section_alone_in_either_language(invoke: Invoke, index: Index, section: str, danish: str) -> None:
    whole = {s["id"]: s["heading"] for s in report(index)["sections"]}
    for name in (section, danish, section.upper()):
        result = invoke("report", "--section", name)
        assert result.exit_code == 0, result.stderr
        assert headings(result.stdout) == [whole[section], "Sources"]
    cut = report(index, [section])
    cited = {s["id"] for sec in cut["sections"] for b in sec["blocks"] for s in _refs(b)}
    assert {s["id"] for s in cut["sources"]} == cited  # only the sources the section cites
    html = invoke("report", "--section", section, "-f", "html").stdout
    shown = set(re.findall(r'<h2 id="([^"]+)"', html))
    assert shown - {"notes"} == {"contents", "legend", section, "sources"}
    assert ("notes" in shown) == bool(cut["notes"])


def _refs(block: dict[str, Any]) -> list[dict[str, Any]]:
    rows = block.get("rows") or [b for g in block.get("groups", []) for b in g["bars"]]
    return [s for row in rows for s in row["sources"]] + (block.get("byline") or {}).get("ref", [])


def test_sections_in_combination_keep_the_reports_order(invoke: Invoke, index: Index) -> None:
    translate.bind("da")
    doc = report(index)
    whole = {s["id"]: s["heading"] for s in doc["sections"]}
    result = invoke("report", "--lang", "da", "--section", "tidslinje,results", "-s", "midtvejs")
    assert result.exit_code == 0, result.stderr
    assert headings(result.stdout) == [whole["results"], whole["midterm"], whole["timeline"], "Kilder"]
    every = invoke("report", "--section", ",".join(SECTION_IDS)).stdout
    assert every.split("\n", 2)[2] == invoke("report").stdout.split("\n", 2)[2]  # all sections: the report


def test_progress_from_the_press_releases_stands_apart_from_the_midterm(index: Index) -> None:
    sections = {s["id"]: s for s in report(index)["sections"]}
    progress = {r["id"] for b in sections["progress"]["blocks"] for r in b["rows"]}
    midterm = {r["id"] for b in sections["midterm"]["blocks"] for r in b["rows"]}
    assert {"ambassador-companies", "ambassadors-expected", "citizens-referred"} <= progress
    assert not progress & midterm and "midterm-citizens" in midterm
    for block in sections["progress"]["blocks"]:
        assert block["byline"]["date"] and len(block["byline"]["ref"]) == 1  # its source, and when
        assert {i for r in block["rows"] for i in index.sources_of(index.facts[r["id"]])} == {
            block["byline"]["ref"][0]["id"]
        }


def test_unknown_or_clashing_sections_are_usage_errors(invoke: Invoke) -> None:
    wrong = invoke("report", "--section", "resultatr")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert wrong.stderr == "kanten: unknown section 'resultatr'; did you mean 'resultater'?\n"
    assert "did you mean 'timeline'" in invoke("report", "-s", "results,timelin").stderr
    clash = invoke("report", "--brief", "--section", "results")
    assert clash.exit_code == 2 and clash.stderr.startswith("kanten: --brief")
    help_text = " ".join(invoke("report", "--help").stdout.split())
    for section, danish in SECTIONS:
        assert f"{section} ({danish})" in help_text
    assert "--brief" in help_text
