"""Words into lines: wrapping that never cuts an id or an address, nor splits a figure from its
per cent sign."""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


# --- words into lines ------------------------------------------------------------------------

# Spaces a line may break at: not the one inside "33 %" or "(17 %)", which reads as one figure.
_BREAKS = re.compile(r"\s+(?!%)")


def words(text: str) -> list[str]:
    """`text`'s words, a percent sign kept with the number before it."""
    return [w for w in _BREAKS.split(text) if w]


def wrap(text: str, width: int, split_long: bool = True) -> list[str]:
    """`text` broken between words into lines of at most `width` cells; its own line breaks kept.

    A word longer than the width is cut only when `split_long` (the flexible column); ids and
    addresses elsewhere keep their width because their column is at least as wide.
    """
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in words(paragraph):
            while split_long and cell_len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                head, word = cut(word, width)
                lines.append(head)
            if not line:
                line = word
            elif cell_len(line) + 1 + cell_len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def cut(word: str, width: int) -> tuple[str, str]:
    size = 0
    for i, char in enumerate(word):
        size += cell_len(char)
        if size > width:
            return word[:i], word[i:]
    return word, ""


def longest_word(text: str) -> int:
    return max((cell_len(w) for w in words(text)), default=0)


def widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


# --- the painter: styled lines, then one string ------------------------------------------------
