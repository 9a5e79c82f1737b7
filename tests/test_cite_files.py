"""cite -o FILE adds to a bibliography without duplicates, entry by entry, and never loses an
edit; the help's example runs twice; notes, authors and titles import clean."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pytest
import rispy
from typer.testing import Result

from kanten_cli.base.errors import ExitCode

Invoke = Callable[..., Result]

FILES = ["refs.bib", "refs.ris", "refs.json"]


def keys_in(path: Path) -> list[str]:
    """The entry keys of a bibliography file, read by the libraries reference tools use."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".bib":
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []  # DuplicateBlockKeyBlock among them
        return [e.key for e in library.entries]
    if path.suffix == ".ris":
        return [r["id"] for r in rispy.loads(text)]
    return [item["id"] for item in json.loads(text)]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""
    return result


@pytest.mark.parametrize("name", FILES)
def test_citing_twice_adds_no_duplicate(invoke: Invoke, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    ok(invoke("cite", "participants-registered", "cabi", "-o", str(target)))
    first = target.read_bytes()
    ok(invoke("cite", "participants-registered", "cabi", "-o", str(target)))
    assert target.read_bytes() == first
    assert keys_in(target) == ["article", "cabi-project-page", "cabi-press-health", "altinget-cabi"]
    ok(invoke("cite", "grant-amount", "-o", str(target)))  # a new source is added at the end
    assert keys_in(target) == [
        "article",
        "cabi-project-page",
        "cabi-press-health",
        "altinget-cabi",
        "apmollerfonde-cabi",
    ]


def test_the_helps_example_runs_twice(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    help_text = invoke("cite", "--help").stdout
    (example,) = [line.strip() for line in help_text.splitlines() if " -o refs." in line]
    args = shlex.split(example)
    assert args[0] == "kanten" and ">" not in example
    monkeypatch.chdir(tmp_path)
    ok(invoke(*args[1:]))
    ok(invoke(*args[1:]))
    written = next(tmp_path.glob("refs.*"))
    assert len(keys_in(written)) == len(set(keys_in(written))) > 0


def test_an_existing_entry_is_replaced_where_it_stands(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    ok(invoke("cite", "participants-registered", "cabi", "-o", str(target)))
    ok(invoke("cite", "paid-work-people", "-o", str(target)))  # the article again, for another fact
    assert keys_in(target) == ["article", "cabi-project-page", "cabi-press-health", "altinget-cabi"]
    library = bibtexparser.parse_string(target.read_text(encoding="utf-8"))
    assert "About 480 participants" in library.entries[0].fields_dict["note"].value


@pytest.mark.parametrize("name", FILES)
def test_other_entries_are_kept_as_they_are(invoke: Invoke, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    mine = {
        ".bib": "% my references\n@book{mine,\n  title = {Mine},\n  year = 2020\n}\n",
        ".ris": "TY  - BOOK\nID  - mine\nTI  - Mine\nER  - \n",
        ".json": '[\n  {\n    "id": "mine",\n    "type": "book",\n    "title": "Mine"\n  }\n]\n',
    }[target.suffix]
    target.write_text(mine, encoding="utf-8")
    ok(invoke("cite", "paid-work-share", "-o", str(target)))
    assert keys_in(target) == ["mine", "article"]
    text = target.read_text(encoding="utf-8")
    if target.suffix == ".json":
        assert json.loads(text)[0] == json.loads(mine)[0]
    else:
        assert text.startswith(mine)


@pytest.mark.parametrize("name", FILES)
def test_an_edited_entry_is_left_alone(invoke: Invoke, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    ok(invoke("cite", "participants-registered", "-o", str(target)))
    text = target.read_text(encoding="utf-8")
    edited = text.replace("Arbejde Adler", "Arbejde Adler (web)", 1)
    target.write_text(edited, encoding="utf-8")
    refused = invoke("cite", "paid-work-people", "-o", str(target))  # would change the article's note
    assert refused.exit_code == ExitCode.OUTPUT
    assert refused.stderr == (
        f"kanten: the entry 'article' in {target} has changed since kanten wrote it; use --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == edited
    ok(invoke("cite", "participants-registered", "cabi", "-o", str(target), "--force"))
    assert "Arbejde Adler (web)" not in target.read_text(encoding="utf-8")


def test_an_entry_kanten_did_not_write_is_left_alone(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    mine = "@misc{article,\n  title = {Someone else's article}\n}\n"
    target.write_text(mine, encoding="utf-8")
    refused = invoke("cite", "paid-work-share", "-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT
    assert refused.stderr == (
        f"kanten: {target} already has an entry 'article' that kanten did not write; use --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == mine


def test_a_file_that_is_no_bibliography_is_left_alone(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "refs.json"
    target.write_text('{"not": "a list"}\n', encoding="utf-8")
    refused = invoke("cite", "paid-work-share", "-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT and "is not a csl-json bibliography" in refused.stderr
    ok(invoke("cite", "paid-work-share", "-o", str(target), "--force"))
    assert keys_in(target) == ["article"]


def test_text_and_markdown_to_a_file_follow_the_output_file_rule(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "cite.md"
    ok(invoke("cite", "paid-work-share", "-o", str(target)))
    assert target.read_text(encoding="utf-8").startswith("One third of the registered participants")
    ok(invoke("cite", "paid-work-share", "-o", str(target)))
    target.write_text("mine\n", encoding="utf-8")
    assert invoke("cite", "paid-work-share", "-o", str(target)).exit_code == ExitCode.OUTPUT


def test_json_is_csl_json(invoke: Invoke) -> None:
    result = invoke("cite", "paid-work-share", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == invoke("cite", "paid-work-share", "--style", "csl-json").stdout
    clash = invoke("cite", "paid-work-share", "--json", "--style", "ris")
    assert clash.exit_code == ExitCode.USAGE


@pytest.mark.parametrize("style", ["csl-json", "bibtex", "ris"])
def test_the_note_carries_the_fact_and_its_quote_not_kantens_bookkeeping(invoke: Invoke, style: str) -> None:
    out = invoke("cite", "paid-work-share", "--style", style).stdout
    assert "Cited in kanten" not in out and "first paragraph" not in out
    if style == "csl-json":
        note = json.loads(out)[0]["note"]
    elif style == "bibtex":
        from bibtexparser.middlewares import LatexDecodingMiddleware

        library = bibtexparser.parse_string(out, append_middleware=[LatexDecodingMiddleware()])
        note = " ".join(library.entries[0].fields_dict["note"].value.split())
    else:
        note = rispy.loads(out)[0]["notes"][0]
    assert note.startswith("One third of the registered participants got paid work")
    assert "en tredjedel af de i alt 1439 registrerede deltagere" in note


def test_a_title_with_its_own_quotation_marks_is_quoted_with_the_other_kind(invoke: Invoke) -> None:
    english = invoke("cite", "paid-work-share").stdout
    assert "Arbejde Adler, ‘Projekt ”Rekruttering fra kanten”’, 28 March 2023" in english
    assert "“Projekt ”" not in english
    danish = invoke("cite", "paid-work-share", "--lang", "da").stdout
    assert "Arbejde Adler, »Projekt ”Rekruttering fra kanten”«, 28. marts 2023" in danish
    plain = invoke("cite", "target-ordinary-hours").stdout  # a title without quotation marks
    assert re.search(r"“[^”’]+”", plain)


def test_a_person_is_family_and_given_an_organisation_stays_whole(tmp_path: Path, invoke: Invoke) -> None:
    from tests.conftest import minimal

    data = minimal()
    data["sources"][0]["author"] = "Anne Marie Jensen"
    data["sources"][0]["author_role"] = {"da": "journalist", "en": "journalist"}
    data["sources"][1]["author"] = "Cabi og VIVE"  # no byline role: not split
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    items = json.loads(invoke("cite", "count", "goal", "--json", "--data", str(path)).stdout)
    assert items[0]["author"] == [{"family": "Jensen", "given": "Anne Marie"}]
    assert items[1]["author"] == [{"literal": "Cabi og VIVE"}]
    bib = invoke("cite", "count", "goal", "-s", "bibtex", "--data", str(path)).stdout
    assert "author = {Jensen, Anne Marie}" in bib and "author = {{Cabi {and} VIVE}}" not in bib
    assert "author = {{Cabi og VIVE}}" in bib  # braced: one name, not parsed into parts
