"""``sastflow sync-alerts`` against the local GitHub server, on the SARIF of a real Bandit scan
of a real git repository whose ledger accepts one of two findings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, RepoFactory, Run, run_cli
from tests.ghserver.records import AlertState
from tests.ghserver.server import GitHubServer

REPO = "acme/app"
TOKEN = "ghs_sync_alerts_token_0123456789"
TODAY = "2026-06-01"
EXPIRES = "2026-09-01"
REASON = "argv comes from the build matrix, never from a request"
TASKS = """import subprocess


def run_build(cmd):
    return subprocess.call(cmd, shell=True)


def run_deploy(cmd):
    return subprocess.call(cmd, shell=True)
"""
ACCEPTED_LINE, OTHER_LINE = 5, 9


def ledger_yaml(fingerprint: str, reason: str = REASON, expires: str = EXPIRES) -> str:
    return (
        "version: 1\n"
        "accepted:\n"
        f'  - fingerprint: "{fingerprint}"\n'
        "    rule: bandit.B602\n"
        "    path: app/tasks.py\n"
        f"    reason: {json.dumps(reason)}\n"
        "    approved_by: alice\n"
        f"    expires: {expires}\n"
    )


@dataclass(frozen=True)
class Scanned:
    repo: GitRepo
    sarif: Path  # the scan with the ledger applied
    excluded: Path  # the same scan written with --exclude-accepted
    fingerprint: str  # of the accepted finding


def results(path: Path) -> list[dict[str, Any]]:
    log = json.loads(path.read_text(encoding="utf-8"))
    return [r for run in log["runs"] for r in run["results"]]


def start_line(result: dict[str, Any]) -> int:
    return int(result["locations"][0]["physicalLocation"]["region"]["startLine"])


@pytest.fixture(scope="module")
def scanned(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    repo = git_repo_factory({".sastflow.toml": 'engines = ["bandit"]\n', "app/tasks.py": TASKS})
    out = tmp_path_factory.mktemp("sarif")
    env = {"SASTFLOW_TODAY": TODAY}
    first = run_cli(repo.path, "scan", "--quiet", "--sarif", str(out / "first.sarif"), env=env)
    assert first.code == 1, first.err
    by_line = {start_line(r): r for r in results(out / "first.sarif")}
    assert set(by_line) == {ACCEPTED_LINE, OTHER_LINE}
    fingerprint = by_line[ACCEPTED_LINE]["partialFingerprints"]["sastflow/v1"]
    repo.write({"triage/ledger.yml": ledger_yaml(fingerprint)})
    sarif = out / "accepted.sarif"
    second = run_cli(repo.path, "scan", "--quiet", "--sarif", str(sarif), env=env)
    assert second.code == 1, second.err  # the other finding still blocks
    suppressed = [r for r in results(sarif) if r.get("suppressions")]
    assert [start_line(r) for r in suppressed] == [ACCEPTED_LINE]
    excluded = out / "excluded.sarif"
    flags = ("--quiet", "--exclude-accepted", "--sarif", str(excluded))
    assert run_cli(repo.path, "scan", *flags, env=env).code == 1
    assert [start_line(r) for r in results(excluded)] == [OTHER_LINE]
    return Scanned(repo, sarif, excluded, fingerprint)


def seed(server: GitHubServer, *, security_events: bool = True) -> None:
    server.add_repo(REPO)
    server.add_token(TOKEN, "github-actions[bot]", security_events=security_events)
    bandit = {"tool_name": "Bandit", "path": "app/tasks.py"}
    # 1: the accepted finding -> dismissed.  2: the other finding -> stays open.
    server.add_alert(REPO, rule_id="bandit.B602", start_line=ACCEPTED_LINE, **bandit)
    server.add_alert(REPO, rule_id="bandit.B602", start_line=OTHER_LINE, **bandit)
    # 3: dismissed by a person -> never touched.  4: another tool at the same place -> ignored.
    server.add_alert(REPO, rule_id="bandit.B602", start_line=OTHER_LINE, number=3, **bandit)
    server.state.update_alert(
        REPO, 3, "bob", {"state": "dismissed", "dismissed_reason": "used in tests"}
    )
    server.add_alert(
        REPO, rule_id="bandit.B602", path="app/tasks.py", start_line=5, tool_name="CodeQL"
    )
    # 5: dismissed by sastflow once, for an entry that is gone -> reopened.
    server.add_alert(REPO, rule_id="bandit.B101", start_line=2, number=5, **bandit)
    server.state.update_alert(
        REPO,
        5,
        "github-actions[bot]",
        {
            "state": "dismissed",
            "dismissed_reason": "won't fix",
            "dismissed_comment": "[sastflow] accepted by alice until 2026-07-01: old entry",
        },
    )


def sync(scanned: Scanned, server: GitHubServer, *args: str, **env: str) -> Run:
    environ = {
        "GITHUB_API_URL": server.url,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_TOKEN": TOKEN,
        "SASTFLOW_TODAY": TODAY,
        **env,
    }
    return run_cli(
        scanned.repo.path,
        "sync-alerts",
        "--sarif",
        str(scanned.sarif),
        "--api-write-interval=0",
        *args,
        env=environ,
    )


def states(server: GitHubServer) -> dict[int, AlertState]:
    return {a.number: a.state for a in server.alerts(REPO)}


def patches(server: GitHubServer) -> int:
    return server.count("PATCH", r"/code-scanning/alerts/\d+$")


def test_dismisses_accepted_reopens_gone_and_leaves_the_rest(
    scanned: Scanned, github_server: GitHubServer
) -> None:
    seed(github_server)
    done = sync(scanned, github_server)
    assert done.code == 0, done.err
    assert states(github_server) == {
        1: AlertState.DISMISSED,
        2: AlertState.OPEN,
        3: AlertState.DISMISSED,
        4: AlertState.OPEN,
        5: AlertState.OPEN,
    }
    dismissed = github_server.alert(REPO, 1)
    assert dismissed.dismissed_reason == "won't fix"
    assert dismissed.dismissed_comment == (
        f"[sastflow] accepted by alice until {EXPIRES} (triage/ledger.yml:3): {REASON}"
    )
    assert github_server.alert(REPO, 3).dismissed_by == "bob"  # a person's call stands
    assert github_server.alert(REPO, 3).dismissed_reason == "used in tests"
    assert github_server.schema_violations == []
    assert "dismiss alert #1 (bandit.B602 app/tasks.py:5)" in done.out
    assert "reopen alert #5 (bandit.B101 app/tasks.py:2)" in done.out
    assert "1 dismissed, 1 reopened" in done.err
    assert TOKEN not in done.out + done.err

    # A second run changes nothing.
    before = patches(github_server)
    again = sync(scanned, github_server)
    assert again.code == 0, again.err
    assert patches(github_server) == before
    assert "0 dismissed, 0 reopened, 1 already dismissed by sastflow" in again.err


def test_an_expired_entry_reopens_its_alert(scanned: Scanned, github_server: GitHubServer) -> None:
    seed(github_server)
    assert sync(scanned, github_server).code == 0
    assert github_server.alert(REPO, 1).state is AlertState.DISMISSED
    # The same SARIF log, read after the entry's expiry: the ledger decides, not the old log.
    later = sync(scanned, github_server, SASTFLOW_TODAY="2026-09-02")
    assert later.code == 0, later.err
    reopened = github_server.alert(REPO, 1)
    assert reopened.state is AlertState.OPEN
    assert reopened.dismissed_comment is None
    assert "reopen alert #1" in later.out


def test_a_removed_entry_reopens_its_alert(
    scanned: Scanned, github_server: GitHubServer, tmp_path: Path
) -> None:
    seed(github_server)
    assert sync(scanned, github_server).code == 0
    empty = tmp_path / "ledger.yml"
    empty.write_text("version: 1\naccepted: []\n", encoding="utf-8")
    done = sync(scanned, github_server, "--ledger", str(empty))
    assert done.code == 0, done.err
    assert states(github_server)[1] is AlertState.OPEN


def test_a_long_reason_is_cut_to_githubs_280_characters(
    scanned: Scanned, github_server: GitHubServer, tmp_path: Path
) -> None:
    seed(github_server)
    ledger = tmp_path / "ledger.yml"
    ledger.write_text(ledger_yaml(scanned.fingerprint, reason="word " * 120), encoding="utf-8")
    done = sync(scanned, github_server, "--ledger", str(ledger))
    assert done.code == 0, done.err
    comment = github_server.alert(REPO, 1).dismissed_comment or ""
    assert len(comment) == 280 and comment.endswith("…")
    assert comment.startswith(f"[sastflow] accepted by alice until {EXPIRES} (")
    assert github_server.schema_violations == []


def test_dry_run_changes_nothing(scanned: Scanned, github_server: GitHubServer) -> None:
    seed(github_server)
    done = sync(scanned, github_server, "--dry-run")
    assert done.code == 0, done.err
    assert patches(github_server) == 0
    assert "would dismiss alert #1" in done.out and "would reopen alert #5" in done.out


def test_a_token_without_security_events_is_a_clear_error(
    scanned: Scanned, github_server: GitHubServer
) -> None:
    seed(github_server, security_events=False)
    done = sync(scanned, github_server)
    assert done.code == 3
    assert done.err.startswith("sastflow: error: GitHub API: list open code-scanning alerts")
    assert "security-events: write" in done.err
    assert "Traceback" not in done.err and TOKEN not in done.err


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GITHUB_TOKEN": ""}, "GITHUB_TOKEN is not set"),
        ({"GITHUB_REPOSITORY": "not a repo"}, "GITHUB_REPOSITORY 'not a repo' is not owner/name"),
        ({"GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL: 'ftp://x' is not an http(s) URL"),
    ],
)
def test_a_bad_environment_is_a_usage_error(
    scanned: Scanned, github_server: GitHubServer, env: dict[str, str], message: str
) -> None:
    seed(github_server)
    done = sync(scanned, github_server, **env)
    assert done.code == 2
    assert message in done.err
    assert patches(github_server) == 0


def test_a_missing_sarif_or_ledger_is_named(scanned: Scanned, github_server: GitHubServer) -> None:
    seed(github_server)
    done = sync(scanned, github_server, "--ledger", "nope.yml")
    assert (done.code, done.err.strip()) == (2, "sastflow: error: --ledger nope.yml: no such file")
    missing = run_cli(scanned.repo.path, "sync-alerts", "--sarif", "gone.sarif")
    assert (missing.code, missing.err.strip()) == (
        2,
        "sastflow: error: gone.sarif: no such SARIF file",
    )


def test_a_log_without_the_accepted_findings_is_refused(
    scanned: Scanned, github_server: GitHubServer
) -> None:
    """With --exclude-accepted the log cannot match alerts; every sastflow dismissal would be
    reopened. sync-alerts refuses it instead."""
    seed(github_server)
    done = run_cli(
        scanned.repo.path,
        "sync-alerts",
        "--sarif",
        str(scanned.excluded),
        env={"GITHUB_API_URL": github_server.url, "GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": TOKEN},
    )
    assert done.code == 2
    assert "lacks the findings its scan accepted (written with --exclude-accepted?)" in done.err
    assert patches(github_server) == 0


def test_a_log_of_an_incomplete_scan_is_refused(
    scanned: Scanned, github_server: GitHubServer, tmp_path: Path
) -> None:
    seed(github_server)
    log = json.loads(scanned.sarif.read_text(encoding="utf-8"))
    log["runs"][0]["invocations"][0]["executionSuccessful"] = False
    broken = tmp_path / "incomplete.sarif"
    broken.write_text(json.dumps(log), encoding="utf-8")
    done = run_cli(
        scanned.repo.path,
        "sync-alerts",
        "--sarif",
        str(broken),
        env={"GITHUB_API_URL": github_server.url, "GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": TOKEN},
    )
    assert done.code == 2
    assert "is from an incomplete scan (bandit did not finish)" in done.err
    assert patches(github_server) == 0
