"""The search cache (kanten_cli/prepared.py): a kept haystack gives exactly the hits a freshly
validated file gives, is never used for other bytes or other code, and any trouble with it
falls back to validating the file, silently."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.base.errors import DataError, NotFound
from kanten_cli.facts.load import embedded_path, parse
from kanten_cli.query import cache as prepared
from kanten_cli.query.index import Index
from kanten_cli.query.search import find, haystack, search
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import project as generated

Invoke = Callable[..., Result]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache on, in a directory of this test's own, for files of any size."""
    where = tmp_path / "cache"
    monkeypatch.delenv("KANTEN_NO_CACHE", raising=False)
    monkeypatch.setenv("KANTEN_CACHE_DIR", str(where))
    monkeypatch.setattr(prepared, "MIN_BYTES", 0)
    return where


def kept(where: Path) -> list[Path]:
    return sorted(where.glob("search-*")) if where.is_dir() else []


def big(tmp_path: Path, n: int = 200, name: str = "big.json") -> Path:
    """A generated file: stated, context and derived facts, and an organisation."""
    path = tmp_path / name
    path.write_text(json.dumps(generated(n), ensure_ascii=False), encoding="utf-8")
    return path


def results(path: Path, query: str) -> Any:
    """What a search of the kept haystack finds, in the bound language."""
    try:
        return find(prepared.searchable(str(path)), query)
    except NotFound as err:
        return err.message


QUERIES = ["lønnet 42", "afledt", "afledt 19", "synthetic", "zebra", "fact-9", "org", "synthetic org", "99", "side 7"]


@pytest.mark.parametrize("query", QUERIES)
def test_a_kept_haystack_finds_exactly_what_validating_finds(cache: Path, tmp_path: Path, query: str) -> None:
    path = big(tmp_path)
    translate.bind("da")
    fresh = search(Index(parse(path.read_bytes(), "x")), query) if query != "zebra" else None
    first = results(path, query)
    assert len(kept(cache)) == 1
    again = results(path, query)
    assert first == again
    if fresh is not None:
        assert first == fresh


def test_derived_hits_read_from_the_file_carry_their_inputs_sources(cache: Path, tmp_path: Path) -> None:
    path = big(tmp_path)
    results(path, "zebra")  # keeps the haystack
    hit = results(path, "afledt 19")[0]
    assert (hit["id"], hit["kind"], hit["sources"]) == ("fact-19", "derived", ["secondary", "primary"])
    assert hit["text"] == "Synthetic derived figure 19."


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.sampled_from(
            ["syntetisk", "lønnet", "loennet", "1", "17", "citat", "side", "org", "ar", "fact", "tal", "paid", "ø"]
        ),
        min_size=1,
        max_size=3,
    ),
    lang=st.sampled_from(["da", "en"]),
)
def test_kept_and_fresh_agree_on_any_query(cache: Path, tmp_path: Path, words: list[str], lang: str) -> None:
    path = tmp_path / "any.json"
    if not path.exists():
        path.write_text(json.dumps(generated(60), ensure_ascii=False), encoding="utf-8")
    query = " ".join(words)
    fresh = results_fresh(path, query, lang)
    translate.bind(lang)
    assert results(path, query) == fresh  # may keep the haystack
    assert results(path, query) == fresh  # from the kept one


def results_fresh(path: Path, query: str, lang: str) -> Any:
    try:
        translate.bind(lang)  # type: ignore[arg-type]
        return find(haystack(Index(parse(path.read_bytes(), "x"))), query)
    except NotFound as err:
        return err.message


