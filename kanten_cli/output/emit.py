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
import math
import re
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import IO, Any

from kanten_cli.base.errors import UsageError
from kanten_cli.base.matching import did_you_mean
from kanten_cli.base.translate import _
from kanten_cli.output.formats import FORMATS as FORMATS
from kanten_cli.output.formats import Format as Format
from kanten_cli.output.i18n import LANGS, label
from kanten_cli.output.streams import encodes_unicode
from kanten_cli.output.text import flatten, visible
from kanten_cli.output.views import View

Record = dict[str, Any]


def field_names(rows: Sequence[Record], fields: Sequence[str] | None) -> list[str] | None:
    """`fields` as the rows' own keys, whatever their case; a UsageError names the closest or
    the valid ones."""
    if not fields:
        return None
    valid: dict[str, None] = {}
    for row in rows:
        valid.update(dict.fromkeys(row))
    # Any case, and the headings a table shows in either language ('Værdi', 'tekst'), as --sort takes them.
    by_case = {label(key, in_language=typed_in).lower(): key for key in valid for typed_in in LANGS}
    by_case.update({key.lower(): key for key in valid})
    chosen = [f if f in valid else by_case.get(f.lower(), f) for f in fields]
    unknown = [f for f in chosen if f not in valid]
    if unknown:
        hint = did_you_mean(unknown[0], [*valid, *by_case]) or _("; valid fields: {fields}").format(
            fields=", ".join(valid)
        )
        raise UsageError(_("unknown field {field!r}{hint}").format(field=unknown[0], hint=hint))
    return chosen


def select_fields(rows: Sequence[Record], fields: Sequence[str] | None) -> Sequence[Record]:
    """Rows with only `fields`, in that order (the rows themselves, without `fields`); a
    UsageError names the valid ones."""
    chosen = field_names(rows, fields)
    if chosen is None:
        return rows
    return [{f: row.get(f) for f in chosen} for row in rows]


# JSON leaves these raw; escaped, they cannot act on a terminal or split a JSON Lines record.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_unsafe(text: str) -> str:
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(rows: Sequence[Record], ascii_only: bool = False) -> str:
    """The rows as `json.dumps(rows, indent=2)` writes them, byte for byte (see `json_chunks`)."""
    return "".join(json_chunks(rows, ascii_only))


def json_chunks(rows: Sequence[Record], ascii_only: bool = False, size: int = 2000) -> Iterator[str]:
    """`to_json` in pieces of `size` records, so that a large output is never one huge string.

    Written here rather than with `json.dumps(indent=2)`, which with an indent encodes in
    Python value by value, slower than this for the same bytes."""
    if not rows:
        yield "[]\n"
        return
    string = encode_basestring_ascii if ascii_only else encode_basestring
    keys: dict[str, dict[str, str]] = {}
    for start in range(0, len(rows), size):
        body = ",\n  ".join(_indented(row, "\n  ", string, keys) for row in rows[start : start + size])
        lead = "[\n  " if start == 0 else ",\n  "
        tail = "\n]\n" if start + size >= len(rows) else ""
        yield _escape_unsafe(lead + body) + tail


def _indented(value: Any, newline: str, string: Callable[[str], str], keys: dict[str, dict[str, str]]) -> str:
    """A value as `json.dumps(indent=2)` writes it at the indent `newline` ends in. `keys`: each
    key as written at each indent, kept while a listing is written (its rows share their keys)."""
    scalar = _scalar(value, string)
    if scalar is not None:
        return scalar
    return _container(value, newline, string, keys)


