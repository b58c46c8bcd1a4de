"""Planning the review: which findings get an inline comment, which go to the summary, which
earlier comments get a "fixed" reply. Pure: no API calls (``publish`` executes the plan).

- A finding group (``sastflow.dedupe.group``: one place, several engines) is commented once,
  on a line the PR adds (``diffmap``), if none of its fingerprints has a comment of sastflow's
  already (an earlier run's, found by its hidden marker). That is what makes reruns post
  nothing twice.
- At most ``cap`` inline comments on open findings (config ``max_inline_comments``, at most 30,
  GitHub's advice per review): a run posts ``cap`` minus those already standing, the most
  severe first, so reruns never pile up more. The rest, and every finding outside the diff,
  are in the summary comment, which lists every new finding in any case.
- A comment of sastflow's whose fingerprints are all gone gets one reply, itself marked, so it
  is never repeated, and its thread is resolved. Nothing is declared fixed when an engine
  failed: a missing finding may just be a missing result.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sastflow.github import bodies, markers
from sastflow.github.client import InlineComment, RemoteReviewComment
from sastflow.github.diffmap import DiffMap
from sastflow.model import Finding, ScanReport, SuppressionKind, SuppressionStatus
from sastflow.render.view import Row, Status, build_rows

HARD_MAX_INLINE = 30


class Where(enum.Enum):
    """Where a new finding is shown, besides the summary table."""

    INLINE = "inline"  # commented by this run's review
    COMMENTED = "commented"  # commented by an earlier run
    OUTSIDE_DIFF = "outside-diff"
    OVER_CAP = "over-cap"
    REJECTED = "rejected"  # GitHub answered 422 for its line
    NOT_POSTED = "not-posted"  # dry run, read-only token

    @property
    def label(self) -> str:
        """The summary's words. The same for this run's and earlier runs' inline comments, so
        that an unchanged rerun renders an identical summary (and writes nothing)."""
        return _LABELS[self]


_LABELS = {
    Where.INLINE: "inline comment",
    Where.COMMENTED: "inline comment",
    Where.OUTSIDE_DIFF: "not on a line this PR adds",
    Where.OVER_CAP: "over the inline-comment cap",
    Where.REJECTED: "GitHub refused the line (422)",
    Where.NOT_POSTED: "not posted",
}


@dataclass(frozen=True, slots=True)
class PlannedInline:
    key: str  # the group's lead fingerprint
    comment: InlineComment


@dataclass(frozen=True, slots=True)
class PlannedReply:
    comment_id: int
    fingerprint: str
    body: str


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    rows: tuple[Row, ...]  # every new finding group, in report order (blocking first)
    where: Mapping[str, Where]  # lead fingerprint -> where it is shown
    inline: tuple[PlannedInline, ...]
    replies: tuple[PlannedReply, ...]
    notes: tuple[str, ...] = ()

    def with_where(self, changes: Mapping[str, Where]) -> ReviewPlan:
        return ReviewPlan(
            self.rows,
            {**self.where, **changes},
            tuple(p for p in self.inline if changes.get(p.key, Where.INLINE) is Where.INLINE),
            self.replies,
            self.notes,
        )


def key(row: Row) -> str:
    return row.lead.fingerprint


def new_rows(report: ScanReport, rows: Sequence[Row] | None = None) -> list[Row]:
    """New, unsuppressed finding groups (a pending suppression silences nothing). ``rows``:
    the report's rows when the run already built them (:func:`sastflow.render.view.build_rows`)."""
    every = build_rows(report) if rows is None else rows
    return [r for r in every if r.status in (Status.NEW, Status.PENDING)]


def pending_inline(report: ScanReport) -> list[Finding]:
    """Findings with an inline suppression the PR added, awaiting approval."""
    return [
        f
        for f in report.findings
        if any(
            s.kind is SuppressionKind.IN_SOURCE and s.status is SuppressionStatus.UNDER_REVIEW
            for s in f.suppressions
        )
    ]


def effective_cap(configured: int) -> int:
    return max(0, min(configured, HARD_MAX_INLINE))


def _existing(
    comments: Sequence[RemoteReviewComment], identity: markers.Identity
) -> tuple[dict[str, RemoteReviewComment], dict[int, list[str]], set[int]]:
    """sastflow's own root comments by fingerprint, their fingerprints, and the roots that
    already have a "fixed" reply."""
    by_fp: dict[str, RemoteReviewComment] = {}
    roots: dict[int, list[str]] = {}
    replied: set[int] = set()
    for comment in identity.own(comments):
        if comment.in_reply_to is None:
            fps = list(markers.finding_fingerprints(comment.body))
            if fps:
                roots[comment.id] = fps
                for fp in fps:
                    by_fp.setdefault(fp, comment)
        elif markers.fixed_fingerprints(comment.body):
            replied.add(comment.in_reply_to)
    return by_fp, roots, replied


def plan_review(
    report: ScanReport,
    diff: DiffMap,
    existing: Sequence[RemoteReviewComment],
    *,
    identity: markers.Identity,
    cap: int,
    owners: str,
    today: dt.date,
    max_expiry_days: int,
    rows: Sequence[Row] | None = None,
) -> ReviewPlan:
    rows = new_rows(report, rows)
    by_fp, roots, replied = _existing(existing, identity)
    gate = report.fail_on.label if report.fail_on is not None else "never"
    where: dict[str, Where] = {
        key(row): Where.COMMENTED
        for row in rows
        if any(f.fingerprint in by_fp for f in row.findings)
    }
    inline: list[PlannedInline] = []
    limit = max(effective_cap(cap) - len(where), 0)
    for row in rows:
        if key(row) in where:
            continue
        line = next((n for n in (diff.target_line(f) for f in row.findings) if n is not None), None)
        if line is None:
            where[key(row)] = Where.OUTSIDE_DIFF
            continue
        if len(inline) >= limit:
            where[key(row)] = Where.OVER_CAP
            continue
        body = bodies.inline_body(
            row, gate=gate, owners=owners, today=today, max_expiry_days=max_expiry_days
        )
        inline.append(PlannedInline(key(row), InlineComment(row.path, line, body)))
        where[key(row)] = Where.INLINE

    notes: list[str] = []
    replies: list[PlannedReply] = []
    open_fps = {f.fingerprint for row in rows for f in row.findings}
    present = {f.fingerprint for f in report.findings}
    head = report.head_ref or ""
    gone = [
        (root, fps)
        for root, fps in roots.items()
        if root not in replied and not any(fp in open_fps for fp in fps)
    ]
    if gone and report.incomplete:
        notes.append(
            f"{len(gone)} earlier inline comment(s) are not marked fixed: an engine failed, so a "
            "missing finding may only be a missing result"
        )
    elif gone:
        for root, fps in sorted(gone):
            how = "Fixed" if not any(fp in present for fp in fps) else "No longer a new finding"
            replies.append(PlannedReply(root, fps[0], bodies.fixed_reply(fps[0], head, how)))
    return ReviewPlan(tuple(rows), where, tuple(inline), tuple(replies), tuple(notes))