def test_the_real_fact_base_kept_and_fresh_agree(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "project.json"
    path.write_bytes(embedded_path().read_bytes())
    for query in ("3f", "vive", "lønnet arbejde", "1439", "af", "cabi", "tredjedel", "fagforening"):
        for lang in ("da", "en"):
            fresh = results_fresh(path, query, lang)
            translate.bind(lang)
            assert results(path, query) == fresh
            assert results(path, query) == fresh
    assert len(kept(cache)) == 1


def search_then_add_a_zebra(tmp_path: Path) -> Path:
    """A searched file (no zebra in it) that is then rewritten with a zebra in fact-3."""
    path = big(tmp_path)
    assert results(path, "zebra") == "no fact or organisation matches 'zebra'"
    data = generated(200)
    data["facts"][3]["text"]["en"] = "A zebra crossing."
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_changed_bytes_are_searched_afresh(cache: Path, tmp_path: Path) -> None:
    path = search_then_add_a_zebra(tmp_path)
    assert [h["id"] for h in results(path, "zebra")] == ["fact-3"]
    assert len(kept(cache)) == 2


def test_an_invalid_file_is_an_error_every_time_and_is_never_kept(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    data = generated(50)
    data["facts"][9]["value"] = 1  # the expression gives 15
    path.write_text(json.dumps(data), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match=r"facts\[9\]\.value"):
            prepared.searchable(str(path))
    assert kept(cache) == []


def test_other_code_does_not_use_a_kept_haystack(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = big(tmp_path)
    results(path, "zebra")
    monkeypatch.setattr(prepared, "_code_digest", lambda: b"another kanten")
    results(path, "zebra")
    assert len(kept(cache)) == 2


def _entry_bytes(kept: tuple[Any, ...]) -> bytes:
    """A cache file as kanten writes one: marshal, then the CRC-32 of that."""
    payload = marshal.dumps(kept)
    return payload + zlib.crc32(payload).to_bytes(4, "big")


def _one_byte(p: Path, at: int, byte: bytes) -> None:
    data = bytearray(p.read_bytes())
    data[at : at + 1] = byte
    p.write_bytes(bytes(data))


MAGIC = "kanten search haystack"


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:1000]),
        lambda p: p.write_bytes(b"\0" * 4096),
        lambda p: p.write_bytes(json.dumps({"not": "marshal"}).encode()),
        # one byte of the kept text changed: a record separator, a field separator, a letter
        lambda p: _one_byte(p, p.read_bytes().find(b"syntetisk", 1000), b"\x01"),
        lambda p: _one_byte(p, p.read_bytes().find(b"syntetisk", 1000), b"\x00"),
        lambda p: _one_byte(p, p.read_bytes().find(b"loennet", 1000), b"q"),
        # well-formed, but not what kanten writes
        lambda p: p.write_bytes(_entry_bytes((MAGIC, 10**9, "x", "d", MAGIC))),
        lambda p: p.write_bytes(_entry_bytes(("something else", 1, "x", "d", "something else"))),
        lambda p: p.write_bytes(_entry_bytes((*marshal.loads(p.read_bytes()[:-4])[:3], "0" * 64, MAGIC))),
    ],
    ids=["empty", "cut", "zeros", "json", "record-sep", "field-sep", "letter", "too-many", "foreign", "other-bytes"],
)
def test_a_damaged_haystack_is_passed_over_and_replaced(
    cache: Path, tmp_path: Path, damage: Callable[[Path], Any], request: pytest.FixtureRequest
) -> None:
    path = big(tmp_path)
    expected = results(path, "lønnet 42")
    [entry] = kept(cache)
    damage(entry)
    if "other-bytes" not in request.node.name:  # that one is whole: its digest is what tells
        assert prepared._read(entry) is None
    assert results(path, "lønnet 42") == expected
    [again] = kept(cache)
    assert prepared._read(again) is not None  # written anew
    assert results(path, "lønnet 42") == expected


def test_a_pipe_is_searched_but_never_kept(cache: Path, tmp_path: Path) -> None:
    path = big(tmp_path)
    expected = results(path, "afledt 19")
    shutil.rmtree(cache)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(path.read_bytes()))
    writer.start()
    assert results(fifo, "afledt 19") == expected
    writer.join()
    assert kept(cache) == []


