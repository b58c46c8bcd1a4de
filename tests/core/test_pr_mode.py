"""Diff-aware scans on real git history: baseline, fingerprint stability, renames, trust.

One repository, one PR scan, many assertions (each scan costs seconds of engine start-up).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sastflow.model import BaselineState, ScanReport, SuppressionStatus
from sastflow.pipeline import ScanOptions, run_scan
from tests.conftest import FIXTURES, GitRepo, RepoFactory, copy_tree

JOBS = """import subprocess


def job_a(cmd):
    subprocess.call(cmd, shell=True)


def job_b(cmd):
    subprocess.call(cmd, shell=True)


def calc(expr):
    return eval(expr)


def calc_twice(expr):
    return eval(expr)
"""

# 20 lines inserted above, everything re-indented into a class, one flagged line changed,
# the eval line duplicated (a third identical occurrence is new).
JOBS_PR = (
    '"""Moved around."""\n'
    + "".join(f"CONSTANT_{i} = {i}\n" for i in range(20))
    + """import subprocess


class Jobs:
    def job_a(self, cmd):
        subprocess.call(cmd,   shell=True)

    def job_b(self, user_cmd):
        subprocess.call(user_cmd, shell=True)

    def calc(self, expr):
        return eval(expr)

    def calc_twice(self, expr):
        return eval(expr)

    def calc_thrice(self, expr):
        return eval(expr)
"""
)


@pytest.fixture(scope="session")
def pr_repo(git_repo_factory: RepoFactory) -> GitRepo:
    files = copy_tree(FIXTURES / "core")
    files = {k: v for k, v in files.items() if k.startswith(("security-rules/", ".sastflow"))}
    files["app/jobs.py"] = JOBS
    files["app/old_name.py"] = "def run(x):\n    return eval(x)\n"
    files["app/untouched.py"] = "def run(x):\n    return eval(x)\n"
    repo = git_repo_factory(files)
    repo.checkout("feature", new=True)
    repo.git("mv", "app/old_name.py", "app/new_name.py")
    repo.commit(
        {
            "app/jobs.py": JOBS_PR,
            "app/added.py": "import os\n\n\ndef go(c):\n    os.system(c)  # nosec\n",
            # The PR tries to loosen its own checks: drop the rules and disable the gate.
            ".sastflow.toml": 'use_default_rules = false\nrules = []\nfail_on = "never"\n',
            "security-rules/python.yaml": "rules: []\n",
        },
        "feature work",
    )
    return repo


@pytest.fixture(scope="session")
def pr_report(pr_repo: GitRepo) -> ScanReport:
    return run_scan(ScanOptions(root=pr_repo.path, base="main"))


def _by(report: ScanReport, path: str, rule_suffix: str) -> list[tuple[int, BaselineState | None]]:
    return sorted(
        (f.line, f.baseline)
        for f in report.findings
        if f.path == path and f.rule_id.endswith(rule_suffix)
    )


def test_moved_and_reindented_findings_are_unchanged(pr_report: ScanReport) -> None:
    semgrep_shell = _by(pr_report, "app/jobs.py", "shell-true")
    # job_a moved 20+ lines and was re-indented: same finding. job_b's code changed: new.
    assert [state for _, state in semgrep_shell] == [BaselineState.UNCHANGED, BaselineState.NEW]
    evals = _by(pr_report, "app/jobs.py", "eval-call")
    assert [state for _, state in evals] == [
        BaselineState.UNCHANGED,
        BaselineState.UNCHANGED,
        BaselineState.NEW,
    ]


def test_renamed_file_keeps_its_findings(pr_report: ScanReport) -> None:
    renamed = _by(pr_report, "app/new_name.py", "eval-call")
    assert renamed == [(2, BaselineState.UNCHANGED)]


def test_only_changed_files_are_scanned(pr_report: ScanReport) -> None:
    assert not [f for f in pr_report.findings if f.path == "app/untouched.py"]
    # jobs.py, new_name.py, added.py, and the edited rule file (YAML is a Semgrep target too).
    assert pr_report.targets == 4


def test_rules_and_config_come_from_the_base(pr_report: ScanReport) -> None:
    # The PR emptied the rule file and set fail_on = "never"; neither took effect.
    assert pr_report.fail_on is not None
    assert _by(pr_report, "app/jobs.py", "security-rules.shell-true")
    assert any(".sastflow.toml" in note for note in pr_report.notes)
    assert any("security-rules" in note for note in pr_report.notes)


def test_pr_added_nosec_is_pending_and_blocks(pr_report: ScanReport) -> None:
    added = [
        f for f in pr_report.findings if f.path == "app/added.py" and f.rule_id == "bandit.B605"
    ]
    assert len(added) == 1
    finding = added[0]
    assert finding.baseline is BaselineState.NEW
    assert [s.status for s in finding.suppressions] == [SuppressionStatus.UNDER_REVIEW]
    assert finding.pending and not finding.suppressed
    assert finding in pr_report.blocking


def test_approval_makes_the_pr_suppression_effective(pr_repo: GitRepo) -> None:
    approved = run_scan(
        ScanOptions(root=pr_repo.path, base="main", security_approved=True, config=None),
    )
    added = [
        f for f in approved.findings if f.path == "app/added.py" and f.rule_id == "bandit.B605"
    ]
    assert added[0].suppressed
    assert added[0] not in approved.blocking


def test_missing_base_is_a_clear_error(pr_repo: GitRepo, tmp_path: Path) -> None:
    from sastflow.errors import GitError

    with pytest.raises(GitError, match="'no-such-branch' is not in this clone"):
        run_scan(ScanOptions(root=pr_repo.path, base="no-such-branch"))


def test_shallow_clone_fetches_the_base(pr_repo: GitRepo, tmp_path: Path) -> None:
    """actions/checkout clones one commit deep: the base is fetched from origin on demand."""
    import subprocess

    clone = tmp_path / "shallow"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth=1",
            "--branch=feature",
            f"file://{pr_repo.path}",
            str(clone),
        ],
        check=True,
    )
    assert (
        subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "origin/main"], cwd=clone, capture_output=True
        ).returncode
        != 0
    ), "the shallow clone must start without the base"
    report = run_scan(ScanOptions(root=clone, base="main"))
    assert report.base_ref == pr_repo.git("rev-parse", "main")
    assert _by(report, "app/new_name.py", "eval-call") == [(2, BaselineState.UNCHANGED)]
