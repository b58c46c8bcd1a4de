"""Which files get scanned: computed once and handed to every engine, so both see the same set.

Files that cannot be scanned (symlinks, binary, oversized, unreadable) are never dropped silently:
each is returned as a ``Skipped`` with its reason, and reports list them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from sastflow import gitio, scope
from sastflow.errors import UsageError

MAX_FILE_BYTES = 5 * 1024 * 1024  # beyond this, engines spend minutes on generated code
_SNIFF = 8192
_WALK_SKIP = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class TargetSet:
    files: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()


def candidate_files(root: Path) -> list[str]:
    """Tracked files when ``root`` is in a git work tree, else every file below it."""
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory (give the folder to scan)")
    if gitio.is_repo(root):
        return gitio.tracked_files(root)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _WALK_SKIP)
        rel = Path(dirpath).relative_to(root)
        found.extend((rel / name).as_posix() for name in sorted(filenames))
    return found


def exclusion(patterns: Sequence[str]) -> Callable[[str], bool]:
    """A matcher for gitignore-style ``exclude`` patterns."""
    if not patterns:
        return lambda _path: False
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec.match_file


def in_shard(path: str, shard: tuple[int, int] | None) -> bool:
    """Stable across machines and runs: the path's SHA-256, not Python's salted ``hash``."""
    if shard is None:
        return True
    k, n = shard
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def parse_shard(text: str) -> tuple[int, int]:
    try:
        k_text, n_text = text.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise UsageError(f"--shard {text!r}: expected K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


def _unscannable(root: Path, rel: str) -> str | None:
    path = root / rel
    try:
        if path.is_symlink():
            return "symlink (not followed)"
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return f"too large ({size // 1024 // 1024} MB > {MAX_FILE_BYTES // 1024 // 1024} MB)"
        with path.open("rb") as handle:
            if b"\0" in handle.read(_SNIFF):
                return "binary"
    except FileNotFoundError:
        return "missing from the work tree"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return None


def select(
    root: Path,
    paths: Iterable[str],
    *,
    supported: Callable[[str], bool],
    exclude: Sequence[str] = (),
    shard: tuple[int, int] | None = None,
) -> TargetSet:
    """Filter ``paths`` to what the engines support, minus excludes, within the shard (and
    within the action's ``paths``/``paths-ignore``: :mod:`sastflow.scope`)."""
    excluded = exclusion(exclude)
    wanted = scope.in_scope()
    files: list[str] = []
    skipped: list[Skipped] = []
    for rel in sorted(set(paths)):
        if not supported(rel) or excluded(rel) or not wanted(rel) or not in_shard(rel, shard):
            continue
        reason = _unscannable(root, rel)
        if reason is None:
            files.append(rel)
        else:
            skipped.append(Skipped(rel, reason))
    return TargetSet(tuple(files), tuple(skipped))
