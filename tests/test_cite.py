"""`kanten cite` in every style, parsed back, and `kanten show --web`.

Styles for people are checked for what a reader needs (the source, the figure, the caveat);
structured styles are parsed back with the libraries reference tools use (citeproc-py,
bibtexparser, rispy). No test depends on a fact's exact wording.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.output import cite as render_cite
from kanten_cli.query import citations as cite
from kanten_cli.query.index import Index, organisation_sources
from tests.conftest import minimal

Invoke = Callable[..., Result]
STYLES = ["text", "markdown", "csl-json", "bibtex", "ris"]
# A stated, a derived, a context, a target fact and an organisation (ids that stay stable).
IDS = ["paid-work-share", "still-in-work-people", "grant-amount", "target-ordinary-hours", "cabi"]
HOSTILE_TITLE = 'Evil <script>alert(1)</script> 50 % {x} } & æøå "q"\nsecond line\x1b[31m\u202e @misc{x,'


def cited(invoke: Invoke, *args: str) -> str:
    result = invoke("cite", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def expected_sources(index: Index, ident: str) -> list[str]:
    if ident in index.organisations:
        return organisation_sources(index.organisations[ident])
    return index.sources_of(index.facts[ident])


def url_of(index: Index, source: str) -> str:
    url = index.sources[source].url
    assert url is not None
    return url


# --- every style, both languages --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("ident", IDS)
def test_text_names_every_source_and_states_the_kind(invoke: Invoke, index: Index, ident: str, lang: str) -> None:
    out = cited(invoke, ident, "--lang", lang)
    paragraphs = out.rstrip("\n").split("\n\n")
    assert all("\n" not in p for p in paragraphs)  # piped: a paragraph is one line to paste
    assert not any(line.endswith(" ") for line in out.splitlines())
    for source in expected_sources(index, ident):
        assert url_of(index, source) in paragraphs[0] + " ".join(paragraphs[1:])
    first = paragraphs[0]
    if ident in index.facts:
        fact = index.facts[ident]
        own_words = re.sub(r"\s*\([^()]*\)$", "", fact.text.get(lang).rstrip("."))  # a closing (…) is joined
        assert first.startswith(own_words) and first.endswith(").")
        if fact.kind == "derived":
            assert ("beregnet ud fra tal i" if lang == "da" else "computed from figures in") in first
            assert fact.formula is not None and fact.formula.get(lang) in first
        elif fact.kind in ("context", "target"):
            assert ("ifølge websiden" if lang == "da" else "according to the web page") in first
        else:
            assert ("ifølge" if lang == "da" else "according to") in first
        if fact.caveat is not None:
            assert paragraphs[-1] == f"{'Forbehold' if lang == 'da' else 'Caveat'}: {fact.caveat.get(lang)}"
    else:
        org = index.organisations[ident]
        assert first.startswith(org.name + ": ")  # its roles, each with the source that claims it
        kind = f"{'Art' if lang == 'da' else 'Kind'}: {org.kind.get(lang)} ("
        assert paragraphs[1].startswith(kind)  # its kind, with its own source or none


def test_text_dates_in_each_language(invoke: Invoke) -> None:
    assert "28. marts 2023" in cited(invoke, "paid-work-share", "--lang", "da")
    assert "28 March 2023" in cited(invoke, "paid-work-share", "--lang", "en")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("ident", ["still-in-work-people", "still-in-work-people-all"])
def test_the_two_readings_of_af_dem_are_never_collapsed(invoke: Invoke, ident: str, lang: str) -> None:
    for style in ("text", "markdown"):
        out = cited(invoke, ident, "--lang", lang, "--style", style)
        assert re.search(r"\b96\b", out) and re.search(r"\b288\b", out), out


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("ident", IDS)
def test_markdown_links_the_source_and_quotes_its_words(invoke: Invoke, index: Index, ident: str, lang: str) -> None:
    out = cited(invoke, ident, "--lang", lang, "--style", "markdown")
    for source in expected_sources(index, ident):
        assert f"]({url_of(index, source)})" in out
    quotes = [line[2:] for line in out.splitlines() if line.startswith("> ")]
    if ident in index.facts:
        fact = index.facts[ident]
        words = fact.quote or fact.evidence
        if words:
            assert render_cite.md_escape(words) in quotes
        for inner in fact.inputs:
            if index.facts[inner].quote:
                assert render_cite.md_escape(index.facts[inner].quote or "") in quotes
    else:
        for claim in index.organisations[ident].roles:
            if claim.quote:
                assert render_cite.md_escape(claim.quote) in quotes


def csl_bibliography(items: list[dict[str, Any]]) -> list[str]:
    """The items rendered by citeproc-py with the style it ships: they load and format."""
    style_path = Path(__import__("citeproc").__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    style = CitationStylesStyle(str(style_path), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("ident", IDS)
def test_csl_json_loads_in_citeproc(invoke: Invoke, index: Index, ident: str, lang: str) -> None:
    items = json.loads(cited(invoke, ident, "--lang", lang, "--style", "csl-json"))
    assert [i["id"] for i in items] == expected_sources(index, ident)
    allowed = {"id", "type", "title", "author", "publisher", "issued", "URL", "note"}
    for item in items:
        source = index.sources[item["id"]]
        assert set(item) <= allowed
        assert item.get("title") == source.title and item.get("publisher") == source.publisher
        assert item.get("URL") == source.url
        assert ident not in item["note"]  # what a reader wants, not kanten's bookkeeping
    rendered = csl_bibliography(items)
    assert len(rendered) == len(items)
    for item in items:
        if "URL" in item:
            assert any(item["URL"] in entry for entry in rendered)


def test_csl_json_of_the_article_has_its_metadata(invoke: Invoke, index: Index) -> None:
    (item,) = json.loads(cited(invoke, "participants-registered", "--style", "csl-json"))
    article = index.sources["article"]
    assert article.author == "Vibeke Rasmussen"  # a byline: a person's name, family name last
    assert item["author"] == [{"family": "Rasmussen", "given": "Vibeke"}]
    assert csl_bibliography([item])[0].startswith("Rasmussen, V. (2023)")
    assert item["issued"] == {"date-parts": [[2023, 3, 28]]}
    assert item["type"] == "webpage"


def parse_bibtex(text: str) -> Any:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    return library


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("ident", IDS)
def test_bibtex_parses_back(invoke: Invoke, index: Index, ident: str, lang: str) -> None:
    out = cited(invoke, ident, "--lang", lang, "--style", "bibtex")
    assert out.isascii()  # æ, ø, å as LaTeX commands
    library = parse_bibtex(out)
    assert [e.key for e in library.entries] == expected_sources(index, ident)
    for entry in library.entries:
        source = index.sources[entry.key]
        fields = entry.fields_dict
        assert entry.entry_type == "misc"
        if source.publisher:
            assert " ".join(fields["publisher"].value.split()) == source.publisher  # decoded: ø and æ back
        if source.title:
            title = " ".join(fields["title"].value.strip("{}").split())

            def quotes(text: str) -> str:  # LaTeX writes a straight " as '' (a closing quote)
                return text.replace('"', "”").replace("“", "”")

            assert quotes(title) == quotes(source.title)
        else:
            assert "title" not in fields
    raw = bibtexparser.parse_string(out)  # without decoding: the address exactly as the source has it
    for entry in raw.entries:
        assert entry.fields_dict["url"].value == index.sources[entry.key].url


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("ident", IDS)
def test_ris_has_its_required_tags_and_parses_back(invoke: Invoke, index: Index, ident: str, lang: str) -> None:
    out = cited(invoke, ident, "--lang", lang, "--style", "ris")
    records = [r for r in out.split("\n\n") if r.strip()]
    for record in records:
        lines = record.splitlines()
        assert lines[0] in ("TY  - ELEC", "TY  - GEN") and lines[-1] == "ER  - "
        assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
    parsed = rispy.loads(out)
    assert [r["id"] for r in parsed] == expected_sources(index, ident)
    for record in parsed:
        source = index.sources[record["id"]]
        assert record.get("urls") == ([source.url] if source.url else None)
        assert record.get("publisher") == source.publisher
        assert record.get("title") == source.title
    article = next((r for r in parsed if r["id"] == "article"), None)
    if article is not None:
        assert article["authors"] == ["Rasmussen, Vibeke"]
        assert article["year"] == "2023" and article["date"] == "2023/03/28/"


# --- several ids, derived facts, organisations ---------------------------------------------------


def test_several_ids_give_one_entry_per_distinct_source(invoke: Invoke) -> None:
    items = json.loads(cited(invoke, "participants-registered", "paid-work-share", "cabi", "--style", "csl-json"))
    assert [i["id"] for i in items] == ["article", "cabi-project-page", "cabi-press-health", "altinget-cabi"]
    note = items[0]["note"]
    assert note.startswith("There were 1,439 registered participants in the project in all. “")
    assert "One third of the registered participants" in note and "Cabi: “" in note
    text = cited(invoke, "participants-registered", "paid-work-share", "participants-registered")
    assert len(text.rstrip("\n").split("\n\n")) == 2  # one citation per id, a repeated id once


def test_a_derived_fact_rests_on_its_inputs_sources(index: Index) -> None:
    derived = [f for f in index.project.facts if f.kind == "derived"]
    assert derived
    for fact in derived:
        records = cite.citations(index, [fact.id])
        entries = cite.bibliography(index, records)
        assert [e["id"] for e in entries] == index.sources_of(fact)
        assert all(i["source"] for i in records[0]["inputs"])  # inputs traced back to sourced facts


def test_an_organisation_cites_the_sources_that_name_it(index: Index) -> None:
    for org in index.project.organisations:
        translate.bind("da")
        entries = cite.bibliography(index, cite.citations(index, [org.id]))
        assert [e["id"] for e in entries] == organisation_sources(org)


def test_a_source_id_cites_that_source(invoke: Invoke, index: Index) -> None:
    out = cited(invoke, "article")
    assert out.startswith(f"{index.sources['article'].author}, ") and url_of(index, "article") in out


def test_unknown_id_is_exit_1_with_one_line(invoke: Invoke) -> None:
    result = invoke("cite", "paid-work-share", "no-such-fact")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("kanten: ") and result.stderr.count("\n") == 1


def test_unknown_style_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("cite", "paid-work-share", "--style", "apa")
    assert result.exit_code == 2
    assert result.stderr == "kanten: unknown style 'apa'; choose from: text, markdown, csl-json, bibtex, ris\n"
    near = invoke("cite", "paid-work-share", "--style", "bib")
    assert (near.exit_code, near.stderr) == (2, "kanten: unknown style 'bib'; did you mean 'bibtex'?\n")
    assert cited(invoke, "paid-work-share", "--style", "BibTeX").startswith("@misc{article,")


# --- what the data does not say stays unsaid ------------------------------------------------------


def test_no_invented_title_author_or_date(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    path = str(write_project(minimal()))  # source "page": a publisher and nothing else
    (item,) = json.loads(cited(invoke, "goal", "--data", path, "--style", "csl-json"))
    assert set(item) == {"id", "type", "publisher", "note"} and item["type"] == "document"
    bib = parse_bibtex(cited(invoke, "goal", "--data", path, "--style", "bibtex"))
    assert set(bib.entries[0].fields_dict) == {"publisher", "note"}
    ris = cited(invoke, "goal", "--data", path, "--style", "ris")
    assert {line[:2] for line in ris.splitlines() if line} == {"TY", "ID", "PB", "N1", "ER"}
    assert cited(invoke, "goal", "--data", path).startswith("Target: 8 (according to Side).")


def test_a_figure_the_text_lacks_is_added_and_one_it_has_is_not() -> None:
    assert render_cite.states_figure("About 480 participants got paid work.", 479.67, "people")
    translate.bind("da")
    assert render_cite.states_figure("I alt 1.439 deltagere.", 1439, "people")
    assert render_cite.states_figure("Cirka 20 % af dem.", 0.2, "share")
    assert render_cite.states_figure("Bevillingen som 21,1 mio. kr.", 21_100_000, "DKK")
    translate.bind("en")
    assert render_cite.states_figure("The grant was DKK 21,130,000.", 21_130_000, "DKK")
    assert not render_cite.states_figure("Half of them.", 0.5, "share")
    assert not render_cite.states_figure("Ten participants.", 10, "people")


def test_a_sentence_keeps_its_words_and_joins_its_own_parenthesis() -> None:
    assert render_cite._sentence("Ten.", ["a"]) == "Ten (a)."
    assert render_cite._sentence("Ten (computed).", ["a"]) == "Ten (computed; a)."
    assert render_cite._sentence("Ten (x) here.", ["a"]) == "Ten (x) here (a)."
    assert render_cite._sentence("Bevillingen er 21,1 mio. kr.", ["a"]) == "Bevillingen er 21,1 mio. kr. (a)."


def test_figure_missing_from_the_text_is_given(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    path = str(write_project(minimal()))
    assert cited(invoke, "count", "--data", path).startswith(
        "Ten participants (10 people; according to “Artikel”, https://"
    )
    assert cited(invoke, "count", "--data", path, "--lang", "da").startswith("Ti deltagere (10 personer; ifølge ")


# --- hostile data --------------------------------------------------------------------------------


@pytest.fixture
def hostile(write_project: Callable[[Any], Path]) -> str:
    data = minimal()
    src = data["sources"][0]
    src.update(title=HOSTILE_TITLE, author="Tom and {Jerry}", publisher="P&P 100 %", date="2023-03")
    data["sources"][1]["url"] = "javascript:alert(1)"
    data["facts"][0]["text"]["en"] = "[click](javascript:x) *bold* <b>x</b>\n# heading"
    data["facts"][0]["quote"] = "1. not a list\n> not a quote <script>x</script>"
    return str(write_project(data))


def no_raw_controls(out: str) -> None:
    assert not any(c in out for c in "\x1b\x07\x00\x9b\u202e")


def test_hostile_text_style_is_one_inert_line(invoke: Invoke, hostile: str) -> None:
    out = cited(invoke, "count", "--data", hostile)
    no_raw_controls(out)
    assert out.count("\n") == 1 and "␛[31m" in out and "<U+202E>" in out


def test_hostile_markdown_is_escaped(invoke: Invoke, hostile: str) -> None:
    out = cited(invoke, "count", "goal", "--data", hostile, "--style", "markdown")
    no_raw_controls(out)
    assert "<script>" not in out and "<b>" not in out and "\\<script\\>" in out
    assert "\\[click\\](javascript:x)" in out and "\\*bold\\*" in out
    assert "> 1\\. not a list \\> not a quote" in out
    assert "(according to Side, javascript:alert(1))" in out  # a non-http address is text, never a link
    assert "](javascript:alert" not in out
    assert "\n# " not in out


def test_hostile_bibtex_stays_balanced_and_parses(invoke: Invoke, hostile: str) -> None:
    out = cited(invoke, "count", "--data", hostile, "--style", "bibtex")
    assert out.isascii()
    library = parse_bibtex(out)
    assert [e.key for e in library.entries] == ["src"]  # the "@misc{x," in the title made no entry
    fields = library.entries[0].fields_dict
    assert fields["publisher"].value == "P&P 100 %"
    title = " ".join(fields["title"].value.split())  # BibTeX reads a line break as a space
    assert "<script>alert(1)</script> 50 %" in title and "æøå" in title
    assert "{\\textbraceleft}x{\\textbraceright} {\\textbraceright}" in out
    assert fields["author"].value == "Tom and Jerry"  # one name: " and " braced, not a second author
    assert "Tom {and} {\\textbraceleft}Jerry{\\textbraceright}" in out


def test_wrapped_markdown_never_starts_a_list_mid_paragraph() -> None:
    record = {
        "type": "source",
        "id": "s",
        "kind": "source",
        "sources": ["s"],
    }
    entry = {"id": "s", "kind": "primary", "publisher": "word - 1. + 2) x " * 6, "url": None, "note": None}
    for width in range(20, 60):
        out = render_cite.render([record], [entry], "markdown", width)
        for line in out.splitlines():
            assert not re.match(r"(> )?([-+*] |\d+[.)] )", line), (width, line)


def test_hostile_ris_and_csl_json(invoke: Invoke, hostile: str) -> None:
    ris = cited(invoke, "count", "goal", "--data", hostile, "--style", "ris")
    no_raw_controls(ris)
    (record, _) = rispy.loads(ris)
    assert record["title"].startswith("Evil <script>") and "second line" in record["title"]
    csl = cited(invoke, "count", "--data", hostile, "--style", "csl-json")
    assert "\x1b" not in csl and "\u202e" not in csl
    (item,) = json.loads(csl)
    assert item["title"] == " ".join(HOSTILE_TITLE.split())


# --- wrapping on a terminal ----------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("style", ["text", "markdown"])
def test_prose_fits_the_terminal_and_never_cuts_an_address(index: Index, width: int, style: str) -> None:
    translate.bind("da")
    records = cite.citations(index, IDS)
    translate.bind("da")
    out = render_cite.render(records, cite.bibliography(index, records), style, width)
    for line in out.splitlines():
        assert not line.endswith(" ")
        assert len(line) <= width or "://" in line.split()[-1] or "](http" in line, line
    for source in {s for r in records for s in r["sources"]}:
        if index.sources[source].url:
            assert url_of(index, source) in out


# --- show --web ----------------------------------------------------------------------------------


@pytest.fixture
def browser(tmp_path: Path) -> tuple[Path, Path]:
    """A BROWSER that records the address it is given instead of opening it."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, record


