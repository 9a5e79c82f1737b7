"""A card: one fact, organisation or source in full (`show`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len

from kanten_cli.output import palette
from kanten_cli.output.i18n import label
from kanten_cli.output.table.painter import Painter
from kanten_cli.output.text import visible
from kanten_cli.output.views import card_entries, with_marks

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class CardPainter(Painter):
    def card(self, rec: Record, fields: Sequence[str] | None = None) -> None:
        """One fact or organisation in full, label by label (only `fields`, when given)."""
        entries = card_entries(rec, fields)
        if not entries:
            return
        room = min(max(cell_len(e.label) for e in entries) + 2, self.width * 2 // 5)
        for entry in entries:
            style = {"id": palette.ID, "link": palette.LINK}.get(entry.role) or palette.kind(entry.role)
            self.field(entry.label, visible(entry.text, keep_breaks=True), room, style)

    def answer(self, rows: list[Record], about: Record) -> None:
        """`kanten ask`: the best hit as a card with the question's words marked, then the
        others a line each (id, then its text), then what the question was taken to be about
        and how to go on."""
        self.title(label("ask.title"))
        best = with_marks(rows[0])
        entries = card_entries(best)
        room = min(max(cell_len(e.label) for e in entries) + 2, self.width * 2 // 5)
        for entry in entries:
            style = {"id": palette.ID, "link": palette.LINK}.get(entry.role) or palette.kind(entry.role)
            self.field(entry.label, visible(entry.text, keep_breaks=True), room, style, highlight=True)
        if len(rows) > 1:
            self.blank()
            self.title(label("ask.also"))
            others = [with_marks(r) for r in rows[1:]]
            room = min(max(cell_len(r["id"]) for r in others) + 2, self.width * 2 // 5)
            for rec in others:
                line = rec.get("text") or rec.get("name") or ""
                self.field(rec["id"], visible(str(line)), room, "", highlight=True)
        self.blank()
        understood = ", ".join(about.get("understood") or [])
        if understood:
            self.paragraph([(f"{label('ask.understood')}: {visible(understood)}", palette.NOTE)])
        ident = rows[0]["id"]
        head = f"{label('ask.next')}: "
        commands = [f"kanten show {ident}", f"kanten cite {ident}"]
        if cell_len(head + "; ".join(commands)) <= self.width:
            self.line((head + "; ".join(commands), palette.NOTE))
        elif cell_len(head + commands[0] + ";") <= self.width:  # a command to copy is never broken
            self.line((head + commands[0] + ";", palette.NOTE))
            self.line((" " * cell_len(head) + commands[1], palette.NOTE))
        else:  # narrower still: the label alone, then a command a line (running on if it must)
            self.line((head.rstrip(), palette.NOTE))
            for command in commands:
                self.line(("  " + command, palette.NOTE))


# --- layout ------------------------------------------------------------------------------------
