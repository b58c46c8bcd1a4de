"""sastflow.suppressions: ``# nosec`` / ``# nosemgrep`` comments become suppressions only where
the repository (in a PR: the base commit) already had them, or a security code owner approved;
a comment names the rules it covers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sastflow import suppressions
from sastflow.engines.source import SourceCache
from sastflow.model import Confidence, Finding, Location, Rule, Severity, SuppressionStatus

SOURCE = (
    "subprocess.run(cmd, shell=True)  # nosec B602\n"
    "assert user.is_admin  # nosec B602\n"
    "eval(data)  # nosemgrep\n"
    "data = read()\n"
    "eval(data)\n"  # Semgrep reads its comment on the line and the one before: not here
)


def _finding(engine: str, rule_id: str, line: int) -> Finding:
    rule = Rule(id=rule_id, engine=engine, name=rule_id, short_description="x", help_text="x")
    location = Location("app/run.py", line)
    return Finding(rule, "m", Severity.HIGH, Confidence.HIGH, location, "", f"fp{line}{engine}")


@pytest.fixture
def marked(tmp_path: Path) -> list[Finding]:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "run.py").write_text(SOURCE, encoding="utf-8")
    findings = [
        _finding("bandit", "bandit.B602", 1),
        _finding("bandit", "bandit.B101", 2),  # the comment names B602 only
        _finding("semgrep", "sastflow.eval", 3),
        _finding("semgrep", "sastflow.eval", 5),  # no comment on it
    ]
    return suppressions.find_markers(findings, SourceCache(tmp_path))


def _statuses(findings: list[Finding]) -> list[SuppressionStatus | None]:
    return [f.suppressions[0].status if f.suppressions else None for f in findings]


def test_a_comment_covers_the_rules_it_names_only(marked: list[Finding]) -> None:
    assert [f.inline is not None for f in marked] == [True, False, True, False]
    applied = suppressions.apply(marked, honour=True)
    accepted = SuppressionStatus.ACCEPTED
    assert _statuses(applied) == [accepted, None, accepted, None]
    assert all(f.suppressed for f, s in zip(applied, _statuses(applied), strict=True) if s)
    assert "# nosec" in applied[0].suppressions[0].justification


def test_in_a_pr_a_comment_the_base_lacked_waits_for_approval(marked: list[Finding]) -> None:
    base_had = {marked[0].fingerprint}  # the nosec was there; the nosemgrep is the PR's
    pending = suppressions.apply(marked, honour=True, trusted=base_had)
    review = SuppressionStatus.UNDER_REVIEW
    assert _statuses(pending) == [SuppressionStatus.ACCEPTED, None, review, None]
    assert not pending[2].suppressed  # a pending comment silences nothing
    assert "needs security approval" in pending[2].suppressions[0].justification
    approved = suppressions.apply(marked, honour=True, trusted=base_had, approved=True)
    assert _statuses(approved)[2] is SuppressionStatus.ACCEPTED


def test_comments_are_ignored_when_the_config_says_so(marked: list[Finding]) -> None:
    assert _statuses(suppressions.apply(marked, honour=False)) == [None] * 4
