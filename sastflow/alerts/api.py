"""Code-scanning alerts over the REST API, through PyGithub.

Reads ``GET /repos/{owner}/{repo}/code-scanning/alerts`` (open and dismissed) and changes one
alert with ``PATCH .../alerts/{number}``. The token needs ``security-events: write``; every API
failure becomes a :class:`~sastflow.errors.GitHubError` naming what was being done, never
showing the token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sastflow.alerts.plan import DISMISSED_REASON, Alert
from sastflow.errors import GitHubError
from sastflow.github.client import answer, connection_problem

T = TypeVar("T")

_PERMISSION_HINT = (
    "the token cannot use code scanning: give the job `permissions: security-events: write` "
    "(and check that code scanning is enabled for the repository)"
)


class AlertsClient:
    """The alerts of one repository."""

    def __init__(
        self,
        api_url: str,
        repository: str,
        token: str,
        *,
        retries: int = 3,
        write_interval: float = 0.75,
    ) -> None:
        from github import Auth, Github, GithubRetry

        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self.writes = 0
        self._gh = Github(
            base_url=self.api_url,
            auth=Auth.Token(token),
            retry=GithubRetry(total=retries, secondary_rate_wait=60.0),
            timeout=30,
            per_page=100,
            # GitHub asks for at most 80 content-changing requests a minute.
            seconds_between_writes=write_interval or None,
            seconds_between_requests=min(write_interval, 0.25) or None,
            lazy=True,
        )
        self._repo = self._gh.get_repo(repository)

    def close(self) -> None:
        self._gh.close()

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        import requests
        from github import GithubException

        try:
            return fn()
        except GithubException as exc:
            message = ""
            if isinstance(exc.data, dict):
                message = str(exc.data.get("message") or "")
            if exc.status in (401, 403, 404):
                detail = f" ({message})" if message else ""
                raise GitHubError(
                    f"GitHub API: {what}: {exc.status}{detail}: {_PERMISSION_HINT}"
                ) from None
            raise GitHubError(f"GitHub API: {what}: {exc.status} {message}".rstrip()) from None
        except requests.RequestException as exc:
            host = urlsplit(self.api_url).netloc or self.api_url
            raise GitHubError(
                f"GitHub API: {what}: cannot connect to {host}: {connection_problem(exc)}"
            ) from None
        except ValueError as exc:  # a 2xx whose body is not JSON
            raise GitHubError(f"GitHub API: {what}: unexpected answer ({exc})") from None

    def alerts(self, state: str, ref: str | None = None) -> list[Alert]:
        """Every alert in ``state`` (open, dismissed), all pages."""
        from github.GithubObject import NotSet

        what = f"list {state} code-scanning alerts of {self.repository}"

        def collect() -> list[Alert]:
            pages = self._repo.get_codescan_alerts(
                state=state, ref=ref if ref is not None else NotSet
            )
            with answer(what):  # a missing or mistyped member: exit 3 naming the call
                return [_alert(item) for item in pages]

        return self._call(what, collect)

    def _patch(self, number: int, body: dict[str, Any], what: str) -> None:
        url = f"{self.api_url}/repos/{self.repository}/code-scanning/alerts/{number}"
        self._call(what, lambda: self._gh.requester.requestJsonAndCheck("PATCH", url, input=body))
        self.writes += 1

    def dismiss(self, number: int, comment: str) -> None:
        body = {"state": "dismissed", "dismissed_reason": DISMISSED_REASON}
        body["dismissed_comment"] = comment
        self._patch(number, body, f"dismiss alert #{number}")

    def reopen(self, number: int) -> None:
        self._patch(number, {"state": "open"}, f"reopen alert #{number}")


def _alert(item: Any) -> Alert:
    instance = item.most_recent_instance
    location = instance.location if instance is not None else None
    start = int(getattr(location, "start_line", 0) or 0)
    end = int(getattr(location, "end_line", 0) or 0)
    return Alert(
        number=int(item.number),
        tool=str(item.tool.name if item.tool is not None else ""),
        rule_id=str(item.rule.id if item.rule is not None else ""),
        path=str(getattr(location, "path", "") or ""),
        start_line=start,
        end_line=max(end, start),
        state=str(item.state),
        dismissed_comment=item.dismissed_comment,
    )
