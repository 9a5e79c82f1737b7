"""Column widths: how the columns of a view share the terminal's width."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len

from kanten_cli.output.i18n import label
from kanten_cli.output.table.wrap import words
from kanten_cli.output.views import Column

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)

SEP = 2  # spaces between columns
NARROW = 60  # below this many columns, every record is a block of label/value lines


@dataclass
class Layout:
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


@dataclass(frozen=True)
class _Measure:
    """What the layout needs of one column's cells, measured once: the widest line, the longest
    word, and (sorted) the width beyond which each cell would wrap between its words."""

    natural: int
    longest: int
    wraps_beyond: list[int]

    def wrapped(self, width: int) -> int:
        """How many cells wrap at `width`."""
        return len(self.wraps_beyond) - bisect_right(self.wraps_beyond, width)


def _width(text: str) -> int:
    """Cells a text takes: its length when it is printable ASCII (most cells), else Rich's count."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _measure(key: str, cells: list[dict[str, str]]) -> _Measure:
    natural = longest = 0
    beyond: list[int] = []
    for cell in cells:
        text = cell[key]
        widest = breaks_at = 0
        for line in text.split("\n") if "\n" in text else (text,):
            size = _width(line)
            widest = max(widest, size)
            if size <= longest and size <= breaks_at:
                continue  # neither its words nor its breaks can be wider than what is known
            parts = words(line)
            if parts and size > longest:
                longest = max(longest, *map(_width, parts))
            if len(parts) > 1 and size > breaks_at:
                breaks_at = max(breaks_at, _width(" ".join(parts)))
        natural = max(natural, widest)
        beyond.append(breaks_at)
    beyond.sort()
    return _Measure(natural, longest, beyond)


def layout_for(columns: list[Column], cells: list[dict[str, str]], width: int) -> Layout | None:
    """The columns to show and their widths, or None when no table is readable at `width`.

    Of the ways to fit (columns that may fold moved under the flexible column, lowest rank
    first; narrow columns that may wrap wrapped between words), the one that leaves the text
    the most room up to what it prefers, then costs least: a folded column costs as much as
    wrapping half the rows' cells. Each column's cells are measured once, in one pass, however
    many ways are tried: a listing of 100 000 rows is laid out in a fraction of a second.
    """
    if not any(c.flex for c in columns):
        return None
    measures = {c.key: _measure(c.key, cells) for c in columns}
    ranks = sorted({c.fold for c in columns if c.fold})
    attempts: list[set[str]] = [set()] + [{c.key for c in columns if c.fold and c.fold <= r} for r in ranks]
    best: tuple[tuple[int, float], Layout] | None = None
    for relaxed in (False, True):
        for folded in attempts:
            shown = [c for c in columns if c.key not in folded]
            widths = _fit(shown, measures, width, relaxed)
            if widths is None:
                continue
            flex, room = next((c, w) for c, w in zip(shown, widths, strict=True) if c.flex)
            wrapped = sum(
                measures[c.key].wrapped(w) for c, w in zip(shown, widths, strict=True) if c.wrap and not c.flex
            )
            cost = wrapped / max(len(cells), 1) + 0.5 * len(folded)
            score = (min(room, flex.prefer), -cost)
            if best is None or score > best[0]:
                best = (score, Layout(shown, [c for c in columns if c.key in folded], widths))
    return best[1] if best else None


def _fit(columns: list[Column], measures: dict[str, _Measure], width: int, relaxed: bool) -> list[int] | None:
    heads = [cell_len(label(c.heading)) for c in columns]
    natural = [max(h, measures[c.key].natural) for c, h in zip(columns, heads, strict=True)]
    need = []
    for col, head, nat in zip(columns, heads, natural, strict=True):
        if col.flex:
            need.append(max(head, min(nat, col.min_width)))
        elif relaxed and col.wrap and not col.link:
            need.append(max(head, measures[col.key].longest))  # no rows: the heading
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
