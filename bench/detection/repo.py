"""A scratch git repository holding exactly the given files, committed: ``sastflow scan`` takes
its targets from ``git ls-files`` inside a work tree, and ``bench/work/`` is git-ignored, so a
plain folder there would scan as empty."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from corpus import GIT, GIT_COMMIT, git


def make_repo(dest: Path, files: Mapping[str, bytes]) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel, data in files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "--all")
    git(dest, *GIT_COMMIT[len(GIT) :], "-m", "bench/detection: scanned files")
    return dest