def _container(value: Any, newline: str, string: Callable[[str], str], keys: dict[str, dict[str, str]]) -> str:
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        written = keys.get(inner)
        if written is None:
            written = keys[inner] = {}
        items = []
        for k, v in value.items():
            # the common values here, not in a call of their own: a large output has many
            kind = type(v)
            if kind is str:
                encoded = string(v)
            elif kind is int:
                encoded = int.__repr__(v)
            elif kind is list or kind is dict:
                encoded = _container(v, inner, string, keys)
            else:
                encoded = _indented(v, inner, string, keys)
            key = written.get(k) if type(k) is str else None
            if key is None:
                key = f"{inner}{string(str(k))}: "
                if type(k) is str:
                    written[k] = key
            items.append(key + encoded)
        return "{" + ",".join(items) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        values = [string(v) if type(v) is str else _indented(v, inner, string, keys) for v in value]
        return "[" + inner + ("," + inner).join(values) + newline + "]"
    return _SCALAR.encode(value)  # anything else, as json writes it


def _scalar(value: Any, string: Callable[[str], str]) -> str | None:
    """A string, number, boolean or null as json writes it; None for anything else."""
    kind = type(value)
    if kind is str:
        return string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value) if math.isfinite(value) else _SCALAR.encode(value)  # NaN, Infinity
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return string(value)
    if isinstance(value, (int, float)):
        return _SCALAR.encode(value)  # a subclass (an enum's value): as json writes it
    return None


_SCALAR = json.JSONEncoder()


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

    `rows` may build each record as it is read (`query.search.Hits`): JSON, JSON Lines, CSV and
    TSV read each once, in order, and hold a chunk at a time; the other formats, and --fields,
    which look at the records more than once, read them all first.
    """
    if not isinstance(rows, list) and (fields or fmt not in ("json", "jsonl", "csv", "tsv")):
        rows = list(rows)
    fields = field_names(rows, fields)
    if to is not None:
        from kanten_cli.output.outfile import write_atomic

        write_atomic(to, _file_content(rows, fmt, view, fields, glance), force)
        return
    if fmt == "xlsx":
        raise UsageError(_("xlsx is a binary file format: write it to a file with -o FILE"))
    chosen = select_fields(rows, fields)
    ascii_only = not encodes_unicode(out)
    if fmt == "json":
        for chunk in json_chunks(chosen, ascii_only):
            out.write(chunk)
    elif fmt == "jsonl":
        for chunk in jsonl_chunks(chosen, ascii_only):
            out.write(chunk)
    elif fmt == "csv":
        out.write(to_delimited(chosen, ","))
    elif fmt == "tsv":
        out.write(to_delimited(chosen, "\t"))
    elif fmt == "markdown":
        from kanten_cli.output.markdown import to_markdown

        out.write(to_markdown(rows, view, fields))
    else:
        from kanten_cli.output.table.draw import draw
        from kanten_cli.output.terminal import Terminal

        # Cells are drawn from whole records (a value keeps its "about"), showing only `fields`.
        terminal = Terminal.detect(out, no_color=no_color, no_pager=no_pager)
        draw(rows, view, out, fields, terminal, glance)


def _file_content(
    rows: Sequence[Record],
    fmt: Format,
    view: View,
    fields: Sequence[str] | None,
    glance: Record | None = None,
) -> bytes:
    """The whole output as bytes, before anything is written."""
    if fmt == "xlsx":
        from kanten_cli.output.xlsx import workbook_bytes

        return workbook_bytes(select_fields(rows, fields), view)
    buffer = io.StringIO()
    emit(rows, fmt, view, buffer, fields, glance=glance)
    return buffer.getvalue().encode("utf-8")


@contextlib.contextmanager
def fetch_progress(stream: IO[str], quiet: bool, no_color: bool = False) -> Iterator[Any]:
    """Progress while `kanten verify` fetches pages: a bar on `stream` when it is a terminal and
    not `quiet` (coloured as the terminal object decides), else None."""
    from kanten_cli.output.terminal import Terminal

    if quiet or not Terminal.detect(stream).is_tty:
        yield None
        return
    from kanten_cli.output.table.progress import fetch_progress as bar

    with bar(stream, no_color) as progress:
        yield progress
