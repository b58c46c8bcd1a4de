"""The hostile pull request, scanned once through ``sastflow scan --base main`` (conftest.py):
attacks 1 (ledger), 2 (rules, config, ignores), 3 (inline suppressions), 7 (finding text in
every output), 9 (code and rules in the PR's tree) and 12 (the token).

Every test here uses the one session-scoped scan, so they stay in one file (CI distributes
tests by file, and a session fixture is built once per worker).
"""

from __future__ import annotations

import pytest

from sastflow.model import (
    BaselineState,
    LedgerStatus,
    Severity,
    SuppressionKind,
    SuppressionStatus,
)
from sastflow.render.view import summarise
from tests.adversarial import hostile, inert
from tests.adversarial.conftest import HostileScan

B602, B605 = "bandit.B602", "bandit.B605"


def test_the_hostile_pr_fails_the_gate(hostile_scan: HostileScan) -> None:
    assert hostile_scan.run.returncode == 1, hostile_scan.run.stderr
    assert not hostile_scan.report.incomplete


# --- 1. the PR accepts its own finding in the ledger ----------------------------------------


def test_attack01_ledger_entry_added_by_the_pr_is_pending_and_the_gate_fails(
    hostile_scan: HostileScan,
) -> None:
    report = hostile_scan.report
    system = hostile_scan.findings("app/feature.py", B605)
    evaluated = hostile_scan.findings("app/feature.py", hostile.EVAL_RULE)
    assert len(system) == 1 and len(evaluated) == 1
    pending = {o.entry.fingerprint: o for o in report.ledger if o.status is LedgerStatus.PENDING}
    for finding in (*system, *evaluated):
        # The attacker computed the right fingerprint: the entry would match if it counted.
        assert finding.fingerprint in pending, (finding, report.ledger)
        assert not finding.suppressed
        assert finding.blocks(report.fail_on)
        assert not [
            s
            for s in finding.suppressions
            if s.kind is SuppressionKind.EXTERNAL and s.status is SuppressionStatus.ACCEPTED
        ]
    # The base's real entry, re-pointed by the PR with the approver's name kept, is pending too.
    retargeted = pending[evaluated[0].fingerprint]
    assert retargeted.entry.approved_by == "alice"
    markdown = hostile_scan.run.texts()["markdown"]
    assert markdown.count("pending security approval") >= 2


# --- 2. the PR loosens the rules, the config, the ignore files, the Bandit profile ---------


def test_attack02_rules_config_and_ignores_come_from_the_base(hostile_scan: HostileScan) -> None:
    report = hostile_scan.report
    # fail_on = "never", exclude = app/**, engines = [bandit], .semgrepignore, .bandit and
    # [tool.bandit] skips: none took effect.
    assert report.fail_on is Severity.HIGH
    assert {run.engine for run in report.runs} == {"semgrep", "bandit"}
    assert hostile_scan.findings("app/feature.py", hostile.EVAL_RULE)
    assert hostile_scan.findings("app/swap_code.py", hostile.SHELL_RULE)
    assert hostile_scan.findings("app/swap_code.py", B602)
    assert hostile_scan.findings("app/sneaky.py", B605)
    # The PR's weakened copy of the rule (severity INFO, "nothing to see") was not loaded.
    shell = hostile_scan.findings("app/swap_code.py", hostile.SHELL_RULE)[0]
    assert shell.severity is Severity.HIGH and "nothing to see" not in shell.message
    # Each change is listed for security review.
    notes = "\n".join(report.notes)
    for changed in (".sastflow.toml", ".semgrepignore", "pyproject.toml", "security-rules"):
        assert changed in notes, (changed, notes)
    assert ".github/CODEOWNERS" in notes
    markdown = hostile_scan.run.texts()["markdown"]
    assert "needs security review" in markdown


# --- 3. the PR adds or swaps inline suppressions --------------------------------------------


