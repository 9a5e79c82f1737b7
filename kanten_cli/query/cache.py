"""A search's haystack for a data file, kept between runs for large files.

Searching 100 000 facts costs about 0.15 s; loading and validating them first costs 0.6 s
more, every run. So for a regular file of at least MIN_BYTES, the folded text a search looks
in is kept in kanten's cache directory, with the SHA-256 of the bytes it was made from and a
CRC-32 of its own, under a name made of the file's place, size and times and of kanten's code,
pydantic-core's and Python's versions. A later search of the same file whose bytes have that
SHA-256 searches the kept text instead of validating the file again: the file was valid when
it was kept, and the same bytes are valid still. The records it finds are then read from the
file and validated as on the first run (when it finds more than a quarter of all, the whole
file is validated: that is cheaper).

The cache is an optimisation and nothing else: any problem with it (no home, a read-only or
full disk, a damaged or foreign file) means the file is validated as if there were no cache,
silently. A smaller file (the embedded fact base is 0.1 MB) is never cached. KANTEN_NO_CACHE=1
turns it off; KANTEN_CACHE_DIR moves it (default: $XDG_CACHE_HOME/kanten, else ~/.cache/kanten).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path
from stat import S_ISREG

from kanten_cli import __version__
from kanten_cli.facts.load import STDIN, data_path, display_name, parse, read_bytes
from kanten_cli.query.index import Index
from kanten_cli.query.search import RECORD, Haystack, Item, haystack, records_at

ENV_NO_CACHE = "KANTEN_NO_CACHE"
ENV_CACHE_DIR = "KANTEN_CACHE_DIR"
MIN_BYTES = 1 << 20  # 1 MiB: about 3 500 facts, which validate in 0.02 s
KEEP = 4  # haystacks kept; the oldest go first
FORMAT = 2  # of the kept file (kanten's code is part of the key as well)
_MAGIC = "kanten search haystack"
_PREFIX = "search-"


def cache_dir() -> Path | None:
    """Where haystacks are kept, or None when the cache is off (or there is no home)."""
    if os.environ.get(ENV_NO_CACHE, "") not in ("", "0"):
        return None
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG rule: a relative path is ignored
        return Path(xdg) / "kanten"
    if not os.path.isabs(os.environ.get("HOME", "/")):  # HOME="" or relative: no cache, not "/"
        return None
    try:
        return Path.home() / ".cache" / "kanten"
    except RuntimeError:  # no home directory to be found
        return None


def searchable(option: str | None) -> Haystack:
    """The haystack of the data file (--data, $KANTEN_DATA or the embedded one).

    A DataError, as from `load.load`, when the file is missing or invalid.
    """
    path = data_path(option)
    data = read_bytes(path)
    where = cache_dir() if len(data) >= MIN_BYTES and str(path) != STDIN else None  # stdin: nothing to keep
    entry = _entry(where, path) if where is not None else None
    if entry is None:
        return haystack(Index(parse(data, display_name(path))))
    kept = _read(entry)
    if kept is not None and kept[3] == _digest(data):
        folded, n_facts, records, _ = kept
        return Haystack(folded, n_facts, lambda positions: _records(data, display_name(path), positions, records))
    # Validate, and meanwhile hash the bytes on another thread (hashlib lets go of the
    # interpreter's lock while it hashes, so on a second CPU this costs no time).
    digest = _Digest(data)
    found = haystack(Index(parse(data, display_name(path))))
    _keep(entry, found, digest.result())
    return found


def _entry(where: Path, path: Path) -> Path | None:
    """The cache file for the data file as it is now: named after its place, size and times,
    and after the code that reads it; what it holds says which bytes it was made from, and is
    used only for those (a file edited within one tick of its clock is caught there)."""
    import pydantic_core  # its version decides what validates; already loaded with typer

    try:
        stat = path.stat()
        place = str(path.resolve())
    except (OSError, RuntimeError):
        return None
    if not S_ISREG(stat.st_mode):  # a pipe or a device: other bytes each time, nothing to keep
        return None
    # Folding follows the Unicode tables of the running Python.
    facts = [_MAGIC, FORMAT, __version__, pydantic_core.__version__, sys.version, unicodedata.unidata_version, place]
    facts += [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]
    name = hashlib.sha256("\0".join(map(str, facts)).encode() + _code_digest())
    return where / f"{_PREFIX}{name.hexdigest()}"


def _code_digest() -> bytes:
    """Every module of kanten's, in every subpackage, so that no change to the code can leave a
    stale haystack."""
    package = Path(__file__).resolve().parent.parent  # kanten_cli/
    digest = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.digest()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Digest(threading.Thread):
    """The SHA-256 of some bytes, worked out on a thread of its own."""

    def __init__(self, data: bytes) -> None:
        super().__init__(daemon=True)
        self._data = data
        self._value = ""
        self.start()

    def run(self) -> None:
        self._value = _digest(self._data)

    def result(self) -> str:
        self.join()
        return self._value


def _read(path: Path) -> tuple[str, int, int, str] | None:
    """A kept haystack: its folded text, number of facts, number of records and the SHA-256 of
    the bytes it was made from; None if absent, damaged or not kanten's."""
    try:
        with path.open("rb") as handle:
            stored = handle.read()
    except OSError:
        return None
    # The last 4 bytes are the CRC-32 of the rest: a byte changed anywhere is noticed, and the
    # file is passed over (and written anew) rather than searched.
    payload, check = stored[:-4], stored[-4:]
    if len(stored) < 4 or zlib.crc32(payload).to_bytes(4, "big") != check:
        return None
    try:
        kept = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 5 and kept[0] == _MAGIC and kept[4] == _MAGIC):
        return None
    n_facts, folded, digest = kept[1], kept[2], kept[3]
    if not (isinstance(n_facts, int) and isinstance(folded, str) and isinstance(digest, str)):
        return None
    records = folded.count(RECORD) + 1
    if not 0 <= n_facts <= records:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return folded, n_facts, records, digest


