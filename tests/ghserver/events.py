"""Real webhook payloads (from npm ``@octokit/webhooks-examples``), rewritten for a test.

``events/*.json`` are GitHub's own examples (``Codertocat/Hello-World``, PR #2); the fork one
is derived from ``opened`` (see EXTRACTED.md). :func:`event_payload` swaps in the test's
repository, number, refs, SHAs and people, and points every API URL at the test server, then
:func:`write_event` stores it where ``GITHUB_EVENT_PATH`` can name it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

EVENTS_DIR = Path(__file__).with_name("events")

_OLD_REPO = "Codertocat/Hello-World"
_OLD_NUMBER = 2


class Event(str, Enum):
    """The example payloads kept, by file name."""

    OPENED = "pull_request.opened"
    SYNCHRONIZE = "pull_request.synchronize"
    FORK_OPENED = "pull_request.opened.fork"
    REVIEW_SUBMITTED = "pull_request_review.submitted"
    REVIEW_COMMENT = "pull_request_review_comment.created"
    ISSUE_COMMENT = "issue_comment.created.pull"  # on a pull request (derived, see EXTRACTED)
    ISSUE_COMMENT_ON_ISSUE = "issue_comment.created"

    @property
    def event_name(self) -> str:
        """The ``GITHUB_EVENT_NAME`` this payload comes with."""
        return self.value.split(".", 1)[0]


def load_event(event: Event | str) -> dict[str, Any]:
    """The untouched example payload."""
    name = Event(event).value
    data: dict[str, Any] = json.loads((EVENTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return data


def _walk(node: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(node, dict):
        return {key: _walk(value, fn) for key, value in node.items()}
    if isinstance(node, list):
        return [_walk(item, fn) for item in node]
    if isinstance(node, str):
        return fn(node)
    return node


def _user(login: str, template: dict[str, Any], type: str | None = None) -> dict[str, Any]:
    old = template["login"]
    user: dict[str, Any] = _walk(copy.deepcopy(template), lambda s: s.replace(old, login))
    user["login"] = login
    user["type"] = type or ("Bot" if login.endswith("[bot]") else "User")
    return user


def event_payload(
    event: Event | str,
    *,
    repo: str,
    number: int,
    head_sha: str,
    base_sha: str,
    author: str,
    head_ref: str = "feature",
    base_ref: str = "main",
    api_url: str = "https://api.github.com",
    sender: str | None = None,
    before: str | None = None,
    reviewer: str | None = None,
    review_state: str = "approved",
    review_commit: str | None = None,
    review_id: int = 1,
    review_body: str = "",
) -> dict[str, Any]:
    """A payload of ``event`` for the test's pull request.

    ``before`` is the previous head of a ``synchronize``; ``reviewer``, ``review_state``
    (``approved``, ``commented``, ``changes_requested``: lower case, as webhooks send it) and
    ``review_commit`` (default: the head) describe a ``pull_request_review``.
    """
    kind = Event(event)
    payload = load_event(kind)
    pull = payload["pull_request"]
    old_head, old_base = pull["head"]["sha"], pull["base"]["sha"]
    old_head_repo = pull["head"]["repo"]["full_name"]
    owner, name = repo.split("/", 1)
    head_repo = f"{author}/{name}" if kind is Event.FORK_OPENED else repo
    api = api_url.rstrip("/")
    replacements = [
        (old_head, head_sha),
        (old_base, base_sha),
        ("https://api.github.com", api),
        (old_head_repo, head_repo),
        (_OLD_REPO, repo),
    ]
    number_pattern = re.compile(rf"/(pulls|issues|pull)/{_OLD_NUMBER}(?=$|[/#?])")

    def rewrite(text: str) -> str:
        for old, new in replacements:
            text = text.replace(old, new)
        if repo in text:
            text = number_pattern.sub(lambda m: f"/{m.group(1)}/{number}", text)
        return text

    payload = dict(_walk(payload, rewrite))
    pull = payload["pull_request"]
    user_template = pull["user"]
    pull["number"] = number
    if "number" in payload:
        payload["number"] = number
    pull["user"] = _user(author, user_template)
    pull["head"].update(sha=head_sha, ref=head_ref, label=f"{head_repo.split('/')[0]}:{head_ref}")
    pull["head"]["user"] = _user(head_repo.split("/")[0], user_template)
    pull["base"].update(sha=base_sha, ref=base_ref, label=f"{owner}:{base_ref}")
    pull["base"]["user"] = _user(owner, user_template, "Organization")
    for side, full in (("head", head_repo), ("base", repo)):
        block = pull[side]["repo"]
        block.update(full_name=full, name=name)
        block["owner"] = _user(
            full.split("/")[0],
            user_template,
            "User" if side == "head" and full != repo else "Organization",
        )
    pull["head"]["repo"]["fork"] = head_repo != repo
    payload["repository"].update(full_name=repo, name=name)
    payload["repository"]["owner"] = _user(owner, user_template, "Organization")
    payload["sender"] = _user(sender or (reviewer if reviewer else author), user_template)
    if kind is Event.SYNCHRONIZE:
        payload["before"] = before or base_sha
        payload["after"] = head_sha
    if kind is Event.REVIEW_SUBMITTED:
        review = payload["review"]
        review.update(
            id=review_id,
            state=review_state.lower(),
            commit_id=review_commit or head_sha,
            body=review_body,
        )
        review["user"] = _user(reviewer or author, user_template)
    return payload


def write_event(path: Path, payload: dict[str, Any]) -> Path:
    """Write ``payload`` as the file ``GITHUB_EVENT_PATH`` points to."""
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return path
