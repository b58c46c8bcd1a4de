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
  pushed the code under review cannot approve it).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sastflow.github.client import RemoteReview
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
