"""The security-approval gate: the commit status ``sastflow/security-approval`` on the head.

``failure`` ("N findings / M ledger changes need security approval") while blocking new
findings, pending ledger entries or PR-added inline suppressions exist and no security code
owner has approved the current head; ``success`` once one has ("approved by @x"), or when
nothing needs approval.

An approval counts only when all of these hold:

- it is the reviewer's latest decisive review (APPROVED, CHANGES_REQUESTED or DISMISSED; a later
  COMMENTED review does not change a decision, as on GitHub);
- its ``commit_id`` is the current head (an approval of an older push does not carry over);
- the reviewer is a security code owner (listed, or a member of a listed team that could be read);
- the reviewer is not a bot (``type == "Bot"`` or a ``[bot]`` login): GitHub Actions must not be
  able to approve its own findings;
- the reviewer is not the PR author, and did not author or commit the head commit (an owner who
  pushed the code under review cannot approve it);
- the reviewer pushed nothing to the PR since the last approval by another security code owner
  (since the PR was opened, when there is none), as far as the API can tell (:class:`History`):
  no commit of the PR after the one that approval reviewed names them as author or committer,
  and no ``committed`` or ``head_ref_force_pushed`` event after it in the timeline does.
  Otherwise an owner could push a commit written in a colleague's name and approve it once
  somebody else pushed on top. What the API cannot show (a plain push of a commit whose author
  and committer are both forged) is what branch protection's "Require approval of the most
  recent reviewable push" is for (SECURITY.md).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sastflow.github.client import RemoteCommit, RemoteReview, TimelineEvent
from sastflow.github.owners import SecurityOwners

CONTEXT = "sastflow/security-approval"
DECISIVE = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")


class ApprovalState(enum.Enum):
    """The ``approval-state`` output."""

    APPROVED = "approved"  # a security code owner approved the head
    REQUIRED = "required"  # something needs approval and nobody valid approved
    NOT_REQUIRED = "not-required"
    UNKNOWN = "unknown"  # could not be evaluated (dry run without a token, API failure)


@dataclass(frozen=True, slots=True)
class Decision:
    """Who approved the head validly, and why other approvals did not count."""

    approved_by: tuple[str, ...]
    ignored: tuple[tuple[str, str], ...]  # (login, why the approval does not count)
    evaluated: bool = True

    @property
    def approved(self) -> bool:
        return bool(self.approved_by)


UNEVALUATED = Decision((), (), evaluated=False)


@dataclass(frozen=True, slots=True)
class History:
    """Who pushed what to the pull request, as the API tells: its commits (oldest first) and
    the timeline's pushes and reviews (oldest first)."""

    commits: tuple[RemoteCommit, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()


NO_HISTORY = History()


def latest_decisions(reviews: Iterable[RemoteReview]) -> dict[str, RemoteReview]:
    """Each reviewer's latest decisive review (reviews come oldest first, as GitHub lists them)."""
    latest: dict[str, RemoteReview] = {}
    for review in sorted(reviews, key=lambda r: r.id):
        if review.state in DECISIVE:
            latest[review.user.login.lower()] = review
    return latest


def evaluate(
    reviews: Sequence[RemoteReview],
    owners: SecurityOwners,
    *,
    head_sha: str,
    author: str,
    head_pushers: Iterable[str] = (),
    history: History = NO_HISTORY,
) -> Decision:
    pushers = {p.lower() for p in head_pushers}
    approved: list[str] = []
    ignored: list[tuple[str, str]] = []
    for review in latest_decisions(reviews).values():
        if review.state != "APPROVED":
            continue
        login = review.user.login
        why = _why_not(review, owners, head_sha=head_sha, author=author, pushers=pushers)
        if why is None:
            why = pushed_since_other_approval(login, reviews, owners, history)
        if why is None:
            approved.append(login)
        else:
            ignored.append((login, why))
    return Decision(tuple(sorted(approved, key=str.lower)), tuple(ignored))


def _why_not(
    review: RemoteReview,
    owners: SecurityOwners,
    *,
    head_sha: str,
    author: str,
    pushers: set[str],
) -> str | None:
    login = review.user.login
    if review.user.is_bot:
        return "a bot's approval never counts"
    if login.lower() == author.lower():
        return "the pull request's author cannot approve it"
    if not owners.is_owner(login):
        return f"not a security code owner (owners: {owners.describe()})"
    if review.commit_id != head_sha:
        return f"approved an older commit ({review.commit_id[:12]}), not the head {head_sha[:12]}"
    if login.lower() in pushers:
        return "authored or pushed the head commit"
    return None


def pushed_since_other_approval(
    login: str, reviews: Sequence[RemoteReview], owners: SecurityOwners, history: History
) -> str | None:
    """Why ``login``'s approval does not count because they pushed to the PR after the last
    approval by another security code owner (None: nothing says they did)."""
    me = login.lower()
    others = [
        r
        for r in reviews
        if r.state == "APPROVED"
        and r.user.login.lower() != me
        and not r.user.is_bot
        and owners.is_owner(r.user.login)
    ]
    last = max(others, key=lambda r: r.id) if others else None
    start = 0
    if last is not None:
        shas = [c.sha for c in history.commits]
        if last.commit_id in shas:  # else it reviewed a commit force-pushed away: all count
            start = len(shas) - shas[::-1].index(last.commit_id)
    since = "since the last approval by another security code owner" if last else ""
    for commit in history.commits[start:]:
        if me in {p.lower() for p in commit.people}:
            return _pushed(f"authored or committed {commit.sha[:12]}", since)
    position = 0
    if last is not None:
        for index, event in enumerate(history.timeline):
            if event.kind == "reviewed" and event.review_id == last.id:
                position = index + 1
    for event in history.timeline[position:]:
        if event.kind == "reviewed" or me not in {p.lower() for p in event.people}:
            continue
        if event.kind == "head_ref_force_pushed":
            return _pushed(f"force-pushed {event.sha[:12]}", since)
        return _pushed(f"authored or committed {event.sha[:12]}", since)
    return None


def _pushed(what: str, since: str) -> str:
    where = f"to the pull request {since}" if since else "to the pull request"
    return f"{what} {where}; an owner cannot approve their own push"


@dataclass(frozen=True, slots=True)
class Needs:
    """What waits for a security code owner."""

    findings: int  # blocking new findings (rows)
    ledger: int  # pending ledger entries
    inline: int  # inline suppressions the PR added

    @property
    def total(self) -> int:
        return self.findings + self.ledger + self.inline

    @property
    def changes(self) -> int:
        return self.ledger + self.inline


@dataclass(frozen=True, slots=True)
class StatusPlan:
    state: str  # "success" or "failure"
    description: str
    approval: ApprovalState


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def status_for(needs: Needs, decision: Decision, *, trusted: bool = True) -> StatusPlan:
    """``trusted=False``: the results come from a run the PR's author controls (a fork's
    artifact); they may hide findings, so they never clear the gate without an approval."""
    if decision.approved:
        names = ", ".join(f"@{login}" for login in decision.approved_by)
        return StatusPlan("success", f"approved by {names}"[:140], ApprovalState.APPROVED)
    if not trusted and needs.total == 0:
        return StatusPlan(
            "failure",
            "fork pull request: results of its own run need security approval",
            ApprovalState.REQUIRED,
        )
    if needs.total == 0:
        return StatusPlan("success", "nothing needs security approval", ApprovalState.NOT_REQUIRED)
    parts = []
    if needs.findings:
        parts.append(_plural(needs.findings, "finding"))
    if needs.changes:
        parts.append(_plural(needs.changes, "ledger change"))
    description = f"{' / '.join(parts)} need{'s' if needs.total == 1 and len(parts) == 1 else ''}"
    description += " security approval"
    return StatusPlan("failure", description[:140], ApprovalState.REQUIRED)


def reviewers_to_request(
    owners: SecurityOwners,
    *,
    author: str,
    already_users: Iterable[str],
    already_teams: Iterable[str],
    reviewed: Iterable[str],
    org: str,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(users, team slugs) whose review to request: owners not yet asked, never the author
    or a bot, and only teams of the repository's own organisation (GitHub's rule)."""
    asked = {u.lower() for u in already_users} | {r.lower() for r in reviewed}
    asked_teams = {t.lower() for t in already_teams}
    users = tuple(
        u
        for u in owners.users
        if u.lower() not in asked and u.lower() != author.lower() and not u.endswith("[bot]")
    )
    teams = []
    for team in owners.teams:
        team_org, _, slug = team.partition("/")
        if team_org.lower() == org.lower() and slug.lower() not in asked_teams:
            teams.append(slug)
    return users, tuple(teams)
