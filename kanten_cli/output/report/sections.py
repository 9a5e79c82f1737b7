"""The full report's sections, in its order, each with its Danish name: `report --section`
takes either name, and its help lists them. No imports, so that help stays light."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "overblik"),
    ("partners", "partnere"),
    ("results", "resultater"),
    ("improvements", "forbedringer"),
    ("recommendation", "anbefaling"),
    ("progress", "undervejs"),
    ("midterm", "midtvejs"),
    ("timeline", "tidslinje"),
    ("other", "øvrige"),
)
SECTION_IDS: tuple[str, ...] = tuple(ident for ident, _ in SECTIONS)
DANISH_NAMES: dict[str, str] = {da: ident for ident, da in SECTIONS}
