r"""Text safety: data from a file is data, never markup or control codes.

`visible` makes control characters visible for every human format; `flatten` turns a record into
strings for CSV, TSV, Markdown and spreadsheets. The three Markdown escapers below differ on
purpose; merging them would change output that people already paste, so they stand side by side:

- `markdown_cell` (tables as Markdown, `--format markdown`) escapes ``\ ` * _ { } [ ] < > | # ! ~``:
  `|` matters inside a table cell.
- `markdown_citation` (`cite --style markdown`) escapes ``\ ` * _ [ ] < > & | ~ ! # $`` and
  joins lines: `&` and `$` too, as the sentence is pasted into editors that read HTML entities
  and TeX maths.
- `markdown_prose` (the report in Markdown) escapes ``\ ` * _ [ ] < > & ~ | #`` and makes runs
  of spaces one (leading spaces would start a code block); the report's wrapper escapes what
  would start a block.
"""

from __future__ import annotations

import json
import re
from typing import Any

Record = dict[str, Any]

# C0 and C1 controls, DEL, and the bidirectional overrides/isolates that can disguise text.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def visible(text: str, keep_breaks: bool = False) -> str:
    """Text with every control character made visible: ESC -> '␛', U+202E -> '<U+202E>'."""
    if text.isascii() and text.isprintable():
        return text  # nothing to show (most cells of a large listing): no pattern to run

    def show(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "\u2421"
        return f"<U+{code:04X}>"

    text = _UNSAFE.sub(show, text)
    return text if keep_breaks else _LINE_BREAKS.sub(" ", text)


def flatten(row: Record) -> dict[str, str]:
    """One record as strings for CSV/TSV/Markdown (documented in the README).

    None -> '', booleans -> 'true'/'false', numbers as in JSON, nested objects ->
    dotted keys (`source.title`), lists -> items joined by '; ', an object inside a list ->
    its values joined by ':' (`partner:article:primary`).
    """
    flat: dict[str, str] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for sub, inner in flatten(value).items():
                flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = _cell(value)
    return flat


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "; ".join(
            ":".join(_cell(v) for v in item.values()) if isinstance(item, dict) else _cell(item) for item in value
        )
    return str(value)


# --- Markdown ------------------------------------------------------------------------------

_CELL_ACTIVE = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def markdown_cell(text: str) -> str:
    """Text with every Markdown-active character escaped and control characters made visible."""
    return _CELL_ACTIVE.sub(r"\\\1", visible(text))


# Characters that could start Markdown or HTML syntax anywhere in a line; escaped with a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!#$])")


def markdown_citation(text: str) -> str:
    """Text that Markdown renders literally: every inline syntax character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


_SPACES = re.compile(" {2,}")
_INLINE = re.compile(r"([\\`*_\[\]<>&~|#])")


def markdown_prose(text: str) -> str:
    """Text from the data as Markdown that shows it literally (no emphasis, links or HTML)."""
    # Runs of spaces are one space in Markdown anyway; leading ones would start a code block.
    return _INLINE.sub(r"\\\1", _SPACES.sub(" ", visible(text)).strip(" "))
