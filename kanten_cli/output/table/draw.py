"""What a person reads in the terminal: tables, blocks, the overview, the chart and `show`.

The only module that imports Rich (the terminal's facts come from `terminal`, which does not).
Every string from a data file goes in
as plain text (never parsed as markup), control characters made visible first. Lines are laid
out here, word by word, so that no line is longer than the terminal, none ends in a space, an
id or an address is never cut, and the sections of one command share one set of widths. Rich
turns the styled lines into escape codes (colour, OSC 8 links) when the terminal wants them.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from kanten_cli.output import palette
from kanten_cli.output.i18n import Lang, counted, format_period, label
from kanten_cli.output.emit import visible
from kanten_cli.output.streams import encodes_unicode
from kanten_cli.output.terminal import Terminal
from kanten_cli.output.views import MARK_END, MARK_START, MARKED, Column, View, card_entries, groups, value_cell

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)

SEP = 2  # spaces between columns
NARROW = 60  # below this many columns, every record is a block of label/value lines


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit with 1 here; let the CLI treat a reader that stopped early as success.
        raise BrokenPipeError


def console_for(out: IO[str], terminal: Terminal | None = None) -> Console:
    """A Rich console on `out` that follows the terminal object: width, and colour on or off
    (no escape at all when off). For what Rich draws itself: verify's report and progress bar."""
    term = terminal or Terminal.detect(out)
    return _Console(
        file=out,
        width=term.width,
        color_system="standard" if term.colour else None,
        force_terminal=True if term.colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def draw(
    rows: Sequence[Record],
    view: View,
    lang: Lang,
    out: IO[str],
    fields: Sequence[str] | None = None,
    terminal: Terminal | None = None,
    glance: Record | None = None,
) -> None:
    """Draw `rows` as `view` says, for the terminal `out` is (detected unless given)."""
    term = terminal or Terminal.detect(out)
    if view.report:  # verify's report: drawn by Rich itself, then paged like the rest
        buffer = io.StringIO()
        _draw_report(console_for(buffer, term), rows, lang)
        term.write(buffer.getvalue(), out)
        return
    painter = _Painter(term, lang, ascii_only=not encodes_unicode(out))
    if view.card:
        for number, rec in enumerate(rows):
            if number:
                painter.blank()
            painter.card(rec)
    elif view.chart:
        painter.chart(rows, view)
    elif view.glance and glance is not None and not fields:
        painter.glance(glance)
    else:
        painter.tables(rows, view, _columns(view, fields))
    term.write(painter.text(), out)


def _columns(view: View, fields: Sequence[str] | None) -> list[Column]:
    if not fields:
        return list(view.columns)
    by_key = {c.key: c for c in view.columns}
    chosen = [by_key.get(f, Column(f, f, wrap=True)) for f in fields]
    if not any(c.flex for c in chosen):
        # the last wrapping column (or the last) takes the room that is left
        flexible = next((c for c in reversed(chosen) if c.wrap and not c.link), chosen[-1])
        chosen = [dataclasses.replace(c, flex=True) if c is flexible else c for c in chosen]
    return [dataclasses.replace(c, fold=0) for c in chosen]


# --- words into lines ------------------------------------------------------------------------

# Spaces a line may break at: not the one inside "33 %" or "(17 %)", which reads as one figure.
_BREAKS = re.compile(r"\s+(?!%)")


def words(text: str) -> list[str]:
    """`text`'s words, a percent sign kept with the number before it."""
    return [w for w in _BREAKS.split(text) if w]


def wrap(text: str, width: int, split_long: bool = True) -> list[str]:
    """`text` broken between words into lines of at most `width` cells; its own line breaks kept.

    A word longer than the width is cut only when `split_long` (the flexible column); ids and
    addresses elsewhere keep their width because their column is at least as wide.
    """
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in words(paragraph):
            while split_long and cell_len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                head, word = _cut(word, width)
                lines.append(head)
            if not line:
                line = word
            elif cell_len(line) + 1 + cell_len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _cut(word: str, width: int) -> tuple[str, str]:
    size = 0
    for i, char in enumerate(word):
        size += cell_len(char)
        if size > width:
            return word[:i], word[i:]
    return word, ""


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in words(text)), default=0)


