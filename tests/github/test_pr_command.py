"""``sastflow pr`` end to end, as a subprocess in an Actions-like environment (real event
payloads, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) against the local GitHub server.

To keep each run to a second or two, the job gets a config file from outside the repository
(read from disk as given): Bandit only, gate at ``medium``. Then the PR has four new finding
groups, all blocking, two of them pending (the ledger's ``bandit.B301`` entry, ``# nosec B602``),
and three changes awaiting approval (two ledger entries, one inline suppression)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sastflow.github import markers
from tests.ghserver import Event, ReviewState, event_payload, write_event
from tests.github.world import (
    ACTIONS_BOT,
    AUTHOR,
    NUMBER,
    OWNER,
    READ_TOKEN,
    REPO,
    TOKEN,
    World,
)


@dataclass
class Job:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    files: dict[str, str]


def _run_pr(
    world: World,
    tmp: Path,
    *,
    event: Event = Event.SYNCHRONIZE,
    token: str | None = TOKEN,
    reviewer: str | None = None,
    args: tuple[str, ...] = (),
) -> Job:
    tmp.mkdir(parents=True, exist_ok=True)
    pr = world.pr
    pull = world.server.pull(REPO, NUMBER)
    payload = event_payload(
        event,
        repo=REPO,
        number=NUMBER,
        head_sha=pull.head_sha,
        base_sha=pr.base,
        author=AUTHOR,
        api_url=world.server.url,
        sender=AUTHOR if reviewer is None else None,
        reviewer=reviewer,
    )
    event_path = write_event(tmp / "event.json", payload)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.update(
        world.server.actions_env(
            repo=REPO,
            token=token or "",
            event_name=event.event_name,
            event_path=event_path,
            sha=pull.head_sha,
            workspace=pr.path,
        )
    )
    if token is None:
        del env["GITHUB_TOKEN"]
    env["GITHUB_STEP_SUMMARY"] = str(tmp / "step-summary.md")
    env["GITHUB_OUTPUT"] = str(tmp / "github-output.txt")
    pr.repo.checkout(pull.head_sha)
    config = tmp / "bandit.toml"
    config.write_text('engines = ["bandit"]\nfail_on = "medium"\n')
    argv = [sys.executable, "-m", "sastflow", "pr", "--api-write-interval", "0"]
    argv += ["--api-max-wait", "10", "--sarif", str(tmp / "out.sarif"), "--config", str(config)]
    argv += args
    done = subprocess.run(
        argv, cwd=pr.path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    outputs: dict[str, str] = {}
    output_file = tmp / "github-output.txt"
    if output_file.exists():
        for line in output_file.read_text().splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
    summary_file = tmp / "step-summary.md"
    files = {p.name: p.read_text(errors="replace") for p in tmp.iterdir() if p.is_file()}
    return Job(
        done.returncode,
        done.stdout,
        done.stderr,
        outputs,
        summary_file.read_text() if summary_file.exists() else "",
        files,
    )


def _assert_no_token(world: World, *jobs: Job) -> None:
    for job in jobs:
        for text in (job.stdout, job.stderr, *job.files.values()):
            assert TOKEN not in text and READ_TOKEN not in text
    for request in world.server.requests:
        assert TOKEN not in json.dumps(request.body)


def test_pr_job_then_review_events(world: World, tmp_path: Path) -> None:
    # 1. The push: scan, review, summary, failing status, exit 1 (blocking findings).
    first = _run_pr(world, tmp_path / "push")
    assert first.code == 1, first.stderr
    assert first.outputs == {
        "sarif-file": str(tmp_path / "push" / "out.sarif"),
        "findings": "5",  # the four new rows and one the base already had
        "new": "4",
        "blocking": "4",
        "new-findings": "4",
        "blocking-findings": "4",
        "approval-state": "required",
    }
    assert "::error file=app/new.py," in first.stdout  # annotations for the job log
    assert "### sastflow on the pull request" in first.summary
    assert "sastflow/security-approval" in first.summary
    assert len(world.ours()) == 3 and len(world.summaries()) == 1
    assert world.status(world.pr.head1) == (
        "failure",
        "4 findings / 3 ledger changes need security approval",
    )

    # 2. A non-owner approves: re-evaluated from the summary's counts, without a scan.
    world.server.add_review(REPO, NUMBER, "random-dev", ReviewState.APPROVED)
    second = _run_pr(
        world, tmp_path / "review1", event=Event.REVIEW_SUBMITTED, reviewer="random-dev"
    )
    assert second.code == 1, second.stderr
    assert "out.sarif" not in second.files  # no scan ran
    assert second.outputs["sarif-file"] == "" and second.outputs["approval-state"] == "required"
    (summary,) = world.summaries()
    assert "The approval by `@random-dev` does not count" in summary
    assert markers.read_state(summary) == markers.RunState(world.pr.head1, 4, 4, 2, 1, False)
    failing = [s for s in world.server.statuses(REPO, world.pr.head1) if s.state == "failure"]
    assert len(failing) == 1  # the same status is not set twice

    # 3. A security code owner approves the head: the pending ledger entries take effect.
    world.server.add_review(REPO, NUMBER, OWNER, ReviewState.APPROVED)
    third = _run_pr(world, tmp_path / "review2", event=Event.REVIEW_SUBMITTED, reviewer=OWNER)
    assert third.code == 0, third.stderr  # approved: the gate passes
    assert third.outputs["approval-state"] == "approved"
    assert world.status(world.pr.head1) == ("success", f"approved by @{OWNER}")
    sarif = json.loads(third.files["out.sarif"])
    accepted = [
        r
        for run in sarif["runs"]
        for r in run["results"]
        if any(s.get("status") == "accepted" for s in r.get("suppressions", []))
    ]
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in accepted} == {
        6,
        10,
    }
    assert len(world.summaries()) == 1
    # The accepted findings' threads are answered (once) and resolved; nothing else is posted.
    replies = [c for c in world.ours() if c.in_reply_to_id is not None]
    assert sorted(c.line for c in replies) == [6, 10]
    assert all("No longer a new finding" in c.body for c in replies)
    assert sum(1 for c in world.ours() if c.in_reply_to_id is None) == 3
    _assert_no_token(world, first, second, third)


def test_a_fork_pr_with_a_read_only_token_posts_nothing_and_exits_by_the_gate(
    world: World, tmp_path: Path
) -> None:
    job = _run_pr(world, tmp_path, event=Event.FORK_OPENED, token=READ_TOKEN)

    assert job.code == 1, job.stderr
    assert world.server.writes() == []
    assert job.stdout.count("::error file=") == 4
    assert "sastflow posted nothing on this pull request" in job.summary
    assert "posted nothing" in job.stderr
    assert job.outputs["blocking-findings"] == "4" and job.outputs["approval-state"] == "required"
    assert Path(job.outputs["sarif-file"]).is_file()
    _assert_no_token(world, job)


def test_dry_run_needs_no_token_and_calls_no_api(world: World, tmp_path: Path) -> None:
    job = _run_pr(world, tmp_path, token=None, args=("--dry-run",))

    assert job.code == 1, job.stderr
    assert world.server.requests == []
    assert "=== review (event COMMENT) with 3 inline comment(s) ===" in job.stdout
    assert "--- app/new.py:14 (RIGHT) ---" in job.stdout
    assert "<!-- sastflow:summary v1 -->" in job.stdout
    assert (
        "=== status sastflow/security-approval: failure "
        "(4 findings / 3 ledger changes need security approval) ===" in job.stdout
    )
    assert job.outputs["approval-state"] == "unknown"


def test_without_a_token_the_job_is_a_usage_error(world: World, tmp_path: Path) -> None:
    job = _run_pr(world, tmp_path, token=None)

    assert job.code == 2
    assert job.stderr.strip().startswith("sastflow: error: GITHUB_TOKEN is not set")
    assert len(job.stderr.strip().splitlines()) == 1
    assert world.server.requests == []


@pytest.mark.parametrize("bad", ["31", "-1"])
def test_inline_cap_flag_is_checked(world: World, tmp_path: Path, bad: str) -> None:
    job = _run_pr(world, tmp_path, args=("--max-inline-comments", bad))
    assert job.code == 2
    assert "--max-inline-comments: must be 0 to 30" in job.stderr
    assert ACTIONS_BOT not in job.stderr


def test_workflow_dispatch_reads_the_pull_request_through_the_api(
    world: World, tmp_path: Path
) -> None:
    from sastflow.github.client import ClientSettings
    from sastflow.jobs.pr import JobOptions, run_job

    event = tmp_path / "dispatch.json"
    event.write_text(json.dumps({"inputs": {"pr": str(NUMBER)}, "sender": {"login": "dev"}}))
    config = tmp_path / "outside.toml"  # outside the repository: read from disk as given
    config.write_text('engines = ["bandit"]\nfail_on = "medium"\n')
    environ = world.server.actions_env(
        repo=REPO,
        token=TOKEN,
        event_name="workflow_dispatch",
        event_path=event,
        sha=world.pr.head1,
        workspace=world.pr.path,
    )
    environ["GITHUB_OUTPUT"] = str(tmp_path / "out.txt")
    world.pr.repo.checkout(world.pr.head1)
    options = JobOptions(config_file=config, client=ClientSettings(write_interval=0, max_wait=5))

    code = run_job(options, environ, out=io.StringIO(), err=io.StringIO())

    outputs = dict(line.split("=", 1) for line in (tmp_path / "out.txt").read_text().splitlines())
    assert code == (1 if int(outputs["blocking-findings"]) else 0)
    assert world.server.count("GET", rf"/pulls/{NUMBER}$") >= 1
    engines = {
        rule
        for c in world.ours()
        for rule in re.findall(r"`((?:bandit|sastflow)\.[\w.-]+)`", c.body)
    }
    assert engines and all(rule.startswith("bandit.") for rule in engines)  # the config applied
    assert {c.commit_id for c in world.ours()} == {world.pr.head1}


def test_a_forged_all_clear_state_makes_a_review_event_scan_again(
    world: World, tmp_path: Path
) -> None:
    # Any workflow with GITHUB_TOKEN writes as github-actions[bot]: one of the PR's own could
    # post a summary whose hidden state says nothing blocks.
    forged = markers.state_marker(markers.RunState(world.pr.head1, 0, 0, 0, 0, False))
    world.server.add_issue_comment(
        REPO, NUMBER, ACTIONS_BOT, f"{markers.summary_marker()}\n{forged}\nall clear"
    )
    world.server.add_review(REPO, NUMBER, "random-dev", ReviewState.APPROVED)

    job = _run_pr(world, tmp_path, event=Event.REVIEW_SUBMITTED, reviewer="random-dev")

    assert job.code == 1, job.stderr
    assert "out.sarif" in job.files  # it scanned rather than trust the stored counts
    assert world.status(world.pr.head1) == (
        "failure",
        "4 findings / 3 ledger changes need security approval",
    )
    (summary,) = world.summaries()
    assert markers.read_state(summary) == markers.RunState(world.pr.head1, 4, 4, 2, 1, False)
