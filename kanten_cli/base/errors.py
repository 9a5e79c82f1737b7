"""Exit codes and the one exception type the CLI turns into a message."""

from __future__ import annotations

import errno
from enum import IntEnum

from kanten_cli.base.translate import N_, _, ngettext, translated


class ExitCode(IntEnum):
    """What `kanten` exits with. Documented in the README and in `kanten --help`."""

    OK = 0
    NOT_FOUND = 1  # a search without a match, an unknown id (like grep)
    USAGE = 2  # a bad option or argument (Click's own code)
    DATA = 3  # a data file that is missing, unreadable or invalid
    OUTPUT = 4  # standard output could not be written (closed, disk full)
    INTERNAL = 5  # a bug in kanten
    UNREACHABLE = 6  # verify: a source page could not be fetched or read (nothing changed was found)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


# The operating system's reasons a person meets most, in the run's language: the message ids are
# the C library's own English words, so English reads as the system says it. Any other reason is
# the system's own text.
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.EEXIST: N_("File exists"),
    errno.ECONNRESET: N_("Connection reset by peer"),
    errno.ENETUNREACH: N_("Network is unreachable"),
    errno.EHOSTUNREACH: N_("No route to host"),
}


def os_reason(err: OSError) -> str:
    """Why an operating-system call failed, for a message ('filen eller mappen findes ikke')."""
    known = _OS_REASONS.get(err.errno) if err.errno is not None else None
    return translated(known) if known else str(err.strerror or err)


class KantenError(Exception):
    """An expected failure: one line for stderr and the code to exit with."""

    code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(KantenError):
    """The data file is missing, unreadable or invalid. `problems` holds every one found."""

    code = ExitCode.DATA

    def __init__(self, path: str, problems: list[str]) -> None:
        first = problems[0] if problems else "invalid"

        rest = len(problems) - 1
        more = " " + ngettext("(and {count} more problem)", "(and {count} more problems)", rest).format(count=rest)
        more = more if rest else ""
        super().__init__(f"{path}: {first}{more}")
        self.path = path
        self.problems = problems


class NotFound(KantenError):
    """Nothing matched: an unknown id, a search without a hit, an empty filter."""

    code = ExitCode.NOT_FOUND


class UnknownId(NotFound):
    """An id that names nothing. `hint` is "; did you mean ..." or empty; the command line adds
    where to look when it is empty (the query layer knows no commands)."""

    def __init__(self, ident: str, hint: str, code: ExitCode = ExitCode.NOT_FOUND) -> None:
        super().__init__(_("no fact or organisation with id {ident!r}{hint}").format(ident=ident, hint=hint))
        self.ident = ident
        self.hint = hint
        self.code = code


class UsageError(KantenError):
    """Options that cannot go together, or name something that does not exist."""

    code = ExitCode.USAGE


class OutputError(KantenError):
    """An output file (`-o FILE`) could not be written, or may not be overwritten."""

    code = ExitCode.OUTPUT


class Unreachable(KantenError):
    """`kanten verify` could not look: a source page could not be fetched or read."""

    code = ExitCode.UNREACHABLE


class ReaderStopped(Exception):
    """The reader of standard output stopped early (`| head`, a pager quit): not an error.

    Not an OSError, so that Click, which turns a broken pipe inside a command into exit code 1,
    lets it reach kanten's error funnel, which ends with 0.
    """


class Interrupted(KantenError):
    """Ctrl-C: the work stopped where it was; the message says what was left undone."""

    code = ExitCode.INTERRUPTED
