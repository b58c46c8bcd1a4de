"""Finding and report builders for the render tests: renderers need no engine, only records."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sastflow.dedupe import correlate
from sastflow.model import (
    BaselineState,
    Confidence,
    EngineFailure,
    EngineRun,
    Finding,
    LedgerEntry,
    LedgerOutcome,
    LedgerStatus,
    Location,
    Rule,
    ScanReport,
    Severity,
    Suppression,
    SuppressionKind,
    SuppressionStatus,
)

BANDIT_B602 = Rule(
    id="bandit.B602",
    engine="bandit",
    name="subprocess_popen_with_shell_equals_true",
    short_description="subprocess call with shell=True",
    help_text="Pass an argument list and shell=False.",
    help_uri="https://bandit.readthedocs.io/en/latest/plugins/b602.html",
    default_severity=Severity.HIGH,
    cwe=(78,),
)
SEMGREP_SHELL = Rule(
    id="sastflow.subprocess-shell",
    engine="semgrep",
    name="subprocess-shell",
    short_description="subprocess with a shell",
    help_text="Avoid shell=True; build an argv list.",
    help_uri="https://example.invalid/rules/subprocess-shell",
    default_severity=Severity.HIGH,
    cwe=(78,),
    equivalent=("bandit.B602",),
)
SEMGREP_YAML = Rule(
    id="sastflow.yaml-load",
    engine="semgrep",
    name="yaml-load",
    short_description="yaml.load without SafeLoader",
    help_text="Use yaml.safe_load.",
    default_severity=Severity.MEDIUM,
    cwe=(502,),
)
BANDIT_B101 = Rule(
    id="bandit.B101",
    engine="bandit",
    name="assert_used",
    short_description="assert used",
    help_text="Asserts vanish under -O.",
    default_severity=Severity.LOW,
    cwe=(703,),
)


def make_finding(
    rule: Rule,
    path: str = "app/tasks.py",
    line: int = 10,
    *,
    message: str | None = None,
    severity: Severity | None = None,
    snippet: str = "subprocess.run(cmd, shell=True)",
    fingerprint: str | None = None,
    end_line: int | None = None,
    suppressions: tuple[Suppression, ...] = (),
    baseline: BaselineState | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        message=message if message is not None else rule.short_description,
        severity=severity if severity is not None else rule.default_severity,
        confidence=Confidence.HIGH,
        location=Location(path=path, start_line=line, end_line=end_line or line),
        snippet=snippet,
        fingerprint=fingerprint or f"{rule.id}:{path}:{line}".encode().hex()[:32],
        suppressions=suppressions,
        baseline=baseline,
    )


def make_report(
    findings: list[Finding],
    *,
    fail_on: Severity | None = Severity.HIGH,
    failures: tuple[EngineFailure, ...] = (),
    ledger: tuple[LedgerOutcome, ...] = (),
    base_ref: str | None = None,
    notes: tuple[str, ...] = (),
) -> ScanReport:
    correlated = correlate(findings)
    failed = {f.engine: f for f in failures}
    runs = tuple(
        EngineRun(
            engine=engine,
            version=version,
            findings=tuple(f for f in correlated if f.engine == engine),
            failure=failed.get(engine),
            duration=1.5,
            scanned_files=7,
        )
        for engine, version in (("semgrep", "1.182.0"), ("bandit", "1.9.4"))
    )
    return ScanReport(
        root="/repo",
        runs=runs,
        findings=tuple(correlated),
        fail_on=fail_on,
        ledger=ledger,
        base_ref=base_ref,
        head_ref="HEAD" if base_ref else None,
        targets=7,
        notes=notes,
    )


ACCEPTED = Suppression(
    kind=SuppressionKind.EXTERNAL,
    status=SuppressionStatus.ACCEPTED,
    justification="argv is a constant list",
    approved_by="alice",
    expires=dt.date(2027, 3, 1),
    ticket="SEC-1",
)
PENDING = Suppression(
    kind=SuppressionKind.EXTERNAL,
    status=SuppressionStatus.UNDER_REVIEW,
    justification="the PR says this is fine",
    approved_by="mallory",
    expires=dt.date(2027, 3, 1),
)
IN_SOURCE = Suppression(
    kind=SuppressionKind.IN_SOURCE,
    status=SuppressionStatus.ACCEPTED,
    justification="# nosec B101 present at the base",
)


def ledger_outcome(status: LedgerStatus, line: int, path: str = "app/old.py") -> LedgerOutcome:
    entry = LedgerEntry(
        fingerprint=f"{line:02d}" * 16,
        rule="bandit.B602",
        path=path,
        reason=f"{status.value} entry reason @security-team",
        approved_by="alice",
        expires=dt.date(2026, 1, 1),
        line=line,
    )
    return LedgerOutcome(entry=entry, status=status)


def mixed_report() -> ScanReport:
    """A full scan: one cross-engine group, an accepted, an in-source and a pending finding."""
    findings = [
        make_finding(BANDIT_B602, "app/tasks.py", 12, message="subprocess call with shell=True"),
        make_finding(
            SEMGREP_SHELL, "app/tasks.py", 12, message="shell=True with `cmd` from @request"
        ),
        make_finding(SEMGREP_YAML, "app/config.py", 30, suppressions=(ACCEPTED,)),
        make_finding(BANDIT_B101, "app/checks.py", 5, suppressions=(IN_SOURCE,)),
        make_finding(
            SEMGREP_YAML, "app/loader.py", 8, severity=Severity.CRITICAL, suppressions=(PENDING,)
        ),
        make_finding(BANDIT_B101, "app/checks.py", 40),
    ]
    return make_report(
        findings,
        failures=(EngineFailure("bandit", "timeout", "timed out after 600 s"),),
        ledger=(
            ledger_outcome(LedgerStatus.EXPIRED, 3),
            ledger_outcome(LedgerStatus.STALE, 11),
            ledger_outcome(LedgerStatus.PENDING, 19, "app/loader.py"),
            ledger_outcome(LedgerStatus.ACCEPTED, 27, "app/config.py"),
        ),
        notes=("config changed by the PR: pending review",),
    )


def with_message(finding: Finding, message: str, snippet: str | None = None) -> Finding:
    return replace(finding, message=message, snippet=snippet if snippet is not None else message)
