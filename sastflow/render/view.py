"""What every renderer shows: deduplicated rows, their status, counts and the verdict.

Computed once from a :class:`~sastflow.model.ScanReport` so that the Markdown summary, the HTML
report, the terminal and the annotations never disagree about a count. Text is *not* escaped
here: each renderer escapes for its own output format.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass

from sastflow.dedupe import group
from sastflow.model import (
    BaselineState,
    EngineFailure,
    Finding,
    LedgerOutcome,
    LedgerStatus,
    ScanReport,
    Severity,
    Suppression,
    SuppressionKind,
)
from sastflow.triage.groups import lead_first


class Status(enum.Enum):
    """Where a finding stands. Declaration order is also "needs attention first" order."""

    NEW = "new"  # PR mode: the pull request introduced it; unsuppressed
    OPEN = "open"  # full scan: unsuppressed
    PENDING = "pending"  # a suppression added by the PR waits for security approval
    EXISTING = "existing"  # PR mode: the base commit already had it
    IN_SOURCE = "in-source"  # `# nosec` / `# nosemgrep` present at the base
    ACCEPTED = "accepted"  # the triage ledger accepts it

    @property
    def label(self) -> str:
        return self.value

    @property
    def silenced(self) -> bool:
        return self in (Status.IN_SOURCE, Status.ACCEPTED)


_STATUS_RANK = {status: rank for rank, status in enumerate(Status)}


def finding_status(finding: Finding, *, pr_mode: bool) -> Status:
    if finding.suppressed:
        silencing = next(s for s in finding.suppressions if s.silences)
        return Status.IN_SOURCE if silencing.kind is SuppressionKind.IN_SOURCE else Status.ACCEPTED
    if finding.pending:
        return Status.PENDING
    if finding.baseline is BaselineState.UNCHANGED:
        return Status.EXISTING
    return Status.NEW if pr_mode else Status.OPEN


def line_span(start: int, end: int) -> str:
    return f"{start}-{end}" if end > start else str(start)


@dataclass(frozen=True, slots=True)
class Row:
    """One place in the code: a cross-engine group of findings, shown once.

    Derived values are computed once (`make_row`): templates read them many times per row.
    """

    findings: tuple[Finding, ...]  # most severe first (see `sastflow.dedupe.group`)
    status: Status
    blocking: bool
    severity: Severity
    rules: tuple[str, ...]
    engines: tuple[str, ...]
    line: int
    end_line: int

    @property
    def lead(self) -> Finding:
        return self.findings[0]

    @property
    def path(self) -> str:
        return self.lead.path

    @property
    def location(self) -> str:
        """``path:line`` or ``path:first-last``, as every report shows a place."""
        return f"{self.path}:{line_span(self.line, self.end_line)}"

    @property
    def cwe(self) -> tuple[int, ...]:
        return tuple(sorted({c for f in self.findings for c in f.rule.cwe}))

    @property
    def suppression(self) -> Suppression | None:
        """The suppression that decides the status (silencing first, then pending)."""
        for finding in self.findings:
            for suppression in finding.suppressions:
                if suppression.silences:
                    return suppression
        for finding in self.findings:
            if finding.suppressions:
                return finding.suppressions[0]
        return None


def make_row(members: tuple[Finding, ...], *, fail_on: Severity | None, pr_mode: bool) -> Row:
    if len(members) == 1:  # most rows: no generator per field
        (lead,) = members
        return Row(
            findings=members,
            status=finding_status(lead, pr_mode=pr_mode),
            blocking=lead.blocks(fail_on),
            severity=lead.severity,
            rules=(lead.rule.id,),
            engines=(lead.rule.engine,),
            line=lead.location.start_line,
            end_line=lead.location.end_line,
        )
    members = lead_first(members)  # the row leads with the rule that says how to fix it
    statuses = [finding_status(f, pr_mode=pr_mode) for f in members]
    return Row(
        findings=members,
        status=min(statuses, key=_STATUS_RANK.__getitem__),
        blocking=any(f.blocks(fail_on) for f in members),
        severity=max(f.severity for f in members),
        rules=tuple(dict.fromkeys(f.rule_id for f in members)),
        engines=tuple(dict.fromkeys(f.engine for f in members)),
        line=min(f.location.start_line for f in members),
        end_line=max(f.location.end_line for f in members),
    )


def _order(row: Row) -> tuple[bool, int, int, str, int]:
    return (
        not row.blocking,
        -row.severity,
        _STATUS_RANK[row.status],
        row.findings[0].location.path,
        row.line,
    )


def build_rows(report: ScanReport) -> list[Row]:
    """Rows for every finding group: blocking first, then by severity, path and line."""
    pr_mode = report.base_ref is not None
    rows = [
        make_row(members, fail_on=report.fail_on, pr_mode=pr_mode)
        for members in group(report.findings)
    ]
    rows.sort(key=_order)
    return rows


@dataclass(frozen=True, slots=True)
class EngineLine:
    engine: str
    version: str
    findings: int
    files: int
    duration: float
    failure: EngineFailure | None


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts and verdict of one report, shared by every renderer."""

    rows: tuple[Row, ...]
    fail_on: Severity | None
    pr_mode: bool
    findings: int  # raw engine results, before cross-engine dedupe
    by_severity: tuple[tuple[Severity, Counter[Status]], ...]  # critical first, every level
    by_status: Counter[Status]
    engines: tuple[EngineLine, ...]
    failures: tuple[EngineFailure, ...]
    ledger: tuple[LedgerOutcome, ...]  # expired, stale and pending entries (what needs action)
    notes: tuple[str, ...]
    base_ref: str | None
    head_ref: str | None
    targets: int
    # (engine, how many targets it could not parse), for engines that could not parse some:
    # their rules never looked at those files, which every report's header says.
    unparsed: tuple[tuple[str, int], ...] = ()

    @property
    def unparsed_lines(self) -> tuple[str, ...]:
        """``3 files could not be parsed by bandit``, one per engine, with what that means."""
        return tuple(
            f"{count} file{'' if count == 1 else 's'} could not be parsed by {engine}: its rules "
            f"did not check {'it' if count == 1 else 'them'} (see the notes)"
            for engine, count in self.unparsed
        )

    @property
    def blocking(self) -> int:
        return sum(1 for r in self.rows if r.blocking)

    @property
    def passed(self) -> bool:
        return self.blocking == 0

    @property
    def incomplete(self) -> bool:
        return bool(self.failures)

    @property
    def gate(self) -> str:
        return self.fail_on.label if self.fail_on is not None else "never"

    @property
    def unsuppressed(self) -> int:
        """Rows that are new (PR mode) or open (full scan)."""
        return self.by_status[Status.NEW] + self.by_status[Status.OPEN]

    @property
    def unsuppressed_label(self) -> str:
        return Status.NEW.label if self.pr_mode else Status.OPEN.label

    @property
    def verdict(self) -> str:
        """``fail``, ``pass`` or ``incomplete`` (an engine failed and nothing blocks)."""
        if not self.passed:
            return "fail"
        return "incomplete" if self.incomplete else "pass"


