"""The tracking issue for ledger entries that expire soon: one issue, kept up to date.

``sastflow triage remind`` (the scheduled workflow) calls :func:`sync` with the issue body it
wants, or None when nothing is due:

- nothing open and something due: the issue is created;
- open and due: its body is edited in place, only when it changed (a rerun writes nothing);
- open and nothing due: it is closed (``completed``) with a body saying so;
- nothing open and nothing due: nothing happens.

The issue is recognised by its title, a hidden marker at the top of its body, and its author:
sastflow's own account (see :mod:`sastflow.github.markers`), so nobody can make sastflow edit or
close their issue by copying the title and marker.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sastflow.github.client import ApiError, GitHubClient

TITLE = "sastflow: ledger entries expiring soon"
MARKER = "<!-- sastflow:expiring v1 -->"
CLOSED_BODY = (
    f"{MARKER}\nNo triage ledger entry expires soon any more: each was renewed, fixed or "
    "removed. sastflow reopens a new issue when one is due again."
)


class Action(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CLOSED = "closed"
    NOTHING = "nothing due"


@dataclass(frozen=True, slots=True)
class TrackedIssue:
    number: int
    body: str
    url: str


def _tracked(item: Any, own_login: str) -> TrackedIssue | None:
    if not isinstance(item, dict) or "pull_request" in item:
        return None  # the issues list holds pull requests too
    user = item.get("user") or {}
    body = item.get("body") or ""
    if (
        item.get("title") != TITLE
        or not isinstance(user, dict)
        or user.get("login") != own_login
        or not isinstance(body, str)
        or not body.startswith(MARKER)
    ):
        return None
    try:
        return TrackedIssue(int(item["number"]), body, str(item.get("html_url") or ""))
    except (KeyError, TypeError, ValueError):
        return None


def find(client: GitHubClient, own_login: str) -> TrackedIssue | None:
    """sastflow's open tracking issue (the oldest, should there be several)."""
    items: Sequence[Any] = client.repo_pages("list open issues", "/issues?state=open")
    found = [t for item in items if (t := _tracked(item, own_login)) is not None]
    return min(found, key=lambda t: t.number) if found else None


def _issue(data: Any, what: str) -> TrackedIssue:
    try:
        return TrackedIssue(int(data["number"]), str(data.get("body") or ""), str(data["html_url"]))
    except (KeyError, TypeError, ValueError):
        raise ApiError(f"GitHub API: {what}: the answer has no issue number") from None


def sync(
    client: GitHubClient, own_login: str, body: str | None, *, dry_run: bool = False
) -> tuple[Action, TrackedIssue | None]:
    """Bring the tracking issue in line with ``body`` (None: nothing is due). ``body`` must
    start with :data:`MARKER`."""
    if body is not None and not body.startswith(MARKER):
        raise ValueError("the tracking issue's body must start with its marker")
    current = find(client, own_login)
    if body is None:
        if current is None:
            return Action.NOTHING, None
        if not dry_run:
            client.repo_call(
                "PATCH",
                f"/issues/{current.number}",
                f"close issue #{current.number}",
                {"body": CLOSED_BODY, "state": "closed", "state_reason": "completed"},
            )
        return Action.CLOSED, current
    if current is None:
        if dry_run:
            return Action.CREATED, None
        data = client.repo_call(
            "POST", "/issues", "create the tracking issue", {"title": TITLE, "body": body}
        )
        return Action.CREATED, _issue(data, "create the tracking issue")
    if current.body == body:
        return Action.UNCHANGED, current
    if not dry_run:
        client.repo_call(
            "PATCH", f"/issues/{current.number}", f"edit issue #{current.number}", {"body": body}
        )
    return Action.UPDATED, current
