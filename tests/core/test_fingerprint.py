"""sastflow/v1 fingerprints on synthetic findings (the end-to-end stability test is in
test_pr_mode.py, on real git history and real engines)."""

from __future__ import annotations

from sastflow.fingerprint import assign, normalise
from sastflow.model import Confidence, Finding, Location, Rule, Severity

RULE = Rule("bandit.B602", "bandit", "B602-shell", "shell", "help")
OTHER = Rule("bandit.B307", "bandit", "B307-eval", "eval", "help")


def finding(snippet: str, line: int, path: str = "a.py", rule: Rule = RULE) -> Finding:
    return Finding(rule, "msg", Severity.HIGH, Confidence.HIGH, Location(path, line), snippet)


def fps(*findings: Finding) -> list[str]:
    return [f.fingerprint for f in assign(list(findings))]


def test_survives_moving_and_reindenting() -> None:
    (before,) = fps(finding("subprocess.call(cmd, shell=True)", 5))
    (after,) = fps(finding("        subprocess.call(cmd,   shell=True)", 45))
    assert before == after


def test_changes_with_the_code_rule_or_path() -> None:
    (base,) = fps(finding("subprocess.call(cmd, shell=True)", 5))
    assert fps(finding("subprocess.call(user, shell=True)", 5)) != [base]
    assert fps(finding("subprocess.call(cmd, shell=True)", 5, rule=OTHER)) != [base]
    assert fps(finding("subprocess.call(cmd, shell=True)", 5, path="b.py")) != [base]


def test_identical_lines_get_distinct_fingerprints_by_occurrence() -> None:
    first, second = fps(finding("eval(x)", 3), finding("eval(x)", 9))
    assert first != second
    # Order of discovery does not matter: occurrence follows line order.
    second_again, first_again = fps(finding("eval(x)", 9), finding("eval(x)", 3))
    assert (first, second) == (first_again, second_again)


def test_suppression_comments_do_not_change_identity() -> None:
    assert normalise("eval(x)  # nosec B307") == normalise("eval(x)")
    assert normalise("eval(x)  # nosemgrep: rule") == "eval(x)"
    assert fps(finding("eval(x)  # nosec", 3)) == fps(finding("eval(x)", 3))


def test_renamed_path_maps_to_the_head_name() -> None:
    moved = assign([finding("eval(x)", 3, path="old.py")], {"old.py": "new.py"})
    assert moved[0].fingerprint == fps(finding("eval(x)", 3, path="new.py"))[0]
