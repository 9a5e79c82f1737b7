"""A search's haystack for a data file, kept between runs for large files.

Searching 100 000 facts costs about 0.2 s; validating them first costs 0.5 s more, every run.
So for a file of at least MIN_BYTES, the folded text a search looks in is kept in kanten's
cache directory under the SHA-256 of the file's bytes (and of kanten's and pydantic's
versions). A later search over the very same bytes reads that text instead of validating the
file again: the file was valid when it was kept, and the same bytes are valid still. Only the
records a search finds are then read from the file, and validated as on the first run.

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
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kanten_cli import __version__
from kanten_cli.load import data_path, parse, read_bytes
from kanten_cli.query import Index
from kanten_cli.search import RECORD, Haystack, Item, haystack

ENV_NO_CACHE = "KANTEN_NO_CACHE"
ENV_CACHE_DIR = "KANTEN_CACHE_DIR"
MIN_BYTES = 1 << 20  # 1 MiB: about 3 500 facts, which validate in 0.02 s
KEEP = 4  # haystacks kept; the oldest go first
FORMAT = 1  # of the kept file (kanten's code is part of the key as well)
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
    where = cache_dir() if len(data) >= MIN_BYTES else None
    if where is None:
        return haystack(Index(parse(data, str(path))))
    key = _key(data)
    kept = _read(where / f"{_PREFIX}{key}")
    if kept is not None:
        folded, n_facts = kept
        return Haystack(folded, n_facts, lambda positions: _records(data, positions))
    found = haystack(Index(parse(data, str(path))))
    _keep(where, key, found)
    return found


def _key(data: bytes) -> str:
    """The SHA-256 of the file's bytes and of what decides how they are read and searched:
    kanten's own code (every module of it, so that no change can leave a stale haystack) and
    pydantic-core's version."""
    import pydantic_core  # already loaded with typer

    digest = hashlib.sha256(f"{_MAGIC}\0{FORMAT}\0{__version__}\0{pydantic_core.__version__}\0".encode())
    digest.update(_code_digest())
    digest.update(data)
    return digest.hexdigest()


def _code_digest() -> bytes:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for module in sorted(package.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.digest()


def _read(path: Path) -> tuple[str, int] | None:
    """A kept haystack: its folded text and number of facts; None if absent or not whole."""
    try:
        with path.open("rb") as handle:
            kept = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    # A file cut short or overwritten does not unmarshal into this shape, magic at both ends.
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == _MAGIC and kept[3] == _MAGIC):
        return None
    n_facts, folded = kept[1], kept[2]
    if not (isinstance(n_facts, int) and isinstance(folded, str) and 0 <= n_facts <= folded.count(RECORD) + 1):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return folded, n_facts


def _keep(where: Path, key: str, found: Haystack) -> None:
    """Write a haystack in one step (a reader never sees half of one); prune the oldest."""
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{_PREFIX}", suffix=".tmp", dir=where)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((_MAGIC, found.n_facts, found.folded, _MAGIC)))
        os.replace(temporary, where / f"{_PREFIX}{key}")
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(where)


def _prune(where: Path) -> None:
    with contextlib.suppress(OSError):
        kept = sorted(where.glob(f"{_PREFIX}*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink()


def _records(data: bytes, positions: Sequence[int]) -> tuple[Index, dict[int, Item]]:
    """The records at these positions (facts first, then organisations), read from the file's
    bytes and validated as a whole file's records are, with the facts a derived one rests on."""
    import pydantic_core

    from kanten_cli.model import Project

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
