"""The little of GitHub's GraphQL API that review threads need.

Threads can only be resolved through GraphQL. This is no GraphQL engine: it recognises the
operation by name (``resolveReviewThread``, ``unresolveReviewThread``, a query reading
``reviewThreads``), takes its arguments from the variables or from literals in the query, and
answers with every field a client may select (extra fields are harmless to a JSON reader).
Anything else is answered with a GraphQL error, so a test notices.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import NOT_ACCESSIBLE, ApiError
from .records import Permission, ReviewThread, Token
from .state import State

_ARGUMENT = r'\b{name}\s*:\s*(?:"(?P<s>[^"]*)"|(?P<n>\d+)|\$(?P<v>\w+))'


def _argument(query: str, variables: dict[str, Any], *names: str) -> Any:
    """An argument's value: a literal or ``$variable`` in the query, else a variable (or an
    ``input`` variable's field) of the same name."""
    for name in names:
        found = re.search(_ARGUMENT.format(name=name), query)
        if found and found.group("v") is not None:
            return variables.get(found.group("v"))
        if found and found.group("s") is not None:
            return found.group("s")
        if found and found.group("n") is not None:
            return int(found.group("n"))
    for name in names:
        if name in variables:
            return variables[name]
        nested = variables.get("input")
        if isinstance(nested, dict) and name in nested:
            return nested[name]
    return None


def _error(message: str, kind: str = "UNPROCESSABLE") -> dict[str, Any]:
    return {"data": None, "errors": [{"type": kind, "message": message}]}


def graphql(state: State, login: str, token: Token, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return _error("A query attribute must be specified and must be a string.")
    query: str = body["query"]
    variables = body.get("variables") or {}
    mutation = re.match(r"\s*mutation\b", query) is not None
    if mutation and token.permission is not Permission.WRITE:
        return _error(NOT_ACCESSIBLE, "FORBIDDEN")
    for name, resolved in (("unresolveReviewThread", False), ("resolveReviewThread", True)):
        if mutation and re.search(rf"\b{name}\b", query):
            thread_id = _argument(query, variables, "threadId")
            try:
                thread = state.set_thread_resolved(str(thread_id), login, resolved)
            except ApiError as err:
                return _error(err.message, "NOT_FOUND")
            return {"data": {name: {"thread": _thread(state, thread)}}}
    if not mutation and "reviewThreads" in query:
        owner = _argument(query, variables, "owner")
        name = _argument(query, variables, "name", "repo", "repository")
        number = _argument(query, variables, "number", "pr", "pull", "pullNumber", "prNumber")
        try:
            pull = state.pull(f"{owner}/{name}", int(number))
        except (ApiError, TypeError, ValueError):
            return _error(
                f"Could not resolve to a PullRequest with the number of {number}.", "NOT_FOUND"
            )
        threads = [
            _thread(state, t)
            for t in sorted(state.threads.values(), key=lambda t: t.root_comment_id)
            if t.repo == pull.repo and t.pull_number == pull.number
        ]
        connection = {
            "totalCount": len(threads),
            "nodes": threads,
            "edges": [{"node": t, "cursor": t["id"]} for t in threads],
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        }
        return {
            "data": {
                "repository": {"pullRequest": {"number": pull.number, "reviewThreads": connection}}
            }
        }
    return _error("The test server does not implement this GraphQL operation.")


def _thread(state: State, thread: ReviewThread) -> dict[str, Any]:
    comments = sorted(
        (c for c in state.review_comments.values() if c.thread_id == thread.id),
        key=lambda c: c.id,
    )
    root = comments[0] if comments else None
    nodes = [
        {
            "id": c.node_id,
            "databaseId": c.id,
            "body": c.body,
            "author": {"login": c.user.removesuffix("[bot]")},
            "path": c.path,
            "line": c.line,
            "outdated": c.line is None,
            "url": f"https://github.com/{c.repo}/pull/{c.pull_number}#discussion_r{c.id}",
        }
        for c in comments
    ]
    return {
        "id": thread.id,
        "isResolved": thread.resolved,
        "isOutdated": bool(root and root.line is None),
        "path": root.path if root else None,
        "line": root.line if root else None,
        "resolvedBy": {"login": thread.resolved_by} if thread.resolved_by else None,
        "comments": {
            "totalCount": len(nodes),
            "nodes": nodes,
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        },
    }
