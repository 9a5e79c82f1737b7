"""The Rich console kanten draws on: follows the terminal object (width, colour), and a reader
that stops early is not an error."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console

from kanten_cli.output.terminal import Terminal

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class PipeSafeConsole(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit with 1 here; let the CLI treat a reader that stopped early as success.
        raise BrokenPipeError


def console_for(out: IO[str], terminal: Terminal | None = None) -> Console:
    """A Rich console on `out` that follows the terminal object: width, and colour on or off
    (no escape at all when off). For what Rich draws itself: verify's report and progress bar."""
    term = terminal or Terminal.detect(out)
    return PipeSafeConsole(
        file=out,
        width=term.width,
        color_system="standard" if term.colour else None,
        force_terminal=True if term.colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )
