"""The ledger end to end through the CLI, on real git repositories and real Bandit scans.

Two stories, each run once per module and asserted step by step:

- a security owner accepts a finding; unrelated code moves and is re-indented around it (still
  accepted); the entry expires (no longer accepted); the flagged line changes (the entry is
  stale and gets pruned);
- a pull request adds a vulnerable call and, in the same commit, a ledger entry accepting it:
  the gate still fails and the entry is pending until a security code owner approves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sastflow.model import LedgerStatus
from sastflow.pipeline import ScanOptions, run_scan
from sastflow.triage import edit
from tests.conftest import GitRepo, RepoFactory, Run, run_cli
from tests.triage.conftest import (
    BANDIT_ONLY,
    TODAY,
    sarif_ledger,
    sarif_results,
)

TASKS = """\
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)
"""

MOVED = (
    "import subprocess\n\n"
    + "".join(f"SETTING_{n} = {n}  # unrelated code added above\n" for n in range(20))
    + "\n\ndef run(cmd):\n    if cmd:\n        return subprocess.call(cmd, shell=True)\n"
)

CHANGED = MOVED.replace("call(cmd, shell=True)", 'call(cmd + " --all", shell=True)')

REASON = "argv comes from the constant table in settings"
ENV = {"SASTFLOW_TODAY": TODAY.isoformat(), "GITHUB_ACTOR": "alice"}
EXPIRED_ENV = {**ENV, "SASTFLOW_TODAY": "2026-06-01"}  # the entry expires on 2026-05-31


def b602(sarif: Path) -> dict[str, Any]:
    (result,) = [r for r in sarif_results(sarif) if r["ruleId"] == "bandit.B602"]
    return result


class Story:
    """Runs the steps in order, keeping every command's result for the tests."""

    def __init__(self, repo: GitRepo, out: Path) -> None:
        self.repo, self.out = repo, out
        self.runs: dict[str, Run] = {}
        self.ledgers: dict[str, str] = {}

    def sarif(self, name: str) -> Path:
        return self.out / f"{name}.sarif"

    def cli(self, step: str, *args: str, env: dict[str, str] = ENV) -> Run:
        self.runs[step] = run_cli(self.repo.path, *args, env=env)
        ledger = self.repo.path / "triage" / "ledger.yml"
        self.ledgers[step] = ledger.read_text(encoding="utf-8") if ledger.exists() else ""
        return self.runs[step]

    def scan(self, step: str, env: dict[str, str] = ENV, *extra: str) -> Run:
        return self.cli(
            step, "scan", ".", "--quiet", "--sarif", str(self.sarif(step)), *extra, env=env
        )


@pytest.fixture(scope="module")
def story(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Story:
    repo = git_repo_factory({".sastflow.toml": BANDIT_ONLY, "app/tasks.py": TASKS})
    s = Story(repo, tmp_path_factory.mktemp("sarif"))
    s.scan("before")
    s.cli(
        "accept",
        "triage", "accept", "--sarif", str(s.sarif("before")), "--rule", "bandit.B602",
        "--path", "app/tasks.py", "--line", "5", "--reason", REASON, "--expires", "+30d",
        "--ticket", "SEC-42",
    )  # fmt: skip
    s.cli(
        "accept-again",
        "triage", "accept", "--sarif", str(s.sarif("before")), "--rule", "bandit.B602",
        "--path", "app/tasks.py", "--line", "5", "--reason", "other", "--expires", "+10d",
    )  # fmt: skip
    repo.commit({}, "accept B602")
    s.scan("accepted")
    s.cli("check-scans-itself", "triage", "check")
    s.scan("upload", ENV, "--exclude-accepted")
    s.cli("check-upload", "triage", "check", "--sarif", str(s.sarif("upload")))
    s.cli("list", "triage", "list", "--json", "--sarif", str(s.sarif("accepted")))

    repo.commit({"app/tasks.py": MOVED}, "unrelated code above, re-indented")
    s.scan("moved")
    s.cli("check-moved", "triage", "check", "--sarif", str(s.sarif("moved")))

    s.scan("expired", EXPIRED_ENV)
    s.cli("check-expired", "triage", "check", "--sarif", str(s.sarif("expired")), env=EXPIRED_ENV)
    s.cli(
        "prune-expired-entry",
        "triage",
        "prune",
        "--sarif",
        str(s.sarif("expired")),
        env=EXPIRED_ENV,
    )
    s.cli(
        "prune-expired-dry", "triage", "prune", "--expired", "--dry-run",
        "--sarif", str(s.sarif("expired")), env=EXPIRED_ENV,
    )  # fmt: skip

    repo.commit({"app/tasks.py": CHANGED}, "change the flagged line")
    s.scan("changed")
    in_actions = {**ENV, "GITHUB_ACTIONS": "true"}
    s.cli("check-changed", "triage", "check", "--sarif", str(s.sarif("changed")), env=in_actions)
    s.cli("list-changed", "triage", "list", "--sarif", str(s.sarif("changed")))
    s.cli("prune", "triage", "prune", "--sarif", str(s.sarif("changed")))
    s.cli("check-after-prune", "triage", "check", "--no-scan")
    return s


def test_accept_by_sarif_location_writes_a_reviewed_entry(story: Story) -> None:
    scan = story.runs["before"]
    assert scan.code == 1  # B602 is high: the gate fails before anything is accepted
    run = story.runs["accept"]
    assert run.code == 0, run.err
    fingerprint = b602(story.sarif("before"))["partialFingerprints"]["sastflow/v1"]
    assert run.out == (
        f"accepted bandit.B602 in app/tasks.py ({fingerprint[:12]}) until 2026-05-31: "
        "triage/ledger.yml:24\n"
    )
    assert story.ledgers["accept"] == (
        edit.HEADER
        + "\nversion: 1\naccepted:\n"
        + f'  - fingerprint: "{fingerprint}"\n'
        + "    rule: bandit.B602\n    path: app/tasks.py\n"
        + f'    reason: "{REASON}"\n'
        + "    approved_by: alice\n    expires: 2026-05-31\n    ticket: SEC-42\n"
    )


def test_accepting_the_same_finding_twice_changes_nothing(story: Story) -> None:
    run = story.runs["accept-again"]
    assert run.code == 2
    assert "is already accepted at triage/ledger.yml:24" in run.err
    assert "Use --replace to update it." in run.err
    assert story.ledgers["accept-again"] == story.ledgers["accept"]


def test_an_accepted_finding_is_suppressed_in_sarif_and_passes_the_gate(story: Story) -> None:
    assert story.runs["accepted"].code == 0
    result = b602(story.sarif("accepted"))
    assert result["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": REASON,
            "properties": {"approved_by": "alice", "expires": "2026-05-31", "ticket": "SEC-42"},
        }
    ]
    (outcome,) = sarif_ledger(story.sarif("accepted"))
    assert (outcome["status"], outcome["matched"], outcome["line"]) == ("accepted", 1, 24)
    check = story.runs["check-scans-itself"]
    assert check.code == 0, check.out + check.err
    assert check.out == "triage/ledger.yml: 1 entry (1 accepted)\n"
    assert "scanning" in check.err


def test_a_code_scanning_upload_without_accepted_results_does_not_look_stale(story: Story) -> None:
    assert not [r for r in sarif_results(story.sarif("upload")) if r["ruleId"] == "bandit.B602"]
    check = story.runs["check-upload"]
    assert check.code == 0, check.out
    assert check.out == "triage/ledger.yml: 1 entry (1 accepted)\n"


def test_list_shows_status_and_days_left(story: Story) -> None:
    run = story.runs["list"]
    assert run.code == 0
    (row,) = run.json()["entries"]
    assert row["status"] == "accepted"
    assert row["days_left"] == 30
    assert (row["rule"], row["path"], row["reason"]) == ("bandit.B602", "app/tasks.py", REASON)
    assert (row["matched"], row["line"], row["approved_by"]) == (1, 24, "alice")


def test_it_stays_accepted_when_code_moves_and_is_reindented(story: Story) -> None:
    assert story.runs["moved"].code == 0
    result = b602(story.sarif("moved"))
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 27
    assert result["suppressions"][0]["status"] == "accepted"
    assert story.runs["check-moved"].code == 0


def test_an_expired_entry_stops_suppressing_and_check_says_so(story: Story) -> None:
    assert story.runs["expired"].code == 1
    assert "suppressions" not in b602(story.sarif("expired"))
    (outcome,) = sarif_ledger(story.sarif("expired"))
    assert outcome["status"] == "expired"
    check = story.runs["check-expired"]
    assert check.code == 1
    assert check.out.splitlines()[0].startswith(
        "triage/ledger.yml:24: expired on 2026-05-31 (1 day ago): bandit.B602 in app/tasks.py"
    )


def test_prune_keeps_an_expired_entry_that_still_matches_unless_asked(story: Story) -> None:
    run = story.runs["prune-expired-entry"]
    assert (run.code, run.out) == (0, "triage/ledger.yml: nothing to prune (1 entries)\n")
    dry = story.runs["prune-expired-dry"]
    assert dry.code == 0
    assert dry.out.splitlines()[0].startswith("would remove triage/ledger.yml:24: bandit.B602")
    assert dry.out.splitlines()[0].endswith("(expired)")
    assert story.ledgers["prune-expired-dry"] == story.ledgers["accept"]


def test_changing_the_flagged_line_makes_the_entry_stale(story: Story) -> None:
    assert story.runs["changed"].code == 1
    assert "suppressions" not in b602(story.sarif("changed"))
    (outcome,) = sarif_ledger(story.sarif("changed"))
    assert (outcome["status"], outcome["matched"]) == ("stale", 0)
    check = story.runs["check-changed"]
    assert check.code == 1
    assert (
        "triage/ledger.yml:24: stale, matches no finding: bandit.B602 in app/tasks.py" in check.out
    )
    listing = story.runs["list-changed"].out.splitlines()
    assert listing[0].split() == ["STATUS", "DAYS", "LEFT", "RULE", "PATH", "REASON"]
    assert listing[1].split()[:4] == ["stale", "30", "bandit.B602", "app/tasks.py"]


def test_prune_removes_the_stale_entry_and_keeps_the_rest_of_the_file(story: Story) -> None:
    run = story.runs["prune"]
    assert run.code == 0
    assert run.out.splitlines()[-1] == "triage/ledger.yml: removed 1 of 1 entries"
    assert story.ledgers["prune"] == edit.HEADER + "\nversion: 1\naccepted: []\n"
    after = story.runs["check-after-prune"]
    assert (after.code, after.out) == (0, "triage/ledger.yml: 0 entries\n")


# --- the pull request that accepts its own finding ---------------------------------------

DANGER = """\
import subprocess


def deploy(host):
    return subprocess.check_output("ssh " + host + " deploy", shell=True)
"""


@pytest.fixture(scope="module")
def tampering(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Story:
    repo = git_repo_factory(
        {
            ".sastflow.toml": BANDIT_ONLY,
            "app/tasks.py": "def run():\n    return 1\n",
            "triage/ledger.yml": edit.HEADER + "\nversion: 1\naccepted: []\n",
        }
    )
    repo.checkout("feature", new=True)
    repo.write({"app/deploy.py": DANGER})
    repo.git("add", "app/deploy.py")  # tracked, so a work-tree scan sees it; committed below
    s = Story(repo, tmp_path_factory.mktemp("pr"))
    s.scan("work-tree")
    s.cli(
        "self-accept",
        "triage", "accept", "--sarif", str(s.sarif("work-tree")), "--rule", "bandit.B602",
        "--path", "app/deploy.py", "--line", "5", "--reason", "trust me", "--expires", "+90d",
        "--by", "mallory",
    )  # fmt: skip
    repo.commit({}, "deploy helper (and accept its finding)")
    s.scan("pr", ENV, "--base", "main")
    s.cli("list-pending", "triage", "list", "--base", "main", "--no-scan", "--json")
    s.cli("check-pending", "triage", "check", "--base", "main", "--no-scan")
    s.cli("check-pr-sarif", "triage", "check", "--sarif", str(s.sarif("pr")))
    return s


def test_a_pr_cannot_accept_its_own_finding(tampering: Story) -> None:
    assert tampering.runs["self-accept"].code == 0
    assert tampering.runs["pr"].code == 1  # the gate still fails
    result = b602(tampering.sarif("pr"))
    assert result["baselineState"] == "new"
    assert [(s["kind"], s["status"]) for s in result["suppressions"]] == [
        ("external", "underReview")
    ]
    (outcome,) = sarif_ledger(tampering.sarif("pr"))
    assert (outcome["status"], outcome["approved_by"], outcome["path"]) == (
        "pending",
        "mallory",
        "app/deploy.py",
    )


def test_the_pending_entry_takes_effect_once_a_security_owner_approves(tampering: Story) -> None:
    options = ScanOptions(root=tampering.repo.path, base="main", today=TODAY)
    report = run_scan(options)
    assert [f.rule_id for f in report.blocking] == ["bandit.B602"]
    assert [o.status for o in report.ledger] == [LedgerStatus.PENDING]
    approved = run_scan(
        ScanOptions(root=tampering.repo.path, base="main", today=TODAY, security_approved=True)
    )
    assert approved.blocking == ()
    assert [o.status for o in approved.ledger] == [LedgerStatus.ACCEPTED]


def test_triage_shows_what_a_branch_adds_as_pending(tampering: Story) -> None:
    (row,) = tampering.runs["list-pending"].json()["entries"]
    assert (row["status"], row["approved_by"], row["days_left"]) == ("pending", "mallory", 90)
    check = tampering.runs["check-pending"]
    assert check.code == 0
    assert check.out.splitlines() == [
        "triage/ledger.yml:24: pending: bandit.B602 in app/deploy.py "
        f"({row['fingerprint'][:12]}) differs from main; needs security approval",
        "triage/ledger.yml: 1 entry (1 pending)",
    ]


def test_a_diff_aware_sarif_cannot_judge_staleness(tampering: Story) -> None:
    run = tampering.runs["check-pr-sarif"]
    assert run.code == 2
    assert "is from a diff-aware scan (--base)" in run.err
    assert json.dumps(run.err).count("Traceback") == 0