def test_an_interrupted_write_leaves_nothing(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(prepared.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        prepared.searchable(str(big(tmp_path)))
    assert list(cache.iterdir()) == []


def test_an_unusable_cache_directory_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.delenv("KANTEN_NO_CACHE", raising=False)
    monkeypatch.setenv("KANTEN_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    monkeypatch.setattr(prepared, "MIN_BYTES", 0)
    path = big(tmp_path)
    assert [h["id"] for h in results(path, "afledt 19")] == ["fact-19"]
    assert [h["id"] for h in results(path, "afledt 19")] == ["fact-19"]


def test_small_files_are_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KANTEN_NO_CACHE", raising=False)
    monkeypatch.setenv("KANTEN_CACHE_DIR", str(tmp_path / "cache"))
    path = big(tmp_path, 200)
    assert path.stat().st_size < prepared.MIN_BYTES
    results(path, "afledt")
    assert kept(tmp_path / "cache") == []


def test_only_the_newest_are_kept(cache: Path, tmp_path: Path) -> None:
    paths = [big(tmp_path, 20 + i, f"f{i}.json") for i in range(prepared.KEEP + 2)]
    for path in paths:
        results(path, "zebra")
        for entry in kept(cache):  # mtimes a second apart, whatever the clock's resolution
            stamp = entry.stat().st_mtime
            os.utime(entry, (stamp - 1, stamp - 1))
    assert len(kept(cache)) == prepared.KEEP
    results(paths[-1], "zebra")  # the newest is still there: no new entry
    assert len(kept(cache)) == prepared.KEEP


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"KANTEN_NO_CACHE": "1"}, None),
        ({"KANTEN_NO_CACHE": "0", "KANTEN_CACHE_DIR": "/x/k"}, Path("/x/k")),
        ({"KANTEN_CACHE_DIR": "/x/k", "XDG_CACHE_HOME": "/y"}, Path("/x/k")),
        ({"XDG_CACHE_HOME": "/y"}, Path("/y/kanten")),
        ({"XDG_CACHE_HOME": "relative", "HOME": "/home/h"}, Path("/home/h/.cache/kanten")),
        ({"HOME": "/home/h"}, Path("/home/h/.cache/kanten")),
        ({"HOME": ""}, None),
        ({"HOME": "relative"}, None),
    ],
)
def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: Path | None) -> None:
    for name in ("KANTEN_NO_CACHE", "KANTEN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert prepared.cache_dir() == expected


def test_kanten_search_keeps_and_uses_the_haystack(cache: Path, tmp_path: Path, invoke: Invoke) -> None:
    path = big(tmp_path)
    env = {"KANTEN_CACHE_DIR": str(cache)}
    first = invoke("search", "afledt", "19", "--data", str(path), "--json", env=env)
    assert first.exit_code == 0, first.stderr
    assert len(kept(cache)) == 1
    second = invoke("search", "afledt", "19", "--data", str(path), "--json", env=env)
    assert second.stdout == first.stdout
    assert json.loads(second.stdout)[0]["id"] == "fact-19"
    assert path.read_text(encoding="utf-8") == json.dumps(generated(200), ensure_ascii=False)  # never written


def test_a_haystack_kept_for_other_bytes_is_not_used(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache file's name comes from the data file's place, size and times; were those the
    # same for other bytes (an edit within one tick of a coarse clock), the digest inside tells.
    monkeypatch.setattr(prepared, "_entry", lambda where, path: where / "search-one-name")
    path = search_then_add_a_zebra(tmp_path)
    assert [h["id"] for h in results(path, "zebra")] == ["fact-3"]
    assert [h["id"] for h in results(path, "zebra")] == ["fact-3"]
    assert [p.name for p in kept(cache)] == ["search-one-name"]


def test_pruning_touches_only_kantens_files(cache: Path, tmp_path: Path) -> None:
    cache.mkdir(parents=True)
    theirs = [cache / "search-notes.txt", cache / ("search-" + "0" * 63), cache / "report.json"]
    for path in theirs:
        path.write_text("not kanten's")
    stale, writing = cache / ".search-abc_123.tmp", cache / ".search-def456.tmp"
    stale.write_bytes(b"cut short")
    writing.write_bytes(b"another kanten is writing this")
    hour_ago = stale.stat().st_mtime - 3700
    os.utime(stale, (hour_ago, hour_ago))
    for n in range(prepared.KEEP + 2):
        results(big(tmp_path, 20 + n, f"f{n}.json"), "zebra")
    assert all(path.read_text() == "not kanten's" for path in theirs)
    assert not stale.exists() and writing.exists()
    assert len(kept(cache)) == prepared.KEEP + 2  # kept() also sees the two of theirs named search-*
