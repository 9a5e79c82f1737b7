"""Tables and blocks: a listing's rows under its columns, or label/value blocks when narrow;
the legend of kinds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from kanten_cli.output import palette
from kanten_cli.output.i18n import label
from kanten_cli.output.table.layout import NARROW, SEP, Layout, layout_for
from kanten_cli.output.table.painter import Painter, footnotes
from kanten_cli.output.table.wrap import wrap
from kanten_cli.output.text import visible
from kanten_cli.output.views import Column, View, groups

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class TablePainter(Painter):
    def tables(self, rows: Sequence[Record], view: View, columns: list[Column]) -> None:
        sections = groups(rows, view.group_by)
        cells = [{c.key: visible(c.render(rec), keep_breaks=True) for c in columns} for rec in rows]
        used = [c for c in columns if any(cell[c.key] for cell in cells)] or columns
        notes = {id(rec): note for rec, note in zip(rows, footnotes(rows, view, sections), strict=True)}
        flex = next((c for c in used if c.flex), None)
        for rec, cell in zip(rows, cells, strict=True):
            note = notes[id(rec)]
            if note and flex is not None:  # the marker ends the text, never touching an id
                cell[flex.key] = f"{cell[flex.key]} [{note[0]}]".strip()
        by_rec = {id(rec): cell for rec, cell in zip(rows, cells, strict=True)}
        layout = None if self.width < NARROW else layout_for(used, cells, self.width)
        for number, (name, members) in enumerate(sections):
            if number:
                self.blank()
            self.title(label(f"section.{name}") if name else label(view.title))
            member_cells = [by_rec[id(rec)] for rec in members]
            if layout is None:
                self._blocks(members, member_cells, used)
            else:
                self._table(members, member_cells, layout)
            for rec in members:
                note = notes[id(rec)]
                if note:
                    self.paragraph([(f"[{note[0]}]", palette.NOTE), (visible(note[1]), palette.NOTE)], 0, 4)
        if view.legend and any(c.key == "kind" for c in used):
            self.blank()
            self.legend(rec.get("kind") for rec in rows)

    def _table(self, rows: Sequence[Record], cells: list[dict[str, str]], layout: Layout) -> None:
        heads = [label(c.heading) for c in layout.shown]
        self._row([[h] for h in heads], [palette.HEADING] * len(heads), layout, header=True)
        self.line((("-" if self.ascii_only else "─") * layout.total, palette.RULE))
        flex = next(c for c in layout.shown if c.flex)
        for rec, cell in zip(rows, cells, strict=True):
            self.send()
            columns: list[list[str]] = []
            styles: list[str] = []
            main = 0
            folded = [c for c in layout.folded if cell[c.key]]
            links = [cell[c.key] for c in folded if c.link]
            extra = " · ".join(f"{label(c.heading)}: {cell[c.key]}" for c in folded if not c.link)
            for col, width in zip(layout.shown, layout.widths, strict=True):
                value = cell[col.key]
                if col.flex:
                    lines = wrap(value, width) if value else []
                    main = len(lines)
                    lines += wrap(extra, width) if extra else []
                    columns.append(lines)
                elif col.link or not col.wrap:
                    columns.append(value.split("\n"))
                else:
                    columns.append(wrap(value, width, split_long=False))
                styles.append(col.style(rec) if col.style else "")
            self._row(columns, styles, layout, flex_main=main)
            for url in links:
                # under the text when it fits there, else nearer the margin: never cut, at most run on
                at = layout.offset(flex)
                indent = at if at + cell_len(url) <= self.width else min(at, 2)
                self.line((" " * indent, ""), (url, palette.LINK))

    def _row(
        self, columns: list[list[str]], styles: list[str], layout: Layout, flex_main: int = 0, header: bool = False
    ) -> None:
        """One row, cell lines side by side; the flexible cell's lines from `flex_main` on are the
        folded columns (dim)."""
        height = max((len(c) for c in columns), default=1) or 1
        last = len(columns) - 1
        for i in range(height):
            text = Text()
            for j, (lines, style, width) in enumerate(zip(columns, styles, layout.widths, strict=True)):
                chunk = lines[i] if i < len(lines) else ""
                col = layout.shown[j]
                chosen = style
                if not header and col.flex and i >= flex_main:
                    chosen = palette.NOTE
                if not header and col.link:
                    chosen = palette.LINK
                shown = 0
                for part, part_style in self._marked(chunk, chosen, col.highlight and not header):
                    text.append(part, style=self._style(part_style, part))
                    shown += cell_len(part)
                if j < last:
                    text.append(" " * (width - shown + SEP))
            text.rstrip()
            self.lines.append(text)

    def _blocks(self, rows: Sequence[Record], cells: list[dict[str, str]], columns: list[Column]) -> None:
        """Each record as label/value lines: for terminals too narrow for a table."""
        heads = {c.key: label(c.heading) for c in columns}
        room = max(cell_len(h) for h in [*heads.values(), label("note")]) + 2
        room = min(room, self.width * 2 // 5)
        for number, (rec, cell) in enumerate(zip(rows, cells, strict=True)):
            self.send()
            if number:
                self.blank()
            for col in columns:
                if cell[col.key]:
                    style = col.style(rec) if col.style else ""
                    self.field(heads[col.key], cell[col.key], room, palette.LINK if col.link else style, col.highlight)

    def legend(self, kinds: Iterable[Any]) -> None:
        shown = set(kinds)  # once: `kinds` may be a generator
        present = [k for k in ("stated", "derived", "target", "context") if k in shown]
        if not present:
            return
        parts: list[Part] = [(label("legend"), palette.NOTE)]
        for i, kind in enumerate(present):
            entry = label(f"legend.{kind}") + (";" if i < len(present) - 1 else ".")
            name, _, rest = entry.partition(" ")
            parts += [(name, palette.kind(kind)), (rest, palette.NOTE)]
        self.paragraph(parts, 0, 2)

    # the overview
