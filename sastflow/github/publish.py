"""Publishing a scan to a pull request: the review, the "fixed" replies, the summary comment,
review requests and the ``sastflow/security-approval`` status, in a crash-safe order.

Write order, and why a rerun after a crash at any point duplicates nothing:

1. the status, when it becomes ``failure`` (fail closed first: a crash later cannot leave an
   earlier ``success`` standing on a head that needs approval). Skipped when the latest status
   of the context already says the same;
2. ONE review (``event=COMMENT``, ``commit_id`` = head) holding every new inline comment.
   GitHub creates a review with all its comments or none, and each comment carries the hidden
   fingerprint marker, so the next run sees exactly which fingerprints are commented;
3. the "fixed" replies, each carrying a ``fixed`` marker (a thread already replied to is
   skipped), then their threads resolved (best effort, GraphQL);
4. the summary comment: edited in place when sastflow's own marked comment exists, created
   otherwise;
5. review requests for security code owners not yet requested (skipped when already asked);
6. the status, when it becomes ``success`` (after everything it summarises is posted).

Every step reads before it writes (the plan is made from what exists), so a step that ran
before the crash is a no-op on the rerun. A POST answered with 5xx is never replayed blindly
(the write may have happened): the publisher reads the comments again, re-plans, and tries
once more. A 422 on the review (a line GitHub does not accept) retries once without the
comments whose line is not in GitHub's own diff of the PR; those go to the summary. A 403 on
the first write (a read-only token: fork PR, missing permissions) stops all writing without
failing the job.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sastflow.github import bodies, markers
from sastflow.github.approval import (
    CONTEXT,
    ApprovalState,
    Decision,
    Needs,
    StatusPlan,
    reviewers_to_request,
    status_for,
)
from sastflow.github.client import (
    ApiError,
    Forbidden,
    GitHubClient,
    RemoteIssueComment,
    RemoteReviewComment,
    ServerError,
    Unprocessable,
)
from sastflow.github.diffmap import DiffMap
from sastflow.github.env import PullRequest
from sastflow.github.owners import SecurityOwners
from sastflow.github.review import (
    PlannedInline,
    ReviewPlan,
    Where,
    effective_cap,
    new_rows,
    pending_inline,
    plan_review,
)
from sastflow.model import ScanReport
from sastflow.render.view import Row, build_rows

READ_ONLY_NOTE = (
    "sastflow posted nothing on this pull request: the token may not write here ({why}). "
    "This is expected for pull requests from forks, whose token is read-only; otherwise give "
    "the job `pull-requests: write` and `statuses: write`. The SARIF log, the step summary "
    "and the annotations are complete."
)


@dataclass(frozen=True, slots=True)
class PullContext:
    """Everything about the pull request that is known before publishing."""

    repository: str
    pull: PullRequest
    identity: markers.Identity
    owners: SecurityOwners
    decision: Decision
    requested_users: tuple[str, ...] = ()
    requested_teams: tuple[str, ...] = ()
    reviewed_by: tuple[str, ...] = ()  # everyone who left a review (no need to ask again)
    trusted_results: bool = True  # False: a fork's artifact, which cannot clear the gate

    @property
    def org(self) -> str:
        return self.repository.split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class PublishOptions:
    cap: int = 25
    today: dt.date = field(default_factory=dt.date.today)
    max_expiry_days: int = 180
    request_reviews: bool = True
    notes: tuple[str, ...] = ()  # the job's own notes, shown in the summary comment


@dataclass(frozen=True, slots=True)
class Publication:
    """What was (or, in a dry run, would be) written, and what the job should say."""

    status: StatusPlan
    state: markers.RunState
    plan: ReviewPlan
    summary: str
    review_body: str
    posted: bool  # False: read-only token or dry run
    notes: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()  # what was written, in order (for the log)


def run_state(report: ScanReport, head: str, rows: Sequence[Row] | None = None) -> markers.RunState:
    """The counts the gate decides on, stored in the summary comment for a later review.
    ``rows``: the report's rows, when already built."""
    rows = new_rows(report, rows)
    return markers.RunState(
        head=head,
        blocking=sum(1 for r in rows if r.blocking),
        new=len(rows),
        pending_ledger=len(report.pending_ledger),
        pending_inline=len({f.fingerprint for f in pending_inline(report)}),
        incomplete=report.incomplete,
    )


