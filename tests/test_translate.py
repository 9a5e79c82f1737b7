"""The language of a run: chosen once (--lang, $KANTEN_LANG, the locale) and bound once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kanten_cli.base import translate
from kanten_cli.base.translate import N_, choose, from_arguments, from_environment, translated
from kanten_cli.cli.app import app
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def unbound() -> Iterator[None]:
    yield
    translate.bind("en")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "da_DK.UTF-8"}, "en"),  # the first one set decides
        ({"LC_MESSAGES": "da_DK.UTF-8", "LANG": "C"}, "da"),
        ({"KANTEN_LANG": "da", "LC_ALL": "en_US.UTF-8"}, "da"),
        ({"KANTEN_LANG": " EN ", "LANG": "da_DK.UTF-8"}, "en"),
        ({"KANTEN_LANG": "fr", "LANG": "da_DK.UTF-8"}, "da"),  # not a language of kanten's: ignored
    ],
)
def test_language_from_the_environment(environ: dict[str, str], lang: str) -> None:
    assert from_environment(environ) == lang


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (["facts", "--lang", "da"], "da"),
        (["--lang=da", "facts"], "da"),
        (["--lang", "da", "facts", "--lang", "en"], "en"),  # the command's own, as Click reads it
        (["--lang", "DA"], "da"),
        (["search", "--", "--lang", "da"], None),  # after --, words to search for
        (["--lang", "fr"], None),  # left for Click to reject
        (["--lang"], None),
        (["facts"], None),
    ],
)
def test_language_from_the_arguments(args: list[str], lang: str | None) -> None:
    assert from_arguments(args) == lang


def test_arguments_come_before_the_environment() -> None:
    assert choose(["--lang", "en"], {"KANTEN_LANG": "da"}) == "en"
    assert choose(["facts"], {"KANTEN_LANG": "da"}) == "da"


def test_bound_language_answers_every_question() -> None:
    translate.bind("da")
    assert translate.language() == "da"
    assert translate._("Options") == "Tilvalg"
    translate.bind("en")
    assert translate._("Options") == "Options"


def test_marked_text_is_translated_where_it_is_shown() -> None:
    text = N_("Usage:")
    assert text == "Usage:"
    translate.bind("da")
    assert translated(text) == "Brug:"
    assert translated("not a message") == "not a message"


def test_help_follows_the_language_of_each_run_in_one_process() -> None:
    """Typer builds its commands anew on each run, so one process can show both languages."""
    runner = CliRunner()
    danish = runner.invoke(app, ["--lang", "da", "facts", "--help"], env={"KANTEN_LANG": "en"})
    english = runner.invoke(app, ["facts", "--help"], env={"KANTEN_LANG": "en"})
    assert danish.exit_code == 0 and english.exit_code == 0
    assert danish.output.startswith("Brug: kanten facts") and "Eksempler:" in danish.output
    assert english.output.startswith("Usage: kanten facts") and "Examples:" in english.output


@pytest.mark.parametrize(
    "args", [["help", "ask", "--lang", "da"], ["--lang", "da", "help", "ask"], ["ask", "--help", "--lang", "da"]]
)
def test_help_takes_lang_wherever_it_is_put(args: list[str]) -> None:
    result = CliRunner().invoke(app, args, env={"KANTEN_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Brug: kanten ask [TILVALG] SPØRGSMÅL...")


def test_every_command_takes_lang_after_its_name() -> None:
    """`--lang` is an option of every command, as of the group: `kanten validate --lang da`."""
    from typer.main import get_command

    group = get_command(app)
    commands = group.commands.items()  # type: ignore[attr-defined]
    missing = [name for name, command in commands if "lang" not in {p.name for p in command.params}]
    assert missing == []
    result = CliRunner().invoke(app, ["validate", "--lang", "da"], env={"KANTEN_LANG": "en"})
    assert result.exit_code == 0 and ": gyldig: " in result.output


def test_help_in_the_locale_language() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"KANTEN_LANG": None, "LC_ALL": None, "LANG": "da_DK.UTF-8"})
    assert result.exit_code == 0 and result.output.startswith("Brug: kanten")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["facts", "--format", "foo"], "ugyldig værdi 'foo' for '--format' / '-f'; vælg mellem: 'table', 'json',"),
        (["show"], "argumentet 'ID' mangler (se 'kanten show --help')"),
        (["facts", "--lang"], "tilvalget '--lang' skal have en værdi"),
        (["facts", "x", "y"], "uventede ekstra argumenter 'x' 'y' (se 'kanten facts --help')"),
        (["facts", "--has-value=1"], "tilvalget '--has-value' tager ingen værdi"),
        (["verify", "--timeout", "x"], "'--timeout' skal have et tal, ikke 'x'"),
        (["--lan", "da"], "tilvalget '--lan' findes ikke; mente du '--lang'? (se 'kanten --help')"),
        (["shwo"], "kommandoen 'shwo' findes ikke; mente du 'show'? (se 'kanten --help')"),
        (["show", "nope"], "intet faktum og ingen organisation har id 'nope'; `kanten facts` viser alle id'er"),
        (["search", "zzzqqq"], "ingen fakta eller organisationer passer til 'zzzqqq'"),
        (["facts", "--topic", "nope"], "ukendt emne 'nope'; vælg mellem: projekt, periode, formål,"),
        (["facts", "--sort", "nope"], "vælg mellem: id, emne, art, dato, værdi"),
        (["report", "--section", "nope"], "vælg mellem: overblik, partnere, resultater,"),
        (
            ["facts", "-o", "/nonexistent/dir/x.csv"],
            "kan ikke skrive /nonexistent/dir/x.csv: filen eller mappen findes ikke",
        ),
    ],
)
def test_errors_in_danish(args: list[str], message: str) -> None:
    """Click's errors and kanten's own, in the language of the run (the locale here)."""
    env = {"KANTEN_LANG": None, "LC_ALL": None, "LANG": "da_DK.UTF-8", "KANTEN_DATA": ""}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code != 0
    assert result.stderr.startswith("kanten: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1


def test_validate_counts_take_their_plural_forms() -> None:
    minimal = str(ROOT / "examples" / "minimal.json")
    danish = CliRunner().invoke(app, ["--lang", "da", "validate", minimal])
    assert danish.stdout.endswith("minimal.json: gyldig: 4 fakta, 1 organisation, 2 kilder\n")
    english = CliRunner().invoke(app, ["--lang", "en", "validate", minimal])
    assert english.stdout.endswith("minimal.json: valid: 4 facts, 1 organisation, 2 sources\n")


def test_broken_json_is_explained_in_danish(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"facts": ', encoding="utf-8")
    danish = CliRunner().invoke(app, ["--lang", "da", "validate", str(broken)])
    assert danish.stderr.endswith("linje 1, kolonne 11: ikke gyldig JSON (der mangler en værdi)\n")
    english = CliRunner().invoke(app, ["--lang", "en", "validate", str(broken)])
    assert english.stderr.endswith("line 1 column 11: not valid JSON (Expecting value)\n")  # the json module's words


def test_os_reasons_in_the_run_s_language() -> None:
    from kanten_cli.base.errors import os_reason

    missing = FileNotFoundError(2, "No such file or directory")
    assert os_reason(missing) == "No such file or directory"
    translate.bind("da")
    assert os_reason(missing) == "filen eller mappen findes ikke"
    assert os_reason(OSError(9999, "Something rare")) == "Something rare"  # the system's own words
