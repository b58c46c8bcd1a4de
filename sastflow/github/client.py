"""The GitHub REST (and a little GraphQL) API, through PyGithub, with bounded retries.

Only this module imports PyGithub. It hands out small frozen records (``Remote*``) and raises
:class:`~sastflow.errors.GitHubError` subclasses, so the rest of ``sastflow.github`` knows neither
PyGithub's objects nor its exceptions.

Retries (:class:`BoundedRetry`, urllib3 underneath PyGithub):

- 403/429 secondary rate limits wait as long as ``Retry-After`` says; an exhausted primary limit
  (``X-RateLimit-Remaining: 0``) waits until ``X-RateLimit-Reset``;
- 5xx answers to reads (and to idempotent writes: PATCH, PUT, DELETE) retry with exponential
  backoff. A POST that failed with 5xx is *not* replayed here (the server may have done it);
  the publisher re-reads what exists and only then writes again (see ``publish``);
- every wait is taken from one budget per client (``ClientSettings.max_wait``, 120 s by
  default); a wait that would overdraw it fails at once with :class:`RateLimited`.

Every call is counted (:class:`ApiCounters`) by kind: list (one per page fetched), get, create,
edit, graphql.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sastflow.errors import GitHubError
from sastflow.github.env import PullRequest, Secret

T = TypeVar("T")


# --- errors ---------------------------------------------------------------------------------


@functools.cache
def _raw_item() -> type[Any]:
    """A list item kept as GitHub's JSON (``raw_data``): no PyGithub class, no lazy re-fetch."""
    from github.GithubObject import NonCompletableGithubObject

    class Raw(NonCompletableGithubObject):
        def _initAttributes(self) -> None:
            pass

        def _useAttributes(self, attributes: Any) -> None:
            pass

    return Raw


@functools.cache
def _listed_review_comment() -> type[Any]:
    """PyGithub's review comment, marked complete as it comes from the list endpoint.

    A list item is GitHub's full representation of the comment, and a top-level comment
    simply has no ``in_reply_to_id``; left incomplete, PyGithub fetches every comment again
    to look for it (one GET per comment on every rerun). Built on first use: PyGithub is
    imported lazily to keep start-up fast."""
    from github.PullRequestComment import PullRequestComment

    class Listed(PullRequestComment):
        def __init__(self, requester: Any, headers: Any, attributes: Any) -> None:
            super().__init__(requester, headers, attributes, completed=True)

    return Listed