def _widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


# --- the painter: styled lines, then one string ------------------------------------------------


@dataclass
class _Layout:
    shown: list[Column]
    folded: list[Column]
    widths: list[int]

    @property
    def total(self) -> int:
        return sum(self.widths) + SEP * (len(self.widths) - 1)

    def offset(self, column: Column) -> int:
        at = 0
        for col, width in zip(self.shown, self.widths, strict=True):
            if col is column:
                return at
            at += width + SEP
        return 0


class _Painter:
    """Collects styled lines for one terminal and turns them into text."""

    def __init__(self, term: Terminal, lang: Lang, ascii_only: bool) -> None:
        self.term = term
        self.lang = lang
        self.width = max(term.width, 20)
        self.ascii_only = ascii_only
        self.lines: list[Text] = []

    # output

    def text(self) -> str:
        if not self.term.colour:
            return "".join(line.plain.rstrip() + "\n" for line in self.lines)
        buffer = io.StringIO()
        console = _Console(
            file=buffer,
            width=10_000,  # lines are already laid out: Rich must not wrap them again
            color_system="standard",
            force_terminal=True,
            highlight=False,
            markup=False,
            emoji=False,
            legacy_windows=False,
        )
        for line in self.lines:
            line.rstrip()
            console.print(line, soft_wrap=True)
        return buffer.getvalue()

    def blank(self) -> None:
        if self.lines and self.lines[-1].plain:
            self.lines.append(Text(""))

    def line(self, *parts: Part) -> None:
        text = Text()
        for chunk, style in parts:
            text.append(chunk, style=self._style(style, chunk))
        self.lines.append(text)

    def _marked(self, chunk: str, style: str, highlight: bool) -> list[Part]:
        """A cell's line as parts; in a column that marks search matches, on a terminal with
        colour, each **match** in the match style instead of between its marks."""
        if not highlight or not self.term.colour or MARK_START not in chunk:
            return [(chunk, style)]
        parts: list[Part] = []
        for piece in MARKED.split(chunk):
            if MARKED.fullmatch(piece):
                parts.append((piece[len(MARK_START) : -len(MARK_END)], palette.MATCH))
            elif piece:
                parts.append((piece, style))
        return parts

    def _style(self, style: str, chunk: str = "") -> str | Style:
        if style == palette.LINK and self.term.links and chunk.strip():
            return Style(underline=True, link=chunk.strip())
        return style

    def paragraph(self, parts: Iterable[Part], indent: int = 0, hang: int | None = None) -> None:
        """Words of `parts` wrapped to the width; an address is never cut (it runs on instead)."""
        hang = indent if hang is None else hang
        current: list[Part] = []
        used = indent  # cells taken on the line being filled
        first = True  # the first line starts at `indent`, the others at `hang`

        def flush() -> None:
            nonlocal current, used, first
            self._emit_tokens(current, indent if first else hang)
            current, used, first = [], hang, False

        for chunk, style in parts:
            for word in words(chunk):
                if current and used + 1 + cell_len(word) > self.width:
                    flush()
                # a word wider than a whole line is cut, unless it is an address: that runs on
                while not current and used + cell_len(word) > self.width > used and style != palette.LINK:
                    head, word = _cut(word, self.width - used)
                    current = [(head, style)]
                    flush()
                if word:
                    used += cell_len(word) + (1 if current else 0)
                    current.append((word, style))
        if current:
            flush()

    def _emit_tokens(self, tokens: list[Part], indent: int) -> None:
        # words of one style go in as one span: fewer escapes, and an underline runs unbroken
        runs: list[Part] = []
        for word, style in tokens:
            if runs and runs[-1][1] == style and style != palette.LINK:
                runs[-1] = (f"{runs[-1][0]} {word}", style)
            else:
                runs.append((word, style))
        text = Text(" " * indent)
        for i, (chunk, style) in enumerate(runs):
            if i:
                text.append(" ")
            text.append(chunk, style=self._style(style, chunk))
        self.lines.append(text)

    def title(self, title: str) -> None:
        self.paragraph([(visible(title), palette.TITLE)])

    # tables

    def tables(self, rows: Sequence[Record], view: View, columns: list[Column]) -> None:
        sections = groups(rows, view.group_by)
        cells = [{c.key: visible(c.render(rec, self.lang), keep_breaks=True) for c in columns} for rec in rows]
        used = [c for c in columns if any(cell[c.key] for cell in cells)] or columns
        notes = {id(rec): note for rec, note in zip(rows, _notes(rows, view, sections), strict=True)}
        flex = next((c for c in used if c.flex), None)
        for rec, cell in zip(rows, cells, strict=True):
            note = notes[id(rec)]
            if note and flex is not None:  # the marker ends the text, never touching an id
                cell[flex.key] = f"{cell[flex.key]} [{note[0]}]".strip()
        by_rec = {id(rec): cell for rec, cell in zip(rows, cells, strict=True)}
        layout = None if self.width < NARROW else _layout(used, cells, self.lang, self.width)
        for number, (name, members) in enumerate(sections):
            if number:
                self.blank()
            self.title(label(f"section.{name}", self.lang) if name else label(view.title, self.lang))
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

    def _table(self, rows: Sequence[Record], cells: list[dict[str, str]], layout: _Layout) -> None:
        heads = [label(c.heading, self.lang) for c in layout.shown]
        self._row([[h] for h in heads], [palette.HEADING] * len(heads), layout, header=True)
        self.line((("-" if self.ascii_only else "─") * layout.total, palette.RULE))
        flex = next(c for c in layout.shown if c.flex)
        for rec, cell in zip(rows, cells, strict=True):
            columns: list[list[str]] = []
            styles: list[str] = []
            main = 0
            folded = [c for c in layout.folded if cell[c.key]]
            links = [cell[c.key] for c in folded if c.link]
            extra = " · ".join(f"{label(c.heading, self.lang)}: {cell[c.key]}" for c in folded if not c.link)
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
        self, columns: list[list[str]], styles: list[str], layout: _Layout, flex_main: int = 0, header: bool = False
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
        heads = {c.key: label(c.heading, self.lang) for c in columns}
        room = max(cell_len(h) for h in [*heads.values(), label("note", self.lang)]) + 2
        room = min(room, self.width * 2 // 5)
        for number, (rec, cell) in enumerate(zip(rows, cells, strict=True)):
            if number:
                self.blank()
            for col in columns:
                if cell[col.key]:
                    style = col.style(rec) if col.style else ""
                    self.field(heads[col.key], cell[col.key], room, palette.LINK if col.link else style, col.highlight)

    def field(self, name: str, value: str, room: int, style: str = "", highlight: bool = False) -> None:
        """One label and its value beside it in `room` cells; the value wrapped (an address runs on)."""
        lines = [value] if style == palette.LINK else wrap(value, max(self.width - room, 10))
        too_long = style == palette.LINK and room + cell_len(value) > self.width
        if name and (cell_len(name) >= room or too_long):  # the label on a line of its own
            self.line((name, palette.NOTE))
            name = ""
        if too_long:  # an address that does not fit beside the labels starts near the margin
            room = min(room, 2)
        for i, chunk in enumerate(lines):
            head = name if i == 0 else ""
            self.line((head + " " * (room - cell_len(head)), palette.NOTE), *self._marked(chunk, style, highlight))

    def legend(self, kinds: Iterable[Any]) -> None:
        shown = set(kinds)  # once: `kinds` may be a generator
        present = [k for k in ("stated", "derived", "target", "context") if k in shown]
        if not present:
            return
        parts: list[Part] = [(label("legend", self.lang), palette.NOTE)]
        for i, kind in enumerate(present):
            entry = label(f"legend.{kind}", self.lang) + (";" if i < len(present) - 1 else ".")
            name, _, rest = entry.partition(" ")
            parts += [(name, palette.kind(kind)), (rest, palette.NOTE)]
        self.paragraph(parts, 0, 2)

    # the overview

    def glance(self, data: Record) -> None:
        lang = self.lang
        self.title(data["title"])
        keys = ("period", "partners", "figures", "targets", "conclusion", "recommendation", "article", "next")
        room = max(cell_len(label(f"overview.{k}", lang)) for k in keys) + 2
        if self.width < NARROW:
            room = 2  # labels on lines of their own, what they label indented below them
        for number, rec in enumerate(data["periods"]):
            when = format_period(rec["date"], rec["end_date"], lang)
            self._labelled(
                label("overview.period", lang) if number == 0 else "",
                room,
                [(when + ":", ""), (rec["id"], palette.ID), *self._marker(rec)],
            )
        self._labelled(label("overview.partners", lang), room, [(self._who(data["organisations"]), "")])
        both = [*data["figures"], *data["targets"]]  # one set of columns for the two lists
        widths = (
            max((cell_len(value_cell(r, lang)) for r in both), default=0) + SEP,
            max((cell_len(r["id"]) for r in both), default=0) + SEP,
        )
        self._figures(label("overview.figures", lang), data["figures"], room, widths)
        # the targets' caveats say at length that they measure something else: one line here
        self._figures(label("overview.targets", lang), data["targets"], room, widths, notes=False)
        if any(r.get("caveat") for r in data["targets"]):
            self.paragraph([(label("overview.measures", lang), palette.NOTE)], room, room)
        for key in ("conclusion", "recommendation"):
            rec = data[key]
            if rec:
                self._labelled(label(f"overview.{key}", lang), room, [(visible(rec["text"]), ""), *self._marker(rec)])
        article = data["article"]
        if article:
            parts = [(visible(str(article[k])) + ",", "") for k in ("title", "publisher") if article.get(k)]
            if article.get("date"):
                parts.append((format_period(article["date"], None, lang), ""))
            self._labelled(label("overview.article", lang), room, parts or [(article["id"], palette.ID)])
            if article.get("url"):
                self.line((" " * room, ""), (visible(article["url"]), palette.LINK))
        commands = ["kanten results", "kanten partners", "kanten show ID"]
        self._labelled(label("overview.next", lang), room, [(" · ".join(commands), palette.HEADING)])

    def _who(self, by_role: dict[str, list[str]]) -> str:
        """Every name once, in order, with the roles that set it apart: 'Cabi (lead), VIVE (evaluator)'."""
        roles: dict[str, list[str]] = {}
        for role, names in by_role.items():
            for name in names:
                roles.setdefault(name, [])
                if role in ("lead", "funder", "evaluator"):
                    roles[name].append(label(f"role.{role}", self.lang))
        return ", ".join(visible(n) + (f" ({', '.join(r)})" if r else "") for n, r in roles.items()) + "."

    def _marker(self, rec: Record) -> list[Part]:
        kind = label(f"kind.{rec['kind']}", self.lang)
        sources = ", ".join(rec.get("sources") or [])
        return [(f"({kind}{',' if sources else ')'}", palette.kind(rec["kind"]))] + (
            [(visible(sources) + ")", palette.NOTE)] if sources else []
        )

    def _labelled(self, name: str, room: int, parts: list[Part]) -> None:
        """`parts` wrapped in the room right of `name`; under it when the name does not fit there."""
        if cell_len(name) >= room:
            self.line((name, palette.HEADING))
            name = ""
        start = len(self.lines)
        self.paragraph(parts, room, room)
        if start < len(self.lines) and name:
            first = self.lines[start]
            rest = first[room:]
            head = Text(name + " " * (room - cell_len(name)), style=palette.HEADING)
            self.lines[start] = head + rest

    def _figures(
        self, heading: str, rows: Sequence[Record], room: int, widths: tuple[int, int], notes: bool = True
    ) -> None:
        """Figures as value, id and kind, one a line beside `heading`; caveats as footnotes."""
        if not rows:
            return
        values = [value_cell(r, self.lang) for r in rows]
        first, second = widths
        footnotes: list[str] = []
        if cell_len(heading) >= room:
            self.line((heading, palette.HEADING))
            heading = ""
        for number, (rec, value) in enumerate(zip(rows, values, strict=True)):
            head = heading if number == 0 else ""
            lead = (head + " " * (room - cell_len(head)), palette.HEADING)
            kind = label(f"kind.{rec['kind']}", self.lang)
            marker = ""
            if notes and rec.get("caveat") and rec["kind"] != "derived":
                footnotes.append(visible(rec["caveat"]))
                marker = f" [{len(footnotes)}]"
            if room + first + second + cell_len(kind + marker) <= self.width:
                self.line(
                    lead,
                    (value + " " * (first - cell_len(value)), ""),
                    (rec["id"] + " " * (second - cell_len(rec["id"])), palette.ID),
                    (kind, palette.kind(rec["kind"])),
                    (marker, palette.NOTE),
                )
            else:
                self.line(lead, (value, ""))
                parts = [(rec["id"], palette.ID), (kind, palette.kind(rec["kind"])), (marker, palette.NOTE)]
                self.paragraph(parts, room + 2, room + 4)
        for number, note in enumerate(footnotes, 1):
            self.paragraph([(f"[{number}]", palette.NOTE), (note, palette.NOTE)], room, room + 4)

    # the chart

    def chart(self, rows: Sequence[Record], view: View) -> None:
        """One bar per record, scaled to the largest value; the kind shows in the bar's pattern,
        its colour and in words, so the chart reads without colour and at 40 columns."""
        glyphs = {"stated": "█", "derived": "▓", "target": "░", "context": "▒"}
        if self.ascii_only:
            glyphs = {"stated": "#", "derived": "=", "target": "-", "context": "+"}
        self.title(label(view.title, self.lang))
        shown = [r for r in rows if r.get("value") is not None]
        figures = [value_cell(r, self.lang) for r in shown]
        top = max((float(r["value"]) for r in shown), default=0.0) or 1.0
        room = max(1, self.width - max((cell_len(f) for f in figures), default=0) - 1)
        for rec, figure in zip(shown, figures, strict=True):
            kind = rec["kind"]
            self.paragraph(
                [(visible(rec["id"]), palette.ID), (f"({label('kind.' + kind, self.lang)})", palette.kind(kind))]
            )
            length = max(1, round(float(rec["value"]) / top * room))
            self.line((glyphs.get(kind, "#") * length, palette.kind(kind)), (" " + figure, ""))
        present = [k for k in glyphs if any(r["kind"] == k for r in shown)]
        parts: list[Part] = [(label("chart.key", self.lang), palette.NOTE)]
        for kind in present:
            parts += [(glyphs[kind], palette.kind(kind)), (label(f"kind.{kind}", self.lang), palette.kind(kind))]
        self.paragraph(parts, 0, 2)
        self.paragraph([(label("chart.more", self.lang), palette.NOTE)])

    # one record in full

    def card(self, rec: Record) -> None:
        """One fact or organisation in full, label by label."""
        entries = card_entries(rec, self.lang)
        room = min(max(cell_len(e.label) for e in entries) + 2, self.width * 2 // 5)
        for entry in entries:
            style = {"id": palette.ID, "link": palette.LINK}.get(entry.role) or palette.kind(entry.role)
            self.field(entry.label, visible(entry.text, keep_breaks=True), room, style)


# --- layout ------------------------------------------------------------------------------------


def _layout(columns: list[Column], cells: list[dict[str, str]], lang: Lang, width: int) -> _Layout | None:
    """The columns to show and their widths, or None when no table is readable at `width`.

    Of the ways to fit (columns that may fold moved under the flexible column, lowest rank
    first; narrow columns that may wrap wrapped between words), the one that leaves the text
    the most room up to what it prefers, then costs least: a folded column costs as much as
    wrapping half the rows' cells.
    """
    if not any(c.flex for c in columns):
        return None
    ranks = sorted({c.fold for c in columns if c.fold})
    attempts: list[set[str]] = [set()] + [{c.key for c in columns if c.fold and c.fold <= r} for r in ranks]
    best: tuple[tuple[int, float], _Layout] | None = None
    for relaxed in (False, True):
        for folded in attempts:
            shown = [c for c in columns if c.key not in folded]
            widths = _fit(shown, cells, lang, width, relaxed)
            if widths is None:
                continue
            flex, room = next((c, w) for c, w in zip(shown, widths, strict=True) if c.flex)
            wrapped = sum(
                len(wrap(cell[c.key], w, split_long=False)) > len(cell[c.key].split("\n"))
                for c, w in zip(shown, widths, strict=True)
                if c.wrap and not c.flex
                for cell in cells
            )
            cost = wrapped / max(len(cells), 1) + 0.5 * len(folded)
            score = (min(room, flex.prefer), -cost)
            if best is None or score > best[0]:
                best = (score, _Layout(shown, [c for c in columns if c.key in folded], widths))
    return best[1] if best else None


def _fit(columns: list[Column], cells: list[dict[str, str]], lang: Lang, width: int, relaxed: bool) -> list[int] | None:
    heads = [cell_len(label(c.heading, lang)) for c in columns]
    natural = [max([h, *(_widest_line(cell[c.key]) for cell in cells)]) for c, h in zip(columns, heads, strict=True)]
    need = []
    for col, head, nat in zip(columns, heads, natural, strict=True):
        if col.flex:
            need.append(max(head, min(nat, col.min_width)))
        elif relaxed and col.wrap and not col.link:
            need.append(max([head, *(_longest_word(cell[col.key]) for cell in cells)]))  # no rows: the heading
        else:
            need.append(nat)
    spare = width - sum(need) - SEP * (len(columns) - 1)
    if spare < 0:
        return None
    widths = list(need)
    flex = next(j for j, c in enumerate(columns) if c.flex)
    grow = min(spare, max(0, min(natural[flex], columns[flex].prefer) - widths[flex]))
    widths[flex] += grow
    spare -= grow
    for j, col in enumerate(columns):
        if not col.flex:
            grow = min(spare, natural[j] - widths[j])
            widths[j] += grow
            spare -= grow
    widths[flex] += min(spare, natural[flex] - widths[flex])
    return widths


def _notes(
    rows: Sequence[Record], view: View, groups: list[tuple[str | None, list[Record]]]
) -> list[tuple[int, str] | None]:
    """Each row's footnote (number, text) or None; numbered from 1 within each section."""
    found: dict[int, tuple[int, str]] = {}
    for _, members in groups:
        count = 0
        for rec in members:
            parts = [str(rec[k]) for k in view.notes if rec.get(k)]
            if parts:
                count += 1
                found[id(rec)] = (count, " — ".join(parts))
    return [found.get(id(rec)) for rec in rows]


# --- kanten verify -------------------------------------------------------------------------------

_STATUS_STYLE = {
    "verified": "green",
    "read": "green",
    "changed": "bold red",
    "unreachable": "yellow",
    "unchecked": "dim",
    "skipped": "dim",
}
_COUNTED = ("verified", "changed", "unreachable", "unchecked")
_DIFF_PART = re.compile(r"(\[-.*?-\]|\{\+.*?\+\})")


def _draw_report(console: Console, rows: Sequence[Record], lang: Lang) -> None:
    """Each source: its page (address, when fetched, why not) and counts, then one line per check.

    An address is printed whole on its own line, never cut, even when it is wider than the terminal.
    """
    _hanging(console, Text(""), Text(label("verify.title", lang), style="bold"))
    width = max(cell_len(label(f"verify.{s}", lang)) for s in _COUNTED)
    totals = dict.fromkeys(_COUNTED, 0)
    for rec in rows:
        if rec["type"] == "source":
            console.print()
            _source_lines(console, rec, lang)
            continue
        totals[rec["status"]] += 1
        status, what = _check_cells(rec, lang)
        status.pad_right(width + 1 - cell_len(status.plain))
        _hanging(console, status, what)
    console.print()
    _hanging(console, Text(""), Text(label("verify.total", lang).format(_counts(totals, lang)), style="bold"))


def _hanging(console: Console, head: Text, body: Text) -> None:
    """`head`, then `body` wrapped to the terminal with every further line indented under it,
    and no line ending in spaces."""
    indent = cell_len(head.plain)
    room = max(10, console.width - indent)
    for number, line in enumerate(body.wrap(console, room, justify="default", overflow="fold")):
        line.rstrip()
        console.print(Text.assemble(head if number == 0 else " " * indent, line), soft_wrap=True)


def _source_lines(console: Console, rec: Record, lang: Lang) -> None:
    status = rec["status"]
    head = Text(visible(rec["id"]), style="bold")
    head.append(" · ")
    head.append(label(f"verify.{status}", lang), style=_STATUS_STYLE.get(status, ""))
    _hanging(console, Text(""), head)
    if rec.get("address"):
        console.print(Text(visible(rec["address"])), soft_wrap=True)  # an address is never cut
    for key in ("copy_of", "redirected_to"):
        if rec.get(key):
            console.print(Text(label(f"verify.{key}", lang).format(visible(rec[key]))), soft_wrap=True)
    if rec.get("fetched_at"):
        when = str(rec["fetched_at"]).replace("T", " ").replace("Z", " UTC")
        _hanging(console, Text(""), Text(label("verify.fetched_at", lang).format(visible(when))))
    if status == "skipped":
        _hanging(console, Text(""), Text(label("verify.none", lang), style="dim"))
    elif rec.get("reason"):
        _hanging(console, Text(""), Text(visible(rec["reason"]), style=_STATUS_STYLE.get(status, "")))
    if status != "skipped":
        _hanging(console, Text(""), Text(_counts({k: rec[k] for k in _COUNTED}, lang)))


def _counts(counts: dict[str, int], lang: Lang) -> str:
    checked = counts["verified"] + counts["changed"] + counts["unreachable"]
    parts = [counted(n, f"verify.{name}", lang) for name, n in counts.items() if n]
    return counted(checked, "verify.checked", lang) + (": " + ", ".join(parts) if parts else "")


def _check_cells(rec: Record, lang: Lang) -> tuple[Text, Text]:
    status = rec["status"]
    what = Text(visible(rec["id"]))
    details = [label(f"role.{rec['role']}", lang)] if rec.get("role") else []
    if rec.get("field"):
        details.append(label(f"verify.{rec['field']}", lang))
    if details:
        what.append(f" ({', '.join(details)})", style="dim")
    if status == "changed":  # (an unreachable page's reason is under its address, once)
        what.append("\n")
        what.append_text(_diff_text(rec.get("diff") or label("verify.no_passage", lang)))
    return Text(label(f"verify.{status}", lang), style=_STATUS_STYLE.get(status, "")), what


def _diff_text(diff: str) -> Text:
    """A word diff with its removed words red and added ones green; the markers stay, so it reads
    the same without colour."""
    text = Text()
    for part in _DIFF_PART.split(visible(diff)):
        style = "red" if part.startswith("[-") else "green" if part.startswith("{+") else ""
        text.append(part, style=style)
    return text


class FetchProgress:
    """A progress bar on stderr while pages are fetched; gone once they are."""

    def __init__(self, progress: Any, description: str) -> None:
        self._progress = progress
        self._description = description
        self._task: Any = None

    def start(self, total: int) -> None:
        if total:
            self._task = self._progress.add_task(self._description, total=total)

    def advance(self, url: str) -> None:
        if self._task is not None:
            self._progress.advance(self._task)


@contextmanager
def fetch_progress(stream: IO[str], lang: Lang) -> Iterator[FetchProgress]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console_for(stream), transient=True) as progress:
        yield FetchProgress(progress, label("verify.fetching", lang))
