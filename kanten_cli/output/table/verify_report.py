"""verify's report, drawn by Rich itself: each source with its checks, and the counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from kanten_cli.base.translate import translated
from kanten_cli.output import palette
from kanten_cli.output.i18n import counted, label
from kanten_cli.output.text import visible

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


_COUNTED = ("verified", "changed", "unreachable", "unchecked")
_DIFF_PART = re.compile(r"(\[-.*?-\]|\{\+.*?\+\})")


def draw_report(console: Console, rows: Sequence[Record]) -> None:
    """Each source: its page (address, when fetched, why not) and counts, then one line per check.

    An address is printed whole on its own line, never cut, even when it is wider than the terminal.
    """
    _hanging(console, Text(""), Text(label("verify.title"), style=palette.HEADING))
    width = max(cell_len(label(f"verify.{s}")) for s in _COUNTED)
    totals = dict.fromkeys(_COUNTED, 0)
    for rec in rows:
        if rec["type"] == "source":
            console.print()
            _source_lines(console, rec)
            continue
        totals[rec["status"]] += 1
        status, what = _check_cells(rec)
        status.pad_right(width + 1 - cell_len(status.plain))
        _hanging(console, status, what)
    console.print()
    _hanging(console, Text(""), Text(label("verify.total").format(_counts(totals)), style=palette.HEADING))


def _hanging(console: Console, head: Text, body: Text) -> None:
    """`head`, then `body` wrapped to the terminal with every further line indented under it,
    and no line ending in spaces."""
    indent = cell_len(head.plain)
    room = max(10, console.width - indent)
    for number, line in enumerate(body.wrap(console, room, justify="default", overflow="fold")):
        line.rstrip()
        console.print(Text.assemble(head if number == 0 else " " * indent, line), soft_wrap=True)


def _source_lines(console: Console, rec: Record) -> None:
    status = rec["status"]
    head = Text(visible(rec["id"]), style=palette.HEADING)
    head.append(" · ")
    head.append(label(f"verify.{status}"), style=palette.STATUS.get(status, ""))
    _hanging(console, Text(""), head)
    if rec.get("address"):
        console.print(Text(visible(rec["address"])), soft_wrap=True)  # an address is never cut
    for key in ("copy_of", "redirected_to"):
        if rec.get(key):
            console.print(Text(label(f"verify.{key}").format(visible(rec[key]))), soft_wrap=True)
    if rec.get("fetched_at"):
        when = str(rec["fetched_at"]).replace("T", " ").replace("Z", " UTC")
        _hanging(console, Text(""), Text(label("verify.fetched_at").format(visible(when))))
    if status == "skipped":
        _hanging(console, Text(""), Text(label("verify.none"), style=palette.NOTE))
    elif rec.get("reason"):
        _hanging(console, Text(""), Text(visible(translated(rec["reason"])), style=palette.STATUS.get(status, "")))
    if status != "skipped":
        _hanging(console, Text(""), Text(_counts({k: rec[k] for k in _COUNTED})))


def _counts(counts: dict[str, int]) -> str:
    checked = counts["verified"] + counts["changed"] + counts["unreachable"]
    parts = [counted(n, f"verify.{name}") for name, n in counts.items() if n]
    return counted(checked, "verify.checked") + (": " + ", ".join(parts) if parts else "")


def _check_cells(rec: Record) -> tuple[Text, Text]:
    status = rec["status"]
    what = Text(visible(rec["id"]))
    details = [label(f"role.{rec['role']}")] if rec.get("role") else []
    if rec.get("field"):
        details.append(label(f"verify.{rec['field']}"))
    if details:
        what.append(f" ({', '.join(details)})", style=palette.NOTE)
    if status == "changed":  # (an unreachable page's reason is under its address, once)
        what.append("\n")
        what.append_text(_diff_text(rec.get("diff") or label("verify.no_passage")))
    return Text(label(f"verify.{status}"), style=palette.STATUS.get(status, "")), what


def _diff_text(diff: str) -> Text:
    """A word diff with its removed words red and added ones green; the markers stay, so it reads
    the same without colour."""
    text = Text()
    for part in _DIFF_PART.split(visible(diff)):
        style = palette.REMOVED if part.startswith("[-") else palette.ADDED if part.startswith("{+") else ""
        text.append(part, style=style)
    return text
