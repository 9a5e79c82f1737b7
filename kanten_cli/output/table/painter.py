"""The painter's core: styled lines for one terminal, paragraphs, labelled fields, notes.

The table, overview, chart and card painters (tables.py, overview.py, chart.py, card.py) add
what each view draws; draw.py puts them together."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from kanten_cli.output import palette
from kanten_cli.output.footnotes import Footnotes
from kanten_cli.output.table.console import PipeSafeConsole
from kanten_cli.output.table.wrap import cut, words, wrap
from kanten_cli.output.terminal import Terminal
from kanten_cli.output.text import visible
from kanten_cli.output.views import MARK_END, MARK_START, MARKED, View, note_parts

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class Painter:
    """Collects styled lines for one terminal and turns them into text."""

    def __init__(self, term: Terminal, ascii_only: bool) -> None:
        self.term = term
        self.width = max(term.width, 20)
        self.ascii_only = ascii_only
        self.lines: list[Text] = []
        self.sink: Callable[[str], object] | None = None  # where lines go as they are drawn, if anywhere
        self._buffer = io.StringIO()
        self._console: PipeSafeConsole | None = None

    # output

    def text(self) -> str:
        """The lines not sent yet, as text (with escape codes when the terminal wants colour)."""
        return self._render(self.lines)

    def _render(self, lines: Sequence[Text]) -> str:
        if not self.term.colour:
            return "".join(line.plain.rstrip() + "\n" for line in lines)
        if self._console is None:
            self._console = PipeSafeConsole(
                file=self._buffer,
                width=10_000,  # lines are already laid out: Rich must not wrap them again
                color_system="standard",
                force_terminal=True,
                highlight=False,
                markup=False,
                emoji=False,
                legacy_windows=False,
            )
        for line in lines:
            line.rstrip()
            self._console.print(line, soft_wrap=True)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text

    def send(self, every: int = 200) -> None:
        """Pass the lines drawn so far to the sink, once there are `every` of them (the last is
        kept: whether a blank line follows depends on it)."""
        if self.sink is not None and len(self.lines) > every:
            done, self.lines = self.lines[:-1], self.lines[-1:]
            self.sink(self._render(done))

    def blank(self) -> None:
        if self.lines and self.lines[-1].plain:
            self.lines.append(Text(""))

    def line(self, *parts: Part) -> None:
        text = Text()
        for chunk, style in parts:
            text.append(chunk, style=self._style(style, chunk))
        self.lines.append(text)

    def _marked(self, chunk: str, style: str, highlight: bool) -> list[Part]:
        """A cell's line as parts; in a column that marks search matches, each match in the match
        style on a terminal with colour, and plain otherwise: the marks never reach the reader, so
        a quote piped or pasted stays the source's words."""
        if not highlight or MARK_START not in chunk:
            return [(chunk, style)]
        if not self.term.colour:
            return [(MARKED.sub(lambda m: m.group()[len(MARK_START) : -len(MARK_END)], chunk), style)]
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
                    head, word = cut(word, self.width - used)
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


def footnotes(
    rows: Sequence[Record], view: View, groups: list[tuple[str | None, list[Record]]]
) -> list[tuple[int, str] | None]:
    """Each row's footnote (number, text) or None; numbered from 1 within each section."""
    found: dict[int, tuple[int, str]] = {}
    for _, members in groups:
        numbering: Footnotes[str] = Footnotes()
        for rec in members:
            parts = note_parts(rec, view)
            if parts:
                text = " — ".join(parts)
                found[id(rec)] = (numbering.number(id(rec), text), text)
    return [found.get(id(rec)) for rec in rows]


# --- kanten verify -------------------------------------------------------------------------------
