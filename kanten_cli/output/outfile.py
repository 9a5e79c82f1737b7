"""Writing an output file (`-o FILE`): all of it or nothing, and never over a file kanten may not replace.

The content is complete before the file is touched: it goes to a temporary file in the same
directory, which is then renamed into place, so a reader never sees half a file and an error
leaves no trace.

The rule, the same for every format: an existing file is replaced without `--force` only if
kanten wrote it and it is byte for byte what kanten wrote. What kanten wrote where is kept in
its state directory (`written`): the size and SHA-256 of each file. A report also carries
`kanten-digest:` and the start of the SHA-256 of its own content (with the digest itself
zeroed), so it stays replaceable if that record is lost. Anything else, a file kanten never
wrote or one changed since by any program, is left alone with a message that says which.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kanten_cli.base.errors import OutputError, os_reason
from kanten_cli.base.translate import _
from kanten_cli.output.written import Ledger, Verdict

if TYPE_CHECKING:
    from kanten_cli.output.bibliography import Style

DIGEST_LENGTH = 32  # hex digits of SHA-256 kept: enough to tell an edited file, short enough for a line
DIGEST_PLACEHOLDER = "kanten-digest:" + "0" * DIGEST_LENGTH
_DIGEST = re.compile(rb"kanten-digest:([0-9a-f]{%d})" % DIGEST_LENGTH)
WORKBOOK_CREATOR = "kanten"  # the workbook's creator field: information, not proof (any program may copy it)
_LARGEST_CHECKED = 64 * 1024 * 1024  # a bigger file is not one kanten wrote


def stamp(text: str) -> str:
    """`text` with its DIGEST_PLACEHOLDER replaced by the digest of the whole text."""
    if DIGEST_PLACEHOLDER not in text:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return text.replace(DIGEST_PLACEHOLDER, f"kanten-digest:{digest}", 1)


def _stamp_verdict(path: Path) -> Verdict:
    """What a file's own stamp says: kanten's and unchanged, changed since, or no stamp at all."""
    try:
        if path.stat().st_size > _LARGEST_CHECKED:
            return "never"
        data = path.read_bytes()
    except OSError:
        return "never"
    match = _DIGEST.search(data)
    if match is None:
        return "never"
    zeroed = data[: match.start(1)] + b"0" * DIGEST_LENGTH + data[match.end(1) :]
    unchanged = hashlib.sha256(zeroed).hexdigest()[:DIGEST_LENGTH].encode() == match.group(1)
    return "kanten" if unchanged else "edited"


def verdict(path: Path, ledger: Ledger) -> Verdict:
    """Whether the file at `path` is byte for byte what kanten wrote, was never written by it, or
    has been changed since: the record first, then the file's own stamp."""
    recorded = ledger.verdict(path)
    if recorded == "kanten":
        return recorded
    stamped = _stamp_verdict(path)
    return "kanten" if stamped == "kanten" else ("edited" if "edited" in (recorded, stamped) else "never")


def written_by_kanten(path: Path) -> bool:
    """Whether the file at `path` is one kanten wrote and nobody has changed since."""
    with Ledger.open() as ledger:
        return verdict(path, ledger) == "kanten"


def refusal(target: str, found: Verdict, ledger: Ledger) -> OutputError:
    """Why `target` is left alone, in one line."""
    if found == "edited":
        return OutputError(
            _("{target} has changed since kanten wrote it; use --force to replace it").format(target=target)
        )
    if ledger.problem:
        return OutputError(
            _(
                "{target} exists and kanten has no record of writing it (kanten cannot keep its record: {problem}); "
                "use --force to replace it"
            ).format(target=target, problem=ledger.problem)
        )
    return OutputError(
        _("{target} exists and kanten has no record of writing it; use --force to replace it").format(target=target)
    )


def write_atomic(target: str, content: bytes, force: bool = False) -> None:
    """Write `content` to `target` in one step; an OutputError (exit 4) if it cannot or may not.

    The check, the replacement and the record happen under the record's lock, so two kanten
    runs writing one file take turns (the second replaces what the first wrote).
    """
    path = Path(target)
    if path.is_dir():
        raise OutputError(_("cannot write {file}: it is a directory").format(file=target))
    with Ledger.open() as ledger:
        exists = path.exists() or path.is_symlink()
        if exists and not force:
            found = verdict(path, ledger)
            if found != "kanten":
                raise refusal(target, found, ledger)
        _replace(path, target, content, exists, force, ledger)
        ledger.remember(path, content)
        with contextlib.suppress(OSError):  # without a record the file is kept safe, not lost
            ledger.save()


def add_to_bibliography(
    target: str,
    style: Style,
    entries: list[tuple[str, str]],
    force: bool = False,
    render_csl: Callable[[list[Any]], str] | None = None,
) -> None:
    """Add `entries` (key, text) to the bibliography at `target`, creating it if need be: new keys
    appended, kanten's own unchanged entries replaced where they stand, the rest of the file kept
    as it is; an OutputError when an entry of the same key is not kanten's to replace."""
    from kanten_cli.output.bibliography import Clash, Unreadable, entry_digest, merge

    path = Path(target)
    if path.is_dir():
        raise OutputError(_("cannot write {target}: it is a directory").format(target=target))
    with Ledger.open() as ledger:
        exists = path.exists() or path.is_symlink()
        existing = _read_text(path, target, force) if exists else None
        written = ledger.entries(path)
        try:
            merged = merge(style, existing, entries, written, force, render_csl)
        except Unreadable as err:
            if not force:
                raise OutputError(
                    _("{target} is not a {style} bibliography ({why}); use --force to replace it").format(
                        target=target, style=style, why=err
                    )
                ) from None
            merged = merge(style, None, entries, written, force, render_csl)
        except Clash as clash:
            raise _clash(target, clash) from None
        content = merged.encode("utf-8")
        if content != (existing or "").encode("utf-8") or not exists:
            _replace(path, target, content, exists, True, ledger)
        ledger.remember(path, content, {**written, **{k: entry_digest(t) for k, t in entries}})
        with contextlib.suppress(OSError):
            ledger.save()


def _clash(target: str, clash: Any) -> OutputError:
    if clash.edited:
        message = _("the entry {key!r} in {target} has changed since kanten wrote it; use --force to replace it")
    else:
        message = _("{target} already has an entry {key!r} that kanten did not write; use --force to replace it")
    return OutputError(message.format(key=clash.key, target=target))


def _read_text(path: Path, target: str, force: bool) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        if force:
            return None  # replaced whole
        raise OutputError(
            _("{target} is not a text file kanten can add to; use --force to replace it").format(target=target)
        ) from None
    except OSError as err:
        raise OutputError(_("cannot read {target}: {reason}").format(target=target, reason=os_reason(err))) from None


def _replace(path: Path, target: str, content: bytes, exists: bool, force: bool, ledger: Ledger) -> None:
    directory = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise OutputError(_("cannot write {file}: {reason}").format(file=target, reason=os_reason(err))) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        if exists:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path, target, force, ledger)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(_("cannot write {file}: {reason}").format(file=target, reason=os_reason(err))) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _place_new(temporary: str, path: Path, target: str, force: bool, ledger: Ledger) -> None:
    """Move a new file into place without clobbering one that another program made meanwhile."""
    try:
        os.link(temporary, path)  # fails if `path` was created since the check
    except FileExistsError:
        found = verdict(path, ledger)
        if not force and found != "kanten":
            raise refusal(target, found, ledger) from None
        os.replace(temporary, path)
        return
    except OSError:  # a file system without hard links
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
