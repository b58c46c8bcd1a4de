"""Which files get scanned: computed once and handed to every engine, so both see the same set.

Files are Python by content, not only by suffix: ``evil.PY``, a script whose first line is a
Python shebang and a notebook are targets too, scanned through a view (:mod:`sastflow.views`)
because the engines pick files by lowercase suffix; so is a ``.py`` file whose identifiers only
match the rules once NFKC-normalised, as Python reads them.

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

from sastflow import gitio, scope, views
from sastflow.errors import UsageError
from sastflow.views import Kind, Skipped, ViewTarget

__all__ = [
    "Skipped",
    "TargetSet",
    "candidate_files",
    "exclusion",
    "in_shard",
    "parse_shard",
    "select",
    "untracked",
]

MAX_FILE_BYTES = 5 * 1024 * 1024  # beyond this, engines spend minutes on generated code
_SNIFF = 8192
_WALK_SKIP = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


@dataclass(frozen=True, slots=True)
class TargetSet:
    files: tuple[str, ...]  # handed to the engines as they are
    skipped: tuple[Skipped, ...] = ()
    views: tuple[ViewTarget, ...] = ()  # handed to the engines through a view

    @property
    def paths(self) -> tuple[str, ...]:
        """Every scanned file, as the repository names it."""
        return tuple(sorted({*self.files, *(v.path for v in self.views)}))


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


def _view_kind(
    root: Path, rel: str, supported: Callable[[str], bool], everywhere: Callable[[str], bool]
) -> Kind | None:
    """How ``rel`` needs a view, if it does: it is Python some engine does not take by its
    name, or its identifiers need normalising for every engine."""
    if everywhere(rel):
        native_python = rel.endswith(views.PYTHON_SUFFIXES)
        return Kind.PYTHON if native_python and views.needs_normalising(root, rel) else None
    if supported(rel) and rel.endswith(".pyi"):
        return None  # a stub some engine reads: Python never runs one, no view for the others
    kind = views.kind_of(root, rel)
    if kind is Kind.PYTHON and supported(rel) and not rel.endswith(views.PYTHON_SUFFIXES):
        return None  # Python by its first line, but an engine's own kind of file (YAML...)
    return kind


def select(
    root: Path,
    paths: Iterable[str],
    *,
    supported: Callable[[str], bool],
    exclude: Sequence[str] = (),
    shard: tuple[int, int] | None = None,
    everywhere: Callable[[str], bool] | None = None,
    by_content: bool = True,
) -> TargetSet:
    """Filter ``paths`` to what the engines support, minus excludes, within the shard.

    ``supported`` says whether some engine takes a file by its name, ``everywhere`` whether
    every engine does (default: the same). With ``by_content``, Python the engines would miss
    or misread (see the module docstring) is returned in ``views``. Only files within the
    action's ``paths``/``paths-ignore`` (:mod:`sastflow.scope`) are taken."""
    every = everywhere or supported
    excluded = exclusion(exclude)
    wanted = scope.in_scope()
    files: list[str] = []
    skipped: list[Skipped] = []
    view_targets: list[ViewTarget] = []
    for rel in sorted(set(paths)):
        if excluded(rel) or not wanted(rel) or not in_shard(rel, shard):
            continue
        native = supported(rel)
        kind = _view_kind(root, rel, supported, every) if by_content else None
        if not native and kind is None:
            continue
        reason = _unscannable(root, rel)
        if reason is not None:
            skipped.append(Skipped(rel, reason))
            continue
        if native and not (kind is Kind.PYTHON and every(rel)):
            files.append(rel)  # a file every engine takes and that needs no normalising
        if kind is not None:
            view_targets.append(ViewTarget(rel, kind))
    return TargetSet(tuple(files), tuple(skipped), tuple(view_targets))


def untracked(
    root: Path, supported: Callable[[str], bool], exclude: Sequence[str] = ()
) -> list[str]:
    """Files a full scan of a git work tree leaves out because git does not track them (and
    does not ignore them), that it would otherwise scan."""
    if not gitio.is_repo(root):
        return []
    excluded = exclusion(exclude)
    return [
        rel
        for rel in gitio.untracked_files(root)
        if not excluded(rel) and (supported(rel) or views.kind_of(root, rel) is not None)
    ]