class ApiError(GitHubError):
    """A request GitHub answered with an error, after retries. ``status`` 0: no answer."""

    def __init__(self, message: str, status: int = 0, detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail  # the server's own "message", when it gave one


class Forbidden(ApiError):
    """403 "Resource not accessible by integration": the token may not do this (a fork PR's
    read-only token, or a workflow without ``pull-requests: write``)."""


class Unprocessable(ApiError):
    """422: GitHub refused the content (for a review: a line outside the diff)."""


class ServerError(ApiError):
    """5xx after retries (or a POST that is never replayed blindly)."""


class RateLimited(ApiError):
    """Rate limited for longer than the wait budget allows."""


# --- retries --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientSettings:
    max_wait: float = 120.0  # seconds of rate-limit waits and backoff, in total, per client
    retries: int = 4  # per request
    backoff: float = 1.0  # 5xx: 1 s, 2 s, 4 s, ... (within max_wait)
    timeout: float = 30.0  # per request
    # PyGithub's pacing: GitHub asks for at most 80 content-creating requests a minute.
    write_interval: float = 1.0
    request_interval: float = 0.0
    per_page: int = 100


class WaitBudget:
    """Seconds left to spend waiting, shared by every retry of one client (thread-safe)."""

    def __init__(self, total: float) -> None:
        self.total = total
        self.spent = 0.0
        self._lock = threading.Lock()

    @property
    def remaining(self) -> float:
        return max(self.total - self.spent, 0.0)

    def take(self, seconds: float) -> bool:
        with self._lock:
            if seconds > self.total - self.spent + 1e-9:
                return False
            self.spent += seconds
            return True


def _make_retry(settings: ClientSettings, budget: WaitBudget) -> Any:
    from github import GithubException, GithubRetry

    class _BudgetExceeded(GithubException):
        pass

    class _NoAnswer(GithubException):
        no_answer = True

    class BoundedRetry(GithubRetry):
        """GithubRetry with one wait budget and no blind replay of a failed POST."""

        def __init__(self, *, budget: WaitBudget, **kwargs: Any) -> None:
            self.budget = budget
            super().__init__(**kwargs)

        def new(self, **kw: Any) -> Any:
            kw["budget"] = self.budget
            return super().new(**kw)

        def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
            if status_code >= 500 and method.upper() == "POST":
                return False  # the server may have created it: the caller re-reads first
            return bool(super().is_retry(method, status_code, has_retry_after))

        def _last_error(self) -> str:
            history = getattr(self, "history", None) or ()
            error = history[-1].error if history else None
            return connection_problem(error)

        def _wanted(self, response: Any) -> float:
            if response is not None:
                after = self.get_retry_after(response)
                if after is not None:
                    return float(after)
                headers = response.headers
                reset = headers.get("X-RateLimit-Reset")
                if headers.get("X-RateLimit-Remaining") == "0" and reset and reset.isdigit():
                    return max(int(reset) - time.time(), 0.0) + 1.0
            return float(self.get_backoff_time())

        def sleep(self, response: Any = None) -> None:
            wanted = self._wanted(response)
            if not self.budget.take(wanted):
                if response is None:
                    # No answer at all (refused, reset, DNS): nobody asked us to wait.
                    raise _NoAnswer(0, {"message": self._last_error()}, None)
                status = getattr(response, "status", 429) or 429
                raise _BudgetExceeded(
                    status,
                    {
                        "message": f"GitHub asked to wait {wanted:.0f} s; only "
                        f"{self.budget.remaining:.0f} s of the {self.budget.total:.0f} s "
                        "wait budget are left"
                    },
                    None,
                )
            if wanted > 0:
                time.sleep(wanted)

    return BoundedRetry(
        budget=budget,
        total=settings.retries,
        connect=settings.retries,
        read=0,  # a read timeout may mean the write happened: never replay it
        status=settings.retries,
        backoff_factor=settings.backoff,
        status_forcelist=[429, *range(500, 600)],
        secondary_rate_wait=min(60.0, settings.max_wait),
        max_rate_limit_wait=settings.max_wait,
        raise_on_status=False,
        respect_retry_after_header=True,
    )


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RemoteUser:
    login: str
    type: str = "User"

    @property
    def is_bot(self) -> bool:
        return self.type == "Bot" or self.login.endswith("[bot]")


@dataclass(frozen=True, slots=True)
class RemoteReview:
    id: int
    user: RemoteUser
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    commit_id: str


@dataclass(frozen=True, slots=True)
class RemoteReviewComment:
    id: int
    node_id: str
    user: RemoteUser
    body: str
    path: str
    line: int | None  # None: outdated
    in_reply_to: int | None


@dataclass(frozen=True, slots=True)
class RemoteIssueComment:
    id: int
    user: RemoteUser
    body: str
    html_url: str


@dataclass(frozen=True, slots=True)
class RemotePull:
    pull: PullRequest
    requested_users: tuple[str, ...]
    requested_teams: tuple[str, ...]
    state: str = "open"


@dataclass(frozen=True, slots=True)
class RemoteThread:
    id: str
    root_comment_id: int
    resolved: bool


@dataclass(frozen=True, slots=True)
class RemoteCommit:
    """One commit of a pull request: who it says wrote and committed it (logins GitHub mapped,
    or read off a noreply address)."""

    sha: str
    people: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """An issue-timeline event the approval rules read, oldest first.

    ``committed``: ``people`` are the commit's author and committer (from noreply addresses);
    ``head_ref_force_pushed``: ``people`` is the pusher; ``reviewed``: the reviewer, with the
    review's id and reviewed ``sha``."""

    kind: str
    people: tuple[str, ...]
    sha: str = ""
    review_id: int | None = None


_NOREPLY = re.compile(r"(?:\d+\+)?([A-Za-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com", re.I)


def noreply_login(email: str) -> str | None:
    """The login behind a GitHub noreply address (``123+alice@users.noreply.github.com``)."""
    found = _NOREPLY.fullmatch(email.strip())
    return found.group(1) if found else None


def _logins(*people: Any) -> tuple[str, ...]:
    """Logins of API user objects (dicts with ``login``), in order, without repeats."""
    out = [str(p["login"]) for p in people if isinstance(p, dict) and p.get("login")]
    return tuple(dict.fromkeys(out))


def _git_logins(*people: Any) -> tuple[str, ...]:
    """Logins behind the noreply emails of git author/committer objects."""
    out = []
    for person in people:
        email = person.get("email") if isinstance(person, dict) else None
        if isinstance(email, str) and (login := noreply_login(email)):
            out.append(login)
    return tuple(dict.fromkeys(out))


def _timeline_event(data: Any) -> TimelineEvent | None:
    if not isinstance(data, dict):
        raise TypeError(f"a timeline event is {type(data).__name__}, not an object")
    kind = data.get("event")
    if kind == "committed":
        people = _git_logins(data.get("author"), data.get("committer"))
        return TimelineEvent(kind, people, str(data["sha"]))
    if kind == "head_ref_force_pushed":
        return TimelineEvent(kind, _logins(data.get("actor")), str(data.get("commit_id") or ""))
    if kind == "reviewed":
        return TimelineEvent(
            kind, _logins(data.get("user")), str(data.get("commit_id") or ""), int(data["id"])
        )
    return None


@dataclass(frozen=True, slots=True)
class InlineComment:
    """One inline comment of a review: on ``line`` (RIGHT side, the new file) of ``path``."""

    path: str
    line: int
    body: str


@dataclass
class ApiCounters:
    """How many requests of each kind this client made (list counts pages)."""

    list: int = 0
    get: int = 0
    create: int = 0
    edit: int = 0
    graphql: int = 0
    by_call: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, what: str, n: int = 1) -> None:
        setattr(self, kind, getattr(self, kind) + n)
        self.by_call[what] = self.by_call.get(what, 0) + n


