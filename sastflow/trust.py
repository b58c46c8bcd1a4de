"""What the base commit says: the one place a diff-aware run reads its trusted inputs from.

On a pull request everything that decides what is reported comes from the merge base of the
PR, never from its head: the config (an explicit ``--config`` inside the repository too), the
ignore file, the extra rule folders, the ledger and the security code owners. A PR that changes
any of them gets that change reported (:func:`trust_notes`) and applied only after merge.

The PR job, ``scan --base`` and ``triage --base`` all come here, so there is one answer to
"which commit is the base", computed once per run (:class:`Commits`), and one set of guards on
what is read from it (a ledger that is a symbolic link or absurdly large is refused).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sastflow import config as config_mod
from sastflow import gitio
from sastflow.config import Config
from sastflow.errors import ConfigError, GitError, LedgerError, UsageError

if TYPE_CHECKING:
    from sastflow.github.owners import SecurityOwners
    from sastflow.model import LedgerEntry

IGNORE_FILE = ".semgrepignore"
CODEOWNERS_FILES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass(frozen=True, slots=True)
class Commits:
    """The commits of one diff-aware run: ``base`` is the merge base everything trusted is read
    from; ``base_tip`` is the tip of the branch the PR targets."""

    head: str
    base_tip: str
    base: str


# --- commits ---------------------------------------------------------------------------------


def resolve(root: Path, ref: str, what: str) -> str:
    """A commit for ``ref``; in a shallow Actions checkout, fetch it from origin first."""
    sha = gitio.rev_parse(root, ref) or gitio.rev_parse(root, f"origin/{ref}")
    if sha is None and gitio.fetch(root, "origin", ref, depth=1):
        sha = gitio.rev_parse(root, ref) or gitio.rev_parse(root, "FETCH_HEAD")
    if sha is None:
        raise GitError(
            f"{what} {ref!r} is not in this clone and could not be fetched; check out with "
            "full history (actions/checkout with `fetch-depth: 0`) or fetch it first"
        )
    return sha


def _commit_by_sha(root: Path, sha: str, ref: str, what: str) -> str:
    # A shallow Actions checkout: GitHub serves commits by SHA, else try the branch.
    if gitio.rev_parse(root, sha) is None and not gitio.fetch(root, "origin", sha, depth=1):
        gitio.fetch(root, "origin", ref, depth=1)
    if gitio.rev_parse(root, sha) is None:
        raise GitError(
            f"the {what} commit {sha[:12]} ({ref}) is not in this clone and could not be "
            "fetched; check out with actions/checkout `fetch-depth: 0`"
        )
    return sha


def commits(root: Path, base_ref: str, head_ref: str = "HEAD") -> Commits:
    """``scan --base REF [--head REF]``: refs resolved, the merge base found (once)."""
    head = resolve(root, head_ref, "head")
    base_tip = resolve(root, base_ref, "base")
    return Commits(head, base_tip, gitio.merge_base_fetching(root, base_tip, head, fetch_base=True))


def pull_commits(root: Path, base_sha: str, base_ref: str, head_sha: str, head_ref: str) -> Commits:
    """The PR job: the event's SHAs (fetched by SHA in a shallow clone) and their merge base."""
    head = _commit_by_sha(root, head_sha, head_ref, "head")
    base_tip = _commit_by_sha(root, base_sha, base_ref, "base")
    return Commits(head, base_tip, gitio.merge_base_fetching(root, base_tip, head))


def fork_point(root: Path, ref: str, what: str = "--base") -> str:
    """Where the current branch left ``ref``, as a PR scan measures it (``ref`` itself when
    the histories share nothing): what ``triage --base`` compares the ledger with."""
    tip = gitio.rev_parse(root, ref)
    if tip is None:
        raise UsageError(f"{what} {ref}: not a commit in {root}")
    return gitio.merge_base(root, tip, "HEAD") or tip


# --- config, ignore file, rules --------------------------------------------------------------


