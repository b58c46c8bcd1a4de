"""Accept the row, not the engine result: real Bandit and Semgrep scans of one file where both
engines flag the same places, then ledger entries, inline markers and ``triage accept``.

The file is scanned once (no ledger) for the apply-level tests; the CLI story scans it again
with the ledger ``triage accept`` wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sastflow.errors import LedgerError
from sastflow.model import Finding, LedgerEntry, LedgerStatus, Severity, SuppressionKind
from sastflow.pipeline import ScanOptions, run_scan
from sastflow.triage.apply import apply_ledger
from sastflow.triage.ledger import parse_ledger
from tests.conftest import GitRepo, RepoFactory, run_cli
from tests.triage.conftest import TODAY

GROUPED = """\
import os
import pickle
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def check(token):
    return eval(token)  # nosec B307


def system(cmd):
    os.system(cmd)  # nosemgrep


def load(blob, cmd):
    data = pickle.loads(blob); subprocess.call(cmd, shell=True)  # noqa: E702
    return data
"""
SHELL_LINE, EVAL_LINE, SYSTEM_LINE, TWO_GROUPS_LINE = 7, 11, 15, 19
ENV = {"SASTFLOW_TODAY": TODAY.isoformat()}


@pytest.fixture(scope="module")
def repo(git_repo_factory: RepoFactory) -> GitRepo:
    return git_repo_factory({"app/tasks.py": GROUPED})


@pytest.fixture(scope="module")
def findings(repo: GitRepo) -> tuple[Finding, ...]:
    report = run_scan(ScanOptions(root=repo.path, today=TODAY))
    assert not report.incomplete, report.failures
    return report.findings


def at(findings: tuple[Finding, ...], line: int, prefix: str = "") -> list[Finding]:
    return [f for f in findings if f.line == line and f.rule_id.startswith(prefix)]


def entry(finding: Finding, **fields: Any) -> LedgerEntry:
    values: dict[str, Any] = {
        "fingerprint": finding.fingerprint,
        "rule": finding.rule_id,
        "path": finding.path,
        "reason": "argv is a constant list",
        "approved_by": "alice",
        "expires": dt.date(2026, 6, 1),
        **fields,
    }
    return LedgerEntry(**values)


def test_both_engines_flag_the_same_places(findings: tuple[Finding, ...]) -> None:
    for line in (SHELL_LINE, EVAL_LINE, SYSTEM_LINE):
        here = at(findings, line)
        assert {f.engine for f in here} == {"bandit", "semgrep"}, line
        assert len({f.correlation for f in here}) == 1 and here[0].correlation is not None
    # One line, two weaknesses: two groups, not one.
    assert len({f.correlation for f in at(findings, TWO_GROUPS_LINE)}) == 2


def test_an_entry_for_the_bandit_result_accepts_the_whole_row(
    findings: tuple[Finding, ...],
) -> None:
    (bandit,) = at(findings, SHELL_LINE, "bandit.")
    (semgrep,) = at(findings, SHELL_LINE, "sastflow.")
    # Bandit rates shell=True high, sastflow's pattern rule medium (no request data seen).
    assert bandit.blocks(Severity.HIGH) and semgrep.blocks(Severity.MEDIUM)
    old_style = entry(bandit)  # a single-fingerprint entry written before groups existed
    out, outcomes = apply_ledger(
        findings, active=[old_style], pending=[], approved=False, today=TODAY
    )
    row = at(tuple(out), SHELL_LINE)
    assert all(f.suppressed for f in row) and len(row) == 2
    justifications = {s.justification for f in row for s in f.suppressions}
    assert justifications == {"argv is a constant list"}
    assert outcomes[0].status is LedgerStatus.ACCEPTED and outcomes[0].matched == 2
    # Nothing else went quiet: the same rule elsewhere is still open.
    (elsewhere,) = at(tuple(out), TWO_GROUPS_LINE, "bandit.B602")
    assert elsewhere.blocks(Severity.HIGH)


def test_a_group_entry_covers_exactly_its_group_and_not_the_other_rule_on_its_line(
    findings: tuple[Finding, ...],
) -> None:
    shell = [
        f for f in at(findings, TWO_GROUPS_LINE) if "B602" in f.rule_id or "shell" in f.rule_id
    ]
    pickle_results = [f for f in at(findings, TWO_GROUPS_LINE) if f not in shell]
    assert len(shell) == 2 and len(pickle_results) == 2
    lead, other = shell
    group_entry = entry(lead, group=((other.fingerprint, other.rule_id),))
    out, outcomes = apply_ledger(
        findings, active=[group_entry], pending=[], approved=False, today=TODAY
    )
    by_fp = {f.fingerprint: f for f in out}
    assert by_fp[lead.fingerprint].suppressed and by_fp[other.fingerprint].suppressed
    assert not any(by_fp[f.fingerprint].suppressed for f in pickle_results)
    assert outcomes[0].matched == 2


def test_a_group_member_must_agree_on_rule_and_path(findings: tuple[Finding, ...]) -> None:
    (bandit,) = at(findings, SHELL_LINE, "bandit.")
    (semgrep,) = at(findings, SHELL_LINE, "sastflow.")
    # A stale lead and a member naming the wrong rule: nothing matches, nothing is silenced.
    wrong = entry(bandit, fingerprint="0" * 32, group=((semgrep.fingerprint, "bandit.B602"),))
    out, outcomes = apply_ledger(findings, active=[wrong], pending=[], approved=False, today=TODAY)
    assert not any(f.suppressed for f in out if f.line == SHELL_LINE)
    assert outcomes[0].status is LedgerStatus.STALE


def test_a_group_disagreeing_about_severity_is_accepted_as_one_row(
    findings: tuple[Finding, ...],
) -> None:
    # Bandit rates shell=True high, sastflow's pattern rule medium: an entry for the medium
    # result accepts the high one of its row too.
    (bandit,) = at(findings, SHELL_LINE, "bandit.")
    (semgrep,) = at(findings, SHELL_LINE, "sastflow.")
    assert bandit.severity is Severity.HIGH and semgrep.severity is Severity.MEDIUM
    out, outcomes = apply_ledger(
        findings, active=[entry(semgrep)], pending=[], approved=False, today=TODAY
    )
    row = at(tuple(out), SHELL_LINE)
    assert len(row) == 2 and all(f.suppressed for f in row)
    assert outcomes[0].status is LedgerStatus.ACCEPTED and outcomes[0].matched == 2


def test_a_nosec_naming_the_bandit_test_accepts_its_row(findings: tuple[Finding, ...]) -> None:
    out, _ = apply_ledger(findings, active=[], pending=[], approved=False, today=TODAY)
    row = at(tuple(out), EVAL_LINE)
    assert len(row) == 2 and all(f.suppressed for f in row)  # `# nosec B307` names Bandit's
    assert {s.kind for f in row for s in f.suppressions} == {SuppressionKind.IN_SOURCE}


def test_a_nosemgrep_accepts_the_bandit_result_of_its_row(findings: tuple[Finding, ...]) -> None:
    row = at(findings, SYSTEM_LINE)
    assert len(row) == 2 and all(f.suppressed for f in row)
    assert all("nosemgrep" in f.suppressions[0].justification for f in row)


def test_a_pending_entry_leaves_the_whole_row_pending(findings: tuple[Finding, ...]) -> None:
    (bandit,) = at(findings, SHELL_LINE, "bandit.")
    out, outcomes = apply_ledger(
        findings, active=[], pending=[entry(bandit)], approved=False, today=TODAY
    )
    row = at(tuple(out), SHELL_LINE)
    assert all(f.pending for f in row) and any(f.blocks(Severity.HIGH) for f in row)
    assert outcomes[0].status is LedgerStatus.PENDING


# --- the ledger format -----------------------------------------------------------------------

GROUP_ENTRY = """\
version: 1
accepted:
  - fingerprint: "{a}"
    rule: bandit.B602
    path: app/tasks.py
    reason: "constant argv"
    approved_by: alice
    expires: 2026-06-01
    group:
      - fingerprint: "{b}"
        rule: sastflow.subprocess-shell-nonliteral
