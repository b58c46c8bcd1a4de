"""Applying the ledger to a real Bandit scan's findings: what is silenced, what is reported."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from sastflow.model import (
    Finding,
    LedgerEntry,
    LedgerOutcome,
    LedgerStatus,
    Severity,
    Suppression,
    SuppressionKind,
    SuppressionStatus,
)
from sastflow.triage.apply import apply_ledger, pending_entries
from tests.triage.conftest import TODAY, fp


def entry_for(finding: Finding, **changes: object) -> LedgerEntry:
    entry = LedgerEntry(
        fingerprint=finding.fingerprint,
        rule=finding.rule_id,
        path=finding.path,
        reason="argv is a constant list",
        approved_by="alice",
        expires=dt.date(2026, 6, 1),
        ticket="SEC-1",
        line=3,
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shell(real_findings: tuple[Finding, ...]) -> Finding:
    """The B602 finding on `return subprocess.call(cmd, shell=True)`."""
    (finding,) = [f for f in real_findings if f.rule_id == "bandit.B602" and f.line == 5]
    assert finding.severity is Severity.HIGH and finding.blocks(Severity.HIGH)
    return finding


def test_an_active_entry_accepts_its_finding_and_only_that_one(
    real_findings: tuple[Finding, ...], shell: Finding
) -> None:
    entry = entry_for(shell)
    out, outcomes = apply_ledger(
        real_findings, active=[entry], pending=[], approved=False, today=TODAY
    )
    assert [f.fingerprint for f in out] == [f.fingerprint for f in real_findings]  # order kept
    accepted = [f for f in out if f.suppressed]
    assert [f.fingerprint for f in accepted] == [shell.fingerprint]
    assert accepted[0].suppressions == (
        Suppression(
            kind=SuppressionKind.EXTERNAL,
            status=SuppressionStatus.ACCEPTED,
            justification="argv is a constant list",
            approved_by="alice",
            expires=dt.date(2026, 6, 1),
            ticket="SEC-1",
        ),
    )
    assert not accepted[0].blocks(Severity.HIGH)
    assert [f.rule_id for f in out if f.blocks(Severity.HIGH)] == ["bandit.B602", "bandit.B602"]
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.ACCEPTED, matched=1)]
    untouched = [o for o, n in zip(out, real_findings, strict=True) if o is n]
    assert len(untouched) == len(real_findings) - 1


def test_identical_lines_are_accepted_one_at_a_time(real_findings: tuple[Finding, ...]) -> None:
    # run_twice() has the same call on two lines: two findings with their own fingerprints, so
    # accepting one does not hide the other (Bandit's own baseline would hide both).
    twins = [f for f in real_findings if f.line in (9, 10)]
    assert len(twins) == 2 and twins[0].fingerprint != twins[1].fingerprint
    out, _ = apply_ledger(
        real_findings, active=[entry_for(twins[0])], pending=[], approved=False, today=TODAY
    )
    by_line = {f.line: f for f in out}
    assert by_line[9].suppressed and not by_line[10].suppressed


@pytest.mark.parametrize(
    "change",
    [{"rule": "bandit.B603"}, {"path": "app/other.py"}, {"fingerprint": fp(7)}],
    ids=["other-rule", "other-path", "other-fingerprint"],
)
def test_all_three_of_fingerprint_rule_and_path_must_agree(
    real_findings: tuple[Finding, ...], shell: Finding, change: dict[str, str]
) -> None:
    entry = entry_for(shell, **change)
    out, outcomes = apply_ledger(
        real_findings, active=[entry], pending=[], approved=False, today=TODAY
    )
    assert not any(f.suppressions for f in out)
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.STALE, matched=0)]


def test_an_entry_is_good_through_its_expiry_day_and_not_after(
    real_findings: tuple[Finding, ...], shell: Finding
) -> None:
    entry = entry_for(shell, expires=TODAY)
    out, outcomes = apply_ledger(
        real_findings, active=[entry], pending=[], approved=False, today=TODAY
    )
    assert sum(f.suppressed for f in out) == 1
    assert outcomes[0].status is LedgerStatus.ACCEPTED

    tomorrow = TODAY + dt.timedelta(days=1)
    out, outcomes = apply_ledger(
        real_findings, active=[entry], pending=[], approved=False, today=tomorrow
    )
    assert not any(f.suppressions for f in out)
    assert [f.rule_id for f in out if f.blocks(Severity.HIGH)].count("bandit.B602") == 3
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.EXPIRED, matched=1)]


def test_an_entry_of_the_pull_request_is_pending_until_approved(
    real_findings: tuple[Finding, ...], shell: Finding
) -> None:
    entry = entry_for(shell)
    out, outcomes = apply_ledger(
        real_findings, active=[], pending=[entry], approved=False, today=TODAY
    )
    (marked,) = [f for f in out if f.suppressions]
    assert marked.suppressions[0].status is SuppressionStatus.UNDER_REVIEW
    assert marked.pending and not marked.suppressed
    assert marked.blocks(Severity.HIGH)  # the gate still fails
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.PENDING, matched=1)]

    out, outcomes = apply_ledger(
        real_findings, active=[], pending=[entry], approved=True, today=TODAY
    )
    (marked,) = [f for f in out if f.suppressions]
    assert marked.suppressed and not marked.blocks(Severity.HIGH)
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.ACCEPTED, matched=1)]


def test_a_pending_entry_is_pending_even_when_it_matches_nothing_here(
    real_findings: tuple[Finding, ...], shell: Finding
) -> None:
    # A PR scan sees only changed files; an entry for another file still needs approval.
    entry = entry_for(shell, path="app/unchanged.py")
    _, outcomes = apply_ledger(
        real_findings, active=[], pending=[entry], approved=False, today=TODAY
    )
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.PENDING, matched=0)]
    _, outcomes = apply_ledger(
        real_findings, active=[], pending=[entry], approved=True, today=TODAY
    )
    assert outcomes == [LedgerOutcome(entry, LedgerStatus.STALE, matched=0)]


def test_a_pr_that_rewords_an_accepted_entry_keeps_the_base_acceptance(
    real_findings: tuple[Finding, ...], shell: Finding
) -> None:
    base = entry_for(shell, line=3)
    head = entry_for(shell, reason="changed by the PR", line=5)
    pending = pending_entries([base], [head])
    assert pending == (head,)
    out, outcomes = apply_ledger(
        real_findings, active=[base], pending=pending, approved=False, today=TODAY
    )
    (marked,) = [f for f in out if f.suppressions]
    assert [s.status for s in marked.suppressions] == [
        SuppressionStatus.ACCEPTED,
        SuppressionStatus.UNDER_REVIEW,
    ]
    assert marked.suppressed
    assert [o.status for o in outcomes] == [LedgerStatus.ACCEPTED, LedgerStatus.PENDING]


def test_pending_entries_are_those_the_head_adds_or_changes() -> None:
    def entry(n: int, **changes: object) -> LedgerEntry:
        plain = LedgerEntry(fp(n), "bandit.B602", "a.py", "why", "alice", dt.date(2026, 6, 1))
        return replace(plain, **changes)  # type: ignore[arg-type]

    base = [entry(1, line=3), entry(2, line=9), entry(3, line=15)]
    head = [
        entry(1, line=20),  # moved in the file: same entry
        entry(2, expires=dt.date(2026, 7, 1), line=26),  # renewed: pending
        entry(4, line=32),  # new: pending
    ]
    assert pending_entries(base, head) == (head[1], head[2])
    assert pending_entries(base, []) == ()
    assert pending_entries([], head) == tuple(head)


def test_a_thousand_entries_over_twenty_thousand_findings(shell: Finding) -> None:
    findings = [
        replace(
            shell,
            fingerprint=fp(n),
            location=replace(shell.location, path=f"app/m{n % 500}.py", start_line=n + 1),
        )
        for n in range(20_000)
    ]
    entries = [
        LedgerEntry(fp(n * 20), shell.rule_id, f"app/m{n * 20 % 500}.py", "ok", "bob", TODAY)
        for n in range(1_000)
    ]
    entries.append(LedgerEntry(fp(99_999), shell.rule_id, "gone.py", "ok", "bob", TODAY))
    out, outcomes = apply_ledger(findings, active=entries, pending=[], approved=False, today=TODAY)
    assert sum(f.suppressed for f in out) == 1_000
    assert [f.fingerprint for f in out] == [f.fingerprint for f in findings]
    assert [o.status for o in outcomes].count(LedgerStatus.ACCEPTED) == 1_000
    assert outcomes[-1].status is LedgerStatus.STALE
