"""Issues: list, create, get and edit (title, body, state), numbered with the pull requests.

GitHub lists pull requests among a repository's issues (each with a ``pull_request`` key), so
this does too: a client looking for its own issue has to skip them. Only the fields sastflow
and PyGithub read are rendered. Imported by ``api.py`` to register the routes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .api import Call, R, Reply, _page, route
from .errors import not_found, validation_failed
from .records import Issue, Pull
from .render import WEB, Renderer
from .state import State, node_id, now

_STATES = ("open", "closed")
_REASONS = ("completed", "not_planned", "reopened", None)


def _next_number(state: State, repo: str) -> int:
    taken = [n for (r, n) in state.pulls if r == repo.lower()]
    taken += [n for (r, n) in state.issues if r == repo.lower()]
    return max(taken, default=0) + 1


def render_issue(render: Renderer, issue: Issue) -> dict[str, Any]:
    url = f"{render.api}/repos/{issue.repo}/issues/{issue.number}"
    return {
        "id": issue.id,
        "node_id": node_id("I", issue.id),
        "number": issue.number,
        "url": url,
        "repository_url": f"{render.api}/repos/{issue.repo}",
        "comments_url": f"{url}/comments",
        "html_url": f"{WEB}/{issue.repo}/issues/{issue.number}",
        "title": issue.title,
        "body": issue.body,
        "user": render.user(issue.user),
        "labels": [],
        "state": issue.state,
        "state_reason": issue.state_reason,
        "locked": False,
        "comments": 0,
        "created_at": issue.created_at,
        "updated_at": issue.updated_at,
        "closed_at": issue.closed_at,
        "author_association": render.state.association(issue.repo, issue.user),
    }


def _pull_as_issue(render: Renderer, pull: Pull) -> dict[str, Any]:
    url = f"{render.api}/repos/{pull.repo}/issues/{pull.number}"
    return {
        "id": pull.id,
        "number": pull.number,
        "url": url,
        "html_url": f"{WEB}/{pull.repo}/pull/{pull.number}",
        "title": pull.title,
        "body": pull.body,
        "user": render.user(pull.author),
        "labels": [],
        "state": pull.state,
        "pull_request": {"url": f"{render.api}/repos/{pull.repo}/pulls/{pull.number}"},
    }


def issue(state: State, repo: str, number: int) -> Issue:
    found = state.issues.get((repo.lower(), number))
    if found is None:
        raise not_found()
    return found


@route("GET", R + "/issues")
def list_issues(state: State, render: Renderer, call: Call) -> Reply:
    record = state.repo(call.repo)
    wanted = call.query.get("state", "open")
    creator = call.query.get("creator")
    items: list[tuple[int, dict[str, Any]]] = []
    for (repo, _n), found in state.issues.items():
        mine = repo == record.full_name.lower() and wanted in ("all", found.state)
        if mine and creator in (None, found.user):
            items.append((found.number, render_issue(render, found)))
    for (repo, _n), pull in state.pulls.items():
        mine = repo == record.full_name.lower() and wanted in ("all", pull.state)
        if mine and creator in (None, pull.author):
            items.append((pull.number, _pull_as_issue(render, pull)))
    # GitHub's default order: newest first.
    return _page([item for _n, item in sorted(items, key=lambda i: -i[0])], call)


@route("POST", R + "/issues")
def create_issue(state: State, render: Renderer, call: Call) -> Reply:
    record = state.repo(call.repo)
    title = call.body.get("title") if isinstance(call.body, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise validation_failed("Issue", "title", "title is missing")
    stamp = now()
    created = Issue(
        repo=record.full_name,
        number=_next_number(state, record.full_name),
        id=state.new_id(),
        title=title,
        body=str(call.body.get("body") or ""),
        user=call.login,
        created_at=stamp,
        updated_at=stamp,
    )
    state.issues[(record.full_name.lower(), created.number)] = created
    return Reply(201, render_issue(render, created))


@route("GET", R + "/issues/{issue_number}")
def get_issue(state: State, render: Renderer, call: Call) -> Reply:
    number = call.number("issue_number")
    pull = state.pulls.get((call.repo.lower(), number))
    if pull is not None:
        return Reply(200, _pull_as_issue(render, pull))
    return Reply(200, render_issue(render, issue(state, call.repo, number)))


@route("PATCH", R + "/issues/{issue_number}")
def edit_issue(state: State, render: Renderer, call: Call) -> Reply:
    found = issue(state, call.repo, call.number("issue_number"))
    body = call.body if isinstance(call.body, dict) else {}
    changes: dict[str, Any] = {}
    for key in ("title", "body"):
        if key in body:
            changes[key] = str(body[key] or "")
    if "state" in body:
        if body["state"] not in _STATES:
            raise validation_failed("Issue", "state", f"{body['state']!r} is not open or closed")
        changes["state"] = body["state"]
        if body["state"] != found.state:
            closing = body["state"] == "closed"
            changes["closed_at"] = now() if closing else None
            changes["state_reason"] = body.get("state_reason") or (
                "completed" if closing else "reopened"
            )
    elif body.get("state_reason") in _REASONS and "state_reason" in body:
        changes["state_reason"] = body["state_reason"]
    updated = replace(found, **changes, updated_at=now(), edited_by=(*found.edited_by, call.login))
    state.issues[(found.repo.lower(), found.number)] = updated
    return Reply(200, render_issue(render, updated))