"""


def parse(text: str) -> tuple[LedgerEntry, ...]:
    return parse_ledger(text, "triage/ledger.yml", today=TODAY, max_expiry_days=180)


def test_a_group_entry_parses_and_a_member_fingerprint_cannot_appear_twice() -> None:
    (parsed,) = parse(GROUP_ENTRY.format(a="a" * 32, b="b" * 32))
    assert parsed.group == (("b" * 32, "sastflow.subprocess-shell-nonliteral"),)
    again = GROUP_ENTRY.format(a="c" * 32, b="b" * 32).split("accepted:\n", 1)[1]
    with pytest.raises(LedgerError) as caught:
        parse(GROUP_ENTRY.format(a="a" * 32, b="b" * 32) + again)
    assert caught.value.problems == [
        f"triage/ledger.yml:12: duplicate fingerprint {'b' * 32} (first at line 3)"
    ]


@pytest.mark.parametrize(
    ("group", "problem"),
    [
        ("    group: []\n", "9: 'group' must be a list of the group's other results"),
        ("    group:\n      - rule: bandit.B602\n", "10: group member is missing 'fingerprint'"),
        (
            '    group:\n      - fingerprint: "xyz"\n        rule: r\n',
            "10: fingerprint 'xyz' is not a sastflow/v1 fingerprint",
        ),
        (
            f'    group:\n      - fingerprint: "{"b" * 32}"\n        rule: r\n        why: x\n',
            "12: unknown key 'why' in group member",
        ),
    ],
)
def test_a_malformed_group_is_named_by_line(group: str, problem: str) -> None:
    head = GROUP_ENTRY.format(a="a" * 32, b="b" * 32).split("    group:")[0]
    with pytest.raises(LedgerError) as caught:
        parse(head + group)
    line, text = problem.split(":", 1)
    assert any(
        p.startswith(f"triage/ledger.yml:{line}") and text.strip() in p
        for p in caught.value.problems
    ), caught.value.problems


# --- triage accept, end to end ------------------------------------------------------------


def test_triage_accept_writes_one_entry_for_the_row_and_the_next_scan_accepts_both(
    repo: GitRepo, tmp_path: Path
) -> None:
    sarif = tmp_path / "before.sarif"
    assert run_cli(repo.path, "scan", "--sarif", str(sarif), "-q", env=ENV).code == 1
    accept = (
        "triage", "accept", "--sarif", str(sarif), "--path", "app/tasks.py",
        "--reason", "argv is a constant list", "--expires", "+30d", "--by", "alice",
    )  # fmt: skip
    first = run_cli(repo.path, *accept, "--rule", "bandit.B602", "--line", str(SHELL_LINE), env=ENV)
    assert first.code == 0, first.err
    assert "bandit.B602 in app/tasks.py" in first.out
    assert "+ sastflow.subprocess-shell-nonliteral" in first.out
    ledger = repo.path / "triage" / "ledger.yml"
    (written,) = parse(ledger.read_text(encoding="utf-8"))
    assert [rule for _fp, rule in written.members] == [
        "bandit.B602",
        "sastflow.subprocess-shell-nonliteral",
    ]
    # Accepting the same row by its Semgrep result finds the entry: one row, one entry.
    second = run_cli(
        repo.path,
        *accept,
        "--rule",
        "sastflow.subprocess-shell-nonliteral",
        "--line",
        str(SHELL_LINE),
        env=ENV,
    )
    assert second.code == 2 and "is already accepted at triage/ledger.yml:24" in second.err
    assert len(parse(ledger.read_text(encoding="utf-8"))) == 1

    after = tmp_path / "after.sarif"
    run_cli(repo.path, "scan", "--sarif", str(after), "--markdown", str(tmp_path / "r.md"), env=ENV)
    log = json.loads(after.read_text(encoding="utf-8"))
    row = [
        r
        for run in log["runs"]
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == SHELL_LINE
    ]
    assert len(row) == 2
    for result in row:
        (suppression,) = result["suppressions"]
        assert suppression["kind"] == "external" and suppression["status"] == "accepted"
        assert suppression["justification"] == "argv is a constant list"
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "1 accepted" in report
    listing = run_cli(repo.path, "triage", "list", "--sarif", str(after), "--json", env=ENV)
    (listed,) = listing.json()["entries"]
    assert listed["status"] == "accepted" and listed["matched"] == 2
    assert listed["group"] == [
        {"fingerprint": written.group[0][0], "rule": "sastflow.subprocess-shell-nonliteral"}
    ]


def test_code_scanning_dismissals_cover_the_whole_row(findings: tuple[Finding, ...]) -> None:
    """sync-alerts dismisses the alert of every result the row's entry accepts, the other
    engine's included, with that entry's reason; nothing else on the file."""
    from sastflow.alerts.plan import accepted_findings

    (bandit,) = at(findings, SHELL_LINE, "bandit.")
    old_style = entry(bandit)
    out, _ = apply_ledger(findings, active=[old_style], pending=[], approved=False, today=TODAY)
    tools = {"bandit": "Bandit", "semgrep": "Semgrep OSS"}
    accepted = accepted_findings(out, [old_style], tools, today=TODAY)
    assert sorted((a.tool, a.rule_id, a.start_line) for a in accepted) == [
        ("Bandit", "bandit.B602", SHELL_LINE),
        ("Semgrep OSS", "sastflow.subprocess-shell-nonliteral", SHELL_LINE),
    ]
    assert {a.entry for a in accepted} == {old_style}
