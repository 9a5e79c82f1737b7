"""Writing an output file (`-o FILE`): all of it or nothing, and never over someone else's file.

The content is complete before the file is touched: it goes to a temporary file in the same
directory, which is then renamed into place, so a reader never sees half a file and an error
leaves no trace. An existing file is replaced only if kanten wrote it exactly as it is now
(its stamp still matches its content), or with `--force`.

A text document kanten writes carries `kanten-digest:` and the start of the SHA-256 of its own
content (with the digest itself zeroed); a workbook carries kanten as its creator and no later
editor. A file edited by hand no longer matches, and is not overwritten without `--force`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import zipfile
from pathlib import Path

from kanten_cli.base.errors import OutputError

DIGEST_LENGTH = 32  # hex digits of SHA-256 kept: enough to tell an edited file, short enough for a line
DIGEST_PLACEHOLDER = "kanten-digest:" + "0" * DIGEST_LENGTH
_DIGEST = re.compile(rb"kanten-digest:([0-9a-f]{%d})" % DIGEST_LENGTH)
WORKBOOK_CREATOR = "kanten"
_LARGEST_CHECKED = 64 * 1024 * 1024  # a bigger file is not one kanten wrote


def stamp(text: str) -> str:
    """`text` with its DIGEST_PLACEHOLDER replaced by the digest of the whole text."""
    if DIGEST_PLACEHOLDER not in text:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return text.replace(DIGEST_PLACEHOLDER, f"kanten-digest:{digest}", 1)


def _stamped_by_kanten(data: bytes) -> bool:
    match = _DIGEST.search(data)
    if match is None:
        return False
    zeroed = data[: match.start(1)] + b"0" * DIGEST_LENGTH + data[match.end(1) :]
    return hashlib.sha256(zeroed).hexdigest()[:DIGEST_LENGTH].encode() == match.group(1)


def _workbook_by_kanten(path: Path) -> bool:
    from xml.etree import ElementTree  # only on this path

    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("docProps/core.xml").file_size > 1 << 20:  # not kanten's; maybe a zip bomb
                return False
            core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return False
    # How the XML is written (namespace prefixes, where they are declared) varies with the writer.
    creator = core.findtext("{http://purl.org/dc/elements/1.1/}creator")
    editor = core.findtext("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy")
    return creator == WORKBOOK_CREATOR and not editor


def written_by_kanten(path: Path) -> bool:
    """Whether the file at `path` is one kanten wrote and nobody has changed since."""
    try:
        if path.stat().st_size > _LARGEST_CHECKED:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if data.startswith(b"PK\x03\x04"):
        return _workbook_by_kanten(path)
    return _stamped_by_kanten(data)


def write_atomic(target: str, content: bytes, force: bool = False) -> None:
    """Write `content` to `target` in one step; an OutputError (exit 4) if it cannot or may not."""
    path = Path(target)
    if path.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory")
    exists = path.exists() or path.is_symlink()
    if exists and not force and not written_by_kanten(path):
        raise OutputError(f"{target} exists and was not written by kanten; use --force to overwrite it")
    directory = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        if exists:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path, force)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _place_new(temporary: str, path: Path, force: bool) -> None:
    """Move a new file into place without clobbering one that appeared meanwhile."""
    try:
        os.link(temporary, path)  # fails if `path` was created since the check
    except FileExistsError:
        if not force and not written_by_kanten(path):
            raise OutputError(f"{path} exists and was not written by kanten; use --force to overwrite it") from None
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