def test_attack03_nosec_and_nosemgrep_added_by_the_pr_are_pending(
    hostile_scan: HostileScan,
) -> None:
    fail_on = hostile_scan.report.fail_on
    system = hostile_scan.findings("app/sneaky.py", B605)  # `os.system(cmd)  # nosec`
    evals = hostile_scan.findings("app/sneaky.py", hostile.EVAL_RULE)  # both nosemgrep forms
    assert [f.line for f in system] == [5]
    assert [f.line for f in evals] == [10, 14]
    for finding in (*system, *evals):
        assert finding.baseline is BaselineState.NEW
        assert finding.pending and not finding.suppressed
        assert [s.kind for s in finding.suppressions] == [SuppressionKind.IN_SOURCE]
        assert finding.blocks(fail_on)


def test_attack03_swapping_nosec_b602_for_b101_on_changed_code_blocks(
    hostile_scan: HostileScan,
) -> None:
    (swapped,) = hostile_scan.findings("app/swap_code.py", B602)
    assert swapped.baseline is BaselineState.NEW
    assert not swapped.suppressed and not swapped.pending  # "# nosec B101" covers nothing here
    assert swapped.blocks(hostile_scan.report.fail_on)


def test_attack03_a_new_nosec_b602_elsewhere_is_not_covered_by_the_base_one(
    hostile_scan: HostileScan,
) -> None:
    kept, added = hostile_scan.findings("app/swap_elsewhere.py", B602)
    # The base's own marker stays honoured (in source), the PR's copy waits for approval.
    assert (kept.line, kept.baseline) == (5, BaselineState.UNCHANGED)
    assert kept.suppressed
    assert [(s.kind, s.status) for s in kept.suppressions] == [
        (SuppressionKind.IN_SOURCE, SuppressionStatus.ACCEPTED)
    ]
    assert (added.line, added.baseline) == (9, BaselineState.NEW)
    assert added.pending and added.blocks(hostile_scan.report.fail_on)


def test_attack03_an_identical_copy_of_a_suppressed_line_still_blocks(
    hostile_scan: HostileScan,
) -> None:
    """The PR pastes the base's `subprocess.call(cmd, shell=True)  # nosec B602` line, marker
    and all, above the original: occurrence counting makes exactly one of the two new."""
    both = hostile_scan.findings("app/swap_copy.py", B602)
    assert len(both) == 2
    new = [f for f in both if f.baseline is BaselineState.NEW]
    assert len(new) == 1
    assert new[0].blocks(hostile_scan.report.fail_on)


def test_attack03_nosec_text_in_a_string_does_not_launder_a_changed_call(
    hostile_scan: HostileScan,
) -> None:
    """Base: `os.system("echo # nosec")` (a constant: low). PR: `os.system("echo # nosec" +
    cmd)` (high). The flagged code changed, so the finding is new and must block.
    (FINDINGS.md H1, fixed.)"""
    (finding,) = hostile_scan.findings("app/laundry.py", B605)
    assert finding.severity is Severity.HIGH
    assert finding.baseline is BaselineState.NEW
    assert finding.blocks(hostile_scan.report.fail_on)


@pytest.mark.parametrize("line", [5, 9], ids=["past-2000-chars", "past-12-lines"])
def test_attack03_code_past_the_snippet_limit_is_part_of_the_identity(
    hostile_scan: HostileScan, line: int
) -> None:
    """Base: a constant `os.system(...)` whose call is longer than the snippet limit (low).
    PR: `+ cmd` appended past the limit (high). The flagged code changed: new, blocks.
    (FINDINGS.md H2, fixed.)"""
    (finding,) = [f for f in hostile_scan.findings("app/escalate.py", B605) if f.line == line]
    assert finding.severity is Severity.HIGH
    assert finding.baseline is BaselineState.NEW
    assert finding.blocks(hostile_scan.report.fail_on)


# --- 9. code and rules in the PR's tree are data, never executed or loaded ---------------


