"""The REST endpoints the test server implements, as a route table.

Each route names its path the way GitHub's OpenAPI description does, so the request-body
schema is looked up by ``"METHOD /template"``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import NOT_ACCESSIBLE, ApiError, not_found
from .graphql import graphql
from .pagination import paginate
from .records import Pull, Token
from .render import Renderer
from .state import State


@dataclass(frozen=True, slots=True)
class Call:
    """One authenticated request, ready for an endpoint."""

    method: str
    path: str
    query: Mapping[str, str]
    body: Any
    token: Token
    url: str  # absolute, without the query: the base for Link headers
    params: Mapping[str, str] = field(default_factory=dict)
    accept: str = ""  # the Accept header: media types such as application/vnd.github.diff

    @property
    def repo(self) -> str:
        return f"{self.params['owner']}/{self.params['repo']}"

    def number(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise not_found() from None

    @property
    def login(self) -> str:
        return self.token.login


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    payload: Any
    headers: Mapping[str, str] = field(default_factory=dict)


Endpoint = Callable[[State, Renderer, Call], Reply]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    endpoint: Endpoint
    pattern: re.Pattern[str]

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def _compile(template: str) -> re.Pattern[str]:
    def group(match: re.Match[str]) -> str:
        name = match.group(1)
        # A ref may hold slashes (feature/x) when the client does not percent-encode it, and
        # a contents path always does.
        return f"(?P<{name}>.+?)" if name in ("ref", "path") else f"(?P<{name}>[^/]+)"

    return re.compile("^" + re.sub(r"\{(\w+)\}", group, template) + "$")


ROUTES: list[Route] = []


def route(method: str, template: str) -> Callable[[Endpoint], Endpoint]:
    def register(fn: Endpoint) -> Endpoint:
        ROUTES.append(Route(method, template, fn, _compile(template)))
        return fn

    return register


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for candidate in ROUTES:
        if candidate.method != method:
            continue
        found = candidate.pattern.match(path)
        if found:
            params = {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
            return candidate, params
    return None


def _page(items: list[Any], call: Call) -> Reply:
    chunk, headers = paginate(items, call.query, call.url)
    return Reply(200, chunk, headers)


def _require_security_events(call: Call) -> None:
    if not call.token.security_events:
        raise ApiError(403, NOT_ACCESSIBLE)


R = "/repos/{owner}/{repo}"

# --- repositories and pulls ----------------------------------------------------------------


@route("GET", R)
def get_repo(state: State, render: Renderer, call: Call) -> Reply:
    return Reply(200, render.repo(state.repo(call.repo)))


@route("GET", R + "/pulls")
def list_pulls(state: State, render: Renderer, call: Call) -> Reply:
    repo = state.repo(call.repo)
    wanted = call.query.get("state", "open")
    pulls = [
        p
        for p in sorted(state.pulls.values(), key=lambda p: p.number, reverse=True)
        if p.repo == repo.full_name
        and (wanted == "all" or p.state == wanted)
        and (not call.query.get("base") or p.base_ref == call.query["base"])
        and (
            not call.query.get("head")
            or f"{p.head_repo.split('/')[0]}:{p.head_ref}" == call.query["head"]
        )
    ]
    return _page([render.pull(p) for p in pulls], call)


MAX_DIFF_FILES = 300
MAX_DIFF_LINES = 20_000


@route("GET", R + "/pulls/{pull_number}")
def get_pull(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("pull_number"))
    if "diff" in call.accept:
        return _pull_diff(pull)
    return Reply(200, render.pull(pull))


def _pull_diff(pull: Pull) -> Reply:
    """The ``.diff`` media type, with GitHub's limits: 406 above 300 files or 20,000 lines."""
    if len(pull.files) > MAX_DIFF_FILES:
        raise _diff_too_large(f"files ({MAX_DIFF_FILES})")
    parts = []
    for f in pull.files:
        old = f.previous_filename or f.filename
        parts.append(f"diff --git a/{old} b/{f.filename}\n--- a/{old}\n+++ b/{f.filename}")
        if f.patch:
            parts.append(f.patch)
    text = "\n".join(parts) + "\n"
    if text.count("\n") > MAX_DIFF_LINES:
        raise _diff_too_large(f"lines ({MAX_DIFF_LINES})")
    return Reply(200, text, {"Content-Type": "application/vnd.github.diff; charset=utf-8"})


