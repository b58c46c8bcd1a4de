"""Audit the ledger against what a scan found: which entries are accepted, expired, stale or
pending, for ``triage list``, ``check`` and ``prune``.

Telling a stale entry from a live one needs a complete picture of the findings, and a wrong
"stale" makes ``prune`` delete an acceptance that still matters. So evidence is refused when it
is partial: an engine that failed, or a diff-aware (PR) scan that only looked at changed files.
A SARIF log written with ``--exclude-accepted`` lacks the accepted results themselves; the
ledger outcomes that sastflow records in every log cover for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sastflow.errors import EngineError, UsageError
from sastflow.model import Finding, LedgerEntry, LedgerOutcome, LedgerStatus, ScanReport
from sastflow.triage.apply import apply_ledger


@dataclass(frozen=True, slots=True)
class Evidence:
    """The findings of one complete scan, and where they came from (for messages)."""

    findings: tuple[Finding, ...]
    recorded: tuple[LedgerOutcome, ...]  # outcomes the scan itself recorded (SARIF logs)
    source: str


@dataclass(frozen=True, slots=True)
class Row:
    """One entry's standing. ``status`` is None when no scan was consulted (expiry only)."""

    entry: LedgerEntry
    status: LedgerStatus | None
    matched: int | None
    days_left: int

    @property
    def label(self) -> str:
        return self.status.value if self.status is not None else "active"

    def expires_within(self, days: int) -> bool:
        """Not expired yet, and expiring within ``days`` (0: never)."""
        return days > 0 and self.status is not LedgerStatus.EXPIRED and 0 <= self.days_left <= days

    @property
    def due(self) -> bool:
        """Expired already (as of the audit's today)."""
        return self.status is LedgerStatus.EXPIRED or self.days_left < 0

    @property
    def stale(self) -> bool:
        """Matches no finding (an expired entry can be stale too)."""
        return self.matched == 0 and self.status is not LedgerStatus.PENDING


def _complete(report: ScanReport, source: str) -> None:
    if report.base_ref is not None:
        raise UsageError(
            f"{source} is from a diff-aware scan (--base): it covers only the changed files, so "
            "it cannot tell which ledger entries are stale; use a full scan's SARIF"
        )
    if report.shard is not None:
        raise UsageError(
            f"{source} covers only shard {report.shard} of the files, so it cannot tell which "
            "ledger entries are stale; merge every shard first (sastflow merge)"
        )
    if report.incomplete:
        failed = "; ".join(f"{f.engine}: {f.detail}" for f in report.failures)
        raise EngineError(f"{source} is incomplete ({failed}); cannot tell stale entries")


def from_report(report: ScanReport, source: str) -> Evidence:
    _complete(report, source)
    return Evidence(report.findings, report.ledger, source)


def from_sarif(path: Path) -> Evidence:
    from sastflow.sarif.read import read_report

    return from_report(read_report(path), str(path))


def _key(entry: LedgerEntry) -> tuple[str, str, str]:
    return (entry.fingerprint, entry.rule, entry.path)


def audit(
    entries: Sequence[LedgerEntry],
    *,
    pending: Sequence[LedgerEntry] = (),
    evidence: Evidence | None,
    today: dt.date,
) -> list[Row]:
    """Rows in ledger order. ``pending`` entries are a subset of ``entries`` (``--base``)."""
    pending_keys = set(pending)
    active = [entry for entry in entries if entry not in pending_keys]
    waiting = [entry for entry in entries if entry in pending_keys]
    findings = evidence.findings if evidence is not None else ()
    _, outcomes = apply_ledger(
        findings, active=active, pending=waiting, approved=False, today=today
    )
    by_entry = {outcome.entry: outcome for outcome in outcomes}
    recorded = {
        _key(o.entry): o.matched for o in (evidence.recorded if evidence else ()) if o.matched
    }
    rows: list[Row] = []
    for entry in entries:
        outcome = by_entry[entry]
        status: LedgerStatus | None = outcome.status
        matched: int | None = outcome.matched
        if evidence is None:
            matched = None
            if status in (LedgerStatus.ACCEPTED, LedgerStatus.STALE):
                status = None
        elif not matched and _key(entry) in recorded:
            matched = recorded[_key(entry)]
            if status is LedgerStatus.STALE:
                status = LedgerStatus.ACCEPTED
        rows.append(Row(entry, status, matched, (entry.expires - today).days))
    return rows