def needs_of(state: markers.RunState) -> Needs:
    return Needs(state.blocking, state.pending_ledger, state.pending_inline)


def shown_approval(ctx: PullContext, status: StatusPlan) -> ApprovalState:
    """The approval state to show: unknown when the reviews could not be read."""
    return status.approval if ctx.decision.evaluated else ApprovalState.UNKNOWN


def approval_text(ctx: PullContext, status: StatusPlan, why: str = "") -> str:
    return bodies.approval_section(
        shown_approval(ctx, status),
        ctx.decision,
        description=status.description,
        owners=ctx.owners.describe(),
        head=ctx.pull.head_sha,
        why=why,
    )


def render_summary(
    report: ScanReport,
    ctx: PullContext,
    plan: ReviewPlan,
    status: StatusPlan,
    state: markers.RunState,
    *,
    cap: int,
    notes: Sequence[str],
) -> str:
    rows = [
        bodies.SummaryRow(row, plan.where.get(row.lead.fingerprint, Where.NOT_POSTED).label)
        for row in plan.rows
    ]
    return bodies.summary_body(
        report,
        rows,
        state=state,
        approval=approval_text(ctx, status, "" if ctx.decision.evaluated else "no API access"),
        pending_ledger=report.pending_ledger,
        pending_inline=pending_inline(report),
        notes=_capped([*report.notes, *ctx.owners.notes, *plan.notes, *notes]),
        cap=effective_cap(cap),
    )


MAX_NOTES = 25


def _capped(notes: Sequence[str]) -> list[str]:
    """The scan's notes (trust files the PR changes, files not scanned) and the job's, at most
    MAX_NOTES of them: a PR touching 5,000 files must not crowd the findings out."""
    unique = list(dict.fromkeys(notes))
    if len(unique) <= MAX_NOTES:
        return unique
    left = len(unique) - MAX_NOTES + 1
    return [*unique[: MAX_NOTES - 1], f"…and {left} more notes: see the step summary"]


def own_summary(
    comments: Sequence[RemoteIssueComment], identity: markers.Identity
) -> RemoteIssueComment | None:
    """sastflow's summary comment: the oldest of its own comments with the summary marker."""
    for comment in identity.own(comments):
        if markers.is_summary(comment.body):
            return comment
    return None


class _Stop(Exception):
    """The token cannot write: stop writing, keep the job going."""


