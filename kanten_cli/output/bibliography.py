"""Adding references to a bibliography file (`kanten cite -o refs.bib`): entry by entry.

A bibliography is a list of entries, each with a key (BibTeX's citation key, RIS's `ID`,
CSL-JSON's `id`; kanten uses the source's id). Adding kanten's entries to a file keeps everything
else in it as it is: a new key is appended, an entry that is already there unchanged stays, and
an entry kanten wrote before is replaced where it stands. An entry of the same key that kanten
did not write, or that has been edited since, is left alone (`Clash`), unless forced: the rule
`-o` follows for whole files, applied to each entry. Plain Python; no I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Style = Literal["csl-json", "bibtex", "ris"]
Entry = tuple[str, str]  # (key, the entry's text as kanten writes it)


class Unreadable(Exception):
    """The existing file is not a bibliography in this style."""


@dataclass(frozen=True)
class Clash(Exception):
    """An entry of the same key is in the file, and kanten may not replace it."""

    key: str
    edited: bool  # kanten wrote it and it has changed since; else kanten never wrote it


def digest(text: str) -> str:
    """How the record remembers an entry: the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reading a file into blocks -------------------------------------------------------------------

_BIBTEX_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)


def _bibtex_blocks(text: str) -> list[tuple[str | None, str]]:
    """The file as blocks: each entry with its key, and the text between entries (key None)."""
    blocks: list[tuple[str | None, str]] = []
    at = 0
    for match in _BIBTEX_START.finditer(text):
        if match.start() < at:
            continue  # an @ inside an entry already taken
        end = _bibtex_end(text, match.end())
        if end is None:
            raise Unreadable("an entry without its closing brace")
        if match.start() > at:
            blocks.append((None, text[at : match.start()]))
        if end < len(text) and text[end] == "\n":
            end += 1
        kind = match.group(1).lower()
        blocks.append(
            (match.group(2) if kind not in ("comment", "preamble", "string") else None, text[match.start() : end])
        )
        at = end
    if at < len(text):
        blocks.append((None, text[at:]))
    return blocks


def _bibtex_end(text: str, start: int) -> int | None:
    """Where the entry whose opening delimiter is before `start` ends (just after its close)."""
    opening = text.rfind("{", 0, start + 1), text.rfind("(", 0, start + 1)
    close = "}" if opening[0] >= opening[1] else ")"
    depth = 1
    for i in range(start, len(text)):
        char = text[i]
        if char == "{" or (close == ")" and char == "("):
            depth += 1
        elif char == "}" or (close == ")" and char == ")"):
            depth -= 1
            if depth == 0:
                return i + 1
    return None


_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  - ?(.*)$")


def _ris_blocks(text: str) -> list[tuple[str | None, str]]:
    """RIS records (TY … ER, and the blank line after), keyed by their ID tag."""
    blocks: list[tuple[str | None, str]] = []
    current: list[str] = []
    between: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _RIS_TAG.match(line.rstrip("\r\n"))
        if not current and match and match.group(1) == "TY":
            if between:
                blocks.append((None, "".join(between)))
                between = []
            current = [line]
        elif current:
            current.append(line)
            if match and match.group(1) == "ER":
                blocks.append((_ris_key(current), "".join(current)))
                current = []
        else:
            between.append(line)
    if current:
        raise Unreadable("a record without its ER line")
    if between:
        blocks.append((None, "".join(between)))
    return blocks


def _ris_key(lines: Sequence[str]) -> str | None:
    for line in lines:
        match = _RIS_TAG.match(line.rstrip("\r\n"))
        if match and match.group(1) == "ID":
            return match.group(2).strip()
    return None


def _csl_items(text: str) -> list[Any]:
    try:
        items = json.loads(text) if text.strip() else []
    except ValueError:
        raise Unreadable("not JSON") from None
    if not isinstance(items, list):
        raise Unreadable("not a list of CSL-JSON items")
    return items


def csl_text(item: Mapping[str, Any]) -> str:
    """A CSL-JSON item as the record remembers it (the file itself is rewritten as a whole)."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


# --- merging ----------------------------------------------------------------------------------------


def merge(
    style: Style,
    existing: str | None,
    entries: Sequence[Entry],
    written: Mapping[str, str],
    force: bool,
    render_csl: Any = None,
) -> str:
    """The bibliography `existing` (None: no file) with `entries` added.

    `written` maps each key kanten wrote to this file to the `digest` of what it wrote; an
    entry may be replaced only if it still has that digest, or with `force`. Raises Unreadable
    or Clash. BibTeX and RIS entries are texts ending in one line break; for CSL-JSON, `entries`
    hold each item's `csl_text`, and `render_csl(items)` writes the list.
    """
    if style == "csl-json":
        return _merge_csl(existing, entries, written, force, render_csl)
    blocks = (_bibtex_blocks if style == "bibtex" else _ris_blocks)(existing or "")
    where = {key: i for i, (key, _) in enumerate(blocks) if key is not None}
    added: list[str] = []
    for key, text in entries:
        if key not in where:
            added.append(text)
            continue
        old = blocks[where[key]][1]
        if old.rstrip() == text.rstrip():
            continue
        _may_replace(key, old.rstrip(), written, force)
        ending = old[len(old.rstrip()) :]  # the line breaks after the old entry stay as they were
        blocks[where[key]] = (key, text.rstrip() + ending)
    body = "".join(text for _, text in blocks)
    if added:
        body = body.rstrip("\n") + "\n\n" if body.strip() else ""  # a blank line between entries
        body += "\n".join(added)
    return body


def entry_digest(text: str) -> str:
    """The digest the record keeps of an entry kanten wrote (trailing line breaks aside)."""
    return digest(text.rstrip())


def _merge_csl(
    existing: str | None, entries: Sequence[Entry], written: Mapping[str, str], force: bool, render: Any
) -> str:
    items = _csl_items(existing or "")
    where = {item.get("id"): i for i, item in enumerate(items) if isinstance(item, dict)}
    for key, text in entries:
        new = json.loads(text)
        if key not in where:
            items.append(new)
            where[key] = len(items) - 1
            continue
        old = csl_text(items[where[key]])
        if old == text:
            continue
        _may_replace(key, old, written, force)
        items[where[key]] = new
    return str(render(items))


def _may_replace(key: str, old: str, written: Mapping[str, str], force: bool) -> None:
    if force:
        return
    if key not in written:
        raise Clash(key, edited=False)
    if written[key] != entry_digest(old):
        raise Clash(key, edited=True)