def test_attack09_nothing_from_the_pr_tree_is_executed_or_loaded(
    hostile_scan: HostileScan,
) -> None:
    # conftest.py, setup.py, sitecustomize.py, usercustomize.py, a .pth file, modules that
    # shadow yaml/json/jinja2 and a bandit plugin's dist-info all write a marker when run.
    assert sorted(p.name for p in hostile_scan.markers.iterdir()) == []
    # They were in the PR and scanned as data (Bandit reports their hard-coded /tmp path).
    scanned = {f.path for f in hostile_scan.report.findings}
    assert {"conftest.py", "setup.py", "sitecustomize.py", "yaml.py"} <= scanned
    # The PR's rules (in the project's rule folder, .semgrep.yml, .semgrep/) match any call;
    # had one been loaded, it would have flagged every file.
    loaded = {
        f.rule_id
        for f in hostile_scan.report.findings
        if f.rule_id.endswith(("pr-added-rule", "root-semgrep-yml-rule", "dot-semgrep-rule"))
    }
    assert loaded == set()
    assert "PR-ADDED RULE WAS LOADED" not in hostile_scan.run.texts()["sarif"]
    rule_ids = {f.rule_id for f in hostile_scan.report.findings if f.engine == "semgrep"}
    assert rule_ids <= {hostile.SHELL_RULE, hostile.EVAL_RULE, hostile.ECHO_RULE}


# --- 7. finding text in every output ----------------------------------------------------


def test_attack07_hostile_text_in_the_markdown_report_and_step_summary_is_inert(
    hostile_scan: HostileScan,
) -> None:
    texts = hostile_scan.run.texts()
    rows = summarise(hostile_scan.report).rows
    for name in ("markdown", "step-summary"):
        markdown = texts[name]
        inert.assert_inert_markdown(markdown)
        inert.only_numbered_code(markdown)  # tables, and fences of numbered source lines only
        table = inert.tables(markdown)[-1]
        assert table[0] == inert.FINDINGS_HEADER
        assert len(table) - 1 == len(rows)  # no row split or swallowed by a stray pipe
        assert all(len(row) == 5 for row in table)
        echoed = [row for row in table if row[2].startswith("app/hostile_text.py:")]
        # The hostile message is there, readable, as text.
        assert any("octocat" in row[3] and "evil.example" in row[3] for row in echoed), echoed


def test_attack07_hostile_text_in_annotations_is_data_not_commands(
    hostile_scan: HostileScan,
) -> None:
    run = hostile_scan.run
    found = inert.commands(run.stdout)
    assert {name for name, _, _ in found} <= {"error", "warning", "notice"}, found
    assert inert.commands(run.stderr) == []
    echoed = [
        (props, data)
        for name, props, data in found
        if props.get("file") == "app/hostile_text.py" and props.get("line") == "5"
    ]
    assert len(echoed) == 1
    props, data = echoed[0]
    # The runner hands the message back exactly, break-outs included, as one annotation.
    assert "::add-mask::secret %0A ::stop-commands::tok ##[error]forged" in data
    assert "<U+202E>evil<U+200B><U+2066>" in data
    assert props["title"].startswith(hostile.ECHO_RULE)


def test_attack07_hostile_text_in_the_html_report_is_escaped(hostile_scan: HostileScan) -> None:
    html = hostile_scan.run.texts()["html"]
    for raw in ("<img src=x", "<script>alert", "onerror=alert(1)>", "<details open><summary>x"):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as text
    assert "\u202e" not in html and "&lt;U+202E&gt;evil" in html  # revealed, then escaped


# --- 12. the token -------------------------------------------------------------------------


def test_attack12_the_token_is_in_no_output_of_the_hostile_scan(hostile_scan: HostileScan) -> None:
    texts = hostile_scan.run.texts()
    assert {
        "stdout",
        "stderr",
        "sarif",
        "markdown",
        "html",
        "step-summary",
        "github-output",
    } <= set(texts)
    assert hostile.leaks(hostile_scan.run) == []
