"""``merge_group`` events as data: the event file, the queue's branch name, and the pull
request numbers GitHub's merge-queue commits name. The check itself (scan, decide, set the
status) is the application :mod:`sastflow.jobs.merge_queue`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sastflow import proc
from sastflow.errors import GitError
from sastflow.github.env import SHA, _load, _Payload

QUEUE_REF = re.compile(
    r"(?:refs/heads/)?gh-readonly-queue/(?P<branch>.+)/pr-(?P<number>[1-9]\d*)-(?P<sha>[0-9a-f]{40})"
)
# GitHub's own merge-queue commits: a merge commit's subject, or a squash commit's "(#N)".
_MERGED = re.compile(r"^Merge pull request #([1-9]\d*) from \S+|\(#([1-9]\d*)\)$")
MAX_PULLS = 100  # GitHub's merge queue builds groups of at most 100 pull requests


@dataclass(frozen=True, slots=True)
class MergeGroup:
    """What a ``merge_group`` payload says about the queued merge."""

    head_sha: str
    head_ref: str  # gh-readonly-queue/<base>/pr-<N>-<sha>
    base_sha: str
    base_ref: str  # the base branch, without refs/heads/
    number: int  # the pull request the group is named after


def read_merge_group(path: Path) -> MergeGroup:
    """The ``merge_group`` block of the event payload; UsageError naming the key if malformed."""
    payload = _Payload(path, _load(path))
    head_ref = payload.text("merge_group.head_ref")
    match = QUEUE_REF.fullmatch(head_ref)
    if match is None:
        raise payload.fail(
            "merge_group.head_ref",
            f"{head_ref[:120]!r} is not a merge-queue branch "
            "(gh-readonly-queue/<base>/pr-<N>-<sha>)",
        )
    base_ref = payload.text("merge_group.base_ref").removeprefix("refs/heads/")
    if match["branch"] != base_ref:
        raise payload.fail(
            "merge_group.head_ref", f"queues onto {match['branch']!r}, not {base_ref!r}"
        )
    return MergeGroup(
        head_sha=payload.text("merge_group.head_sha", SHA),
        head_ref=head_ref.removeprefix("refs/heads/"),
        base_sha=payload.text("merge_group.base_sha", SHA),
        base_ref=base_ref,
        number=int(match["number"]),
    )


def numbers_in_messages(root: Path, base: str, head: str) -> list[int]:
    """Pull-request numbers named by the queue's merge commits between ``base`` and ``head``."""
    try:
        done = proc.run(
            ["git", "log", "--format=%B%x00", "--end-of-options", f"{base}..{head}", "--"],
            cwd=root,
            timeout=120,
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        raise GitError(f"git log {base[:12]}..{head[:12]} failed: {done.stderr_tail()}")
    found: list[int] = []
    for message in done.stdout.decode("utf-8", "replace").split("\0"):
        subject = message.strip().split("\n", 1)[0].strip()
        match = _MERGED.search(subject)
        if match is not None:
            found.append(int(match.group(1) or match.group(2)))
    return found