def _diff_too_large(what: str) -> ApiError:
    return ApiError(
        406,
        f"Sorry, the diff exceeded the maximum number of {what}. Consider using 'List pull "
        "requests files' API or locally cloning the repository instead.",
        [{"resource": "PullRequest", "field": "diff", "code": "too_large"}],
    )


@route("GET", R + "/pulls/{pull_number}/files")
def list_files(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("pull_number"))
    files = pull.files[:3000]  # GitHub lists at most 3,000 files of a pull request
    return _page([render.pull_file(pull.repo, pull.head_sha, f) for f in files], call)


@route("GET", R + "/pulls/{pull_number}/commits")
def list_pull_commits(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("pull_number"))
    repo = state.repo(pull.repo)
    commits = pull.commits[-250:]  # GitHub lists at most 250 commits of a pull request
    committers = {p.sha: p.committer for p in pull.pushes}
    return _page(
        [render.commit(repo, sha, author, committers.get(sha)) for sha, author in commits], call
    )


@route("GET", R + "/issues/{issue_number}/timeline")
def list_timeline(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("issue_number"))
    events = state.timeline(pull, call.login)
    return _page([render.timeline_event(pull, e) for e in events], call)


# --- reviews -------------------------------------------------------------------------------


@route("GET", R + "/pulls/{pull_number}/reviews")
def list_reviews(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("pull_number"))
    return _page([render.review(r) for r in state.visible_reviews(pull, call.login)], call)


@route("POST", R + "/pulls/{pull_number}/reviews")
def create_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.create_review(call.repo, call.number("pull_number"), call.login, call.body or {})
    return Reply(200, render.review(review))


@route("GET", R + "/pulls/{pull_number}/reviews/{review_id}")
def get_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.review(
        call.repo, call.number("pull_number"), call.number("review_id"), call.login
    )
    return Reply(200, render.review(review))


@route("PUT", R + "/pulls/{pull_number}/reviews/{review_id}")
def update_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.update_review(
        call.repo,
        call.number("pull_number"),
        call.number("review_id"),
        call.login,
        call.body["body"],
    )
    return Reply(200, render.review(review))


@route("DELETE", R + "/pulls/{pull_number}/reviews/{review_id}")
def delete_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.delete_review(
        call.repo, call.number("pull_number"), call.number("review_id"), call.login
    )
    return Reply(200, render.review(review))


@route("GET", R + "/pulls/{pull_number}/reviews/{review_id}/comments")
def list_review_comments_of_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.review(
        call.repo, call.number("pull_number"), call.number("review_id"), call.login
    )
    comments = [
        c
        for c in sorted(state.review_comments.values(), key=lambda c: c.id)
        if c.review_id == review.id
    ]
    return _page([render.review_comment(c) for c in comments], call)


@route("POST", R + "/pulls/{pull_number}/reviews/{review_id}/events")
def submit_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.submit_review(
        call.repo, call.number("pull_number"), call.number("review_id"), call.login, call.body
    )
    return Reply(200, render.review(review))


@route("PUT", R + "/pulls/{pull_number}/reviews/{review_id}/dismissals")
def dismiss_review(state: State, render: Renderer, call: Call) -> Reply:
    review = state.dismiss_review(
        call.repo,
        call.number("pull_number"),
        call.number("review_id"),
        call.login,
        call.body["message"],
    )
    return Reply(200, render.review(review))


# --- review comments -----------------------------------------------------------------------


@route("GET", R + "/pulls/{pull_number}/comments")
def list_review_comments(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("pull_number"))
    comments = state.visible_review_comments(pull, call.login)
    if call.query.get("direction") == "desc":
        comments.reverse()
    return _page([render.review_comment(c) for c in comments], call)


@route("POST", R + "/pulls/{pull_number}/comments")
def create_review_comment(state: State, render: Renderer, call: Call) -> Reply:
    comment = state.create_review_comment(
        call.repo, call.number("pull_number"), call.login, call.body
    )
    return Reply(201, render.review_comment(comment))


@route("POST", R + "/pulls/{pull_number}/comments/{comment_id}/replies")
def reply(state: State, render: Renderer, call: Call) -> Reply:
    comment = state.reply(
        call.repo,
        call.number("pull_number"),
        call.number("comment_id"),
        call.login,
        call.body["body"],
    )
    return Reply(201, render.review_comment(comment))


@route("GET", R + "/pulls/comments/{comment_id}")
def get_review_comment(state: State, render: Renderer, call: Call) -> Reply:
    comment = state.review_comment(call.repo, call.number("comment_id"), call.login)
    return Reply(200, render.review_comment(comment))


