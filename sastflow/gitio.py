"""Read a repository through git: tracked files, a file at a commit, the diff of a PR."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sastflow import proc
from sastflow.errors import GitError


def _git(root: Path, *args: str, check: bool = True) -> proc.Completed:
    try:
        done = proc.run(["git", "-c", "core.quotepath=off", *args], cwd=root, timeout=300)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if check and done.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed in {root}: {done.stderr_tail()}")
    return done


def is_repo(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode == 0
    except GitError:
        return False


def tracked_files(root: Path) -> list[str]:
    """Tracked files under ``root``, relative to it, NUL-separated so any name is safe."""
    out = _git(root, "ls-files", "-z", "--cached", "--", ".").stdout
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def untracked_files(root: Path) -> list[str]:
    """Files under ``root`` git neither tracks nor ignores, relative to it."""
    out = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".").stdout
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def _revision(ref: str) -> str:
    """Refs reach git after --end-of-options, and one that looks like an option is refused
    outright: a PR-controlled branch name must never become ``--upload-pack=...``."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
        raise GitError(f"{ref!r} is not a valid git revision")
    return ref


def rev_parse(root: Path, ref: str) -> str | None:
    done = _git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{_revision(ref)}^{{commit}}",
        check=False,
    )
    return done.stdout.decode().strip() if done.returncode == 0 else None


def commit_emails(root: Path, rev: str) -> list[str]:
    """The author's and committer's email of commit ``rev`` (none if git cannot read it)."""
    done = _git(
        root, "show", "-s", "--format=%ae%n%ce", "--end-of-options", _revision(rev), "--",
        check=False,
    )  # fmt: skip
    return done.stdout.decode("utf-8", "replace").split() if done.returncode == 0 else []


def merge_base(root: Path, base: str, head: str) -> str | None:
    done = _git(
        root, "merge-base", "--end-of-options", _revision(base), _revision(head), check=False
    )
    return done.stdout.decode().strip() if done.returncode == 0 else None


def merge_base_fetching(root: Path, base: str, head: str, *, fetch_base: bool = False) -> str:
    """The merge base of ``base`` and ``head``, deepening a shallow clone (50, then 500 more
    commits) until it has one; ``fetch_base`` first fetches ``base``, which the clone may lack."""
    found = merge_base(root, base, head)
    if found is None and is_shallow(root):
        if fetch_base:
            fetch(root, "origin", base)
        for depth in (50, 500):
            fetch(root, "origin", None, deepen=depth)
            found = merge_base(root, base, head)
            if found is not None:
                break
    if found is None:
        raise GitError(
            f"no merge base between {base[:12]} and {head[:12]}: the clone is shallow or the "
            "histories are unrelated; use actions/checkout with `fetch-depth: 0`"
        )
    return found


def is_shallow(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"


def fetch(
    root: Path, remote: str, ref: str | None, *, depth: int | None = None, deepen: int | None = None
) -> bool:
    """Fetch ``ref`` (or, with ``deepen``, more history of what is there) from ``remote``."""
    args = ["fetch", "--no-tags", "--quiet"]
    if depth is not None:
        args.append(f"--depth={depth}")
    if deepen is not None:
        args.append(f"--deepen={deepen}")
    args += ["--end-of-options", _revision(remote)]
    if ref is not None:
        args.append(_revision(ref))
    return _git(root, *args, check=False).returncode == 0


def show(root: Path, rev: str, path: str) -> bytes | None:
    """The content of ``path`` (relative to ``root``) at ``rev``, or None when it is absent."""
    spec = f"{_revision(rev)}:./{path.removeprefix('./')}"
    done = _git(root, "cat-file", "blob", spec, check=False)
    return done.stdout if done.returncode == 0 else None


def is_symlink(root: Path, rev: str, path: str) -> bool:
    """Whether ``path`` at ``rev`` is stored as a symbolic link (mode 120000)."""
    out = _git(
        root, "ls-tree", "-z", _revision(rev), "--", f"./{path.removeprefix('./')}", check=False
    ).stdout
    return out.startswith(b"120000 ")


def ls_tree(root: Path, rev: str, path: str) -> list[str]:
    """Files under ``path`` (a folder) at ``rev``, repository-relative."""
    out = _git(
        root, "ls-tree", "-r", "-z", "--name-only", _revision(rev), "--", path, check=False
    ).stdout
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


@dataclass(frozen=True, slots=True)
class Change:
    """One file a PR touches. ``old_path`` differs from ``path`` for renames."""

    status: str  # A, M, D, R, C, T
    path: str
    old_path: str


def changed_files(root: Path, base: str, head: str) -> list[Change]:
    """``git diff --name-status base...head`` with renames followed, NUL-safe."""
    out = _git(
        root,
        "diff",
        "--relative",
        "--name-status",
        "-z",
        "-M",
        "--no-color",
        f"{_revision(base)}...{_revision(head)}",
        "--",
    ).stdout
    parts = [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0")]
    changes: list[Change] = []
    i = 0
    while i < len(parts) and parts[i]:
        status = parts[i][0]
        if status in "RC":
            changes.append(Change(status, parts[i + 2], parts[i + 1]))
            i += 3
        else:
            changes.append(Change(status, parts[i + 1], parts[i + 1]))
            i += 2
    return changes


def unified_diff(root: Path, base: str, head: str, paths: list[str] | None = None) -> str:
    """The PR's unified diff (merge-base to head), zero context, for added-line maps."""
    args = ["diff", "--relative", "-M", "--no-color", "--unified=0"]
    args += [f"{_revision(base)}...{_revision(head)}", "--", *(paths or [])]
    return _git(root, *args).stdout.decode("utf-8", "replace")
