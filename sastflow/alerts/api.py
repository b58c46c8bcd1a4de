"""Code-scanning alerts over the REST API, through :class:`~sastflow.github.client.GitHubClient`.

Reads ``GET /repos/{owner}/{repo}/code-scanning/alerts`` (open and dismissed) and changes one
alert with ``PATCH .../alerts/{number}``, with the client's transport, retries, wait budget and
errors. The token needs ``security-events: write``; every API failure becomes a
:class:`~sastflow.errors.GitHubError` naming what was being done, never showing the token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sastflow.alerts.plan import DISMISSED_REASON, Alert
from sastflow.errors import GitHubError
from sastflow.github.client import ApiError, ClientSettings, GitHubClient, answer
from sastflow.github.env import Secret

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
        settings = ClientSettings(
            retries=retries,
            # GitHub asks for at most 80 content-changing requests a minute.
            write_interval=write_interval,
            request_interval=min(write_interval, 0.25),
        )
        self._client = GitHubClient(api_url, repository, Secret(token), settings)
        self.api_url = self._client.api_url
        self.repository = repository
        self.writes = 0

    def close(self) -> None:
        self._client.close()

    @staticmethod
    def _call(what: str, fn: Callable[[], T]) -> T:
        """The client's errors, worded for code scanning: a refused token gets the hint."""
        try:
            return fn()
        except ApiError as exc:
            if exc.status == 0:  # no answer, or an answer that could not be read
                raise
            if exc.status in (401, 403, 404):
                detail = f" ({exc.detail})" if exc.detail else ""
                raise GitHubError(
                    f"GitHub API: {what}: {exc.status}{detail}: {_PERMISSION_HINT}"
                ) from None
            raise GitHubError(f"GitHub API: {what}: {exc.status} {exc.detail}".rstrip()) from None

    def alerts(self, state: str, ref: str | None = None) -> list[Alert]:
        """Every alert in ``state`` (open, dismissed), all pages."""
        what = f"list {state} code-scanning alerts of {self.repository}"
        items = self._call(what, lambda: self._client.code_scanning_alerts(state, ref))
        with answer(what):  # a missing or mistyped member: exit 3 naming the call
            return [_alert(item) for item in items]

    def _patch(self, number: int, body: dict[str, Any], what: str) -> None:
        path = f"/code-scanning/alerts/{number}"
        self._call(what, lambda: self._client.repo_call("PATCH", path, what, body))
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
