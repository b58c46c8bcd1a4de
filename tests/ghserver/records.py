"""The records the test server keeps, as tests seed and read them.

Every record is a frozen snapshot; the server replaces a record when GitHub would change it,
so a test holding an old snapshot sees the state at the time it read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Permission(str, Enum):
    """What a token may do in the repositories: ``read`` is a fork PR's ``GITHUB_TOKEN``."""

    READ = "read"
    WRITE = "write"


class UserType(str, Enum):
    USER = "User"
    BOT = "Bot"
    ORGANIZATION = "Organization"


class ReviewState(str, Enum):
    PENDING = "PENDING"
    COMMENTED = "COMMENTED"
    APPROVED = "APPROVED"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    DISMISSED = "DISMISSED"


class FileStatus(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    RENAMED = "renamed"
    COPIED = "copied"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class AlertState(str, Enum):
    OPEN = "open"
    DISMISSED = "dismissed"
    FIXED = "fixed"


@dataclass(frozen=True, slots=True)
class User:
    login: str
    id: int
    type: UserType = UserType.USER


@dataclass(frozen=True, slots=True)
class Token:
    """A credential. ``installation`` tokens (``GITHUB_TOKEN``, apps) get 403 on ``GET /user``."""

    token: str
    login: str
    permission: Permission
    installation: bool
    read_org: bool = True  # may list team members (``GITHUB_TOKEN`` really may not)
    security_events: bool = True  # may read and change code-scanning alerts


@dataclass(frozen=True, slots=True)
class PullFile:
    """One entry of ``GET /pulls/{n}/files``. ``patch`` holds the hunks only (from ``@@``);
    ``None`` for binary files and for diffs too large for GitHub to show."""

    filename: str
    status: FileStatus | str = FileStatus.MODIFIED
    patch: str | None = None
    previous_filename: str | None = None


@dataclass(frozen=True, slots=True)
class Repo:
    full_name: str
    id: int
    default_branch: str = "main"
    private: bool = False
    # GitHub's "Allow GitHub Actions to create and approve pull requests" (off by default).
    actions_can_approve: bool = False
    branches: Mapping[str, str] = field(default_factory=dict)  # branch -> sha
    commits: frozenset[str] = frozenset()

    @property
    def owner(self) -> str:
        return self.full_name.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.full_name.split("/", 1)[1]


@dataclass(frozen=True, slots=True)
class Pull:
    repo: str
    number: int
    id: int
    author: str
    title: str
    body: str
    head_sha: str
    base_sha: str
    head_ref: str
    base_ref: str
    fork: bool
    state: str = "open"
    draft: bool = False
    requested_reviewers: tuple[str, ...] = ()
    requested_teams: tuple[str, ...] = ()
    # The files of the PR as of each head it has had (a review on an older head is checked
    # against that head's diff).
    files_by_head: Mapping[str, tuple[PullFile, ...]] = field(default_factory=dict)
    # (sha, login of its author) of every pushed head, oldest first: who pushed last.
    commits: tuple[tuple[str, str], ...] = ()
    # Every push, oldest first: what the issue timeline shows (committed, force-pushed).
    pushes: tuple[Push, ...] = ()

    @property
    def files(self) -> tuple[PullFile, ...]:
        return self.files_by_head[self.head_sha]

    @property
    def head_repo(self) -> str:
        if not self.fork:
            return self.repo
        return f"{self.author}/{self.repo.split('/', 1)[1]}"


@dataclass(frozen=True, slots=True)
class Push:
    """One push to a pull request's head branch. ``author`` and ``committer`` are what the
    commit says (anyone can write any name there); ``pusher`` is who pushed, which GitHub
    shows only for a force push (``head_ref_force_pushed``'s actor). ``seq`` orders it among
    reviews (ids come from one counter)."""

    seq: int
    sha: str
    author: str
    committer: str
    pusher: str
    forced: bool = False


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    node_id: str
    repo: str
    pull_number: int
    user: str
    state: ReviewState
    body: str
    commit_id: str
    submitted_at: str | None


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """An inline comment. ``line``/``position`` become ``None`` when a push makes it outdated."""

    id: int
    node_id: str
    repo: str
    pull_number: int
    review_id: int
    user: str
    path: str
    body: str
    commit_id: str
    original_commit_id: str
    line: int | None
    original_line: int
    side: str
    start_line: int | None
    start_side: str | None
    position: int | None
    original_position: int
    diff_hunk: str
    in_reply_to_id: int | None
    thread_id: str
    created_at: str
    updated_at: str
    edited_by: tuple[str, ...] = ()  # logins of everyone who changed the body, in order

    @property
    def outdated(self) -> bool:
        return self.line is None


@dataclass(frozen=True, slots=True)
class ReviewThread:
    """A thread of review comments; resolvable only through GraphQL."""

    id: str
    repo: str
    pull_number: int
    root_comment_id: int
    resolved: bool = False
    resolved_by: str | None = None


@dataclass(frozen=True, slots=True)
class IssueComment:
    id: int
    node_id: str
    repo: str
    issue_number: int
    user: str
    body: str
    created_at: str
    updated_at: str
    edited_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Status:
    id: int
    repo: str
    sha: str
    state: str
    context: str
    description: str | None
    target_url: str | None
    creator: str
    created_at: str


@dataclass(frozen=True, slots=True)
class CheckRun:
    id: int
    repo: str
    head_sha: str
    name: str
    status: str
    conclusion: str | None
    output: Mapping[str, Any]
    creator: str


@dataclass(frozen=True, slots=True)
class Alert:
    """A code-scanning alert, with its most recent instance flattened in."""

    number: int
    repo: str
    rule_id: str
    tool_name: str
    path: str
    start_line: int
    end_line: int
    message: str
    ref: str
    commit_sha: str
    severity: str = "warning"  # the rule's SARIF level: none, note, warning, error
    security_severity_level: str | None = None  # low, medium, high, critical
    category: str = ""
    state: AlertState = AlertState.OPEN
    dismissed_by: str | None = None
    dismissed_at: str | None = None
    dismissed_reason: str | None = None
    dismissed_comment: str | None = None
    created_at: str = ""
    updated_at: str = ""
    fixed_at: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server received it, and the status it answered."""

    method: str
    path: str  # without the API prefix and query, e.g. "/repos/o/r/pulls/1/reviews"
    query: Mapping[str, tuple[str, ...]]
    body: Any  # the parsed JSON body, None when there was none
    login: str | None  # the token's login, None when unauthenticated
    status: int

    @property
    def is_write(self) -> bool:
        """A request that changes something (a GraphQL mutation counts, a query does not)."""
        return is_write(self.method, self.path, self.body)


def is_write(method: str, path: str, body: Any) -> bool:
    if method not in {"POST", "PATCH", "PUT", "DELETE"}:
        return False
    if path == "/graphql":
        query = body.get("query") if isinstance(body, dict) else None
        return isinstance(query, str) and query.lstrip().startswith("mutation")
    return True


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """A request body that GitHub's OpenAPI description does not allow."""

    method: str
    path: str
    endpoint: str  # "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"
    message: str
    body: Any


@dataclass(frozen=True, slots=True)
class Issue:
    """An issue (not a pull request: those share the numbering but live in ``Pull``)."""

    repo: str
    number: int
    id: int
    title: str
    body: str
    user: str
    created_at: str
    updated_at: str
    state: str = "open"
    state_reason: str | None = None
    closed_at: str | None = None
    edited_by: tuple[str, ...] = ()
