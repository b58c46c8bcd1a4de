"""The ``files`` of a pull request, taken from a real git repository's diff.

GitHub's ``patch`` for a file is its unified diff from the first ``@@`` on (no headers),
absent for binary files. Renames carry ``previous_filename``. This runs ``git`` directly
(not sastflow's own git code, which is what the tests check).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .records import FileStatus, PullFile

_STATUS = {
    "A": FileStatus.ADDED,
    "D": FileStatus.REMOVED,
    "M": FileStatus.MODIFIED,
    "R": FileStatus.RENAMED,
    "C": FileStatus.COPIED,
    "T": FileStatus.CHANGED,
}


def _git(root: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
        check=True,
        capture_output=True,
    ).stdout


def rev_parse(root: Path | str, ref: str) -> str:
    """The full sha of ``ref`` in the repository at ``root``."""
    return _git(Path(root), "rev-parse", "--verify", f"{ref}^{{commit}}").decode().strip()


def pull_files(root: Path | str, base: str, head: str) -> list[PullFile]:
    """The PR files between ``base`` and ``head`` (a three-dot diff, from their merge base,
    as GitHub shows a pull request)."""
    root = Path(root)
    merge_base = _git(root, "merge-base", base, head).decode().strip()
    raw = _git(root, "diff", "--raw", "-z", "--find-renames", merge_base, head)
    fields = raw.split(b"\0")
    entries: list[tuple[str, str, str | None]] = []  # (status letter, path, previous path)
    index = 0
    while index < len(fields) and fields[index]:
        letter = fields[index].split()[-1][:1].decode()
        if letter in ("R", "C"):
            old, new = fields[index + 1].decode(), fields[index + 2].decode()
            entries.append((letter, new, old))
            index += 3
        else:
            entries.append((letter, fields[index + 1].decode(), None))
            index += 2
    # One diff for all files, cut at each "diff --git" header: its chunks come in the same
    # order as the raw entries (content lines always start with " ", "+", "-" or "\\").
    whole = _git(
        root, "diff", "--find-renames", "--no-color", "--no-ext-diff", merge_base, head
    ).decode("utf-8", "replace")
    chunks = _split(whole)
    if len(chunks) != len(entries):
        raise RuntimeError(f"git diff gave {len(chunks)} file diffs for {len(entries)} files")
    return [
        PullFile(
            filename=path,
            status=_STATUS.get(letter, FileStatus.MODIFIED),
            patch=_hunks(chunk),
            previous_filename=previous,
        )
        for (letter, path, previous), chunk in zip(entries, chunks, strict=True)
    ]


def _split(whole: str) -> list[str]:
    chunks: list[list[str]] = []
    for line in whole.split("\n"):
        if line.startswith("diff --git "):
            chunks.append([])
        if chunks:
            chunks[-1].append(line)
    return ["\n".join(chunk) for chunk in chunks]


def _hunks(diff_text: str) -> str | None:
    lines = diff_text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("@@"):
            return "\n".join(lines[index:]).rstrip("\n")
        if line.startswith("Binary files "):
            return None
    return None