def summarise(report: ScanReport, rows: list[Row] | None = None) -> Summary:
    """Counts, verdict and the ledger outcomes that need someone's attention."""
    rows = build_rows(report) if rows is None else rows
    per_severity: dict[Severity, Counter[Status]] = {s: Counter() for s in Severity}
    for row in rows:
        per_severity[row.severity][row.status] += 1
    engines = tuple(
        EngineLine(
            engine=run.engine,
            version=run.version,
            findings=sum(1 for f in report.findings if f.engine == run.engine),
            files=run.scanned_files,
            duration=run.duration,
            failure=run.failure,
        )
        for run in report.runs
    )
    attention = (LedgerStatus.EXPIRED, LedgerStatus.STALE, LedgerStatus.PENDING)
    ledger = tuple(
        sorted(
            (o for o in report.ledger if o.status in attention),
            key=lambda o: (attention.index(o.status), o.entry.line),
        )
    )
    return Summary(
        rows=tuple(rows),
        fail_on=report.fail_on,
        pr_mode=report.base_ref is not None,
        findings=len(report.findings),
        by_severity=tuple((s, per_severity[s]) for s in sorted(Severity, reverse=True)),
        by_status=Counter(r.status for r in rows),
        engines=engines,
        failures=report.failures,
        ledger=ledger,
        notes=report.notes,
        base_ref=report.base_ref,
        head_ref=report.head_ref,
        targets=report.targets,
        unparsed=tuple((run.engine, len(set(run.unparsed))) for run in report.runs if run.unparsed),
    )
