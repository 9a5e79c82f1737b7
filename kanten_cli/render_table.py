"""Tables in the terminal: the only module that imports Rich.

Every string from a data file goes in as `rich.text.Text` (never parsed as markup), with
control characters made visible first. When the terminal is too narrow for a readable table,
each record becomes a small block of label/value lines instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from kanten_cli.i18n import Lang, format_period, format_value, label
from kanten_cli.render import visible
from kanten_cli.views import MARK_END, MARK_START, Column, View

Record = dict[str, Any]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit with 1 here; let the CLI treat a reader that stopped early as success.
        raise BrokenPipeError


def console_for(out: IO[str]) -> Console:
    """A console on `out` that honours NO_COLOR, FORCE_COLOR, TERM=dumb, COLUMNS and TTY-ness.

    Rich's own NO_COLOR handling still sends bold and dim; kanten sends no escape at all then.
    """
    plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    return _Console(
        file=out, highlight=False, markup=False, emoji=False, soft_wrap=False, color_system=None if plain else "auto"
    )


def draw(rows: Sequence[Record], view: View, lang: Lang, out: IO[str], fields: Sequence[str] | None) -> None:
    console = console_for(out)
    if view.card:
        for rec in rows:
            console.print(_card(rec, lang))
            console.print()
        return
    if view.chart:
        _draw_chart(console, rows, view, lang)
        return
    if view.report:
        _draw_report(console, rows, lang)
        return
    columns = _columns(view, fields)
    for name, members in _groups(rows, view.group_by):
        title = label(f"section.{name}", lang) if name else label(view.title, lang)
        _draw_group(console, title, members, columns, view, lang)
    if view.legend:
        console.print(Text(label("legend", lang), style="dim"))


def _draw_group(
    console: Console, title: str, rows: Sequence[Record], columns: list[Column], view: View, lang: Lang
) -> None:
    """One titled table with its footnotes, or blocks when the terminal is too narrow."""
    notes = _notes(rows, view)
    cells = [[c.render(rec, lang) for c in columns] for rec in rows]
    keep = [j for j in range(len(columns)) if any(row[j] for row in cells)] or list(range(len(columns)))
    shown = [columns[j] for j in keep]
    cells = [
        [row[j] + (f" [{notes[i][0]}]" if i in notes and j == keep[0] else "") for j in keep]
        for i, row in enumerate(cells)
    ]
    widths = _widths(cells, shown, lang, console.width)
    if widths is None:
        console.print(Text(visible(title), style="bold"))
        width = max(len(label(c.heading, lang)) for c in [*columns, Column("note", "note")])
        for i, rec in enumerate(rows):
            console.print(_narrow_block(rec, columns, lang, notes.get(i), width, console.color_system is not None))
        return
    console.print(_table(title, cells, shown, lang, widths, console.color_system is not None))
    for number, note in sorted(notes.values()):
        console.print(Text(f"[{number}] {visible(note)}", style="dim"))
    console.print()


_BARS = {"stated": ("█", "#"), "derived": ("▓", "="), "target": ("░", "-"), "context": ("▒", "+")}


def _draw_chart(console: Console, rows: Sequence[Record], view: View, lang: Lang) -> None:
    """One bar per record, scaled to the largest value; the kind shows in the bar's pattern
    and in words, so the chart reads without colour and at 40 columns."""
    ascii_only = not console.encoding.lower().startswith("utf")
    console.print(Text(label(view.title, lang), style="bold"))
    values = [float(r["value"]) for r in rows if r.get("value") is not None]
    top = max(values, default=0.0) or 1.0
    shown = [r for r in rows if r.get("value") is not None]
    figures = [format_value(r["value"], r.get("unit"), bool(r.get("approximate")), lang) for r in shown]
    room = max(1, console.width - max((cell_len(f) for f in figures), default=0) - 1)
    for rec, figure in zip(shown, figures, strict=True):
        console.print(Text(f"{visible(rec['id'])} ({label('kind.' + rec['kind'], lang)})"))
        glyph = _BARS.get(rec["kind"], ("█", "#"))[1 if ascii_only else 0]
        length = max(1, round(float(rec["value"]) / top * room))
        console.print(Text(glyph * length + " " + figure))
    key = label("chart.key", lang)
    if ascii_only:
        key = key.replace("█", "#").replace("▓", "=").replace("░", "-")
    console.print(Text(key, style="dim"))
    console.print(Text(label("chart.more", lang), style="dim"))


def _columns(view: View, fields: Sequence[str] | None) -> list[Column]:
    if not fields:
        return list(view.columns)
    by_key = {c.key: c for c in view.columns}
    return [by_key.get(f, Column(f, f)) for f in fields]


def _groups(rows: Sequence[Record], key: str | None) -> list[tuple[str | None, list[Record]]]:
    if key is None:
        return [(None, list(rows))]
    groups: dict[str, list[Record]] = {}
    for rec in rows:
        groups.setdefault(str(rec.get(key)), []).append(rec)
    return list(groups.items())


def _notes(rows: Sequence[Record], view: View) -> dict[int, tuple[int, str]]:
    """Footnotes by row index: (number, text), numbered in order within the table."""
    notes: dict[int, tuple[int, str]] = {}
    for i, rec in enumerate(rows):
        parts = [str(rec[k]) for k in view.notes if rec.get(k)]
        if parts:
            notes[i] = (len(notes) + 1, " — ".join(parts))
    return notes


def _widths(cells: list[list[str]], columns: list[Column], lang: Lang, width: int) -> list[int] | None:
    """Exact column widths for `width` terminal columns, or None when a table would not be readable.

    Figures, kinds and ids keep their natural width; the prose columns share what is left,
    none below its min_width and none wider than its longest line.
    """
    natural = [
        max(
            cell_len(line)
            for text in [label(col.heading, lang), *(row[j] for row in cells)]
            for line in (text.split("\n") or [""])
        )
        for j, col in enumerate(columns)
    ]
    overhead = 2 + (len(columns) - 1) + 2 * len(columns)  # edges, separators, cell padding
    fixed = sum(n for n, col in zip(natural, columns, strict=True) if not col.wrap)
    flexible = [j for j, col in enumerate(columns) if col.wrap]
    longest_word = [max((cell_len(w) for row in cells for w in row[j].split()), default=0) for j in range(len(columns))]
    widths = [
        n if not col.wrap else min(max(col.min_width, longest_word[j]), n)
        for j, (n, col) in enumerate(zip(natural, columns, strict=True))
    ]
    spare = width - overhead - fixed - sum(widths[j] for j in flexible)
    if spare < 0:
        return None
    while spare > 0:
        growing = [j for j in flexible if widths[j] < natural[j]]
        if not growing:
            break
        step = max(1, spare // len(growing))
        for j in growing:
            grow = min(step, natural[j] - widths[j], spare)
            widths[j] += grow
            spare -= grow
    return widths


MATCH_STYLE = "bold yellow"  # a search match, as ripgrep shows one


def _marked(text: str, highlight: bool) -> Text:
    """A cell as Text; with `highlight` (a colour terminal, a column that marks search matches),
    each «match» in MATCH_STYLE without its marks."""
    text = visible(text)
    if not highlight or MARK_START not in text:
        return Text(text)
    out = Text()
    for part in re.split(f"({re.escape(MARK_START)}[^{MARK_END}]*{re.escape(MARK_END)})", text):
        if part.startswith(MARK_START) and part.endswith(MARK_END):
            out.append(part[1:-1], style=MATCH_STYLE)
        else:
            out.append(part)
    return out


def _table(
    title: str, cells: list[list[str]], columns: list[Column], lang: Lang, widths: list[int], styled: bool
) -> Table:
    table = Table(title=Text(visible(title)), title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")
    for col, fixed in zip(columns, widths, strict=True):
        table.add_column(Text(label(col.heading, lang)), width=fixed, overflow="fold")
    for row in cells:
        table.add_row(*(_marked(cell, styled and col.highlight) for col, cell in zip(columns, row, strict=True)))
    return table


def _narrow_block(
    rec: Record, columns: list[Column], lang: Lang, note: tuple[int, str] | None, width: int, styled: bool
) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, width=width)
    grid.add_column(overflow="fold")
    for col in columns:
        value = col.render(rec, lang)
        if value:
            grid.add_row(Text(label(col.heading, lang)), _marked(value, styled and col.highlight))
    if note:
        grid.add_row(Text(label("note", lang)), Text(visible(note[1]), style="dim"))
    grid.add_row(Text(""), Text(""))
    return grid


def _card(rec: Record, lang: Lang) -> Group:
    """One fact or organisation in full, label by label."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    skip = {"unit", "approximate", "end_date", "source_kind", "type", "inputs", "sources"}
    for key, value in rec.items():
        if key in skip or value in (None, "", [], False):
            continue
        if key == "value":
            text = format_value(value, rec.get("unit"), bool(rec.get("approximate")), lang)
        elif key == "date":
            text = format_period(value, rec.get("end_date"), lang)
        elif key == "kind" and rec.get("type") == "fact":
            text = label(f"kind.{value}", lang)
        elif key == "roles":
            text = "; ".join(label(f"role.{c['role']}", lang) + f" ({c['source']})" for c in value)
        elif key == "input_details":
            key = "inputs"
            text = "\n".join(
                f"{d['id']} = {format_value(d['value'], d['unit'], d['approximate'], lang)}"
                f" ({label('kind.' + d['kind'], lang)}): {d['text']}"
                for d in value
            )
        elif key == "source_details":
            key = "source"
            text = "\n".join(_source_line(d, lang) for d in value)
        elif isinstance(value, list):
            text = "\n".join(str(v) for v in value)
        else:
            text = str(value)
        grid.add_row(Text(label(key, lang)), Text(visible(text, keep_breaks=True)))
    return Group(grid)


def _source_line(src: Record, lang: Lang) -> str:
    parts = [src["id"], label(f"source.{src['kind']}", lang)]
    parts += [str(src[k]) for k in ("title", "publisher", "author") if src.get(k)]
    if src.get("date"):
        parts.append(format_period(src["date"], None, lang))
    if src.get("url"):
        parts.append(src["url"])
    return ", ".join(parts)


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
    parts = [f"{n} {label(f'verify.{name}', lang)}" for name, n in counts.items() if n]
    return label("verify.counts", lang).format(checked) + (": " + ", ".join(parts) if parts else "")


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
