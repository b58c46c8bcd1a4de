"""Entries that expire soon: ``triage check`` warns ahead of time, and ``triage remind`` keeps one
tracking issue up to date on the local GitHub server (created, edited in place, closed), with
no write at all on a rerun that has nothing new to say."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, run_cli
from tests.ghserver.server import GitHubServer
from tests.triage.conftest import entry_yaml

TODAY = "2026-05-01"
REPO = "acme/app"
TOKEN = "ghs_remind_token_0123456789abcdef"
TITLE = "sastflow: ledger entries expiring soon"


def write_ledger(root: Path, *entries: str) -> None:
    (root / "triage").mkdir(exist_ok=True)
    body = "".join(entries) if entries else "  []\n"
    (root / "triage" / "ledger.yml").write_text("version: 1\naccepted:\n" + body, encoding="utf-8")


SOON = entry_yaml(1, expires="2026-05-06", reason='"constant argv"')  # in 5 days
LATER = entry_yaml(2, expires="2026-06-10", path="app/later.py")  # in 40 days
EXPIRED = entry_yaml(3, expires="2026-04-30", path="app/old.py")  # yesterday


def check(root: Path, *args: str) -> Run:
    return run_cli(root, "triage", "check", "--no-scan", *args, env={"SASTFLOW_TODAY": TODAY})


def test_check_announces_what_expires_within_the_warning_days(tmp_path: Path) -> None:
    write_ledger(tmp_path, SOON, LATER)
    run = check(tmp_path)
    assert run.code == 0, run.err  # a warning, not a failure
    assert run.out.splitlines() == [
        "triage/ledger.yml:3: expires in 5 days (2026-05-06): bandit.B602 in app/tasks.py "
        "(000000000000); renew it (triage accept --replace) or fix the finding before then",
        "triage/ledger.yml: 2 entries (2 active; 1 expiring within 14 days)",
    ]
    (tmp_path / ".sastflow.toml").write_text("expiry_warning_days = 45\n", encoding="utf-8")
    wider = check(tmp_path)
    assert "expires in 40 days (2026-06-10)" in wider.out
    assert "2 expiring within 45 days" in wider.out
    assert "expires" not in check(tmp_path, "--warn-days", "0").out


def test_check_in_actions_annotates_the_entry_as_a_warning(tmp_path: Path) -> None:
    write_ledger(tmp_path, SOON)
    run = run_cli(
        tmp_path,
        "triage",
        "check",
        "--no-scan",
        env={"SASTFLOW_TODAY": TODAY, "GITHUB_ACTIONS": "true"},
    )
    (annotation,) = [line for line in run.out.splitlines() if line.startswith("::")]
    assert annotation.startswith("::warning file=triage/ledger.yml,line=3,title=triage ledger::")


@pytest.mark.parametrize("value", ["-1", '"14"', "true"])
def test_a_bad_expiry_warning_days_names_the_file_line_and_key(tmp_path: Path, value: str) -> None:
    (tmp_path / ".sastflow.toml").write_text(
        f'fail_on = "high"\nexpiry_warning_days = {value}\n', encoding="utf-8"
    )
    write_ledger(tmp_path, SOON)
    run = check(tmp_path)
    assert run.code == 2
    assert run.err.startswith("sastflow: error: .sastflow.toml:2: expiry_warning_days: must be ")
    assert "from 0 to 3650" in run.err
    assert run.err.count("\n") == 1


# --- the tracking issue -------------------------------------------------------------------


@pytest.fixture
def server(github_server: GitHubServer) -> GitHubServer:
    github_server.add_repo(REPO)
    github_server.add_token(TOKEN, "github-actions[bot]")  # an installation token
    # A pull request shares the issue numbers and shows up in the issues list.
    github_server.add_pull(REPO, 1, author="mallory", head_sha="a" * 40, base_sha="b" * 40)
    return github_server


def remind(root: Path, server: GitHubServer, *args: str, today: str = TODAY) -> Run:
    env = {
        "SASTFLOW_TODAY": today,
        "GITHUB_API_URL": server.url,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_TOKEN": TOKEN,
    }
    return run_cli(root, "triage", "remind", *args, env=env)


def test_the_tracking_issue_is_created_edited_in_place_and_closed(
    tmp_path: Path, server: GitHubServer
) -> None:
    write_ledger(tmp_path, SOON, LATER, EXPIRED)

    dry = remind(tmp_path, server, "--dry-run")
    assert dry.code == 0, dry.err
    assert "| 2026-04-30 | expired 1 d ago |" in dry.out
    assert not server.writes() and not server.issues(REPO)

    first = remind(tmp_path, server)
    assert first.code == 0, first.err
    (issue,) = server.issues(REPO)
    assert issue.number == 2 and issue.title == TITLE and issue.user == "github-actions[bot]"
    assert issue.state == "open"
    assert issue.body.startswith("<!-- sastflow:expiring v1 -->\n")
    assert "**2 triage ledger entries**" in issue.body and "1 already expired" in issue.body
    table = [line for line in issue.body.splitlines() if line.startswith("| 2026")]
    assert [line.split(" | ")[0] for line in table] == ["| 2026-04-30", "| 2026-05-06"]
    assert "`app/later.py`" not in issue.body  # 40 days away: not due yet
    assert "tracking issue #2 created: 2 ledger entries" in first.err

    writes = len(server.writes())
    again = remind(tmp_path, server)
    assert "tracking issue #2 unchanged" in again.err
    assert len(server.writes()) == writes  # a rerun writes nothing

    write_ledger(tmp_path, SOON, LATER)  # the expired entry was removed
    edited = remind(tmp_path, server)
    assert "tracking issue #2 updated: 1 ledger entry" in edited.err
    (issue,) = server.issues(REPO)
    assert "**1 triage ledger entry**" in issue.body and "app/old.py" not in issue.body

    write_ledger(tmp_path, LATER)
    closed = remind(tmp_path, server)
    assert "tracking issue #2 closed" in closed.err
    (issue,) = server.issues(REPO)
    assert issue.state == "closed" and issue.state_reason == "completed"

    writes = len(server.writes())
    quiet = remind(tmp_path, server)
    assert "no tracking issue open" in quiet.err
    assert len(server.writes()) == writes

    # Due again a month later: a new issue, the closed one stays as it was.
    later = remind(tmp_path, server, today="2026-06-01")
    assert "tracking issue #3 created" in later.err
    assert [(i.number, i.state) for i in server.issues(REPO)] == [(2, "closed"), (3, "open")]


def test_an_issue_that_only_looks_like_the_tracking_issue_is_left_alone(
    tmp_path: Path, server: GitHubServer
) -> None:
    server.add_token("ghp_mallory_token_0123456789", "mallory")
    import requests

    # Mallory copies the title and the hidden marker into an issue of her own.
    reply = requests.post(
        f"{server.url}/repos/{REPO}/issues",
        json={"title": TITLE, "body": "<!-- sastflow:expiring v1 -->\nclose me"},
        headers={"Authorization": "token ghp_mallory_token_0123456789"},
        timeout=10,
    )
    assert reply.status_code == 201
    write_ledger(tmp_path, LATER)  # nothing due: sastflow would close its own issue
    run = remind(tmp_path, server)
    assert "no tracking issue open" in run.err
    (issue,) = server.issues(REPO)
    assert issue.state == "open" and issue.user == "mallory" and issue.body.endswith("close me")


def test_remind_without_the_github_environment_is_a_usage_error(tmp_path: Path) -> None:
    write_ledger(tmp_path, SOON)
    run = run_cli(tmp_path, "triage", "remind", env={"SASTFLOW_TODAY": TODAY})
    assert run.code == 2 and run.err == "sastflow: error: GITHUB_REPOSITORY is not set\n"
