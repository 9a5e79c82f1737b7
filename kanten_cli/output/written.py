"""What kanten remembers of the files it wrote with `-o FILE`, so that it replaces only those.

A small record in the user's state directory (`KANTEN_STATE_DIR`, else `$XDG_STATE_HOME/kanten`,
else `~/.local/state/kanten`): for each file's absolute path, the size and SHA-256 of the bytes
kanten wrote there. A file is kanten's to replace when its bytes still hash to that; a `touch`
changes nothing, while any edit (a spreadsheet's save, an editor's new inode, a script's append)
does. The record works the same for every format, including binary workbooks and formats that
have no room for a comment.

Two kanten runs at once take turns: `Ledger.open()` holds an exclusive lock on the record for as
long as the caller needs (check, replace, remember), and the record itself is rewritten whole,
by a rename. Stdlib only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kanten_cli.base.errors import os_reason
from kanten_cli.base.translate import _

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

ENV_STATE_DIR = "KANTEN_STATE_DIR"
RECORD_NAME = "written.json"
LOCK_NAME = "written.lock"
FORMAT = 1
KEEP = 2000  # files remembered; the ones written longest ago are forgotten first
_CHUNK = 1 << 20

Verdict = Literal["kanten", "never", "edited"]
"""kanten: the file is byte for byte what kanten wrote there. never: kanten has no record of
writing it. edited: kanten wrote it, and it has changed since."""


def state_dir() -> Path | None:
    """Where the record is kept, or None when there is nowhere (no usable home)."""
    chosen = os.environ.get(ENV_STATE_DIR, "")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(xdg):  # the XDG rule: a relative path is ignored
        return Path(xdg) / "kanten"
    if not os.path.isabs(os.environ.get("HOME", "/")):  # HOME="" or relative: nowhere, not "/"
        return None
    try:
        return Path.home() / ".local" / "state" / "kanten"
    except RuntimeError:  # no home directory to be found
        return None


def key(path: Path) -> str:
    """The name a file is remembered by: its absolute path, with the directory's links resolved."""
    return str(path.absolute().parent.resolve() / path.name)


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (read in chunks: a large file is never held whole)."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            sha.update(chunk)
    return sha.hexdigest()


@dataclass
class Ledger:
    """The record, read under the lock; `remember` changes it, `save` writes it back."""

    directory: Path | None
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None  # why the record could not be read or kept, if so

    @classmethod
    @contextlib.contextmanager
    def open(cls) -> Iterator[Ledger]:
        """The record, locked against other kanten runs until the block ends."""
        directory = state_dir()
        if directory is None:
            yield cls(None, problem=_("no state directory (HOME is not set)"))
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            lock = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            yield cls(
                None,
                problem=_("cannot use {directory}: {reason}").format(directory=directory, reason=os_reason(err)),
            )
            return
        try:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            yield cls(directory, _read(directory / RECORD_NAME))
        finally:
            os.close(lock)  # closing releases the lock

    def verdict(self, path: Path) -> Verdict:
        """Whether `path` is byte for byte what kanten wrote there, was never written by it, or
        was edited since."""
        entry = self.files.get(key(path))
        if entry is None:
            return "never"
        try:
            if path.stat().st_size != entry.get("size") or digest(path) != entry.get("sha256"):
                return "edited"
        except OSError:
            return "edited"
        return "kanten"

    def remember(self, path: Path, content: bytes, entries: dict[str, str] | None = None) -> None:
        """Note that kanten has just written `content` to `path` (and, in a bibliography, the
        digest of each entry it wrote there, by key)."""
        record: dict[str, Any] = {
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "written": time.time(),
        }
        if entries:
            record["entries"] = entries
        self.files[key(path)] = record

    def entries(self, path: Path) -> dict[str, str]:
        """The digests of the bibliography entries kanten wrote to `path`, by key."""
        found = self.files.get(key(path), {}).get("entries", {})
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}

    def save(self) -> None:
        """Write the record back, whole, forgetting files that are gone; OSError if it cannot."""
        if self.directory is None:
            raise OSError(self.problem or "no state directory")
        kept = {name: entry for name, entry in self.files.items() if os.path.lexists(name)}
        if len(kept) > KEEP:
            newest = sorted(kept, key=lambda name: kept[name].get("written", 0), reverse=True)[:KEEP]
            kept = {name: kept[name] for name in newest}
        text = json.dumps({"format": FORMAT, "files": kept}, ensure_ascii=False, indent=1) + "\n"
        handle, temporary = tempfile.mkstemp(prefix=".written.", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.directory / RECORD_NAME)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The files in the record; none when it is missing or unreadable (then nothing is replaced
    without --force: kanten errs on the side of keeping a file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        return {}
    return {name: entry for name, entry in data["files"].items() if isinstance(entry, dict)}
