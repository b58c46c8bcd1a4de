"""Which code-scanning alerts to dismiss and which to reopen: pure, no API calls.

An alert matches an accepted finding when the tool, the rule id and the path agree and the
alert's line lies within the finding's lines (the SARIF log carries the lines; the ledger
carries only fingerprint, rule and path). A finding counts as accepted only when its SARIF
result has an accepted external suppression *and* the ledger still holds an unexpired entry for
it: an old log cannot keep an alert dismissed once the entry has gone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sastflow.model import (
    Finding,
    LedgerEntry,
    LedgerOutcome,
    LedgerStatus,
)

PREFIX = "[sastflow]"
MAX_COMMENT = 280  # GitHub's limit on dismissed_comment
DISMISSED_REASON = "won't fix"
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Alert:
    """A code-scanning alert as the API describes it (its most recent instance)."""

    number: int
    tool: str
    rule_id: str
    path: str
    start_line: int
    end_line: int
    state: str  # open, dismissed, fixed
    dismissed_comment: str | None = None

    @property
    def dismissed_by_sastflow(self) -> bool:
        return self.state == "dismissed" and (self.dismissed_comment or "").startswith(PREFIX)


@dataclass(frozen=True, slots=True)
class Accepted:
    """A finding the ledger accepts, where the SARIF log puts it."""

    tool: str
    rule_id: str
    path: str
    start_line: int
    end_line: int
    entry: LedgerEntry

    def covers(self, alert: Alert) -> bool:
        return (
            alert.tool == self.tool
            and alert.rule_id == self.rule_id
            and alert.path == self.path
            and self.start_line <= alert.start_line <= self.end_line
        )


@dataclass(frozen=True, slots=True)
class Dismissal:
    alert: Alert
    comment: str


@dataclass(frozen=True, slots=True)
class Plan:
    dismiss: tuple[Dismissal, ...]
    reopen: tuple[Alert, ...]
    unchanged: int  # alerts already as they should be (dismissed by sastflow, still accepted)


def dismissal_comment(entry: LedgerEntry, ledger: str) -> str:
    """``[sastflow] accepted by LOGIN until DATE (ledger:LINE): REASON``, within 280 characters;
    the reason is what gets cut."""
    where = f"{ledger}:{entry.line}" if entry.line else ledger
    head = f"{PREFIX} accepted by {entry.approved_by} until {entry.expires.isoformat()} ({where})"
    reason = " ".join(entry.reason.split())
    text = f"{head}: {reason}"
    if len(text) <= MAX_COMMENT:
        return text
    if len(head) + 2 + len(ELLIPSIS) > MAX_COMMENT:
        return head[: MAX_COMMENT - len(ELLIPSIS)] + ELLIPSIS
    return text[: MAX_COMMENT - len(ELLIPSIS)] + ELLIPSIS


def missing_accepted(findings: Iterable[Finding], recorded: Iterable[LedgerOutcome]) -> int:
    """How many findings the scan accepted (its recorded ledger outcomes say so) that the log
    does not hold: a log written with ``--exclude-accepted``, useless for matching alerts."""
    present = {f.fingerprint for f in findings if f.accepted_by_ledger}
    return sum(
        1
        for outcome in recorded
        if outcome.status is LedgerStatus.ACCEPTED
        and outcome.matched > 0
        and outcome.entry.fingerprint not in present
    )


def accepted_findings(
    findings: Iterable[Finding],
    entries: Iterable[LedgerEntry],
    tools: Mapping[str, str],
    *,
    today: dt.date,
) -> list[Accepted]:
    """Findings the SARIF log shows as ledger-accepted whose entry is still there and unexpired.
    ``tools`` maps a finding's engine to the tool name code scanning shows (the driver name)."""
    active = {
        (fingerprint, rule, e.path): e
        for e in entries
        if not e.expired(today)
        for fingerprint, rule in e.members  # a group entry names every result of its row
    }
    listed = list(findings)
    # A row is accepted as one (docs/triage.md): a result the entry does not name is covered
    # by the entry of another result of its cross-engine group.
    by_group: dict[str, LedgerEntry] = {}
    for finding in listed:
        named = active.get((finding.fingerprint, finding.rule_id, finding.path))
        if named is not None and finding.correlation is not None:
            by_group.setdefault(finding.correlation, named)
    out: list[Accepted] = []
    for finding in listed:
        if not finding.accepted_by_ledger:
            continue
        entry = active.get((finding.fingerprint, finding.rule_id, finding.path))
        if entry is None and finding.correlation is not None:
            entry = by_group.get(finding.correlation)
        if entry is None:
            continue
        location = finding.location
        out.append(
            Accepted(
                tool=tools.get(finding.engine, finding.engine),
                rule_id=finding.rule_id,
                path=finding.path,
                start_line=location.start_line,
                end_line=max(location.end_line, location.start_line),
                entry=entry,
            )
        )
    return out


def plan(alerts: Sequence[Alert], accepted: Sequence[Accepted], *, ledger: str) -> Plan:
    """Dismiss open alerts an accepted finding covers; reopen sastflow's own dismissals that
    no accepted finding covers any more. Alerts of other tools, fixed alerts and alerts that
    people dismissed are left alone."""
    dismiss: list[Dismissal] = []
    reopen: list[Alert] = []
    unchanged = 0
    for alert in alerts:
        cover = next((a for a in accepted if a.covers(alert)), None)
        if alert.state == "open" and cover is not None:
            dismiss.append(Dismissal(alert, dismissal_comment(cover.entry, ledger)))
        elif alert.dismissed_by_sastflow:
            if cover is None:
                reopen.append(alert)
            else:
                unchanged += 1
    return Plan(tuple(dismiss), tuple(reopen), unchanged)
