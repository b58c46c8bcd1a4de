"""A local HTTP server that answers like GitHub's REST API, for PyGithub to talk to.

    with GitHubServer() as server:
        server.add_repo("acme/app")
        server.add_token("t0k", "github-actions[bot]", "write")
        server.add_pull("acme/app", 7, author="dev", head_sha=H, base_sha=B, files=[...])
        gh = Github(base_url=server.url, auth=Auth.Token("t0k"))

Every request is recorded in ``server.requests``; every body that GitHub's OpenAPI description
rejects is answered 422 and recorded in ``server.schema_violations``.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from . import schema
from .api import Call, Reply, match
from .errors import NOT_ACCESSIBLE, ApiError
from .gitfiles import pull_files, rev_parse
from .records import (
    Alert,
    AlertState,
    CheckRun,
    Issue,
    IssueComment,
    Permission,
    Pull,
    PullFile,
    RecordedRequest,
    Repo,
    Review,
    ReviewComment,
    ReviewState,
    ReviewThread,
    SchemaViolation,
    Status,
    Token,
    User,
    UserType,
    is_write,
)
from .render import Renderer
from .state import State

RATE_LIMIT = 5000

_DEFAULT_MESSAGES = {
    403: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    429: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
}


@dataclass
class Fault:
    """An injected failure: requests matching ``method`` and ``path`` answer ``status``.

    ``times`` is how many requests fail (``None``: all of them); ``hits`` counts the failures
    served so far.
    """

    method: str
    path: re.Pattern[str]
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    times: int | None = 1
    message: str | None = None
    hits: int = 0
    drop: tuple[str, ...] = ()  # drop_fields: members left out of a successful answer

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        return self.method in ("*", method) and self.path.search(path) is not None


class GitHubServer:
    """The test server: seeding, inspection and fault injection on top of the HTTP API.

    ``api_prefix`` serves the API under a path, as GitHub Enterprise Server does (``/api/v3``,
    with GraphQL at ``/api/graphql``).
    """

    def __init__(self, *, api_prefix: str = "") -> None:
        self.state = State()
        self.api_prefix = api_prefix.rstrip("/")
        self.requests: list[RecordedRequest] = []
        self.schema_violations: list[SchemaViolation] = []
        # Keys GitHub's description does not know: GitHub ignores them silently, so a typo
        # ("comment" for "body") would go unnoticed. Not an error; tests may assert it empty.
        self.unknown_properties: list[SchemaViolation] = []
        self._faults: list[Fault] = []
        self._strips: list[Fault] = []
        self._write_budget: tuple[int, int] | None = None  # (successful writes allowed, status)
        self._writes_done = 0
        self._used: dict[str, int] = {}
        self._record_lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self.port: int = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = self.origin + self.api_prefix
        """The ``base_url`` for PyGithub and the value of ``GITHUB_API_URL``."""
        self.graphql_url = self.origin + ("/api/graphql" if self.api_prefix else "/graphql")
        self.render = Renderer(self.state, self.url)
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> GitHubServer:
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"ghserver:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> GitHubServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- seeding -------------------------------------------------------------------------

    def add_user(self, login: str, type: UserType | str = UserType.USER) -> User:
        """A user (``"User"``), bot (``"Bot"``, e.g. ``github-actions[bot]``) or organisation."""
        return self.state.add_user(login, type)

    def add_token(
        self,
        token: str,
        login: str,
        permission: Permission | str = Permission.WRITE,
        *,
        installation: bool | None = None,
        read_org: bool = True,
        security_events: bool = True,
    ) -> Token:
        """A token acting as ``login``. ``permission="read"`` is a fork PR's token (403 on every
        write). ``installation`` (default: ``login`` is a bot) makes ``GET /user`` answer 403,
        as for ``GITHUB_TOKEN``. ``read_org=False`` forbids listing team members (the real
        ``GITHUB_TOKEN`` cannot); ``security_events=False`` forbids code-scanning alerts."""
        return self.state.add_token(
            token,
            login,
            permission,
            installation=installation,
            read_org=read_org,
            security_events=security_events,
        )

    def add_team(self, org: str, slug: str, members: Iterable[str]) -> tuple[str, ...]:
        return self.state.add_team(org, slug, members)

    def add_repo(
        self,
        full_name: str,
        *,
        default_branch: str = "main",
        private: bool = False,
        actions_can_approve: bool = False,
    ) -> Repo:
        """``actions_can_approve`` is the repository setting "Allow GitHub Actions to create and
        approve pull requests"; off, an APPROVE review by ``github-actions[bot]`` gets 422."""
        return self.state.add_repo(
            full_name,
            default_branch=default_branch,
            private=private,
            actions_can_approve=actions_can_approve,
        )

    def add_commit(self, repo: str, sha: str, *, branch: str | None = None) -> None:
        """Make a commit known (statuses can only be set on known commits)."""
        self.state.add_commit(repo, sha, branch=branch)

    def add_pull(
        self,
        repo: str,
        number: int,
        *,
        author: str,
        head_sha: str,
        base_sha: str,
        base_ref: str = "main",
        head_ref: str = "feature",
        files: Sequence[PullFile] = (),
        fork: bool = False,
        title: str = "A pull request",
        body: str = "",
        draft: bool = False,
    ) -> Pull:
        """An open pull request. ``files`` as ``GET /pulls/{n}/files`` lists them (see
        ``gitfiles.pull_files`` to take them from a real repository's diff). ``fork=True`` puts
        the head in ``{author}/{name}``."""
        return self.state.add_pull(
            repo,
            number,
            author=author,
            head_sha=head_sha,
            base_sha=base_sha,
            base_ref=base_ref,
            head_ref=head_ref,
            files=files,
            fork=fork,
            title=title,
            body=body,
            draft=draft,
        )

    def add_pull_from_git(
        self,
        repo: str,
        number: int,
        root: Path | str,
        *,
        author: str,
        base: str = "main",
        head: str = "HEAD",
        base_ref: str = "main",
        head_ref: str = "feature",
        fork: bool = False,
        title: str = "A pull request",
        body: str = "",
    ) -> Pull:
        """A pull request from a real repository: ``base``/``head`` are revisions in ``root``;
        the files are their three-dot diff, as GitHub lists them."""
        return self.add_pull(
            repo,
            number,
            author=author,
            head_sha=rev_parse(root, head),
            base_sha=rev_parse(root, base),
            base_ref=base_ref,
            head_ref=head_ref,
            files=pull_files(root, base, head),
            fork=fork,
            title=title,
            body=body,
        )

    def attach_git(self, repo: str, root: Path | str) -> None:
        """Serve ``repo``'s contents and Git Data API from the real git repository ``root``
        (see ``gitdata.py``): blobs, trees and commits made through the API land there."""
        with self.state.lock:
            self.state.repo(repo)
            self.state.git_dirs[repo.lower()] = Path(root)

    def push_from_git(
        self,
        repo: str,
        number: int,
        root: Path | str,
        head: str = "HEAD",
        *,
        pusher: str | None = None,
        author: str | None = None,
        committer: str | None = None,
        force: bool = False,
    ) -> Pull:
        """A new push taken from ``root``: the head moves to ``head`` and the files follow."""
        pull = self.pull(repo, number)
        return self.set_head(
            repo,
            number,
            rev_parse(root, head),
            pull_files(root, pull.base_sha, head),
            pusher=pusher,
            author=author,
            committer=committer,
            force=force,
        )

    def set_head(
        self,
        repo: str,
        number: int,
        sha: str,
        files: Sequence[PullFile] | None = None,
        *,
        pusher: str | None = None,
        author: str | None = None,
        committer: str | None = None,
        force: bool = False,
    ) -> Pull:
        """A new push to the PR: the head moves to ``sha`` (with new ``files`` if given), a
        commit by ``pusher`` (default: the PR author) joins ``GET /pulls/{n}/commits``, and
        review comments whose line left the diff become outdated (``line`` None). Lines are
        not re-mapped through the new diff: a comment keeps its line number if that line is
        still in a hunk. The commit may name another ``author``/``committer`` than its pusher
        (git lets anyone write any name); ``force`` replaces the PR's commits and puts a
        ``head_ref_force_pushed`` event naming the pusher in the timeline."""
        return self.state.set_head(
            repo, number, sha, files, pusher=pusher, author=author, committer=committer, force=force
        )

    def add_review(
        self,
        repo: str,
        number: int,
        user: str,
        state: ReviewState | str,
        commit_id: str | None = None,
        body: str = "",
    ) -> Review:
        """A review someone submitted in the UI (default: on the current head)."""
        return self.state.add_review(repo, number, user, state, commit_id, body)

    def add_issue_comment(self, repo: str, number: int, user: str, body: str) -> IssueComment:
        """A PR conversation comment by someone else (e.g. a human quoting sastflow's marker)."""
        return self.state.add_issue_comment(repo, number, user, body)

    def add_alert(
        self,
        repo: str,
        *,
        rule_id: str,
        path: str,
        start_line: int,
        end_line: int | None = None,
        tool_name: str = "sastflow",
        message: str = "",
        severity: str = "warning",
        security_severity_level: str | None = None,
        state: AlertState | str = AlertState.OPEN,
        ref: str | None = None,
        commit_sha: str = "0" * 40,
        category: str = "",
        number: int | None = None,
    ) -> Alert:
        """A code-scanning alert (``ref`` defaults to the default branch)."""
        return self.state.add_alert(
            repo,
            rule_id=rule_id,
            path=path,
            start_line=start_line,
            end_line=end_line,
            tool_name=tool_name,
            message=message,
            severity=severity,
            security_severity_level=security_severity_level,
            state=state,
            ref=ref,
            commit_sha=commit_sha,
            category=category,
            number=number,
        )

    def actions_env(
        self,
        *,
        repo: str,
        token: str,
        event_name: str,
        event_path: Path | str,
        sha: str,
        workspace: Path | str | None = None,
    ) -> dict[str, str]:
        """The GitHub Actions variables that point a job at this server (merge into
        ``os.environ`` or a subprocess env). ``GITHUB_SHA`` of a real ``pull_request`` run is
        the merge commit, not the head: pass what the scenario needs."""
        env = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_API_URL": self.url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": repo,
            "GITHUB_REPOSITORY_OWNER": repo.split("/", 1)[0],
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_SHA": sha,
            "GITHUB_TOKEN": token,
            "GITHUB_RUN_ID": "1",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_WORKFLOW": "sastflow",
            "GITHUB_JOB": "scan",
        }
        if workspace is not None:
            env["GITHUB_WORKSPACE"] = str(workspace)
        return env

    # --- inspection ----------------------------------------------------------------------

    def pull(self, repo: str, number: int) -> Pull:
        with self.state.lock:
            return self.state.pull(repo, number)

    def reviews(self, repo: str, number: int) -> list[Review]:
        """Every review of the PR, pending ones included, oldest first."""
        with self.state.lock:
            pull = self.state.pull(repo, number)
            return sorted(
                (
                    r
                    for r in self.state.reviews.values()
                    if r.repo == pull.repo and r.pull_number == number
                ),
                key=lambda r: r.id,
            )

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]:
        """Every inline comment and reply of the PR (pending reviews' included), oldest first."""
        with self.state.lock:
            pull = self.state.pull(repo, number)
            return sorted(
                (
                    c
                    for c in self.state.review_comments.values()
                    if c.repo == pull.repo and c.pull_number == number
                ),
                key=lambda c: c.id,
            )

    def threads(self, repo: str, number: int) -> list[ReviewThread]:
        with self.state.lock:
            pull = self.state.pull(repo, number)
            return sorted(
                (
                    t
                    for t in self.state.threads.values()
                    if t.repo == pull.repo and t.pull_number == number
                ),
                key=lambda t: t.root_comment_id,
            )

    def issue_comments(self, repo: str, number: int) -> list[IssueComment]:
        with self.state.lock:
            pull = self.state.pull(repo, number)
            return sorted(
                (
                    c
                    for c in self.state.issue_comments.values()
                    if c.repo == pull.repo and c.issue_number == number
                ),
                key=lambda c: c.id,
            )

    def issues(self, repo: str) -> list[Issue]:
        """The repository's issues (pull requests aside), by number."""
        with self.state.lock:
            return sorted(
                (i for (r, _n), i in self.state.issues.items() if r == repo.lower()),
                key=lambda i: i.number,
            )

    def statuses(self, repo: str, sha: str) -> list[Status]:
        """Every status set on ``sha``, newest first."""
        with self.state.lock:
            return self.state.statuses_for(repo, sha)[1]

    def status(self, repo: str, sha: str, context: str) -> Status | None:
        """The latest status of ``context`` on ``sha`` (what the PR page shows)."""
        for status in self.statuses(repo, sha):
            if status.context.lower() == context.lower():
                return status
        return None

    def combined_state(self, repo: str, sha: str) -> str:
        """``failure``, ``pending`` or ``success``, as ``GET /commits/{ref}/status`` says."""
        with self.state.lock:
            record = self.state.repo(repo)
            return str(self.render.combined_status(record, sha, self.statuses(repo, sha))["state"])

    def check_runs(self, repo: str, sha: str) -> list[CheckRun]:
        with self.state.lock:
            return sorted(
                (
                    r
                    for r in self.state.check_runs.values()
                    if r.repo.lower() == repo.lower() and r.head_sha == sha
                ),
                key=lambda r: r.id,
            )

    def requested_reviewers(
        self, repo: str, number: int
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(users, team slugs)`` whose review is requested."""
        pull = self.pull(repo, number)
        return pull.requested_reviewers, pull.requested_teams

    def alerts(self, repo: str) -> list[Alert]:
        with self.state.lock:
            return sorted(
                (a for (r, _), a in self.state.alerts.items() if r == repo.lower()),
                key=lambda a: a.number,
            )

    def alert(self, repo: str, number: int) -> Alert:
        with self.state.lock:
            return self.state.alert(repo, number)

    def count(self, method: str, path_regex: str = "", *, status: int | None = None) -> int:
        """How many requests matched ``method`` (``"*"`` for any) and ``path_regex``
        (searched in the path), optionally only those answered with ``status``."""
        pattern = re.compile(path_regex)
        with self._record_lock:
            return sum(
                1
                for r in self.requests
                if method in ("*", r.method)
                and pattern.search(r.path)
                and (status is None or r.status == status)
            )

    def writes(self) -> list[RecordedRequest]:
        """Every write request that succeeded (2xx)."""
        with self._record_lock:
            return [r for r in self.requests if r.is_write and r.status < 300]

    # --- faults --------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int,
        headers: Mapping[str, str] | None = None,
        times: int | None = 1,
        message: str | None = None,
    ) -> Fault:
        """Answer the next ``times`` requests matching ``method`` (``"*"``: any) and
        ``path_regex`` with ``status``. 403 and 429 default to GitHub's secondary-rate-limit
        message, so pass ``headers={"Retry-After": "1"}`` to make them retryable."""
        fault = Fault(
            method=method.upper(),
            path=re.compile(path_regex),
            status=status,
            headers=dict(headers or {}),
            times=times,
            message=message,
        )
        with self._record_lock:
            self._faults.append(fault)
        return fault

    def drop_fields(
        self, method: str, path_regex: str, *fields: str, times: int | None = 1
    ) -> Fault:
        """Answer the next ``times`` matching requests as usual (the change is made) but with
        ``fields`` missing from the JSON object: an answer of an unexpected shape, as a proxy,
        an older GitHub Enterprise Server or an API change can give."""
        fault = Fault(method.upper(), re.compile(path_regex), 0, times=times, drop=fields)
        with self._record_lock:
            self._strips.append(fault)
        return fault

    def fail_after_writes(self, n: int, status: int = 500) -> None:
        """Let ``n`` more writes succeed, then answer every write with ``status`` (a crash
        half-way). Writes already made before this call do not count."""
        with self._record_lock:
            self._write_budget = (self._writes_done + n, status)

    def clear_faults(self) -> None:
        with self._record_lock:
            self._faults.clear()
            self._strips.clear()
            self._write_budget = None

    # --- request handling ----------------------------------------------------------------

    def handle(
        self, method: str, raw_path: str, headers: Mapping[str, str], raw_body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        """Answer one request: (status, JSON payload or None, extra headers)."""
        split = urllib.parse.urlsplit(raw_path)
        path = split.path
        graphql_path = "/api/graphql" if self.api_prefix else "/graphql"
        if path == graphql_path:
            path = "/graphql"
        elif self.api_prefix and path.startswith(self.api_prefix + "/"):
            path = path[len(self.api_prefix) :]
        query_lists = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        query = {k: v[0] for k, v in query_lists.items()}
        body: Any = None
        login: str | None = None
        status, payload = 500, None
        extra: dict[str, str] = {}
        try:
            token = self.state.token_for(headers.get("authorization"))
            login = token.login
            if raw_body:
                try:
                    body = json.loads(raw_body)
                except ValueError:
                    body = raw_body.decode("utf-8", "replace")
                    raise ApiError(400, "Problems parsing JSON") from None
            self._injected_fault(method, path, body)
            status, payload, extra = self._dispatch(
                method, path, query, body, token, raw_body, headers.get("accept", "")
            )
            payload = self._stripped(method, path, payload)
        except ApiError as err:
            status, payload, extra = err.status, err.body(), err.headers
        extra = {**self._rate_headers(login), **extra}
        with self._record_lock:
            self.requests.append(
                RecordedRequest(
                    method=method,
                    path=path,
                    query={k: tuple(v) for k, v in query_lists.items()},
                    body=body,
                    login=login,
                    status=status,
                )
            )
            if status < 300 and is_write(method, path, body):
                self._writes_done += 1
        return status, payload, extra

    def _stripped(self, method: str, path: str, payload: Any) -> Any:
        with self._record_lock:
            for fault in self._strips:
                if isinstance(payload, dict) and fault.matches(method, path):
                    fault.hits += 1
                    return {k: v for k, v in payload.items() if k not in fault.drop}
        return payload

    def _injected_fault(self, method: str, path: str, body: Any) -> None:
        with self._record_lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.hits += 1
                    message = fault.message or _DEFAULT_MESSAGES.get(fault.status, "Error")
                    raise ApiError(fault.status, message, headers=fault.headers)
            budget = self._write_budget
            if budget is not None and is_write(method, path, body):
                allowed, status = budget
                if self._writes_done >= allowed:
                    raise ApiError(status, _DEFAULT_MESSAGES.get(status, "Server Error"))

    def _dispatch(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        body: Any,
        token: Token,
        raw_body: bytes,
        accept: str,
    ) -> tuple[int, Any, dict[str, str]]:
        found = match(method, path)
        if found is None:
            raise ApiError(404, "Not Found")
        route, params = found
        # GraphQL answers a forbidden mutation with 200 and an error (see graphql.py).
        read_only = token.permission is not Permission.WRITE
        if read_only and path != "/graphql" and is_write(method, path, body):
            raise ApiError(403, NOT_ACCESSIBLE)
        if route.key in schema.endpoints():
            problems = schema.check_body(route.key, body, present=bool(raw_body))
            if problems:
                with self._record_lock:
                    self.schema_violations.append(
                        SchemaViolation(
                            method=method,
                            path=path,
                            endpoint=route.key,
                            message="; ".join(problems),
                            body=body,
                        )
                    )
                raise ApiError(422, "Invalid request.\n\n" + "\n".join(problems))
            unknown = schema.unknown_properties(route.key, body)
            if unknown:
                with self._record_lock:
                    self.unknown_properties.append(
                        SchemaViolation(
                            method=method,
                            path=path,
                            endpoint=route.key,
                            message="not in the schema, ignored: " + ", ".join(unknown),
                            body=body,
                        )
                    )
        call = Call(
            method=method,
            path=path,
            query=query,
            body=body,
            token=token,
            url=self.origin + (self.api_prefix if path != "/graphql" else "") + path,
            params=params,
            accept=accept,
        )
        with self.state.lock:
            reply: Reply = route.endpoint(self.state, self.render, call)
        return reply.status, reply.payload, dict(reply.headers)

    def _rate_headers(self, login: str | None) -> dict[str, str]:
        key = login or ""
        with self._record_lock:
            used = self._used.get(key, 0) + 1
            self._used[key] = used
        return {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(max(RATE_LIMIT - used, 1)),
            "X-RateLimit-Used": str(used),
            "X-RateLimit-Reset": str(int(time.time()) + 3600),
            "X-RateLimit-Resource": "core",
        }


def _handler_for(server: GitHubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else keep-alive replies wait ~40 ms for delayed ACKs
        server_version = "ghserver"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload, extra = server.handle(self.command, self.path, headers, raw)
            if payload is None:
                data = b""
            elif isinstance(payload, str):  # a diff
                data = payload.encode("utf-8")
            else:
                data = json.dumps(payload).encode("utf-8")
                extra = {"Content-Type": "application/json; charset=utf-8", **extra}
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-GitHub-Request-Id", f"{server.port}:{len(server.requests)}")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if data:
                self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: tests read server.requests instead

    return Handler
