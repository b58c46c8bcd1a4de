"""The GitHub Actions environment: the standard variables and the event payload, validated.

Only the variables GitHub documents for every job are read (so GitHub Enterprise Server, and a
local test server, work through ``GITHUB_API_URL``). Anything missing or malformed is a one-line
:class:`~sastflow.errors.UsageError` naming the variable or the payload key. The token is held
in a :class:`Secret`, whose ``repr``/``str`` never show it.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sastflow.errors import UsageError

SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\[bot\])?")
MAX_EVENT_BYTES = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
DEFAULT_API_URL = "https://api.github.com"


class Secret:
    """A credential that does not print itself: ``str``, ``repr`` and f-strings show a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The real value, for the one place that needs it (the Authorization header)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __reduce__(self) -> Any:  # pickling would be a way to print it
        raise TypeError("a Secret cannot be pickled")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


class EventKind(enum.Enum):
    """The events ``sastflow pr`` runs on."""

    PULL_REQUEST = "pull_request"
    PULL_REQUEST_TARGET = "pull_request_target"
    PULL_REQUEST_REVIEW = "pull_request_review"
    WORKFLOW_DISPATCH = "workflow_dispatch"
    WORKFLOW_RUN = "workflow_run"  # the fork publisher: posts a fork PR run's artifact
    MERGE_GROUP = "merge_group"  # the merge queue: sastflow.jobs.merge_queue

    @classmethod
    def parse(cls, name: str) -> EventKind:
        try:
            return cls(name)
        except ValueError:
            known = ", ".join(k.value for k in cls)
            raise UsageError(
                f"GITHUB_EVENT_NAME: sastflow pr does not run on {name!r} events (use one of: "
                f"{known})"
            ) from None


@dataclass(frozen=True, slots=True)
class PullRequest:
    """The pull request a job is about, as the event (or the API) describes it."""

    number: int
    head_sha: str
    base_sha: str
    head_ref: str
    base_ref: str
    author: str
    fork: bool  # the head repository is not the base repository (a read-only token, usually)
    head_repo: str = ""


@dataclass(frozen=True, slots=True)
class ActionsEnv:
    """The standard variables of a GitHub Actions job."""

    api_url: str
    repository: str  # owner/name
    event_name: EventKind
    event_path: Path
    sha: str | None
    token: Secret | None
    step_summary: Path | None
    output: Path | None
    workspace: Path | None
    actor: str | None

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Event:
    """What the event payload says. ``pull`` is None for ``workflow_dispatch`` (only the number
    is known; the rest comes from the API); ``sender`` is who triggered it."""

    kind: EventKind
    number: int  # 0 for workflow_run (the PR is found by head SHA through the API)
    pull: PullRequest | None
    action: str | None
    sender: str | None
    review_state: str | None = None  # pull_request_review: approved, commented, ...
    run_head_sha: str | None = None  # workflow_run: the head commit GitHub reports for the run


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise UsageError(f"{name} is not set (sastflow pr runs inside a GitHub Actions job)")
    return value


def _optional_path(environ: Mapping[str, str], name: str) -> Path | None:
    value = environ.get(name, "").strip()
    return Path(value) if value else None


def _token(environ: Mapping[str, str]) -> Secret | None:
    # The action's `github-token` input wins over the job's GITHUB_TOKEN.
    for name in ("INPUT_GITHUB-TOKEN", "INPUT_GITHUB_TOKEN", "GITHUB_TOKEN"):
        value = environ.get(name, "").strip()
        if value:
            if any(c.isspace() for c in value):
                raise UsageError(f"{name}: the token contains whitespace")
            return Secret(value)
    return None


def api_url(environ: Mapping[str, str]) -> str:
    """``GITHUB_API_URL`` (github.com's API when unset), checked to be an http(s) URL."""
    url = environ.get("GITHUB_API_URL", "").strip() or DEFAULT_API_URL
    if not re.match(r"https?://[^/\s]+", url):
        raise UsageError(f"GITHUB_API_URL: {url!r} is not an http(s) URL")
    return url


def api_target(environ: Mapping[str, str], permission: str) -> tuple[str, str, Secret]:
    """(API URL, owner/name, token) from the Actions variables, each checked; ``permission``
    says what the job needs when the token is missing (e.g. "the job `issues: write`")."""
    repository = environ.get("GITHUB_REPOSITORY", "").strip()
    if not REPOSITORY.fullmatch(repository):
        shown = f"{repository!r} is not owner/name" if repository else "is not set"
        raise UsageError(f"GITHUB_REPOSITORY {shown}")
    url = api_url(environ)
    token = environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise UsageError(
            "GITHUB_TOKEN is not set: give the step `GITHUB_TOKEN: ${{ github.token }}` and "
            + permission
        )
    if any(c.isspace() for c in token):
        raise UsageError("GITHUB_TOKEN contains whitespace")
    return url, repository, Secret(token)


