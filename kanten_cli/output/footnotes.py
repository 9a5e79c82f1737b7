"""Footnotes numbered on first use: the one numbering of the tables, Markdown and the report.

A note is added under a key; the same key keeps its first number, so a fact cited twice in the
report has one footnote. Where numbering starts again (each section of a terminal table) the
caller starts a new `Footnotes`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

Note = TypeVar("Note")


class Footnotes(Generic[Note]):
    """Notes in the order they were first added, each with its number (from 1)."""

    def __init__(self) -> None:
        self._numbers: dict[Hashable, int] = {}
        self.notes: list[Note] = []

    def number(self, key: Hashable, note: Note) -> int:
        """The number of the note under `key`: its first number, or the next one if it is new."""
        if key not in self._numbers:
            self.notes.append(note)
            self._numbers[key] = len(self.notes)
        return self._numbers[key]

    def numbered(self) -> list[tuple[int, Note]]:
        """(number, note) for every note, in order."""
        return list(enumerate(self.notes, 1))
