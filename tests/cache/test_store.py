"""The store on its own: least recently used entries go first, reading refreshes an entry,
and leftovers of a scan that died mid-write are cleaned up."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sastflow.cache.store import STALE_TEMP_SECONDS, ResultStore


def _key(n: int) -> str:
    return f"{n:02x}" + "0" * 62


def test_eviction_drops_the_least_recently_used(tmp_path: Path) -> None:
    store = ResultStore(tmp_path, max_bytes=5_000)
    now = time.time()
    for n in range(10):
        assert store.put(_key(n), bytes(1_000))
        os.utime(store._path(_key(n)), (now - 1_000 + n, now - 1_000 + n))
    assert store.get(_key(0)) is not None  # read just now: the most recent
    removed = store.evict()
    usage = store.usage()
    assert usage.bytes <= 4_500
    assert removed == 10 - usage.entries
    kept = {n for n in range(10) if store.get(_key(n)) is not None}
    assert 0 in kept
    assert kept == {0, *range(10 - (usage.entries - 1), 10)}


def test_a_stale_temporary_file_is_removed(tmp_path: Path) -> None:
    store = ResultStore(tmp_path, max_bytes=10_000)
    store.put(_key(1), b"x")
    leftover = Path(store._path(_key(1))).parent / ".tmp-abandoned"
    leftover.write_bytes(b"half")
    old = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(leftover, (old, old))
    assert store.usage().entries == 1
    assert not leftover.exists()


def test_an_unwritable_folder_is_a_miss_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = ResultStore(blocker, max_bytes=10_000)
    assert store.put(_key(1), b"x") is False
    assert store.get(_key(1)) is None
    assert store.evict() == 0
