"""The fork publisher (``workflow_run`` + ``--from-artifact``): a fork's own run uploaded its
results; a job of the base repository posts them. The artifact is untrusted data."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sastflow.errors import UsageError
from sastflow.jobs.pr import JobOptions, run_job
from sastflow.model import ScanReport
from sastflow.sarif.build import iter_sarif_json
from tests.ghserver import ReviewState
from tests.github.world import AUTHOR, FAST, OWNER, REPO, TOKEN, World

FORK_PR = 11


def _artifact(folder: Path, report: ScanReport, number: int, head: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sastflow.sarif").write_text("".join(iter_sarif_json(report)))
    (folder / "pull.json").write_text(json.dumps({"number": number, "head_sha": head}))
    return folder


def _publish(world: World, tmp: Path, artifact: Path, head: str) -> tuple[int, str, str]:
    event = tmp / "workflow_run.json"
    event.write_text(
        json.dumps(
            {
                "action": "completed",
                "workflow_run": {
                    "id": 99,
                    "event": "pull_request",
                    "head_sha": head,
                    "head_repository": {"full_name": f"{AUTHOR}/app"},
                    "pull_requests": [],  # always empty for a fork
                },
                "repository": {"full_name": REPO},
                "sender": {"login": AUTHOR},
            }
        )
    )
    world.pr.repo.checkout(world.pr.base)  # the publisher's checkout: the default branch
    environ = world.server.actions_env(
        repo=REPO,
        token=TOKEN,
        event_name="workflow_run",
        event_path=event,
        sha=world.pr.base,
        workspace=world.pr.path,
    )
    environ["GITHUB_STEP_SUMMARY"] = str(tmp / "summary.md")
    out, err = io.StringIO(), io.StringIO()
    code = run_job(JobOptions(from_artifact=artifact, client=FAST), environ, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def fork(world: World) -> World:
    world.server.add_pull_from_git(
        REPO,
        FORK_PR,
        world.pr.path,
        author=AUTHOR,
        base=world.pr.base,
        head=world.pr.head1,
        fork=True,
    )
    return world


def test_the_publisher_posts_a_fork_runs_results_and_only_approval_clears_the_gate(
    fork: World, scan_head1: ScanReport, tmp_path: Path
) -> None:
    artifact = _artifact(tmp_path / "artifact", scan_head1, FORK_PR, fork.pr.head1)

    code, stdout, _ = _publish(fork, tmp_path, artifact, fork.pr.head1)

    assert code == 1
    assert sorted(c.line for c in fork.ours(FORK_PR)) == [6, 10, 14]  # GitHub's own diff
    (summary,) = fork.summaries(FORK_PR)
    assert "fork's own workflow run" in summary and "`app/legacy.py:6`" in summary
    assert fork.status(fork.pr.head1) == (
        "failure",
        "4 findings / 4 ledger changes need security approval",
    )
    assert stdout.count("::error file=") == 4

    fork.server.add_review(REPO, FORK_PR, OWNER, ReviewState.APPROVED)
    code, _, _ = _publish(fork, tmp_path, artifact, fork.pr.head1)
    assert code == 0
    assert fork.status(fork.pr.head1) == ("success", f"approved by @{OWNER}")
    assert len(fork.ours(FORK_PR)) == 3  # the rerun posted nothing twice


def test_a_forged_clean_artifact_does_not_clear_the_gate(
    fork: World, scan_head1: ScanReport, tmp_path: Path
) -> None:
    clean = replace(scan_head1, findings=(), ledger=(), fail_on=None)
    artifact = _artifact(tmp_path / "artifact", clean, FORK_PR, fork.pr.head1)

    code, _, _ = _publish(fork, tmp_path, artifact, fork.pr.head1)

    assert code == 0
    assert fork.status(fork.pr.head1) == (
        "failure",
        "fork pull request: results of its own run need security approval",
    )


def _edit_sarif(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "sastflow.sarif"
    log = json.loads(path.read_text())
    change(log)
    path.write_text(json.dumps(log))


def _first_uri(log: dict[str, Any], uri: str) -> None:
    result = next(r for run in log["runs"] for r in run["results"])
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = uri


def _symlink(folder: Path) -> None:
    (folder / "pull.json").unlink()
    os.symlink("/etc/passwd", folder / "pull.json")


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda f, h, r: _artifact(f, r, 12, h), "names pull request #12, but"),
        (lambda f, h, r: _artifact(f, r, FORK_PR, "f" * 40), "but the run was for"),
        (lambda f, h, r: _symlink(f), "'pull.json' is a symbolic link"),
        (lambda f, h, r: (f / "evil.sh").write_text("x"), "unexpected file 'evil.sh'"),
        (lambda f, h, r: (f / "pull.json").write_text(" " * 5000), "pull.json is 5000 bytes"),
        (
            lambda f, h, r: (f / "sastflow.sarif").write_text("{"),
            "sastflow.sarif is not valid JSON",
        ),
        (lambda f, h, r: (f / "sastflow.sarif").write_text("[" * 100_000), "nests too deeply"),
        (
            lambda f, h, r: _edit_sarif(f, lambda log: _first_uri(log, "../../etc/passwd")),
            "names the path '../../etc/passwd'",
        ),
        (
            lambda f, h, r: _edit_sarif(f, lambda log: _first_uri(log, "/etc/passwd")),
            "names the path '/etc/passwd'",
        ),
    ],
)
def test_a_tampered_artifact_is_rejected_before_anything_is_posted(
    fork: World,
    scan_head1: ScanReport,
    tmp_path: Path,
    tamper: Callable[[Path, str, ScanReport], object],
    message: str,
) -> None:
    artifact = _artifact(tmp_path / "artifact", scan_head1, FORK_PR, fork.pr.head1)
    tamper(artifact, fork.pr.head1, scan_head1)

    with pytest.raises(UsageError) as caught:
        _publish(fork, tmp_path, artifact, fork.pr.head1)

    assert message in str(caught.value) and "artifact is rejected" in str(caught.value)
    assert fork.server.writes() == []
