"""The code the bench scans: Django's source distribution (tests included) from PyPI, unpacked
under ``bench/work/``, and real git repositories built from it for the PR scans.

Quick mode scans ``examples/`` instead (no download), so CI can prove the bench still runs.

Every repository has two branches: ``main`` (the base) and ``pr`` (checked out), which differ by
one file: the same change in every repository, so the PR curve varies the repository size only.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common import REPO, VENV_BIN, WORK, BenchError

Log = Callable[[str], None]
DJANGO = "5.2.19"
SCANNED_SUFFIXES = (".py", ".pyi", ".pyw", ".yml", ".yaml")
GIT = ("git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid")
GIT_COMMIT = (*GIT, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify")

# The PR: one new function with a shell-injection sink (both engines flag it) and one edited
# line in an existing function, appended to the same file in every repository.
PR_ADDITION = '''

def bench_run_hook(command):
    """Added by the bench's pull request: a new finding for both engines."""
    import subprocess

    return subprocess.run(command, shell=True, check=False)
'''


@dataclass(frozen=True, slots=True)
class Corpus:
    """A tree of real Python code and the files the PR curve picks from."""

    name: str
    root: Path
    changed: str  # the file the PR edits (repository-relative)
    python: tuple[tuple[str, int], ...]  # (path, lines), in a stable order

    @property
    def lines(self) -> int:
        return sum(lines for _, lines in self.python)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def _python_files(root: Path) -> tuple[tuple[str, int], ...]:
    found = sorted(p for p in root.rglob("*.py") if p.is_file() and not p.is_symlink())
    return tuple((p.relative_to(root).as_posix(), _lines(p)) for p in found)


def django(log: Log = print) -> Corpus:
    """Django's sdist (all of it: the package and its ~1,900 test modules), from PyPI."""
    root = WORK / f"django-{DJANGO}"
    if not (root / "django" / "__init__.py").is_file():
        downloads = WORK / "dl"
        downloads.mkdir(parents=True, exist_ok=True)
        archive = downloads / f"django-{DJANGO}.tar.gz"
        if not archive.is_file():
            log(f"downloading the Django {DJANGO} source distribution from PyPI")
            done = subprocess.run(
                [
                    str(VENV_BIN / "python"), "-m", "pip", "download", "--quiet", "--no-deps",
                    "--no-binary", ":all:", "--dest", str(downloads), f"django=={DJANGO}",
                ],
                capture_output=True,
                timeout=600,
                check=False,
            )  # fmt: skip
            if done.returncode != 0 or not archive.is_file():
                tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
                raise BenchError(f"pip download django=={DJANGO} failed: {' | '.join(tail)}")
        log(f"unpacking {archive.name}")
        with tarfile.open(archive) as tar:
            tar.extractall(WORK, filter="data")
    return Corpus("django", root, "django/utils/text.py", _python_files(root))


def examples() -> Corpus:
    """sastflow's own vulnerable demo: tiny, always present, findings for both engines."""
    root = REPO / "examples"
    return Corpus("examples", root, "inkwell/db.py", _python_files(root))


def pick(corpus: Corpus, lines: int | None) -> list[str]:
    """Files adding up to at least ``lines`` lines of Python (``None``: the whole tree), always
    holding the file the PR changes. Package code first, then tests, in path order."""
    if lines is None:
        return sorted(
            p.relative_to(corpus.root).as_posix()
            for p in corpus.root.rglob("*")
            if p.is_file() and not p.is_symlink()
        )
    chosen = [corpus.changed]
    total = dict(corpus.python)[corpus.changed]
    for path, count in corpus.python:
        if total >= lines:
            break
        if path != corpus.changed:
            chosen.append(path)
            total += count
    return sorted(chosen)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [*GIT, *args], cwd=repo, capture_output=True, timeout=600, check=False, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"git {' '.join(args)} in {repo}: {done.stderr.strip()[-300:]}")
    return done.stdout


@dataclass(frozen=True, slots=True)
class Repo:
    path: Path
    changed: str
    python_lines: int
    files: int


def build_repo(corpus: Corpus, name: str, lines: int | None, log: Log = print) -> Repo:
    """A git repository of ``pick(corpus, lines)`` on ``main`` and the PR on ``pr`` (checked
    out). Rebuilt only when the file list or the PR change; otherwise reused as it is."""
    files = pick(corpus, lines)
    spec = hashlib.sha256(json.dumps([files, PR_ADDITION, corpus.changed]).encode()).hexdigest()
    dest = WORK / "repos" / name
    stamp = dest / ".git" / "bench-spec"
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == spec):
        log(f"building repository {name} ({len(files)} files)")
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for rel in files:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus.root / rel, target)
        git(dest, "init", "--quiet", "--initial-branch=main")
        git(dest, "add", "--all")
        git(dest, *GIT_COMMIT[len(GIT) :], "-m", f"{name}: base")
        git(dest, "checkout", "--quiet", "-b", "pr")
        changed = dest / corpus.changed
        changed.write_bytes(changed.read_bytes() + PR_ADDITION.encode())
        git(dest, "add", corpus.changed)
        git(dest, *GIT_COMMIT[len(GIT) :], "-m", "pr: one file changed")
        stamp.write_text(spec, encoding="utf-8")
    python_lines = sum(_lines(dest / f) for f in files if f.endswith(".py"))
    return Repo(dest, corpus.changed, python_lines, len(files))


def scan_targets(repo: Path, suffixes: Sequence[str]) -> list[str]:
    """What sastflow hands an engine in a full scan: tracked files with the engine's suffixes."""
    from sastflow import targets

    chosen = targets.select(
        repo, targets.candidate_files(repo), supported=lambda p: p.endswith(tuple(suffixes))
    )
    return list(chosen.files)
