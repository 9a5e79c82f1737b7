"""One line per item in the explorer's list: the columns of each tab and their cells.

Plain strings and palette style names; the list widget draws only the lines on screen, so a
cell is made when its line is drawn, never for all 100 000 items at once. Text from the data
file has its control characters made visible here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kanten_cli.base.translate import N_, translated
from kanten_cli.facts.model import Fact, Organisation, Source
from kanten_cli.output import palette
from kanten_cli.output.explorer.state import Item, Tab
from kanten_cli.output.i18n import format_period, format_value, label
from kanten_cli.output.text import visible

Cell = tuple[str, str]  # (text, palette style)
# The columns' headings, by the (English) name each column and cell is keyed by.
HEADINGS = {
    "ID": N_("ID"),
    "Kind": N_("Kind"),
    "Source type": N_("Source type"),
    "Value": N_("Value"),
    "Text": N_("Text"),
    "Name": N_("Name"),
    "Roles": N_("Roles"),
    "Date": N_("Date"),
    "Title": N_("Title"),
}


@dataclass(frozen=True)
class Column:
    heading: str  # English; see texts
    width: int  # 0: the flexible column, which gets the room that is left
    least: int = 0  # below this much room, the column is left out (the narrowest terminals)


def columns(tab: Tab, id_width: int, value_width: int, room: int) -> list[Column]:
    """The columns of `tab` for a list `room` cells wide; the id's column as wide as the longest
    id (at most a third of the room), the value's as the widest value (none when no item has one)."""
    ident = Column("ID", max(min(id_width, room // 3), 8))
    if tab == "facts":
        value = [Column("Value", min(value_width, 16), least=60)] if value_width else []
        wanted = [ident, Column("Kind", 8), *value, Column("Text", 0)]
    elif tab == "organisations":
        wanted = [ident, Column("Name", 0), Column("Roles", 26, least=60)]
    else:
        wanted = [ident, Column("Source type", 11, least=50), Column("Date", 14, least=60), Column("Title", 0)]
    return [c for c in wanted if room >= c.least]


def cells(item: Item) -> dict[str, Cell]:
    """An item's cells by column heading."""
    if isinstance(item, Fact):
        return {
            "ID": (item.id, palette.ID),
            "Kind": (label(f"kind.{item.kind}"), palette.kind(item.kind)),
            "Value": (format_value(item.value, item.unit, item.approximate), ""),
            "Text": (visible(item.text.get()), ""),
        }
    if isinstance(item, Organisation):
        roles = "; ".join(dict.fromkeys(label(f"role.{c.role}") for c in item.roles))
        return {"ID": (item.id, palette.ID), "Name": (visible(item.name), ""), "Roles": (roles, "")}
    assert isinstance(item, Source)
    title = item.title or item.publisher or label("no_title")
    return {
        "ID": (item.id, palette.ID),
        "Source type": (label(f"source.{item.kind}"), ""),
        "Date": (format_period(item.date, None), ""),
        "Title": (visible(title), ""),
    }


def heading(column: Column) -> str:
    """The column's heading in the bound language."""
    return translated(HEADINGS[column.heading])


def value_width(items: Sequence[Item]) -> int:
    """The widest value among `items` as the list shows it (0: none has a value)."""
    return max(
        (len(format_value(i.value, i.unit, i.approximate)) for i in items if isinstance(i, Fact) and i.value),
        default=0,
    )
