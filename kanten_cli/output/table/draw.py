"""What a person reads in the terminal: tables, blocks, the overview, the chart and `show`.

The only package that imports Rich (the terminal's facts come from `terminal`, which does not).
Every string from a data file goes in as plain text (never parsed as markup), control characters
made visible first. Lines are laid out word by word (wrap.py), so that no line is longer than
the terminal, none ends in a space, an id or an address is never cut, and the sections of one
command share one set of widths (layout.py). Rich turns the styled lines into escape codes
(colour, OSC 8 links) when the terminal wants them."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from typing import IO, Any

from kanten_cli.output.streams import encodes_unicode
from kanten_cli.output.table.card import CardPainter
from kanten_cli.output.table.chart import ChartPainter
from kanten_cli.output.table.console import console_for
from kanten_cli.output.table.overview import OverviewPainter
from kanten_cli.output.table.tables import TablePainter
from kanten_cli.output.table.verify_report import draw_report
from kanten_cli.output.terminal import Terminal
from kanten_cli.output.views import Column, View

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class _Painter(TablePainter, OverviewPainter, ChartPainter, CardPainter):
    """Every view's painter in one."""


def draw(
    rows: Sequence[Record],
    view: View,
    out: IO[str],
    fields: Sequence[str] | None = None,
    terminal: Terminal | None = None,
    glance: Record | None = None,
) -> None:
    """Draw `rows` as `view` says, for the terminal `out` is (detected unless given)."""
    term = terminal or Terminal.detect(out)
    if view.report:  # verify's report: drawn by Rich itself, then paged like the rest
        buffer = io.StringIO()
        draw_report(console_for(buffer, term), rows)
        term.write(buffer.getvalue(), out)
        return
    painter = _Painter(term, ascii_only=not encodes_unicode(out))
    if view.answer and rows:
        painter.answer(list(rows), glance or {})
    elif view.card:
        for number, rec in enumerate(rows):
            if number:
                painter.blank()
            painter.card(rec, fields)
    elif view.chart:
        painter.chart(rows, view)
    elif view.glance and glance is not None and not fields:
        painter.glance(glance)
    else:
        # A listing is sent as it is drawn: the first screen shows before the last row is laid out.
        with term.stream(out, tall=len(rows) >= term.height) as sink:
            painter.sink = sink
            painter.tables(rows, view, _columns(view, fields))
            sink(painter.text())
        return
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
