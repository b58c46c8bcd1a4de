"""Where cache entries live: one file per entry under ``<dir>/results-v1/<2 hex>/``, written
atomically (a temporary file in the same folder, then ``os.replace``), so concurrent scans
sharing a directory see a whole entry or none. Reading an entry refreshes its mtime; the size
bound evicts the least recently used first.

The cache is an optimisation: any trouble reading or writing it (a read-only or full disk, a
foreign file) costs a miss, never a failed scan.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ENV_DIR = "SASTFLOW_CACHE_DIR"
ENV_OFF = "SASTFLOW_NO_CACHE"
LAYOUT = "results-v1"
# A temporary file this old was left by a scan that died mid-write.
STALE_TEMP_SECONDS = 3600
# Eviction goes below the bound, so the next scan does not evict again at once.
EVICT_TO = 0.9


def location(explicit: Path | None = None) -> Path:
    """``--cache-dir``, else ``SASTFLOW_CACHE_DIR``, else ``$XDG_CACHE_HOME/sastflow``, else
    ``~/.cache/sastflow``."""
    if explicit is not None:
        return explicit
    configured = os.environ.get(ENV_DIR, "").strip()
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "sastflow"


def disabled_by_env() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class Usage:
    entries: int
    bytes: int


_TEMP_NAMES = itertools.count()


class ResultStore:
    """One cache folder. Paths are plain strings: a scan reads thousands of entries, and
    pathlib costs several microseconds per join."""

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self._root = os.path.join(directory, LAYOUT)
        self._made: set[str] = set()  # shard folders known to exist
        self._lock = threading.Lock()
        self.written = 0  # entries this process wrote (nothing written: nothing to evict)
        # File digests of this scan, by (path, inode, size, mtime): see cached._file_digest.
        self.digests: dict[tuple[str, int, int, int], bytes] = {}

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], key[2:])

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return data

    def put(self, key: str, data: bytes) -> bool:
        """Write one entry atomically (a uniquely named temporary file in the entry's own
        folder, then ``os.replace``); False when the cache cannot be written."""
        folder = os.path.join(self._root, key[:2])
        # pid, thread and a counter: unique among concurrent scans and threads.
        temp = os.path.join(
            folder, f".tmp-{os.getpid()}-{threading.get_ident()}-{next(_TEMP_NAMES)}"
        )
        try:
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError:
            return False
        try:
            try:
                os.write(fd, data)  # one call: entries are small, and a short write raises below
                if os.fstat(fd).st_size != len(data):
                    raise OSError("short write")
            finally:
                os.close(fd)
            os.replace(temp, self._path(key))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            return False
        with self._lock:
            self.written += 1
        return True

    def _entries(self) -> list[tuple[float, int, str]]:
        found: list[tuple[float, int, str]] = []
        now = time.time()
        try:
            shards = list(os.scandir(self._root))
        except OSError:
            return found
        for shard in shards:
            try:
                children = list(os.scandir(shard.path))
            except OSError:
                continue
            for child in children:
                try:
                    stat = child.stat(follow_symlinks=False)
                except OSError:
                    continue
                if child.name.startswith(".tmp-"):
                    if now - stat.st_mtime > STALE_TEMP_SECONDS:
                        with contextlib.suppress(OSError):
                            os.unlink(child.path)
                    continue
                found.append((stat.st_mtime, stat.st_size, child.path))
        return found

    def usage(self) -> Usage:
        entries = self._entries()
        return Usage(len(entries), sum(size for _, size, _ in entries))

    def evict(self) -> int:
        """Delete least recently used entries until the cache is under its bound; returns how
        many went. Another scan deleting the same file at once is harmless."""
        entries = self._entries()
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return 0
        target = int(self.max_bytes * EVICT_TO)
        removed = 0
        for _mtime, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= target:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
            total -= size
        return removed