def config_at(
    root: Path,
    rev: str,
    explicit: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """The config as commit ``rev`` has it, with the command line's overrides. An explicit
    ``--config`` inside the repository is read at ``rev`` too (the PR's copy is untrusted);
    one outside the repository is not the PR's to change and is read from disk."""
    config: Config | None
    if explicit is not None:
        # `scan PATH --config FILE` names FILE from the current directory, as a full scan reads
        # it; the PR job runs in the checkout, where both readings agree.
        resolved = explicit if explicit.is_absolute() or explicit.exists() else root / explicit
        try:
            rel: str | None = resolved.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = None
        if rel is not None:
            data = gitio.show(root, rev, rel)
            if data is None:
                raise UsageError(f"--config {explicit}: not in the base commit {rev[:12]}")
            config = config_mod.parse(
                data.decode("utf-8", "replace"),
                f"{rel}@{rev[:12]}",
                pyproject=Path(rel).name == "pyproject.toml",
            )
        else:
            if not resolved.is_file():
                raise UsageError(f"--config {explicit}: no such file")
            config = config_mod.load(root, resolved)
    else:
        config = config_mod.at_revision(root, rev)
    return config_mod.with_overrides(config or Config(), **dict(overrides or {}))


def ignore_patterns(text: str | None, source: str = IGNORE_FILE) -> tuple[str, ...]:
    """The patterns of an ignore file's text (comments and blank lines dropped); a line that is
    not a valid pattern is a ConfigError naming ``source`` and the line, not a crash."""
    return config_mod.ignore_patterns(text, source)


def ignore_at(root: Path, rev: str, names: Sequence[str] = (IGNORE_FILE,)) -> tuple[str, ...]:
    """The patterns of the ignore files ``names`` as commit ``rev`` has them."""
    patterns: list[str] = []
    for name in names:
        data = gitio.show(root, rev, name)
        text = data.decode("utf-8", "replace") if data else None
        patterns += ignore_patterns(text, f"{name}@{rev[:12]}")
    return tuple(patterns)


def materialise(root: Path, rev: str, paths: Iterable[str], into: Path) -> list[str]:
    """Write ``paths`` as they are at ``rev`` under ``into``; returns those that existed."""
    present: list[str] = []
    for rel in paths:
        data = gitio.show(root, rev, rel)
        if data is None:
            continue
        dest = into / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        present.append(rel)
    return present


def materialise_rules(root: Path, rev: str, folders: Sequence[str], into: Path) -> None:
    """The config's extra rule folders as ``rev`` has them, written under ``into``."""
    for folder in folders:
        files = gitio.ls_tree(root, rev, folder)
        if not files:
            raise ConfigError(f"rules: {folder!r} does not exist at the base commit {rev[:12]}")
        materialise(root, rev, files, into)


# --- ledger ----------------------------------------------------------------------------------


def ledger_text_at(root: Path, rev: str, ledger: str, source: str | None = None) -> str | None:
    """The ledger's text at ``rev`` (None when it has none), refusing a symbolic link (whose
    "content" is a path the PR chose) and an absurd size before anything parses it."""
    from sastflow.triage.ledger import MAX_LEDGER_BYTES, decode_ledger

    source = source or f"{ledger}@{rev[:12]}"
    if gitio.is_symlink(root, rev, ledger):
        raise LedgerError([f"{source}: the ledger is a symbolic link; it must be a regular file"])
    data = gitio.show(root, rev, ledger)
    if data is None:
        return None
    if len(data) > MAX_LEDGER_BYTES:
        limit = f"at most {MAX_LEDGER_BYTES:,}"
        raise LedgerError([f"{source}: {len(data):,} bytes is too large for a ledger ({limit})"])
    return decode_ledger(data, source)


def ledger_at(
    root: Path,
    rev: str,
    ledger: str,
    *,
    today: dt.date,
    max_expiry_days: int,
    source: str | None = None,
) -> tuple[LedgerEntry, ...] | None:
    """The ledger's entries at ``rev`` (None when it has no ledger), through the guards of
    :func:`ledger_text_at`."""
    from sastflow.triage.ledger import parse_ledger

    source = source or f"{ledger}@{rev[:12]}"
    text = ledger_text_at(root, rev, ledger, source)
    if text is None:
        return None
    return parse_ledger(text, source, today=today, max_expiry_days=max_expiry_days)


# --- security owners -------------------------------------------------------------------------


def security_owners(root: Path, rev: str, ledger: str, extra: Sequence[str] = ()) -> SecurityOwners:
    """The security code owners as commit ``rev`` names them: the owners of the ledger in the
    first CODEOWNERS GitHub would read, plus the config's ``security_owners``."""
    from sastflow.github.owners import parse_owners

    for name in CODEOWNERS_FILES:
        data = gitio.show(root, rev, name)
        if data is not None:
            text = data.decode("utf-8", "replace")
            return parse_owners(text, ledger, f"{name}@{rev[:12]}", extra)
    owners = parse_owners("", ledger, "config", extra)
    if owners.empty:
        note = (
            f"no CODEOWNERS at the base commit {rev[:12]} and no `security_owners` in the "
            "config: nobody can approve findings or ledger changes"
        )
        return replace(owners, notes=(*owners.notes, note))
    return owners


# --- what the PR changes among the trusted inputs --------------------------------------------


def trust_notes(
    changed: set[str],
    config: Config,
    config_file: str | None = None,
    ignore_files: Sequence[str] = (IGNORE_FILE,),
) -> list[str]:
    """A note for each trusted input the PR changes: the change waits for merge and review.
    ``config_file`` is an explicit ``--config`` inside the repository (repository-relative)."""
    watched = {
        ".sastflow.toml": "configuration",
        "pyproject.toml": "configuration ([tool.sastflow], if present)",
        **{name: "ignore file" for name in ignore_files},
        **{name: "CODEOWNERS" for name in CODEOWNERS_FILES},
    }
    if config_file is not None:
        watched[config_file] = "configuration (--config)"
    notes = [
        f"this PR changes {path} ({what}); sastflow uses the base commit's version, the change "
        "takes effect after merge and needs security review"
        for path, what in watched.items()
        if path in changed
    ]
    for folder in config.rules:
        prefix = folder.rstrip("/") + "/"
        touched = sorted(p for p in changed if p.startswith(prefix) or p == folder)
        if touched:
            notes.append(
                f"this PR changes rules in {folder} ({len(touched)} files); scanned with the "
                "base commit's rules, the change needs security review"
            )
    return notes


__all__ = [
    "CODEOWNERS_FILES",
    "Commits",
    "commits",
    "config_at",
    "fork_point",
    "ignore_at",
    "ledger_at",
    "ledger_text_at",
    "materialise",
    "materialise_rules",
    "pull_commits",
    "resolve",
    "security_owners",
    "trust_notes",
]
