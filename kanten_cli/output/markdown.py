"""Markdown for people: what the table shows, ready to paste into a report.

Formatted values (the same formatter as the table), a heading per section, caveats and
formulas as footnotes, addresses as links, and `show` as a list of labelled lines rather than
one wide row. Every string from a data file is escaped, so it is shown, never obeyed. No Rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from kanten_cli.output.footnotes import Footnotes
from kanten_cli.output.i18n import label
from kanten_cli.output.text import flatten, visible
from kanten_cli.output.text import markdown_cell as escape
from kanten_cli.output.views import MARK_END, MARK_START, MARKED, Column, View, card_entries, groups, note_parts

Record = dict[str, Any]

_PLAIN_URL = re.compile(r"^https?://[^\s<>\"'\\`|]+$")


def emphasised(text: str) -> str:
    """A cell that marks search matches: the text escaped, each **match** in bold."""
    return "".join(
        f"**{escape(piece[len(MARK_START) : -len(MARK_END)])}**" if MARKED.fullmatch(piece) else escape(piece)
        for piece in MARKED.split(text)
    )


def link(url: str) -> str:
    """An address as a Markdown autolink when it is a plain http(s) address, else escaped text."""
    shown = visible(url)
    return f"<{shown}>" if _PLAIN_URL.match(shown) else escape(shown)


def to_markdown(rows: Sequence[Record], view: View, fields: Sequence[str] | None = None) -> str:
    """The document for `rows` as `view` shows them."""
    if view.card:
        return "\n".join(_card(rec, fields) for rec in rows)
    if not view.columns and not fields:  # a view that declares no columns (verify's report)
        return flat_table(rows)
    columns = _columns(view, fields)
    used = [c for c in columns if any(c.render(rec) for rec in rows)] or columns
    parts: list[str] = []
    notes: Footnotes[str] = Footnotes()
    sections = groups(rows, view.group_by)
    for name, members in sections:
        title = label(f"section.{name}") if name else label(view.title)
        parts.append(f"## {escape(title)}\n")
        parts.append(_table(members, used, view, notes))
        if view.group_by and notes.notes:
            parts.append("".join(f"[^{n}]: {text}\n" for n, text in notes.numbered() if f"[^{n}]" in parts[-1]))
    if not view.group_by and notes.notes:
        parts.append("".join(f"[^{n}]: {text}\n" for n, text in notes.numbered()))
    if view.legend and any(c.key == "kind" for c in used):
        kinds = [k for k in ("stated", "derived", "target", "context") if any(r.get("kind") == k for r in rows)]
        if kinds:
            entries = "; ".join(label(f"legend.{k}") for k in kinds)
            parts.append(f"*{escape(label('legend'))} {escape(entries)}.*\n")
    return "\n".join(p for p in parts if p)


def flat_table(rows: Sequence[Record]) -> str:
    """One pipe table of the records' keys, flattened as CSV flattens them."""
    flat = [flatten(r) for r in rows]
    keys = list(dict.fromkeys(k for row in flat for k in row))
    lines = ["| " + " | ".join(escape(k) for k in keys) + " |", "|" + "|".join("---" for _ in keys) + "|"]
    lines += ["| " + " | ".join(escape(row.get(k, "")) for k in keys) + " |" for row in flat]
    return "\n".join(lines) + "\n"


def _columns(view: View, fields: Sequence[str] | None) -> list[Column]:
    if not fields:
        return list(view.columns)
    by_key = {c.key: c for c in view.columns}
    return [by_key.get(f, Column(f, f)) for f in fields]


def _table(rows: Sequence[Record], columns: list[Column], view: View, notes: Footnotes[str]) -> str:
    """A pipe table; a row's caveat and formula become a footnote marked in its text cell."""
    marked = next((c for c in columns if c.flex), columns[-1])
    lines = [
        "| " + " | ".join(escape(label(c.heading)) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    for rec in rows:
        cells = []
        for col in columns:
            text = col.render(rec)
            cell = link(text) if col.link and text else emphasised(text) if col.highlight else escape(text)
            if col is marked:
                extra = [escape(part) for part in note_parts(rec, view)]
                if extra:
                    cell += f" [^{notes.number(id(rec), ' — '.join(extra))}]"
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _card(rec: Record, fields: Sequence[str] | None = None) -> str:
    """One fact or organisation as a heading and a list of labelled lines (as `show` prints it)."""
    lines = [f"## {escape(str(rec.get('id', '')))}", ""]
    name = ""
    for entry in card_entries(rec, fields):
        if entry.role == "id":
            continue
        if entry.role == "link" and not entry.label:  # an address belongs to the source line above it
            lines[-1] += f", {link(entry.text)}"
            continue
        name = entry.label or name
        if entry.role == "link":
            lines.append(f"- **{escape(name)}:** {link(entry.text)}")
            continue
        lines.append(f"- **{escape(name)}:** " + "; ".join(escape(part) for part in entry.text.split("\n")))
    return "\n".join(lines) + "\n"