class Publisher:
    """Executes one publication against the API (see the module docstring for the order)."""

    def __init__(
        self,
        client: GitHubClient,
        ctx: PullContext,
        *,
        log: Callable[[str], None] = lambda _m: None,
    ) -> None:
        self.client = client
        self.ctx = ctx
        self.log = log
        self.writes: list[str] = []
        self.notes: list[str] = []

    def _write(self, what: str, action: Callable[[], object]) -> None:
        try:
            action()
        except Forbidden as exc:
            if not self.writes:
                raise _Stop(str(exc)) from None
            raise
        self.writes.append(what)
        self.log(f"sastflow: {what}")

    # --- steps ----------------------------------------------------------------------------

    def set_status(self, status: StatusPlan, current: tuple[str, str] | None) -> None:
        if current == (status.state, status.description):
            return
        self._write(
            f"status {CONTEXT}: {status.state} ({status.description})",
            lambda: self.client.create_status(
                self.ctx.pull.head_sha, status.state, CONTEXT, status.description
            ),
        )

    def post_review(self, plan: ReviewPlan, total_new: int) -> ReviewPlan:
        """Post the inline comments; on 422, retry once with the lines GitHub accepts."""
        if not plan.inline:
            return plan
        pull = self.ctx.pull
        try:
            self._post(plan.inline, total_new)
            return plan
        except Unprocessable as exc:
            self.log(f"sastflow: GitHub refused the review ({exc}); checking its lines")
        accepted = self.client.added_lines_from_api(pull.number)
        keep = [p for p in plan.inline if p.comment.line in accepted.get(p.comment.path, set())]
        refused = {p.key: Where.REJECTED for p in plan.inline if p not in keep}
        if keep and len(keep) < len(plan.inline):
            try:
                self._post(tuple(keep), total_new)
            except Unprocessable:
                refused.update({p.key: Where.REJECTED for p in keep})
        else:
            refused.update({p.key: Where.REJECTED for p in keep})
        self.notes.append(
            f"GitHub refused {len(refused)} inline comment(s) (HTTP 422: line not in its diff); "
            "they are listed below"
        )
        return plan.with_where(refused)

    def _post(self, inline: Sequence[PlannedInline], total_new: int) -> None:
        comments = [p.comment for p in inline]
        self._write(
            f"review with {len(comments)} inline comment(s)",
            lambda: self.client.create_review(
                self.ctx.pull.number,
                self.ctx.pull.head_sha,
                bodies.review_body(len(comments), total_new),
                comments,
            ),
        )

    def post_replies(self, plan: ReviewPlan) -> None:
        if not plan.replies:
            return
        for reply in plan.replies:
            self._write(
                f"reply 'fixed' to comment {reply.comment_id}",
                functools.partial(
                    self.client.reply, self.ctx.pull.number, reply.comment_id, reply.body
                ),
            )
        try:
            threads = {
                t.root_comment_id: t for t in self.client.review_threads(self.ctx.pull.number)
            }
            for reply in plan.replies:
                thread = threads.get(reply.comment_id)
                if thread is not None and not thread.resolved:
                    self._write(
                        f"resolve thread of comment {reply.comment_id}",
                        functools.partial(self.client.resolve_thread, thread.id),
                    )
        except ApiError as exc:  # resolving is a courtesy; the reply says it all
            self.notes.append(f"could not resolve fixed threads: {exc}")

    def post_summary(self, body: str, existing: RemoteIssueComment | None) -> None:
        if existing is None:
            self._write(
                "create summary comment",
                lambda: self.client.create_issue_comment(self.ctx.pull.number, body),
            )
        elif existing.body != body:
            self._write(
                f"edit summary comment {existing.id}",
                lambda: self.client.edit_issue_comment(existing.id, body),
            )

    def request_reviews(self) -> None:
        ctx = self.ctx
        users, teams = reviewers_to_request(
            ctx.owners,
            author=ctx.pull.author,
            already_users=ctx.requested_users,
            already_teams=ctx.requested_teams,
            reviewed=ctx.reviewed_by,
            org=ctx.org,
        )
        if not users and not teams:
            return
        try:
            self._write(
                f"request review from {', '.join([*users, *teams])}",
                lambda: self.client.request_reviewers(ctx.pull.number, users, teams),
            )
        except Unprocessable as exc:  # e.g. an owner who is not a collaborator
            self.notes.append(f"could not request the security owners' review: {exc}")


def publish(
    report: ScanReport,
    ctx: PullContext,
    client: GitHubClient | None,
    diff: DiffMap,
    options: PublishOptions,
    *,
    log: Callable[[str], None] = lambda _m: None,
    attempts: int = 2,
    rows: Sequence[Row] | None = None,
) -> Publication:
    """Plan from what exists and write it (``client`` None: a dry run, nothing is read or
    written). Raises GitHubError when the API fails for good (after the retries). ``rows``:
    the report's rows, when the run already built them (built here otherwise, once)."""
    rows = build_rows(report) if rows is None else rows
    state = run_state(report, ctx.pull.head_sha, rows)
    status = status_for(needs_of(state), ctx.decision, trusted=ctx.trusted_results)
    if client is None:
        return _unposted(report, rows, ctx, diff, options, status, state, notes=())
    for attempt in range(max(attempts, 1)):
        publisher = Publisher(client, ctx, log=log)
        try:
            return _publish_once(report, rows, ctx, client, diff, options, publisher, status, state)
        except _Stop as stop:
            notes = (READ_ONLY_NOTE.format(why=stop),)
            return _unposted(report, rows, ctx, diff, options, status, state, notes=notes)
        except ServerError as exc:
            # The write may have happened: read again and re-plan (never a blind replay).
            if attempt + 1 >= attempts:
                raise
            log(f"sastflow: {exc}; reading the pull request again before retrying")
            time.sleep(min(2.0**attempt, client.budget.remaining))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _plan(
    report: ScanReport,
    rows: Sequence[Row],
    ctx: PullContext,
    diff: DiffMap,
    options: PublishOptions,
    existing: Sequence[RemoteReviewComment],
) -> ReviewPlan:
    return plan_review(
        report,
        diff,
        existing,
        identity=ctx.identity,
        cap=options.cap,
        owners=ctx.owners.describe(),
        today=options.today,
        max_expiry_days=options.max_expiry_days,
        rows=rows,
    )


