"""Everything kanten needs to know about where human output goes: one object, asked by renderers.

Is stdout a terminal, how wide and tall it is, whether to colour, whether links may be
clickable (OSC 8), and which pager to use. Commands never check `isatty` themselves. No Rich
here: the object is plain data, built from the environment, so tests can make any terminal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO, Any

DEFAULT_PAGER = "less -FRX"  # -F: exit at once when the output fits; -R: colours; -X: keep it on screen
DEFAULT_WIDTH = 80
DEFAULT_HEIGHT = 24


@dataclass(frozen=True)
class Terminal:
    """Where human output goes, and how it may look there."""

    is_tty: bool
    width: int
    height: int
    colour: bool  # escape codes for colour and style
    links: bool  # OSC 8 hyperlinks (a terminal that shows colour)
    pager: str | None  # the pager command, or None for none

    @classmethod
    def detect(
        cls,
        out: IO[str],
        environ: Mapping[str, str] | None = None,
        *,
        no_color: bool = False,
        no_pager: bool = False,
    ) -> Terminal:
        """The terminal `out` writes to, under `environ` (os.environ by default) and the options.

        Colour: off with --no-color, NO_COLOR (any value) or TERM=dumb, and when `out` is not a
        terminal, unless FORCE_COLOR is set (tables only: machine formats never ask). Links only
        on a real terminal with colour. The pager: only on a terminal, never with --no-pager;
        KANTEN_PAGER (empty: none), else PAGER, else `less -FRX`.
        """
        env = os.environ if environ is None else environ
        tty = _isatty(out)
        width, height = _size(out, env, tty)
        dumb = env.get("TERM", "") == "dumb"
        if no_color or env.get("NO_COLOR", "") != "":
            colour = False
        elif env.get("FORCE_COLOR"):
            colour = True
        else:
            colour = tty and not dumb
        return cls(
            is_tty=tty,
            width=width,
            height=height,
            colour=colour,
            links=colour and tty and not dumb,
            pager=None if no_pager or not tty else pager_command(env),
        )

    def write(self, text: str, out: IO[str], environ: Mapping[str, str] | None = None) -> None:
        """Write `text` to `out`, through the pager when it is taller than the terminal."""
        if self.pager is None or text.count("\n") < self.height:
            out.write(text)
            return
        encoding = getattr(out, "encoding", None) or "utf-8"
        errors = getattr(out, "errors", None) or "strict"
        if not page(text, self.pager, environ, encoding, errors):
            out.write(text)

    @contextmanager
    def stream(
        self, out: IO[str], tall: bool, environ: Mapping[str, str] | None = None
    ) -> Iterator[Callable[[str], object]]:
        """A writer for text that comes in pieces, so that a long listing starts at once.

        No pager: each piece goes straight to `out`. A pager and output known to be `tall`
        (more rows than the terminal has lines): the pager starts now and each piece goes to it
        as it is drawn. Otherwise the pieces are kept, and `write` decides at the end. When the
        reader quits the pager early, BrokenPipeError ends the drawing (not an error).
        """
        if self.pager is None:
            yield out.write
            return
        if not tall:
            pieces: list[str] = []
            yield pieces.append
            self.write("".join(pieces), out, environ)
            return
        proc = _start_pager(self.pager, environ, getattr(out, "encoding", None), getattr(out, "errors", None))
        if proc is None or proc.stdin is None:
            yield out.write
            return
        previous = _ignore_interrupts()
        try:
            yield proc.stdin.write  # BrokenPipeError when the reader quits early: the CLI ends with 0
        finally:
            with suppress(BrokenPipeError):
                proc.stdin.close()
            proc.wait()
            _restore_interrupts(previous)


def _start_pager(
    command: str, environ: Mapping[str, str] | None, encoding: str | None, errors: str | None
) -> subprocess.Popen[str] | None:
    env = dict(os.environ if environ is None else environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        args = shlex.split(command)
        return subprocess.Popen(
            args, stdin=subprocess.PIPE, env=env, encoding=encoding or "utf-8", errors=errors or "strict"
        )
    except (OSError, ValueError):
        return None


def pager_command(environ: Mapping[str, str]) -> str | None:
    """KANTEN_PAGER if set (empty turns paging off), else a non-empty PAGER, else `less -FRX`."""
    if "KANTEN_PAGER" in environ:
        return environ["KANTEN_PAGER"].strip() or None
    return environ.get("PAGER", "").strip() or DEFAULT_PAGER


def page(
    text: str,
    command: str,
    environ: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    errors: str = "strict",
) -> bool:
    """Show `text` through `command`, encoded as the terminal's stream would encode it.

    False (and nothing written) when the pager cannot start. While it runs, Ctrl-C belongs to
    the pager (as with git): kanten waits for it to finish.
    """
    env = dict(os.environ if environ is None else environ)
    env.setdefault("LESS", "FRX")  # as git and gh do: a bare `less` also keeps colours and exits when it fits
    env.setdefault("LV", "-c")
    try:
        args = shlex.split(command)
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, env=env, encoding=encoding, errors=errors)
    except (OSError, ValueError):
        return False
    assert proc.stdin is not None
    previous = _ignore_interrupts()
    try:
        proc.stdin.write(text)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: not an error
    finally:
        proc.wait()
        _restore_interrupts(previous)
    return True


def _ignore_interrupts() -> Any:
    """Ignore Ctrl-C while the pager owns the terminal (only the main thread may set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


def _restore_interrupts(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGINT, previous)


def interactive(stdin: IO[str] | None, stdout: IO[str] | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a full-screen program can run here: standard input and output are both a
    terminal, and one that can move its cursor (not TERM=dumb)."""
    env = os.environ if environ is None else environ
    both = stdin is not None and stdout is not None and _isatty(stdin) and _isatty(stdout)
    return both and env.get("TERM", "") != "dumb"


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _size(out: IO[str], env: Mapping[str, str], tty: bool) -> tuple[int, int]:
    """COLUMNS and LINES when set (as Rich and most tools honour), else the size of the terminal
    kanten runs in, else 80×24.

    The terminal is `out` itself; when `out` is a pipe (`kanten partners | head`), the one the
    person is looking at: standard error's, else the controlling terminal's (/dev/tty), so a
    piped table is drawn for the pane it will be read in.
    """
    width = _positive(env.get("COLUMNS"))
    height = _positive(env.get("LINES"))
    if width is None or height is None:
        size = _terminal_size(out) if tty else _surrounding_terminal_size()
        if size is None and tty:
            size = shutil.get_terminal_size((DEFAULT_WIDTH, DEFAULT_HEIGHT))
        if size is not None:
            width = width or size.columns or DEFAULT_WIDTH
            height = height or size.lines or DEFAULT_HEIGHT
    return width or DEFAULT_WIDTH, height or DEFAULT_HEIGHT


def _terminal_size(stream: IO[str] | None) -> os.terminal_size | None:
    try:
        return os.get_terminal_size(stream.fileno()) if stream is not None else None
    except (OSError, ValueError, AttributeError):
        return None


def _surrounding_terminal_size() -> os.terminal_size | None:
    """The size of the terminal on standard error, else of the controlling terminal, else None."""
    if _isatty(sys.stderr):
        found = _terminal_size(sys.stderr)
        if found is not None:
            return found
    try:
        handle = os.open("/dev/tty", os.O_RDONLY | getattr(os, "O_NOCTTY", 0))
    except OSError:  # no controlling terminal (cron, CI, a daemon)
        return None
    try:
        return os.get_terminal_size(handle)
    except OSError:
        return None
    finally:
        os.close(handle)


def _positive(text: str | None) -> int | None:
    try:
        value = int(text or "")
    except ValueError:
        return None
    return value if value > 0 else None