@route("PATCH", R + "/pulls/comments/{comment_id}")
def edit_review_comment(state: State, render: Renderer, call: Call) -> Reply:
    comment = state.edit_review_comment(
        call.repo, call.number("comment_id"), call.login, call.body["body"]
    )
    return Reply(200, render.review_comment(comment))


@route("DELETE", R + "/pulls/comments/{comment_id}")
def delete_review_comment(state: State, render: Renderer, call: Call) -> Reply:
    state.delete_review_comment(call.repo, call.number("comment_id"), call.login)
    return Reply(204, None)


# --- review requests -----------------------------------------------------------------------


@route("GET", R + "/pulls/{pull_number}/requested_reviewers")
def list_requested(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("pull_number"))
    org = pull.repo.split("/", 1)[0]
    return Reply(
        200,
        {
            "users": [render.user(u) for u in pull.requested_reviewers],
            "teams": [render.team(org, t) for t in pull.requested_teams],
        },
    )


@route("POST", R + "/pulls/{pull_number}/requested_reviewers")
def request_reviewers(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.request_reviewers(call.repo, call.number("pull_number"), call.body or {})
    return Reply(201, render.pull(pull))


@route("DELETE", R + "/pulls/{pull_number}/requested_reviewers")
def remove_reviewers(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.request_reviewers(
        call.repo, call.number("pull_number"), call.body or {}, remove=True
    )
    return Reply(200, render.pull(pull))


# --- issue comments ------------------------------------------------------------------------


@route("GET", R + "/issues/{issue_number}/comments")
def list_issue_comments(state: State, render: Renderer, call: Call) -> Reply:
    pull = state.pull(call.repo, call.number("issue_number"))
    since = call.query.get("since")
    comments = [
        c
        for c in sorted(state.issue_comments.values(), key=lambda c: c.id)
        if c.repo == pull.repo
        and c.issue_number == pull.number
        and (since is None or c.updated_at >= since)
    ]
    return _page([render.issue_comment(c) for c in comments], call)


@route("POST", R + "/issues/{issue_number}/comments")
def create_issue_comment(state: State, render: Renderer, call: Call) -> Reply:
    comment = state.create_issue_comment(
        call.repo, call.number("issue_number"), call.login, call.body
    )
    return Reply(201, render.issue_comment(comment))


@route("GET", R + "/issues/comments/{comment_id}")
def get_issue_comment(state: State, render: Renderer, call: Call) -> Reply:
    return Reply(
        200, render.issue_comment(state.issue_comment(call.repo, call.number("comment_id")))
    )


@route("PATCH", R + "/issues/comments/{comment_id}")
def edit_issue_comment(state: State, render: Renderer, call: Call) -> Reply:
    comment = state.edit_issue_comment(
        call.repo, call.number("comment_id"), call.login, call.body["body"]
    )
    return Reply(200, render.issue_comment(comment))


@route("DELETE", R + "/issues/comments/{comment_id}")
def delete_issue_comment(state: State, render: Renderer, call: Call) -> Reply:
    state.delete_issue_comment(call.repo, call.number("comment_id"))
    return Reply(204, None)


# --- commits, statuses, checks -------------------------------------------------------------


@route("POST", R + "/statuses/{sha}")
def create_status(state: State, render: Renderer, call: Call) -> Reply:
    status = state.create_status(call.repo, call.params["sha"], call.login, call.body)
    return Reply(201, render.status(status))


@route("GET", R + "/statuses/{ref}")  # the older alias PyGithub's Commit.get_statuses uses
@route("GET", R + "/commits/{ref}/statuses")
def list_statuses(state: State, render: Renderer, call: Call) -> Reply:
    _, statuses = state.statuses_for(call.repo, call.params["ref"])
    return _page([render.status(s) for s in statuses], call)


@route("GET", R + "/commits/{ref}/status")
def combined_status(state: State, render: Renderer, call: Call) -> Reply:
    sha, statuses = state.statuses_for(call.repo, call.params["ref"])
    return Reply(200, render.combined_status(state.repo(call.repo), sha, statuses))


@route("GET", R + "/commits/{commit_sha}/pulls")
def pulls_of_commit(state: State, render: Renderer, call: Call) -> Reply:
    repo = state.repo(call.repo)
    sha = call.params["commit_sha"]
    pulls = [
        p
        for p in sorted(state.pulls.values(), key=lambda p: p.number)
        if p.repo == repo.full_name and sha in p.files_by_head
    ]
    return _page([render.pull(p) for p in pulls], call)


@route("GET", R + "/commits/{ref}")
def get_commit(state: State, render: Renderer, call: Call) -> Reply:
    sha = state.resolve_ref(call.repo, call.params["ref"])
    if sha is None:
        raise ApiError(422, f"No commit found for SHA: {call.params['ref']}")
    authors = {
        c: a
        for p in state.pulls.values()
        if p.repo.lower() == call.repo.lower()
        for c, a in p.commits
    }
    return Reply(200, render.commit(state.repo(call.repo), sha, authors.get(sha)))


@route("POST", R + "/check-runs")
def create_check_run(state: State, render: Renderer, call: Call) -> Reply:
    return Reply(201, render.check_run(state.create_check_run(call.repo, call.login, call.body)))


@route("PATCH", R + "/check-runs/{check_run_id}")
def update_check_run(state: State, render: Renderer, call: Call) -> Reply:
    run = state.update_check_run(call.repo, call.number("check_run_id"), call.body)
    return Reply(200, render.check_run(run))


# --- code scanning -------------------------------------------------------------------------


@route("GET", R + "/code-scanning/alerts")
def list_alerts(state: State, render: Renderer, call: Call) -> Reply:
    _require_security_events(call)
    return _page([render.alert(a) for a in state.list_alerts(call.repo, call.query)], call)


@route("GET", R + "/code-scanning/alerts/{alert_number}")
def get_alert(state: State, render: Renderer, call: Call) -> Reply:
    _require_security_events(call)
    return Reply(200, render.alert(state.alert(call.repo, call.number("alert_number"))))


@route("PATCH", R + "/code-scanning/alerts/{alert_number}")
def update_alert(state: State, render: Renderer, call: Call) -> Reply:
    _require_security_events(call)
    alert = state.update_alert(call.repo, call.number("alert_number"), call.login, call.body)
    return Reply(200, render.alert(alert))


# --- users, teams, graphql -----------------------------------------------------------------


@route("GET", "/user")
def get_authenticated_user(state: State, render: Renderer, call: Call) -> Reply:
    if call.token.installation:
        raise ApiError(403, NOT_ACCESSIBLE)
    return Reply(200, render.user(call.login))


@route("GET", "/users/{username}")
def get_user(state: State, render: Renderer, call: Call) -> Reply:
    if call.params["username"] not in state.users:
        raise not_found()
    return Reply(200, render.user(call.params["username"]))


@route("GET", "/orgs/{org}")
def get_org(state: State, render: Renderer, call: Call) -> Reply:
    if call.params["org"] not in state.users:
        raise not_found()
    out = render.user(call.params["org"])
    out["url"] = f"{render.api}/orgs/{call.params['org']}"
    return Reply(200, out)


@route("GET", "/orgs/{org}/teams/{team_slug}")
def get_team(state: State, render: Renderer, call: Call) -> Reply:
    if not call.token.read_org:
        raise ApiError(403, NOT_ACCESSIBLE)
    state.team_members(call.params["org"], call.params["team_slug"])
    return Reply(200, render.team(call.params["org"], call.params["team_slug"]))


@route("GET", "/orgs/{org}/teams/{team_slug}/members")
def team_members(state: State, render: Renderer, call: Call) -> Reply:
    if not call.token.read_org:
        raise ApiError(403, NOT_ACCESSIBLE)
    members = state.team_members(call.params["org"], call.params["team_slug"])
    return _page([render.user(m) for m in members], call)


@route("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}")
def team_membership(state: State, render: Renderer, call: Call) -> Reply:
    if not call.token.read_org:
        raise ApiError(403, NOT_ACCESSIBLE)
    members = state.team_members(call.params["org"], call.params["team_slug"])
    if call.params["username"] not in members:
        raise not_found()
    return Reply(200, {"state": "active", "role": "member", "url": call.url})


@route("GET", "/rate_limit")
def rate_limit(state: State, render: Renderer, call: Call) -> Reply:
    core = {"limit": 5000, "remaining": 4999, "reset": 0, "used": 1}
    return Reply(200, {"resources": {"core": core, "graphql": core}, "rate": core})


@route("POST", "/graphql")
def post_graphql(state: State, render: Renderer, call: Call) -> Reply:
    return Reply(200, graphql(state, call.login, call.token, call.body))


from . import gitdata as _gitdata  # noqa: E402, F401  (registers the contents and Git Data routes)
from . import issues as _issues  # noqa: E402, F401  (registers the issue routes)
