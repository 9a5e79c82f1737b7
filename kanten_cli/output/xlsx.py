"""Records -> an Excel workbook (`--format xlsx -o FILE`), with openpyxl.

Imported only for this format. The columns are those of CSV (nested values flattened the same
way), but cells keep their types: numbers stay numbers, ISO dates become dates shown at their
own precision (a month stays a month), booleans are booleans. A figure keeps its exact value
(479.67 people, a share of 0.3333...) but is shown at the precision the tables use, which
`figures.shown_decimals` decides: whole people, companies, months and kroner (`#,##0`), shares
as whole percentages (`0%`, one decimal below 1 %). Headings, and the names of things a cell
holds (a section, a kind, a topic, a role, a status), are in the chosen language as the tables
show them; units keep their ids, as in JSON. The header row is frozen and filterable.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kanten_cli.base.dates import iso_parts
from kanten_cli.output.figures import shown_decimals
from kanten_cli.output.i18n import has_label, label, topic_name
from kanten_cli.output.outfile import WORKBOOK_CREATOR
from kanten_cli.output.text import flatten, visible
from kanten_cli.output.views import View

Record = dict[str, Any]

DATE_FORMATS = {1: "yyyy", 2: "yyyy-mm", 3: "yyyy-mm-dd"}  # by the number of ISO parts
_WIDEST = 60  # characters; longer text wraps inside its column
_FIGURE_KEYS = ("value",)  # the key whose `unit` sibling says how to format it


def _date_cell(key: str, value: Any) -> tuple[dt.date, str] | None:
    """An ISO date string under a date key, as a date and the number format of its precision."""
    if not isinstance(value, str) or not (key == "date" or key.endswith(("_date", ".date"))):
        return None
    parts = iso_parts(value)
    if parts is None:
        return None
    try:
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return day, DATE_FORMATS[len(parts)]


# Keys whose values are names for things: a person reads them as the tables show them, in the
# chosen language ("Hovedtal", "oplyst", "samarbejdspartner"), not as the JSON's stable names.
_NAMED = {"section": "section.", "status": "verify.", "event": "event.", "item": "overview.", "type": "type."}


def shown_name(key: str, value: Any) -> Any:
    """A vocabulary name under `key` as a label in the run's language; any other value as it is."""
    if isinstance(value, str):
        if key == "kind":
            for prefix in ("kind.", "source."):  # a fact's kind, or a source's type
                if has_label(prefix + value):
                    return label(prefix + value)
        elif key == "topic":
            return topic_name(value)
        elif key in _NAMED and has_label(_NAMED[key] + value):
            return label(_NAMED[key] + value)
        elif key == "item":  # an overview's row is named by its topic when it has no label of its own
            return topic_name(value)
        elif key == "field" and has_label(f"verify.{value}"):
            return label(f"verify.{value}")
        elif key == "field" and has_label(f"field.{value}"):  # where a search matched
            return label(f"field.{value}")
    if key == "roles" and isinstance(value, list):
        return "; ".join(
            f"{label('role.' + str(c.get('role')))} ({c.get('source')})" if isinstance(c, dict) else str(c)
            for c in value
        )
    return value


def _typed(key: str, value: Any, unit: Any) -> tuple[Any, str | None]:
    """A record's value as a cell value and its number format (None for the default)."""
    value = shown_name(key, value)
    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)):
        if key in _FIGURE_KEYS and isinstance(unit, str):
            return value, figure_format(value, unit)
        if isinstance(value, float) and not value.is_integer():
            return value, "#,##0.0"
        return value, "#,##0"
    dated = _date_cell(key, value)
    if dated is not None:
        return dated
    if isinstance(value, (list, dict)):
        value = flatten({key: value}).get(key, "")
    return visible(str(value), keep_breaks=True), None


def figure_format(value: float, unit: str) -> str:
    """The number format that shows a figure as the tables do: `#,##0` for 479.67 people, `0%`
    for a share of a third, `0.0%` for a share below 1 %."""
    digits = shown_decimals(value, unit)
    places = "0." + "0" * digits if digits else "0"
    return f"{places}%" if unit == "share" else f"#,##{places}"


def _columns(rows: Sequence[Record]) -> list[str]:
    keys: dict[str, None] = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, dict):
                keys.update(dict.fromkeys(flatten({key: value})))
            else:
                keys[key] = None
    return list(keys)


def _lookup(row: Record, key: str) -> Any:
    """A (possibly dotted, flattened) key's raw value in a record."""
    if key in row:
        return row[key]
    head, _, rest = key.partition(".")
    inner = row.get(head)
    return _lookup(inner, rest) if isinstance(inner, dict) and rest else None


def heading(key: str, view: View | None = None) -> str:
    """A column's heading: the label the view's table gives that key (an organisation's "kind"
    is its type), else the key's own label, or the key itself when it has none."""
    named = {c.key: c.heading for c in view.columns} if view is not None else {}
    return label(named.get(key, key))


def _sheet_title(view: View) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", label(view.title)).strip()
    return title[:31] or "kanten"


def workbook_bytes(rows: Sequence[Record], view: View) -> bytes:
    """The records as one sheet of an .xlsx workbook."""
    book = Workbook(write_only=True)
    book.properties.creator = WORKBOOK_CREATOR
    book.properties.title = label(view.title)
    # A WriteOnlyWorksheet; Any because the stubs lack what it delegates (column_dimensions, ...).
    sheet: Any = book.create_sheet(_sheet_title(view))
    keys = _columns(rows)
    cells = [[_typed(k, _lookup(row, k), row.get("unit")) for k in keys] for row in rows]
    headings = [heading(k, view) for k in keys]
    for j, title in enumerate(headings):
        longest = max([len(title), *(_shown_length(row[j][0]) for row in cells)])
        sheet.column_dimensions[get_column_letter(j + 1)].width = min(longest, _WIDEST) + 2
    sheet.freeze_panes = "A2"
    if keys:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(rows) + 1}"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    sheet.append([_header_cell(sheet, title, bold) for title in headings])
    for row in cells:
        sheet.append([_cell(sheet, value, fmt, wrap if _shown_length(value) > _WIDEST else top) for value, fmt in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet: WriteOnlyWorksheet, title: str, font: Font) -> Cell:
    cell = WriteOnlyCell(sheet, value=title)
    cell.data_type = "s"
    cell.font = font
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any, fmt: str | None, alignment: Alignment) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text from a data file is never a formula, even if it starts with "="
    if fmt is not None:
        cell.number_format = fmt
    cell.alignment = alignment
    return cell


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    return max((len(line) for line in str(value).splitlines()), default=0)
