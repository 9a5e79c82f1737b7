"""verify's progress bar on stderr, only on a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from kanten_cli.output.i18n import label
from kanten_cli.output.table.console import console_for
from kanten_cli.output.terminal import Terminal

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


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
def fetch_progress(stream: IO[str], no_color: bool = False) -> Iterator[FetchProgress]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, console=console_for(stream, Terminal.detect(stream, no_color=no_color)), transient=True
    ) as progress:
        yield FetchProgress(progress, label("verify.fetching"))