def _unposted(
    report: ScanReport,
    rows: Sequence[Row],
    ctx: PullContext,
    diff: DiffMap,
    options: PublishOptions,
    status: StatusPlan,
    state: markers.RunState,
    *,
    notes: tuple[str, ...],
) -> Publication:
    """What the run would post, when it may write nothing (dry run, or a read-only token)."""
    plan = _plan(report, rows, ctx, diff, options, [])
    summary = render_summary(
        report, ctx, plan, status, state, cap=options.cap, notes=(*options.notes, *notes)
    )
    return Publication(status, state, plan, summary, _review_body(plan), posted=False, notes=notes)


def _review_body(plan: ReviewPlan) -> str:
    return bodies.review_body(len(plan.inline), len(plan.rows)) if plan.inline else ""


def _publish_once(
    report: ScanReport,
    rows: Sequence[Row],
    ctx: PullContext,
    client: GitHubClient,
    diff: DiffMap,
    options: PublishOptions,
    publisher: Publisher,
    status: StatusPlan,
    state: markers.RunState,
) -> Publication:
    pull = ctx.pull
    comments = client.list_review_comments(pull.number)
    issue_comments = client.list_issue_comments(pull.number)
    current = client.latest_status(pull.head_sha, CONTEXT)
    plan = _plan(report, rows, ctx, diff, options, comments)

    if status.state == "failure":
        publisher.set_status(status, current)
    plan = publisher.post_review(plan, len(plan.rows))
    publisher.post_replies(plan)
    summary = render_summary(
        report,
        ctx,
        plan,
        status,
        state,
        cap=options.cap,
        notes=(*options.notes, *publisher.notes),
    )
    publisher.post_summary(summary, own_summary(issue_comments, ctx.identity))
    if options.request_reviews and status.approval is ApprovalState.REQUIRED:
        publisher.request_reviews()
    if status.state == "success":
        publisher.set_status(status, current)
    return Publication(
        status,
        state,
        plan,
        summary,
        _review_body(plan),
        posted=True,
        notes=tuple(publisher.notes),
        writes=tuple(publisher.writes),
    )


def reevaluate(
    client: GitHubClient,
    ctx: PullContext,
    previous: markers.RunState,
    summary: RemoteIssueComment,
    *,
    log: Callable[[str], None] = lambda _m: None,
) -> tuple[StatusPlan, bool]:
    """A review event on an unchanged head: the gate from the stored counts, no rescan.
    Returns (status, posted)."""
    status = status_for(needs_of(previous), ctx.decision, trusted=ctx.trusted_results)
    current = client.latest_status(ctx.pull.head_sha, CONTEXT)
    publisher = Publisher(client, ctx, log=log)
    body = bodies.refit_summary(markers.replace_approval(summary.body, approval_text(ctx, status)))
    try:
        if status.state == "failure":
            publisher.set_status(status, current)
        if body != summary.body:
            publisher.post_summary(body, summary)
        if status.approval is ApprovalState.REQUIRED:
            publisher.request_reviews()
        if status.state == "success":
            publisher.set_status(status, current)
    except _Stop:
        return status, False
    return status, True
