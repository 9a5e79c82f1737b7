"""A card: one fact, organisation or source in full (`show`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len

from kanten_cli.output import palette
from kanten_cli.output.table.painter import Painter
from kanten_cli.output.text import visible
from kanten_cli.output.views import card_entries

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class CardPainter(Painter):
    def card(self, rec: Record, fields: Sequence[str] | None = None) -> None:
        """One fact or organisation in full, label by label (only `fields`, when given)."""
        entries = card_entries(rec, self.lang, fields)
        if not entries:
            return
        room = min(max(cell_len(e.label) for e in entries) + 2, self.width * 2 // 5)
        for entry in entries:
            style = {"id": palette.ID, "link": palette.LINK}.get(entry.role) or palette.kind(entry.role)
            self.field(entry.label, visible(entry.text, keep_breaks=True), room, style)


# --- layout ------------------------------------------------------------------------------------
