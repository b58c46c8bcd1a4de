"""sastflow's hidden markers, and the rule that only sastflow's own comments carry them.

Every comment sastflow writes starts with an HTML comment GitHub does not render:

- ``<!-- sastflow:finding v1 fp=<fingerprint> -->`` on an inline comment (one line per
  fingerprint of a cross-engine group);
- ``<!-- sastflow:fixed v1 fp=<fingerprint> -->`` on the reply saying a finding is gone;
- ``<!-- sastflow:summary v1 -->`` on the one summary comment, followed by
  ``<!-- sastflow:state v1 {json} -->`` holding the counts of the run that wrote it.

A marker is trusted only in a comment whose author is sastflow's own account: ``GET /user`` for a
personal or app-user token, ``github-actions[bot]`` for the job's ``GITHUB_TOKEN`` (an
installation token, for which ``GET /user`` answers 403), or ``--bot-login``. Anyone can paste a
marker into a comment; it is then ignored, so a human can neither make sastflow edit their
comment nor feed it counts. Scanned code cannot carry a marker into sastflow's own comments
either: the escapers break every ``<!--`` in a snippet or message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar


class _HasLogin(Protocol):
    @property
    def login(self) -> str: ...


class _Authored(Protocol):
    @property
    def user(self) -> _HasLogin: ...


A = TypeVar("A", bound=_Authored)

FINDING = "sastflow:finding v1"
FIXED = "sastflow:fixed v1"
SUMMARY = "sastflow:summary v1"
STATE = "sastflow:state v1"
APPROVAL_START = "<!-- sastflow:approval -->"
APPROVAL_END = "<!-- /sastflow:approval -->"
ACTIONS_BOT = "github-actions[bot]"

_FP = r"[0-9a-f]{8,128}"
_FINDING_RE = re.compile(rf"^<!-- {re.escape(FINDING)} fp=({_FP}) -->$", re.MULTILINE)
_FIXED_RE = re.compile(rf"^<!-- {re.escape(FIXED)} fp=({_FP}) -->$", re.MULTILINE)
_SUMMARY_RE = re.compile(rf"\A<!-- {re.escape(SUMMARY)} -->$", re.MULTILINE)
_STATE_RE = re.compile(rf"^<!-- {re.escape(STATE)} (\{{[^\n]*?\}}) -->$", re.MULTILINE)
_SAFE_FP = re.compile(_FP)


def finding_marker(fingerprint: str) -> str:
    if not _SAFE_FP.fullmatch(fingerprint):
        raise ValueError(f"not a fingerprint: {fingerprint[:40]!r}")
    return f"<!-- {FINDING} fp={fingerprint} -->"


def fixed_marker(fingerprint: str) -> str:
    if not _SAFE_FP.fullmatch(fingerprint):
        raise ValueError(f"not a fingerprint: {fingerprint[:40]!r}")
    return f"<!-- {FIXED} fp={fingerprint} -->"


def summary_marker() -> str:
    return f"<!-- {SUMMARY} -->"


def state_marker(state: RunState) -> str:
    # Only numbers, booleans and a hex SHA: the JSON can never hold "-->".
    return f"<!-- {STATE} {json.dumps(state.to_json(), sort_keys=True)} -->"


def finding_fingerprints(body: str) -> tuple[str, ...]:
    return tuple(_FINDING_RE.findall(body))


def fixed_fingerprints(body: str) -> tuple[str, ...]:
    return tuple(_FIXED_RE.findall(body))


def is_summary(body: str) -> bool:
    return _SUMMARY_RE.search(body) is not None


@dataclass(frozen=True, slots=True)
class RunState:
    """What one run found, kept hidden in the summary comment so that a review event can
    re-evaluate the gate without scanning again."""

    head: str
    blocking: int  # blocking new findings (rows)
    new: int  # new, unsuppressed findings (rows)
    pending_ledger: int
    pending_inline: int
    incomplete: bool

    @property
    def needs_approval(self) -> int:
        return self.blocking + self.pending_ledger + self.pending_inline

    def to_json(self) -> dict[str, Any]:
        return {
            "head": self.head,
            "blocking": self.blocking,
            "new": self.new,
            "pending_ledger": self.pending_ledger,
            "pending_inline": self.pending_inline,
            "incomplete": self.incomplete,
        }

    @classmethod
    def from_json(cls, data: Any) -> RunState | None:
        if not isinstance(data, dict):
            return None
        head = data.get("head")
        numbers = [data.get(k) for k in ("blocking", "new", "pending_ledger", "pending_inline")]
        if not (isinstance(head, str) and re.fullmatch(r"[0-9a-f]{40,64}", head)):
            return None
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers):
            return None
        return cls(
            head=head,
            blocking=int(data["blocking"]),
            new=int(data["new"]),
            pending_ledger=int(data["pending_ledger"]),
            pending_inline=int(data["pending_inline"]),
            incomplete=bool(data.get("incomplete", False)),
        )


def read_state(body: str) -> RunState | None:
    found = _STATE_RE.search(body)
    if found is None:
        return None
    try:
        return RunState.from_json(json.loads(found.group(1)))
    except ValueError:
        return None


def replace_approval(body: str, section: str) -> str:
    """``body`` with its approval section (between the approval markers) replaced."""
    start = body.find(APPROVAL_START)
    end = body.find(APPROVAL_END, start)
    if start < 0 or end < 0:
        return body
    return body[:start] + section + body[end + len(APPROVAL_END) :]


class Identity:
    """Who sastflow is on GitHub, and which comments are therefore its own."""

    def __init__(self, login: str) -> None:
        self.login = login

    def owns(self, author: str) -> bool:
        return author.lower() == self.login.lower()

    def own(self, items: Iterable[A]) -> list[A]:
        """Items (remote comments) whose author is sastflow's account."""
        return [item for item in items if self.owns(item.user.login)]
