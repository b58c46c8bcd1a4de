"""The ``issue_comment`` / ``pull_request_review_comment`` event a ``/sastflow`` command
arrives in, read from the event file as data (what :mod:`sastflow.jobs.accept` acts on)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sastflow.errors import UsageError
from sastflow.github.env import MAX_EVENT_BYTES

EVENTS = ("issue_comment", "pull_request_review_comment")


@dataclass(frozen=True, slots=True)
class CommentEvent:
    kind: str  # one of EVENTS
    action: str
    number: int | None  # the pull request; None for a comment on a plain issue
    comment_id: int
    reply_to: int | None  # a review comment's in_reply_to_id
    body: str
    commenter: str
    commenter_type: str
    html_url: str

    @property
    def by_bot(self) -> bool:
        return self.commenter_type == "Bot" or self.commenter.endswith("[bot]")


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def read_comment_event(name: str, path: Path) -> CommentEvent:
    if name not in EVENTS:
        raise UsageError(
            f"GITHUB_EVENT_NAME {name!r}: comment-command runs on {' or '.join(EVENTS)} events"
        )
    try:
        if path.stat().st_size > MAX_EVENT_BYTES:
            raise UsageError(f"GITHUB_EVENT_PATH {path}: larger than a webhook payload can be")
        payload = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise UsageError(f"GITHUB_EVENT_PATH {path}: cannot read the event: {exc}") from None
    comment = _get(payload, "comment")
    if not isinstance(comment, dict):
        raise UsageError(f"GITHUB_EVENT_PATH {path}: the {name} event has no comment")
    if name == "issue_comment":
        issue = _get(payload, "issue")
        number = _get(issue, "number") if _get(issue, "pull_request") is not None else None
        reply_to = None
    else:
        number = _get(payload, "pull_request", "number")
        reply_to = comment.get("in_reply_to_id")
    try:
        return CommentEvent(
            kind=name,
            action=str(payload.get("action") or ""),
            number=int(number) if number is not None else None,
            comment_id=int(comment["id"]),
            reply_to=int(reply_to) if reply_to is not None else None,
            body=str(comment.get("body") or ""),
            commenter=str(_get(comment, "user", "login") or ""),
            commenter_type=str(_get(comment, "user", "type") or "User"),
            html_url=str(comment.get("html_url") or ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"GITHUB_EVENT_PATH {path}: malformed {name} event ({exc})") from None