def _keep(entry: Path, found: Haystack, digest: str) -> None:
    """Write a haystack in one step (a reader never sees half of one); prune the oldest."""
    where = entry.parent
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{_PREFIX}", suffix=".tmp", dir=where)
    except OSError:
        return
    payload = marshal.dumps((_MAGIC, found.n_facts, found.folded, digest, _MAGIC))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.write(zlib.crc32(payload).to_bytes(4, "big"))
        os.replace(temporary, entry)
    except BaseException as err:  # a full disk, or Ctrl-C while writing: leave nothing behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(err, OSError):
            raise
        return
    _prune(where)


def _prune(where: Path) -> None:
    """Keep the KEEP most recently used haystacks; remove what a write cut short left behind
    (an hour old). Only files named as kanten names them are touched: the directory may be
    one that KANTEN_CACHE_DIR shares with other files."""
    now = time.time()
    with contextlib.suppress(OSError):
        ours = [p for p in where.iterdir() if _OURS.fullmatch(p.name)]
        stale = [p for p in ours if p.name.startswith(".") and now - p.stat().st_mtime > 3600]
        kept = sorted((p for p in ours if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [*kept[KEEP:], *stale]:
            old.unlink()


_OURS = re.compile(rf"{_PREFIX}[0-9a-f]{{64}}|\.{_PREFIX}[A-Za-z0-9_]+\.tmp")


def _records(data: bytes, name: str, positions: Sequence[int], records: int) -> tuple[Index, dict[int, Item]]:
    """The records at these positions (facts first, then organisations), read from the file's
    bytes and validated as a whole file's records are, with the facts a derived one rests on.

    When a search finds more than a quarter of all records, reading them one by one costs more
    than validating the whole file again: the file is then validated whole, as on a first run.
    """
    import pydantic_core

    from kanten_cli.facts.model import Project

    if len(positions) > records // 4:
        return records_at(Index(parse(data, name)), positions)
    collecting = gc.isenabled()
    gc.disable()  # as in load.parse: collections while the dicts are built find nothing
    try:
        raw = pydantic_core.from_json(data)
    finally:
        if collecting:
            gc.enable()
    facts, orgs = raw["facts"], raw["organisations"]
    wanted = [i for i in positions if i < len(facts)]
    needed = {facts[i]["id"]: facts[i] for i in wanted}
    pending = [ident for i in wanted for ident in facts[i].get("inputs") or ()]
    if pending:
        by_id = {f["id"]: f for f in facts}
        while pending:
            ident = pending.pop()
            if ident not in needed:
                needed[ident] = by_id[ident]
                pending.extend(by_id[ident].get("inputs") or ())
    org_positions = [i for i in positions if i >= len(facts)]
    # The same project with only these records, validated through JSON as on the first run:
    # the same strict checks build the same objects.
    part = {**raw, "facts": list(needed.values()), "organisations": [orgs[i - len(facts)] for i in org_positions]}
    project = Project.model_validate_json(json.dumps(part))
    by_fact = {f.id: f for f in project.facts}
    items: dict[int, Item] = {i: by_fact[facts[i]["id"]] for i in wanted}
    items.update(zip(org_positions, project.organisations, strict=True))
    return Index(project), items
