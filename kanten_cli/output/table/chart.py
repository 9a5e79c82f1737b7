"""The chart of `results --chart`: bars beside the targets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len

from kanten_cli.output import palette
from kanten_cli.output.i18n import label
from kanten_cli.output.table.painter import Painter
from kanten_cli.output.text import visible
from kanten_cli.output.views import View, value_cell

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class ChartPainter(Painter):
    def chart(self, rows: Sequence[Record], view: View) -> None:
        """One bar per record, scaled to the largest value, under its short name; the readings of
        one ambiguous fact indented under that fact's name, the targets apart under their own
        heading. The kind shows in the bar's pattern and colour, and in the key below, so the
        chart reads without colour and at 40 columns."""
        glyphs = {"stated": "█", "derived": "▓", "target": "░", "context": "▒"}
        if self.ascii_only:
            glyphs = {"stated": "#", "derived": "=", "target": "-", "context": "+"}
        self.title(label(view.title))
        shown = [r for r in rows if r.get("value") is not None]
        figures = [value_cell(r) for r in shown]
        top = max((float(r["value"]) for r in shown), default=0.0) or 1.0
        room = max(1, self.width - 2 - max((cell_len(f) for f in figures), default=0) - 1)
        group: tuple[str | None, str | None] | None = None
        for rec, figure in zip(shown, figures, strict=True):
            kind, indent = rec["kind"], 2 if rec.get("group") in ("reading", "target") else 0
            if (rec.get("group"), rec.get("reading_of")) != group:
                group = (rec.get("group"), rec.get("reading_of"))
                if rec.get("group") == "reading":
                    heading = label("chart.readings").format(name=visible(rec["reading_label"] or ""))
                    self.paragraph([(heading, palette.HEADING)])
                elif rec.get("group") == "target":
                    self.blank()
                    self.paragraph([(label("chart.targets"), palette.HEADING)])
            name = visible(rec.get("label") or rec["text"])
            said = [(name, ""), (f"({label('kind.' + kind)};", palette.kind(kind))]
            self.paragraph([*said, (f"{visible(rec['id'])})", palette.NOTE)], indent, indent + 2)
            length = max(1, round(float(rec["value"]) / top * room))
            bar = (glyphs.get(kind, "#") * length, palette.kind(kind))
            if indent + length + 1 + cell_len(figure) <= self.width:
                self.line((" " * indent, ""), bar, (" " + figure, ""))
            else:  # a narrow terminal: the figure ("at least 850 people") under its bar
                self.line((" " * indent, ""), bar)
                self.line((" " * min(indent, max(0, self.width - cell_len(figure))), ""), (figure, ""))
        present = [k for k in glyphs if any(r["kind"] == k for r in shown)]
        parts: list[Part] = [(label("chart.key"), palette.NOTE)]
        for kind in present:
            parts += [(glyphs[kind], palette.kind(kind)), (label(f"kind.{kind}"), palette.kind(kind))]
        self.paragraph(parts, 0, 2)
        self.paragraph([(label("chart.more"), palette.NOTE)])

    # one record in full
