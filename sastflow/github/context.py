"""What the job learns about the pull request through the API before it scans.

The approval decision must be known before the scan (an approved head lets the PR's pending
ledger entries take effect), so this reads sastflow's identity, the pull request, its reviews,
the security owners' teams, who made the head commit and who pushed what to the PR (its commits
and timeline), and decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sastflow import gitio
from sastflow.errors import GitError
from sastflow.github import markers
from sastflow.github.approval import History, evaluate
from sastflow.github.client import ApiError, GitHubClient, noreply_login
from sastflow.github.env import PullRequest
from sastflow.github.owners import SecurityOwners, expand_teams
from sastflow.github.publish import PullContext


def git_pushers(root: Path, sha: str) -> tuple[str, ...]:
    """Logins behind GitHub noreply addresses of the commit's author and committer (git knows
    them even when the API cannot map an email to an account)."""
    try:
        emails = gitio.commit_emails(root, sha)
    except GitError:  # no git, or not a revision git accepts: no logins to add
        return ()
    return tuple(login for e in emails if (login := noreply_login(e)))


def push_history(client: GitHubClient, number: int, notes: list[str]) -> History:
    """The PR's commits and timeline, for the rule that an owner cannot approve their own
    push. Without the timeline (an older server: 404; a token that may not read issues: 403)
    the commits still tell, and a note says what was not checked."""
    commits = tuple(client.pull_commits(number))
    try:
        timeline = tuple(client.timeline(number))
    except ApiError as exc:
        if exc.status not in (403, 404, 410):
            raise
        notes.append(
            f"the pull request's timeline could not be read (HTTP {exc.status}): force pushes "
            "by an approving owner were not checked"
        )
        timeline = ()
    return History(commits, timeline)


def read_context(
    client: GitHubClient,
    repository: str,
    pull: PullRequest,
    owners: SecurityOwners,
    *,
    bot_login: str | None = None,
    root: Path | None = None,
    pushers: Iterable[str] = (),
) -> tuple[PullContext, list[str]]:
    """The pull request's context and the approval decision, plus notes for the summary.
    ``pushers``: logins known to have pushed the head (e.g. a ``synchronize`` event's sender)."""
    notes: list[str] = []
    login = bot_login or client.authenticated_login() or markers.ACTIONS_BOT
    remote = client.get_pull(pull.number)
    if remote.pull.head_sha != pull.head_sha:
        notes.append(
            f"the pull request has moved on to {remote.pull.head_sha[:12]}; this run is about "
            f"{pull.head_sha[:12]} (the run for the new head covers it)"
        )
    reviews = client.list_reviews(pull.number)
    owners = expand_teams(owners, client.team_members, (ApiError,))
    made_head = set(pushers) | set(client.commit_people(pull.head_sha))
    if root is not None:
        made_head |= set(git_pushers(root, pull.head_sha))
    decision = evaluate(
        reviews,
        owners,
        head_sha=pull.head_sha,
        author=pull.author,
        head_pushers=made_head,
        history=push_history(client, pull.number, notes),
    )
    ctx = PullContext(
        repository=repository,
        pull=pull,
        identity=markers.Identity(login),
        owners=owners,
        decision=decision,
        requested_users=remote.requested_users,
        requested_teams=remote.requested_teams,
        reviewed_by=tuple(dict.fromkeys(r.user.login for r in reviews)),
    )
    return ctx, notes
