"""Real comment webhook payloads (``issue_comment``, ``pull_request_review_comment`` from npm
``@octokit/webhooks-examples``), rewritten for a test's pull request and commenter."""

from __future__ import annotations

from typing import Any

from .events import _OLD_REPO, Event, _user, _walk, event_payload, load_event


def _comment(payload: dict[str, Any], *, commenter: str, body: str, comment_id: int) -> None:
    comment = payload["comment"]
    template = comment["user"]
    comment.update(id=comment_id, body=body)
    comment["user"] = _user(commenter, template)
    payload["sender"] = _user(commenter, template)


def review_comment_payload(
    *,
    repo: str,
    number: int,
    head_sha: str,
    base_sha: str,
    author: str,
    commenter: str,
    body: str,
    comment_id: int,
    in_reply_to: int | None,
    path: str,
    api_url: str,
    head_ref: str = "feature",
) -> dict[str, Any]:
    """A ``pull_request_review_comment`` ``created`` payload: ``commenter`` wrote ``body``,
    as a reply to ``in_reply_to`` when given (GitHub then sends ``in_reply_to_id``)."""
    payload = event_payload(
        Event.REVIEW_COMMENT,
        repo=repo,
        number=number,
        head_sha=head_sha,
        base_sha=base_sha,
        author=author,
        head_ref=head_ref,
        api_url=api_url,
        sender=commenter,
    )
    _comment(payload, commenter=commenter, body=body, comment_id=comment_id)
    comment = payload["comment"]
    comment["html_url"] = f"https://github.com/{repo}/pull/{number}#discussion_r{comment_id}"
    comment["path"] = path
    comment["commit_id"] = comment["original_commit_id"] = head_sha
    if in_reply_to is not None:
        comment["in_reply_to_id"] = in_reply_to
    return payload


def issue_comment_payload(
    *,
    repo: str,
    number: int,
    author: str,
    commenter: str,
    body: str,
    comment_id: int,
    api_url: str,
    on_pull: bool = True,
) -> dict[str, Any]:
    """An ``issue_comment`` ``created`` payload on pull request ``number`` (``on_pull``: else
    on a plain issue, as GitHub's own example is)."""
    kind = Event.ISSUE_COMMENT if on_pull else Event.ISSUE_COMMENT_ON_ISSUE
    api = api_url.rstrip("/")
    old_number = load_event(kind)["issue"]["number"]

    def rewrite(text: str) -> str:
        text = text.replace("https://api.github.com", api).replace(_OLD_REPO, repo)
        for word in ("issues", "pulls", "pull"):
            text = text.replace(f"{repo}/{word}/{old_number}", f"{repo}/{word}/{number}")
        return text

    payload: dict[str, Any] = dict(_walk(load_event(kind), rewrite))
    issue = payload["issue"]
    issue["number"] = number
    issue["user"] = _user(author, issue["user"])
    owner, name = repo.split("/", 1)
    payload["repository"].update(full_name=repo, name=name)
    payload["repository"]["owner"] = _user(owner, issue["user"], "Organization")
    _comment(payload, commenter=commenter, body=body, comment_id=comment_id)
    comment = payload["comment"]
    where = "pull" if on_pull else "issues"
    comment["html_url"] = f"https://github.com/{repo}/{where}/{number}#issuecomment-{comment_id}"
    return payload