# --- answers --------------------------------------------------------------------------------


def _one_line(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def connection_problem(error: BaseException | None) -> str:
    """A refused or dropped connection in a few words (urllib3's texts are long)."""
    text = " ".join(str(error or "").split()).lower()
    for needle, words in (
        ("refused", "connection refused"),
        ("name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("temporary failure in name resolution", "unknown host"),
        ("timed out", "timed out"),
        ("reset by peer", "connection reset"),
        ("remote end closed", "connection closed without an answer"),
    ):
        if needle in text:
            return words
    return type(error).__name__ if error is not None else "no answer"


@contextlib.contextmanager
def answer(what: str) -> Iterator[None]:
    """Read an answer into records: a member missing or of the wrong type is an
    :class:`ApiError` (exit 3) naming the call, not a ``KeyError`` from deep inside the job."""
    try:
        yield
    except KeyError as exc:
        raise ApiError(f"GitHub API: {what}: unexpected answer (no {exc} in it)") from None
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ApiError(f"GitHub API: {what}: unexpected answer ({_one_line(exc)})") from None


F = TypeVar("F", bound=Callable[..., Any])


def _reads_answer(method: F) -> F:
    """:func:`answer` around a whole client method, named by the method."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with answer(method.__name__):
            return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# --- the client ----------------------------------------------------------------------------


def _user(obj: Any) -> RemoteUser:
    if obj is None:
        return RemoteUser("ghost")
    return RemoteUser(login=str(obj.login), type=str(obj.type or "User"))


class GitHubClient:
    """The API calls the pull-request job makes, for one repository."""

    def __init__(
        self, api_url: str, repository: str, token: Secret, settings: ClientSettings | None = None
    ) -> None:
        from github import Auth, Github

        self.settings = settings or ClientSettings()
        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self.budget = WaitBudget(self.settings.max_wait)
        self.counters = ApiCounters()
        self._gh = Github(
            base_url=self.api_url,
            auth=Auth.Token(token.reveal()),
            retry=_make_retry(self.settings, self.budget),
            timeout=int(max(self.settings.timeout, 1)),
            per_page=self.settings.per_page,
            seconds_between_requests=self.settings.request_interval or None,
            seconds_between_writes=self.settings.write_interval or None,
            lazy=True,
        )
        self._repo = self._gh.get_repo(repository)
        self._repo_url = f"{self.api_url}/repos/{repository}"

    def close(self) -> None:
        self._gh.close()

    # --- plumbing ------------------------------------------------------------------------

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        import requests
        from github import GithubException

        try:
            return fn()
        except GithubException as exc:
            if getattr(exc, "no_answer", False):
                raise self._no_answer(what, str((exc.data or {}).get("message", ""))) from None
            raise _translate(exc, what) from None
        except requests.RequestException as exc:
            raise self._no_answer(what, connection_problem(exc)) from None
        except ValueError as exc:  # a 2xx whose body is not JSON
            raise ApiError(f"GitHub API: {what}: unexpected answer ({_one_line(exc)})") from None

    def _no_answer(self, what: str, problem: str) -> ApiError:
        host = urlsplit(self.api_url).netloc or self.api_url
        return ApiError(f"GitHub API: {what}: cannot connect to {host}: {problem}")

    def _list(self, what: str, pages: Callable[[], Iterable[Any]]) -> list[Any]:
        def collect() -> list[Any]:
            items = list(pages())
            self.counters.add("list", what, max(1, -(-len(items) // self.settings.per_page)))
            return items

        return self._call(what, collect)

    def _paged(self, what: str, item: type[Any], url: str) -> list[Any]:
        """Every page of a list endpoint, as ``item`` objects, through PyGithub's paginator."""
        from github.PaginatedList import PaginatedList

        return self._list(what, lambda: PaginatedList(item, self._gh.requester, url, None))

    def _request(self, verb: str, url: str, what: str, body: Any = None) -> Any:
        kind = {"GET": "get", "POST": "create"}.get(verb, "edit")
        self.counters.add(kind, what)
        requester = self._gh.requester

        def send() -> Any:
            if body is None:
                return requester.requestJsonAndCheck(verb, url)[1]
            return requester.requestJsonAndCheck(verb, url, input=body)[1]

        return self._call(what, send)

    def _graphql(self, what: str, query: str, variables: dict[str, Any]) -> Any:
        # PyGithub raises for an answer holding "errors" (GitHub answers those with 200).
        return self._call(what, lambda: self._gh.requester.graphql_query(query, variables)[1])

    # --- reads ---------------------------------------------------------------------------

    def authenticated_login(self) -> str | None:
        """The token's own login; None for an installation token (``GET /user`` is 403)."""
        try:
            data = self._request("GET", f"{self.api_url}/user", "GET /user")
        except (Forbidden, ApiError) as exc:
            if isinstance(exc, Forbidden) or exc.status in (401, 403, 404):
                return None
            raise
        with answer("GET /user"):
            login = data.get("login") if isinstance(data, dict) else None
            return str(login) if login else None

    def get_pull(self, number: int) -> RemotePull:
        data = self._request("GET", f"{self._repo_url}/pulls/{number}", f"GET pull #{number}")
        with answer(f"pull #{number}"):
            head, base = data["head"], data["base"]
            head_repo = (head.get("repo") or {}).get("full_name") or ""
            base_repo = base["repo"]["full_name"]
            pull = PullRequest(
                number=int(data["number"]),
                head_sha=str(head["sha"]),
                base_sha=str(base["sha"]),
                head_ref=str(head["ref"]),
                base_ref=str(base["ref"]),
                author=str(data["user"]["login"]),
                fork=head_repo.lower() != str(base_repo).lower(),
                head_repo=head_repo,
            )
            users = tuple(str(u["login"]) for u in data.get("requested_reviewers") or [])
            teams = tuple(str(t["slug"]) for t in data.get("requested_teams") or [])
            return RemotePull(pull, users, teams, str(data.get("state") or "open"))

    def _pull_obj(self, number: int) -> Any:
        return self._repo.get_pull(number)  # lazy: no request

    @_reads_answer
    def list_reviews(self, number: int) -> list[RemoteReview]:
        raw = self._list(f"list reviews #{number}", lambda: self._pull_obj(number).get_reviews())
        return [
            RemoteReview(
                id=int(r.id),
                user=_user(r.user),
                state=str(r.state or "").upper(),
                commit_id=str(r.commit_id or ""),
            )
            for r in raw
        ]

    @_reads_answer
    def list_review_comments(self, number: int) -> list[RemoteReviewComment]:
        raw = self._paged(
            f"list review comments #{number}",
            _listed_review_comment(),
            f"{self._repo_url}/pulls/{number}/comments",
        )
        return [
            RemoteReviewComment(
                id=int(c.id),
                node_id=str(c.node_id or ""),
                user=_user(c.user),
                body=str(c.body or ""),
                path=str(c.path or ""),
                line=c.line,
                in_reply_to=c.in_reply_to_id,
            )
            for c in raw
        ]

    @_reads_answer
    def list_issue_comments(self, number: int) -> list[RemoteIssueComment]:
        from github.IssueComment import IssueComment

        raw = self._paged(
            f"list issue comments #{number}",
            IssueComment,
            f"{self._repo_url}/issues/{number}/comments",
        )
        return [
            RemoteIssueComment(
                id=int(c.id), user=_user(c.user), body=str(c.body or ""), html_url=str(c.html_url)
            )
            for c in raw
        ]

    @_reads_answer
    def team_members(self, org: str, slug: str) -> tuple[str, ...]:
        from github.NamedUser import NamedUser

        members = self._paged(
            f"list members @{org}/{slug}",
            NamedUser,
            f"{self.api_url}/orgs/{org}/teams/{slug}/members",
        )
        return tuple(str(u.login) for u in members)

    @_reads_answer
    def commit_people(self, sha: str) -> tuple[str, ...]:
        """GitHub logins of the commit's author and committer (those GitHub could map)."""
        data = self._request("GET", f"{self._repo_url}/commits/{sha}", f"GET commit {sha[:12]}")
        logins = []
        for role in ("author", "committer"):
            person = data.get(role) if isinstance(data, dict) else None
            if isinstance(person, dict) and person.get("login"):
                logins.append(str(person["login"]))
        return tuple(dict.fromkeys(logins))

    @_reads_answer
    def pull_commits(self, number: int) -> list[RemoteCommit]:
        """The PR's commits, oldest first (GitHub lists at most 250), with the logins of who
        they say wrote and committed them."""
        raw = self._paged(
            f"list commits #{number}", _raw_item(), f"{self._repo_url}/pulls/{number}/commits"
        )
        commits = []
        for item in raw:
            data = item.raw_data
            git = data.get("commit") or {}
            people = _logins(data.get("author"), data.get("committer"))
            people += _git_logins(git.get("author"), git.get("committer"))
            commits.append(RemoteCommit(str(data["sha"]), tuple(dict.fromkeys(people))))
        return commits

    @_reads_answer
    def timeline(self, number: int) -> list[TimelineEvent]:
        """The issue timeline's pushes and reviews (``GET /issues/{n}/timeline``), oldest first."""
        raw = self._paged(
            f"list timeline #{number}", _raw_item(), f"{self._repo_url}/issues/{number}/timeline"
        )
        return [e for item in raw if (e := _timeline_event(item.raw_data)) is not None]

    @_reads_answer
    def latest_status(self, sha: str, context: str) -> tuple[str, str] | None:
        """(state, description) of the newest status ``context`` on ``sha``, if any."""
        data = self._request(
            "GET", f"{self._repo_url}/commits/{sha}/status", f"GET status {sha[:12]}"
        )
        for status in data.get("statuses") or [] if isinstance(data, dict) else []:
            if str(status.get("context", "")).lower() == context.lower():
                return str(status.get("state")), str(status.get("description") or "")
        return None

    @_reads_answer
    def file_patches(self, number: int) -> dict[str, str | None]:
        """Each file of the PR and its ``patch`` (None: binary, or too large for GitHub)."""
        raw = self._list(f"list files #{number}", lambda: self._pull_obj(number).get_files())
        return {str(f.filename): (str(f.patch) if f.patch else None) for f in raw}

    def added_lines_from_api(self, number: int) -> dict[str, set[int]]:
        """The RIGHT-side lines GitHub itself accepts comments on, per file (its own diff)."""
        from sastflow.github.diffmap import commentable_lines

        return {path: commentable_lines(p) for path, p in self.file_patches(number).items()}

    @_reads_answer
    def open_pulls_with_head(self, sha: str) -> list[int]:
        """Open pull requests of this repository whose head is ``sha`` (found by the commit)."""
        raw = self._list(
            f"list pulls of {sha[:12]}", lambda: self._repo.get_commit(sha).get_pulls()
        )
        return sorted(int(p.number) for p in raw if p.state == "open" and str(p.head.sha) == sha)

    @_reads_answer
    def review_threads(self, number: int) -> list[RemoteThread]:
        owner, name = self.repository.split("/", 1)
        query = (
            "query($owner: String!, $name: String!, $number: Int!, $cursor: String) {"
            " repository(owner: $owner, name: $name) { pullRequest(number: $number) {"
            " reviewThreads(first: 100, after: $cursor) { pageInfo { hasNextPage endCursor }"
            " nodes { id isResolved comments(first: 1) { nodes { databaseId } } } } } } }"
        )
        threads: list[RemoteThread] = []
        cursor: str | None = None
        for _ in range(50):  # 5,000 threads
            variables = {"owner": owner, "name": name, "number": number, "cursor": cursor}
            self.counters.add("graphql", "query reviewThreads")
            data = self._graphql("query review threads", query, variables)
            try:
                connection = data["data"]["repository"]["pullRequest"]["reviewThreads"]
                for node in connection["nodes"]:
                    first = node["comments"]["nodes"]
                    if first:
                        threads.append(
                            RemoteThread(
                                str(node["id"]),
                                int(first[0]["databaseId"]),
                                bool(node["isResolved"]),
                            )
                        )
                if not connection["pageInfo"]["hasNextPage"]:
                    break
                cursor = connection["pageInfo"]["endCursor"]
            except (KeyError, TypeError, ValueError) as exc:
                raise ApiError(f"GitHub API: review threads: unexpected answer ({exc})") from None
        return threads

    # --- writes --------------------------------------------------------------------------

    @_reads_answer
    def create_review(
        self, number: int, commit_id: str, body: str, comments: Sequence[InlineComment]
    ) -> int:
        """One submitted review (``event=COMMENT``) holding ``comments``; returns its id."""
        payload = {
            "commit_id": commit_id,
            "body": body,
            "event": "COMMENT",
            "comments": [
                {"path": c.path, "line": c.line, "side": "RIGHT", "body": c.body} for c in comments
            ],
        }
        data = self._request(
            "POST", f"{self._repo_url}/pulls/{number}/reviews", f"create review #{number}", payload
        )
        return int(data["id"])

    @_reads_answer
    def reply(self, number: int, comment_id: int, body: str) -> int:
        data = self._request(
            "POST",
            f"{self._repo_url}/pulls/{number}/comments/{comment_id}/replies",
            f"reply to comment {comment_id}",
            {"body": body},
        )
        return int(data["id"])

    @_reads_answer
    def create_issue_comment(self, number: int, body: str) -> RemoteIssueComment:
        data = self._request(
            "POST",
            f"{self._repo_url}/issues/{number}/comments",
            f"create comment #{number}",
            {"body": body},
        )
        return RemoteIssueComment(
            int(data["id"]), RemoteUser(str(data["user"]["login"])), body, str(data["html_url"])
        )

    def edit_issue_comment(self, comment_id: int, body: str) -> None:
        self._request(
            "PATCH",
            f"{self._repo_url}/issues/comments/{comment_id}",
            f"edit comment {comment_id}",
            {"body": body},
        )

    def create_status(self, sha: str, state: str, context: str, description: str) -> None:
        self._request(
            "POST",
            f"{self._repo_url}/statuses/{sha}",
            f"set status {context}",
            {"state": state, "context": context, "description": description[:140]},
        )

    def request_reviewers(self, number: int, users: Sequence[str], teams: Sequence[str]) -> None:
        body: dict[str, list[str]] = {}
        if users:
            body["reviewers"] = list(users)
        if teams:
            body["team_reviewers"] = list(teams)
        self._request(
            "POST",
            f"{self._repo_url}/pulls/{number}/requested_reviewers",
            f"request reviewers #{number}",
            body,
        )

    def resolve_thread(self, thread_id: str) -> None:
        mutation = (
            "mutation($threadId: ID!) { resolveReviewThread(input: {threadId: $threadId}) "
            "{ thread { id isResolved } } }"
        )
        self.counters.add("graphql", "resolveReviewThread")
        self._graphql("resolve review thread", mutation, {"threadId": thread_id})

    def code_scanning_alerts(self, state: str, ref: str | None = None) -> list[Any]:
        """Every code-scanning alert in ``state`` (open, dismissed), all pages, as PyGithub
        objects (read by :mod:`sastflow.alerts.api`)."""
        from github.GithubObject import NotSet

        what = f"list {state} code-scanning alerts of {self.repository}"
        return self._list(
            what,
            lambda: self._repo.get_codescan_alerts(
                state=state, ref=ref if ref is not None else NotSet
            ),
        )

    # --- plain repository calls, for the modules beside this one (issues.py, gitdata.py) ---

    def repo_call(self, verb: str, path: str, what: str, body: Any = None) -> Any:
        """``verb`` on ``/repos/{repository}{path}``, with this client's retries and errors."""
        return self._request(verb, f"{self._repo_url}{path}", what, body)

    def repo_pages(self, what: str, path: str, *, max_pages: int = 10) -> list[Any]:
        """The items of a list endpoint under the repository, 100 a page, ``max_pages`` at
        most (``path`` may carry a query already)."""
        items: list[Any] = []
        joiner = "&" if "?" in path else "?"
        for page in range(1, max_pages + 1):
            chunk = self.repo_call("GET", f"{path}{joiner}per_page=100&page={page}", what)
            if not isinstance(chunk, list):
                raise ApiError(f"GitHub API: {what}: the answer is not a list")
            items.extend(chunk)
            if len(chunk) < 100:
                break
        return items


def _translate(exc: Any, what: str) -> ApiError:
    status = int(getattr(exc, "status", 0) or 0)
    data = getattr(exc, "data", None)
    message = ""
    if isinstance(data, dict):
        message = str(data.get("message") or "")
        errors = data.get("errors")
        if isinstance(errors, list) and errors:
            details = [
                str(e.get("message") or e.get("code") or e) if isinstance(e, dict) else str(e)
                for e in errors[:3]
            ]
            message = f"{message} ({'; '.join(details)})" if message else "; ".join(details)
        if any(isinstance(e, dict) and e.get("type") == "FORBIDDEN" for e in errors or []):
            status = 403  # GraphQL answers a forbidden mutation with 200 and an error
    elif data:
        message = str(data)[:200]
    detail = str(data.get("message") or "") if isinstance(data, dict) else ""
    message = " ".join(message.split())[:500]
    text = f"GitHub API: {what}: HTTP {status}" + (f": {message}" if message else "")
    kind = ApiError
    if (
        "wait budget" in message
        or status == 429
        or (status == 403 and "rate limit" in message.lower())
    ):
        kind = RateLimited
    elif status == 403:
        kind = Forbidden
    elif status == 422:
        kind = Unprocessable
    elif status >= 500:
        kind = ServerError
    return kind(text, status, detail)