def show_web(browser: tuple[Path, Path], *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    script, record = browser
    env = {**os.environ, "BROWSER": str(script), "KANTEN_LANG": "en", "KANTEN_DATA": ""}
    done = subprocess.run(
        [sys.executable, "-m", "kanten_cli", "show", *args, "--web"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    opened = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    return done, opened


@pytest.mark.parametrize("ident", ["grant-amount", "cabi", "article"])
def test_show_web_opens_the_source_address(browser: tuple[Path, Path], index: Index, ident: str) -> None:
    done, opened = show_web(browser, ident)
    assert done.returncode == 0, done.stderr
    expected = url_of(index, expected_sources(index, ident)[0] if ident != "article" else "article")
    assert opened == [expected]
    assert expected in done.stderr and done.stdout == ""


def test_show_web_with_several_sources_opens_the_first_and_says_so(browser: tuple[Path, Path], index: Index) -> None:
    sources = index.sources_of(index.facts["paid-work-vs-target"])
    assert len(sources) > 1
    done, opened = show_web(browser, "paid-work-vs-target")
    assert done.returncode == 0 and opened == [url_of(index, sources[0])]
    assert "the first" in done.stderr and sources[1] in done.stderr


def test_show_web_without_an_address_is_exit_1(
    browser: tuple[Path, Path], write_project: Callable[[Any], Path]
) -> None:
    data = minimal()
    data["sources"][1]["url"] = "javascript:alert(1)"
    path = str(write_project(data))
    for ident in ("goal", "page"):
        done, opened = show_web(browser, ident, "--data", path)
        assert done.returncode == 1 and opened == []
        assert done.stderr.startswith("kanten: ") and "no web address" in done.stderr


def test_show_web_takes_one_id(invoke: Invoke) -> None:
    result = invoke("show", "cabi", "vive", "--web")
    assert result.exit_code == 2 and result.stderr.startswith("kanten: ")


def test_only_web_addresses_are_opened() -> None:
    for url in ("https://example.org/a", "http://example.org"):
        assert cite.is_web_url(url)
    for url in ("javascript:alert(1)", "file:///etc/passwd", "https://", "https://e.org/\x1b", "ftp://e.org", None, ""):
        assert not cite.is_web_url(url)


def test_a_figure_in_words_is_not_repeated_as_a_number() -> None:
    from kanten_cli.output.cite import states_figure

    translate.bind("da")
    assert states_figure("En tredjedel af deltagerne kom i arbejde.", 1 / 3, "share")
    translate.bind("en")
    assert states_figure("One third of the participants got work.", 1 / 3, "share")
    assert not states_figure("Some of the participants got work.", 1 / 3, "share")