def read_env(environ: Mapping[str, str]) -> ActionsEnv:
    """The standard variables; raises UsageError naming the first bad one."""
    repository = _required(environ, "GITHUB_REPOSITORY")
    if not REPOSITORY.fullmatch(repository):
        raise UsageError(f"GITHUB_REPOSITORY: {repository!r} is not owner/name")
    event_name = EventKind.parse(_required(environ, "GITHUB_EVENT_NAME"))
    event_path = Path(_required(environ, "GITHUB_EVENT_PATH"))
    sha = environ.get("GITHUB_SHA", "").strip() or None
    if sha is not None and not SHA.fullmatch(sha):
        raise UsageError(f"GITHUB_SHA: {sha!r} is not a commit SHA")
    actor = environ.get("GITHUB_ACTOR", "").strip() or None
    return ActionsEnv(
        api_url=api_url(environ).rstrip("/"),
        repository=repository,
        event_name=event_name,
        event_path=event_path,
        sha=sha,
        token=_token(environ),
        step_summary=_optional_path(environ, "GITHUB_STEP_SUMMARY"),
        output=_optional_path(environ, "GITHUB_OUTPUT"),
        workspace=_optional_path(environ, "GITHUB_WORKSPACE"),
        actor=actor,
    )


# --- the event payload ---------------------------------------------------------------------


class _Payload:
    """Typed access to the payload; every problem names the key path."""

    def __init__(self, source: Path, data: Any) -> None:
        self.source = source
        self.data = data

    def fail(self, key: str, problem: str) -> UsageError:
        return UsageError(f"GITHUB_EVENT_PATH {self.source}: {key}: {problem}")

    def get(self, key: str) -> Any:
        node = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "missing")
            node = node[part]
        return node

    def text(self, key: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(key, "must be a non-empty string")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"{value[:80]!r} is malformed")
        return value

    def number(self, key: str) -> int:
        value = self.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(key, "must be a positive pull-request number")
        return value

    def optional_text(self, key: str) -> str | None:
        try:
            value = self.get(key)
        except UsageError:
            return None
        return value if isinstance(value, str) and value else None


def _load(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_EVENT_BYTES:
            raise UsageError(f"GITHUB_EVENT_PATH {path}: {size} bytes is too large for an event")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"GITHUB_EVENT_PATH {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"GITHUB_EVENT_PATH {path}: cannot read: {exc}") from None
    except ValueError as exc:
        raise UsageError(f"GITHUB_EVENT_PATH {path}: not JSON: {exc}") from None


def pull_from_payload(payload: _Payload, key: str = "pull_request") -> PullRequest:
    base_repo = payload.text(f"{key}.base.repo.full_name", REPOSITORY)
    head_repo_node = payload.get(f"{key}.head.repo")
    # A fork that was deleted leaves `head.repo` null: it certainly is not the base repository.
    head_repo = (
        payload.text(f"{key}.head.repo.full_name", REPOSITORY) if head_repo_node is not None else ""
    )
    return PullRequest(
        number=payload.number(f"{key}.number"),
        head_sha=payload.text(f"{key}.head.sha", SHA),
        base_sha=payload.text(f"{key}.base.sha", SHA),
        head_ref=payload.text(f"{key}.head.ref"),
        base_ref=payload.text(f"{key}.base.ref"),
        author=payload.text(f"{key}.user.login", LOGIN),
        fork=head_repo.lower() != base_repo.lower(),
        head_repo=head_repo,
    )


def read_event(env: ActionsEnv) -> Event:
    """The event payload of ``env``: the pull request, or (workflow_dispatch) its number."""
    payload = _Payload(env.event_path, _load(env.event_path))
    if not isinstance(payload.data, dict):
        raise payload.fail("(top level)", "must be a JSON object")
    sender = payload.optional_text("sender.login")
    action = payload.optional_text("action")
    if env.event_name is EventKind.WORKFLOW_RUN:
        # Only what GitHub itself reports about the run is used; its `pull_requests` list is
        # empty for forks, and the artifact's own claims are checked against this.
        head = payload.text("workflow_run.head_sha", SHA)
        return Event(env.event_name, 0, None, action, sender, run_head_sha=head)
    if env.event_name is EventKind.MERGE_GROUP:  # read by sastflow.jobs.merge_queue
        return Event(env.event_name, 0, None, action, sender)
    if env.event_name is EventKind.WORKFLOW_DISPATCH:
        inputs = payload.data.get("inputs")
        if not isinstance(inputs, dict) or "pr" not in inputs:
            raise payload.fail("inputs.pr", "missing (give the workflow an input `pr`)")
        return Event(env.event_name, payload.number("inputs.pr"), None, action, sender)
    pull = pull_from_payload(payload)
    review_state = None
    if env.event_name is EventKind.PULL_REQUEST_REVIEW:
        review_state = payload.optional_text("review.state")
    return Event(env.event_name, pull.number, pull, action, sender, review_state)
