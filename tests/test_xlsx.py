"""--format xlsx: read back with openpyxl, a workbook holds exactly the JSON rows, typed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import Result

from kanten_cli.output import views
from kanten_cli.output.i18n import label
from kanten_cli.output.text import flatten
from kanten_cli.output.xlsx import shown_name
from tests.conftest import minimal
from tests.test_formats import LISTING

Invoke = Callable[..., Result]


def sheet_rows(path: Path) -> tuple[list[str], list[list[Any]], Any]:
    book = load_workbook(path)
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    return [str(v) for v in values[0]], values[1:], sheet


def as_text(cell: Any, expected: Any) -> Any:
    """A cell value back in the JSON's terms: dates as ISO at the JSON's precision."""
    if isinstance(cell, dt.datetime) and isinstance(expected, str):
        return cell.date().isoformat()[: len(expected)]
    return cell


def headings_of(key: str) -> set[str]:
    """A key's own label, or the heading a view's column gives it (an organisation's "kind")."""
    named = {c.heading for v in vars(views).values() if isinstance(v, views.View) for c in v.columns if c.key == key}
    return {label(key), *(label(h) for h in named)}


def expected_cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return flatten({"v": value})["v"] or None
    return None if value == "" else value


@pytest.mark.parametrize("command", LISTING)
def test_workbook_equals_the_json_rows(invoke: Invoke, tmp_path: Path, command: str) -> None:
    records = json.loads(invoke(*command.split(), "--json").stdout)
    target = tmp_path / "out.xlsx"
    result = invoke(*command.split(), "-f", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    headers, rows, _ = sheet_rows(target)
    assert len(rows) == len(records)
    keys = list(dict.fromkeys(k for r in records for k in flatten(r)))
    assert all(h in headings_of(k) for h, k in zip(headers, keys, strict=True)), headers
    for record, row in zip(records, rows, strict=True):
        flat_raw = {**record}
        for key, value in record.items():
            if isinstance(value, dict):
                flat_raw.pop(key)
                flat_raw.update({f"{key}.{k}": v for k, v in value.items()})
        for key, cell in zip(keys, row, strict=True):
            want = expected_cell(shown_name(key, flat_raw.get(key)))
            got = as_text(cell, want)
            if isinstance(want, float):
                assert got == pytest.approx(want, rel=1e-14), key
            else:
                assert got == want, (key, got, want)


def test_cells_are_typed_and_formatted(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "facts.xlsx"
    assert invoke("facts", "-o", str(target)).exit_code == 0
    headers, rows, sheet = sheet_rows(target)
    col = {h: i for i, h in enumerate(headers)}
    by_id = {row[col["ID"]]: i for i, row in enumerate(rows)}

    def cell(ident: str, heading: str) -> Any:
        return sheet.cell(row=by_id[ident] + 2, column=col[heading] + 1)

    assert cell("participants-registered", "Value").value == 1439
    assert cell("participants-registered", "Value").data_type == "n"
    share = cell("paid-work-share", "Value")
    assert share.value == pytest.approx(1 / 3) and share.number_format == "0%"
    period = cell("measured-period", "Date")
    assert period.value == dt.datetime(2018, 8, 1) and period.number_format == "yyyy-mm"
    assert cell("measured-period", "End date").value == dt.datetime(2021, 12, 1)
    assert cell("participants-registered", "Approximate").value is False
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(headers)).column_letter}{len(rows) + 1}"
    widths = {h: sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width for h, i in col.items()}
    assert widths["ID"] >= max(len(str(r[col["ID"]])) for r in rows)
    assert widths["Text"] <= 62  # long prose wraps instead
    assert sheet.cell(row=1, column=1).font.b


def test_figures_keep_their_value_and_show_the_tables_precision(invoke: Invoke, tmp_path: Path) -> None:
    """The exact value is the cell's data; its number format shows it as the tables do (whole
    people, companies, months and kroner; shares as whole percentages)."""
    target = tmp_path / "facts.xlsx"
    assert invoke("facts", "--has-value", "-o", str(target)).exit_code == 0
    headers, rows, sheet = sheet_rows(target)
    col = {h: i for i, h in enumerate(headers)}
    cells = {row[col["ID"]]: sheet.cell(row=n + 2, column=col["Value"] + 1) for n, row in enumerate(rows)}
    units = {row[col["ID"]]: row[col["Unit"]] for row in rows}
    derived = cells["paid-work-people"]
    assert derived.value == pytest.approx(1439 / 3) and derived.number_format == "#,##0"
    assert cells["participants-registered"].number_format == "#,##0"
    assert cells["grant-amount"].number_format == "#,##0"
    assert cells["still-in-work-share"].value == pytest.approx(0.2)
    formats = {unit: {cells[i].number_format for i in cells if units[i] == unit} for unit in set(units.values())}
    assert formats == {
        "people": {"#,##0"},
        "companies": {"#,##0"},
        "months": {"#,##0"},
        "DKK": {"#,##0"},
        "share": {"0%"},
    }


@pytest.mark.parametrize(
    ("value", "unit", "number_format", "shown"),
    [
        (1 / 3, "share", "0%", "≈ 33 %"),
        (0.004, "share", "0.0%", "0.4 %"),
        (0.0, "share", "0%", "0 %"),
        (479.67, "people", "#,##0", "≈ 480 people"),
        (21130000, "DKK", "#,##0", "DKK 21,130,000"),
    ],
)
def test_number_format_follows_the_shared_formatter(value: float, unit: str, number_format: str, shown: str) -> None:
    from kanten_cli.output.figures import format_value
    from kanten_cli.output.xlsx import figure_format

    assert figure_format(value, unit) == number_format
    assert format_value(value, unit, False, words=False) == shown


def test_danish_headers(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "fakta.xlsx"
    assert invoke("facts", "--lang", "da", "-f", "xlsx", "-o", str(target)).exit_code == 0
    headers, _, sheet = sheet_rows(target)
    assert headers[:5] == ["ID", "Emne", "Art", "Tekst", "Værdi"]
    assert sheet.title == "Fakta"


def test_danish_units_stay_ids(invoke: Invoke, tmp_path: Path) -> None:
    """With --lang da the header row is Danish, but a unit is data (as in JSON): its stable id."""
    target = tmp_path / "fakta.xlsx"
    result = invoke("facts", "--lang", "da", "--fields", "id,value,unit", "--has-value", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    headers, rows, _ = sheet_rows(target)
    assert headers == ["ID", "Værdi", "Enhed"]
    assert {row[2] for row in rows} == {"people", "companies", "share", "DKK", "months"}


def test_fields_pick_the_columns(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "f.xlsx"
    assert invoke("facts", "--fields", "value,id", "-o", str(target)).exit_code == 0
    headers, rows, _ = sheet_rows(target)
    assert headers == ["Value", "ID"] and rows[0][1] == "aim-market-knowledge"


def test_hostile_text_stays_text(invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path) -> None:
    data = minimal()
    data["facts"][0]["text"]["en"] = '=HYPERLINK("http://e.vil","click")'
    data["organisations"][0]["name"] = "\x1b[31mred\x00 +1 @SUM(A1)"
    path = write_project(data)
    target = tmp_path / "h.xlsx"
    assert invoke("facts", "--data", str(path), "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    cell = book.active["D2"]
    assert cell.value == '=HYPERLINK("http://e.vil","click")' and cell.data_type == "s"
    assert invoke("partners", "--data", str(path), "-o", str(tmp_path / "p.xlsx")).exit_code == 0
    name = load_workbook(tmp_path / "p.xlsx").active["B2"].value
    assert name == "␛[31mred␀ +1 @SUM(A1)"


def test_names_for_things_are_shown_as_the_tables_show_them(invoke: Invoke, tmp_path: Path) -> None:
    """A section, a kind, a topic and a role are labels for a person, in the chosen language."""
    results, partners = tmp_path / "tal.xlsx", tmp_path / "partnere.xlsx"
    assert invoke("results", "--lang", "da", "-o", str(results)).exit_code == 0
    headers, rows, _ = sheet_rows(results)
    first = dict(zip(headers, rows[0], strict=True))
    assert (first["Afsnit"], first["Art"], first["Emne"]) == ("Hovedtal", "oplyst", "periode")
    assert invoke("partners", "--lang", "da", "-o", str(partners)).exit_code == 0
    headers, rows, _ = sheet_rows(partners)
    first = dict(zip(headers, rows[0], strict=True))
    assert first["Roller"] == "samarbejdspartner (article)" and "Type" in headers
    assert not any(":" in str(row[headers.index("Roller")]) for row in rows)  # never "partner:article:primary"


def test_search_and_overview_name_their_things_in_danish(invoke: Invoke, tmp_path: Path) -> None:
    """What was English in a Danish workbook: a hit's type, the field it matched in, an
    overview row's topic, and the headings of search's and show's extra columns."""
    found, glance = tmp_path / "søg.xlsx", tmp_path / "overblik.xlsx"
    assert invoke("search", "vive", "--lang", "da", "-o", str(found)).exit_code == 0
    headers, rows, _ = sheet_rows(found)
    assert {row[headers.index("Type")] for row in rows} <= {"faktum", "organisation"}
    fields = {row[headers.index("Felt")] for row in rows}
    assert "navn" in fields and not {"name", "text.da", "text.en", "quote"} & fields
    assert "Fremhævninger" in headers and "highlights" not in headers
    assert invoke("overview", "--lang", "da", "-o", str(glance)).exit_code == 0
    headers, rows, _ = sheet_rows(glance)
    assert rows[0][headers.index("Punkt")] == "projekt"
