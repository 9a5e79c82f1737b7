"""`--lang da` speaks Danish in every label; `show` prints evidence and non-numeric inputs."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.output import figures, i18n
from tests.conftest import minimal

Invoke = Callable[..., Result]


def english_labels() -> set[str]:
    """Every label, kind, role, topic and unit name whose English differs from its Danish."""
    pairs = [(i18n.label(key, in_language="da"), i18n.label(key, in_language="en")) for key in i18n._LABELS]
    pairs += [(i18n.topic_name(t, in_language="da"), i18n.topic_name(t, in_language="en")) for t in i18n._TOPICS]
    for da_pair, en_pair in figures._UNITS.values():
        pairs += list(zip(da_pair, en_pair, strict=True))
    danish_too = {"end"}  # "end" is also a Danish word ("than")
    return {en for da, en in pairs if en and en != da and en.lower() != da.lower()} - danish_too


def english_in(text: str) -> list[str]:
    return sorted(word for word in english_labels() if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


def neutral_project() -> dict[str, Any]:
    """The minimal project with every English text made neutral, plus evidence and a dated input."""
    data = copy.deepcopy(minimal())
    for number, item in enumerate([*data["facts"], *data["organisations"]]):
        for key in ("text", "kind", "description", "formula", "caveat"):
            if isinstance(item.get(key), dict):
                item[key]["en"] = f"zz{number}{key}"
    goal = next(f for f in data["facts"] if f["id"] == "goal")
    goal["evidence"] = "mindst 8 borgere"
    data["facts"] += [
        {
            "id": "tidsrum",
            "topic": "period",
            "kind": "stated",
            "text": {"da": "August 2018 til december 2021.", "en": "zzperiod"},
            "source": "src",
            "quote": "fra august 2018 til december 2021",
            "date": "2018-08",
            "end_date": "2021-12",
        },
        {
            "id": "tidsrum-maaneder",
            "topic": "period",
            "kind": "derived",
            "text": {"da": "41 måneder.", "en": "zzmonths"},
            "value": 41,
            "unit": "months",
            "inputs": ["tidsrum"],
            "expression": "months({tidsrum})",
            "formula": {"da": "5 + 12 + 12 + 12 = 41", "en": "zzformula"},
            "caveat": {"da": "Hele måneder.", "en": "zzcaveat"},
        },
    ]
    return data


COMMANDS = ["show count share goal half-count tidsrum tidsrum-maaneder org", "facts", "partners", "results --chart"]


@pytest.mark.parametrize("width", ["40", "80", "120"])
@pytest.mark.parametrize("command", COMMANDS)
def test_danish_output_has_no_english_label(
    invoke: Invoke, write_project: Callable[[Any], Path], command: str, width: str
) -> None:
    path = write_project(neutral_project())
    for fmt in ("table", "markdown"):
        result = invoke(*command.split(), "--lang", "da", "-f", fmt, "--data", str(path), env={"COLUMNS": width})
        assert result.exit_code == 0, result.stderr
        assert english_in(result.stdout) == [], result.stdout


@pytest.mark.parametrize("command", ["facts", "partners", "results --chart", "results"])
def test_danish_output_of_the_real_data_has_no_english_label(invoke: Invoke, command: str) -> None:
    out = invoke(*command.split(), "--lang", "da").stdout
    # the ids of facts and sources are English kebab-case by design; everything else must be Danish
    ids = {r["id"] for r in json.loads(invoke(*command.split(), "--lang", "da", "--json").stdout)}
    ids |= {s["id"] for s in json.loads(invoke("sources", "--json").stdout)}
    for ident in sorted(ids, key=len, reverse=True):
        out = out.replace(ident, "")
    assert english_in(out) == [], out


def test_json_keeps_its_english_ids_and_values(invoke: Invoke) -> None:
    rows = json.loads(invoke("results", "--lang", "da", "--json").stdout)
    assert {r["kind"] for r in rows} >= {"stated", "derived", "target", "context"}
    assert {r["unit"] for r in rows if r["unit"]} >= {"people", "share"}


def test_show_prints_the_evidence(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    path = write_project(neutral_project())
    for lang, name in (("da", "Sidens ord"), ("en", "Page's words")):
        out = invoke("show", "goal", "--lang", lang, "--data", str(path)).stdout
        assert re.search(rf"^{re.escape(name)} +mindst 8 borgere$", out, re.M), out
        markdown = invoke("show", "goal", "--lang", lang, "-f", "markdown", "--data", str(path)).stdout
        assert "mindst 8 borgere" in markdown


def test_show_of_a_derived_fact_prints_a_non_numeric_input(
    invoke: Invoke, write_project: Callable[[Any], Path]
) -> None:
    path = write_project(neutral_project())
    out = invoke("show", "tidsrum-maaneder", "--lang", "da", "--data", str(path)).stdout
    assert "tidsrum (oplyst): august 2018 – december 2021" in out
    assert "tidsrum =" not in out and "=  (" not in out
    real = invoke("show", "measured-period-months").stdout
    assert "measured-period (stated): August 2018 – December 2021" in real


@pytest.mark.parametrize(
    ("count", "key", "da", "en"),
    [
        (1, "verify.unreachable", "1 utilgængelig", "1 unreachable"),
        (48, "verify.unreachable", "48 utilgængelige", "48 unreachable"),
        (0, "verify.changed", "0 ændrede", "0 changed"),
        (1, "verify.changed", "1 ændret", "1 changed"),
        (2, "verify.verified", "2 bekræftede", "2 verified"),
        (3, "verify.unchecked", "3 ikke tjekkede", "3 unchecked"),
        (1, "verify.checked", "1 tjekket", "1 checked"),
        (5, "verify.checked", "5 tjekkede", "5 checked"),
    ],
)
def test_counted_words_agree_with_their_count(count: int, key: str, da: str, en: str) -> None:
    translate.bind("da")
    assert i18n.counted(count, key) == da
    translate.bind("en")
    assert i18n.counted(count, key) == en


def test_a_label_without_a_plural_form_is_used_as_it_is() -> None:
    translate.bind("da")
    assert i18n.counted(7, "verify.quote") == f"7 {i18n.label('verify.quote')}"
