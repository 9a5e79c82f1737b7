"""Records -> text in every output format. No business logic; Rich only for tables.

`emit` is the one entry point every command uses. JSON, JSON Lines, CSV and TSV are written
here with the standard library; Markdown for people by `render_markdown`; tables by
`output/table/`, imported only when a table is asked for, so machine output never pays for Rich.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any, Literal

from kanten_cli.base.errors import UsageError
from kanten_cli.base.matching import did_you_mean
from kanten_cli.output.i18n import Lang
from kanten_cli.output.streams import encodes_unicode
from kanten_cli.output.views import View

Format = Literal["table", "json", "jsonl", "csv", "tsv", "markdown", "xlsx"]
FORMATS: tuple[Format, ...] = ("table", "json", "jsonl", "csv", "tsv", "markdown", "xlsx")
Record = dict[str, Any]

# C0 and C1 controls, DEL, and the bidirectional overrides/isolates that can disguise text.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def visible(text: str, keep_breaks: bool = False) -> str:
    """Text with every control character made visible: ESC -> '␛', U+202E -> '<U+202E>'."""

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


def field_names(rows: Sequence[Record], fields: Sequence[str] | None) -> list[str] | None:
    """`fields` as the rows' own keys, whatever their case; a UsageError names the closest or
    the valid ones."""
    if not fields:
        return None
    valid: dict[str, None] = {}
    for row in rows:
        valid.update(dict.fromkeys(row))
    by_case = {key.lower(): key for key in valid}
    chosen = [f if f in valid else by_case.get(f.lower(), f) for f in fields]
    unknown = [f for f in chosen if f not in valid]
    if unknown:
        hint = did_you_mean(unknown[0], valid) or f"; valid fields: {', '.join(valid)}"
        raise UsageError(f"unknown field {unknown[0]!r}{hint}")
    return chosen


def select_fields(rows: Sequence[Record], fields: Sequence[str] | None) -> list[Record]:
    """Rows with only `fields`, in that order; a UsageError names the valid ones."""
    chosen = field_names(rows, fields)
    if chosen is None:
        return list(rows)
    return [{f: row.get(f) for f in chosen} for row in rows]


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


# JSON leaves these raw; escaped, they cannot act on a terminal or split a JSON Lines record.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_unsafe(text: str) -> str:
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(rows: Sequence[Record], ascii_only: bool = False) -> str:
    return _escape_unsafe(json.dumps(list(rows), ensure_ascii=ascii_only, indent=2)) + "\n"


def to_jsonl(rows: Sequence[Record], ascii_only: bool = False) -> str:
    return "".join(jsonl_chunks(rows, ascii_only))


def jsonl_chunks(rows: Sequence[Record], ascii_only: bool = False, size: int = 2000) -> Iterator[str]:
    """JSON Lines in chunks of `size` records, so a large output is never one huge string."""
    encode = json.JSONEncoder(ensure_ascii=ascii_only, separators=(",", ":")).encode
    for start in range(0, len(rows), size):
        lines = [encode(row) for row in rows[start : start + size]]
        yield _escape_unsafe("\n".join(lines)) + "\n"


def to_delimited(rows: Sequence[Record], delimiter: str) -> str:
    """CSV (RFC 4180, CRLF line ends) or TSV (LF line ends, so `awk -F'\t'` reads it)."""
    flat = [flatten(r) for r in rows]
    header: dict[str, None] = {}
    for row in flat:
        header.update(dict.fromkeys(row))
    buffer = io.StringIO()
    ending = "\r\n" if delimiter == "," else "\n"
    writer = csv.DictWriter(buffer, fieldnames=list(header), delimiter=delimiter, lineterminator=ending)
    writer.writeheader()
    for row in flat:
        writer.writerow({k: visible(v, keep_breaks=True) for k, v in row.items()})
    return buffer.getvalue()


def emit(
    rows: Sequence[Record],
    fmt: Format,
    view: View,
    lang: Lang,
    out: IO[str],
    fields: Sequence[str] | None = None,
    to: str | None = None,
    force: bool = False,
    *,
    no_color: bool = False,
    no_pager: bool = False,
    glance: Record | None = None,
) -> None:
    """Write `rows` to `out` in `fmt` (or, with `to`, to that file, atomically); the one output path.

    `no_color` and `no_pager` concern tables only (machine formats never have either);
    `glance` is the overview's one screen, drawn instead of its table.
    """
    fields = field_names(rows, fields)
    if to is not None:
        from kanten_cli.output.outfile import write_atomic

        write_atomic(to, _file_content(rows, fmt, view, lang, fields, glance), force)
        return
    if fmt == "xlsx":
        raise UsageError("xlsx is a binary file format: write it to a file with -o FILE")
    chosen = select_fields(rows, fields)
    ascii_only = not encodes_unicode(out)
    if fmt == "json":
        out.write(to_json(chosen, ascii_only))
    elif fmt == "jsonl":
        for chunk in jsonl_chunks(chosen, ascii_only):
            out.write(chunk)
    elif fmt == "csv":
        out.write(to_delimited(chosen, ","))
    elif fmt == "tsv":
        out.write(to_delimited(chosen, "\t"))
    elif fmt == "markdown":
        from kanten_cli.output.markdown import to_markdown

        out.write(to_markdown(rows, view, lang, fields))
    else:
        from kanten_cli.output.table.draw import draw
        from kanten_cli.output.terminal import Terminal

        # Cells are drawn from whole records (a value keeps its "about"), showing only `fields`.
        terminal = Terminal.detect(out, no_color=no_color, no_pager=no_pager)
        draw(rows, view, lang, out, fields, terminal, glance)


def _file_content(
    rows: Sequence[Record],
    fmt: Format,
    view: View,
    lang: Lang,
    fields: Sequence[str] | None,
    glance: Record | None = None,
) -> bytes:
    """The whole output as bytes, before anything is written."""
    if fmt == "xlsx":
        from kanten_cli.output.xlsx import workbook_bytes

        return workbook_bytes(select_fields(rows, fields), view, lang)
    buffer = io.StringIO()
    emit(rows, fmt, view, lang, buffer, fields, glance=glance)
    return buffer.getvalue().encode("utf-8")


@contextlib.contextmanager
def fetch_progress(stream: IO[str], lang: Lang, shown: bool) -> Iterator[Any]:
    """Progress while `kanten verify` fetches pages: a bar on `stream` if `shown`, else None."""
    if not shown:
        yield None
        return
    from kanten_cli.output.table.progress import fetch_progress as bar

    with bar(stream, lang) as progress:
        yield progress
