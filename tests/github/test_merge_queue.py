"""``sastflow pr`` on a ``merge_group`` event (GitHub's own example payload) against the local
GitHub server: the merged result is scanned against the group's base, and
``sastflow/security-approval`` is set on the merge group's head from the pull requests it
contains, so a merge queue that requires the status can merge.

The repository: ``main`` with CODEOWNERS naming ``sec-alice`` for the ledger; pull request #5
adds ``app/a.py`` with a blocking finding (approved by sec-alice); #6 adds ``app/b.py``. The
queue's branch ``gh-readonly-queue/main/pr-6-<sha>`` merges #5 then #6 onto main, with the merge
commits GitHub writes ("Merge pull request #N from ...").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sastflow.errors import UsageError
from sastflow.github.merge_queue import QUEUE_REF, read_merge_group
from tests.conftest import GitRepo, RepoFactory, Run, run_cli
from tests.ghserver import GitHubServer
from tests.ghserver.events import EVENTS_DIR

REPO = "acme/app"
OWNER = "sec-alice"
TOKEN = "ghs_MergeQueueToken0123456789abcdefgh"
SHELL = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"
SPAWN = "import subprocess\n\n\ndef go(x):\n    return subprocess.Popen(x, shell=True)\n"
CLEAN = "def add(a, b):\n    return a + b\n"


@dataclass(frozen=True)
class Queue:
    repo: GitRepo
    base: str
    head_a: str
    head_b: str
    group: str  # the merge group's head
    ref: str  # refs/heads/gh-readonly-queue/main/pr-6-<sha>


def build_queue(factory: RepoFactory, b_content: str) -> Queue:
    repo = factory(
        {
            ".sastflow.toml": 'engines = ["bandit"]\n',
            ".github/CODEOWNERS": f"/triage/ @{OWNER}\n",
            "app/__init__.py": "",
        }
    )
    base = repo.head()
    repo.checkout("feature-a", new=True)
    head_a = repo.commit({"app/a.py": SHELL}, "add run()")
    repo.checkout(base)
    repo.checkout("feature-b", new=True)
    head_b = repo.commit({"app/b.py": b_content}, "add b")
    ref = f"refs/heads/gh-readonly-queue/main/pr-6-{head_b}"
    repo.checkout(base)
    repo.checkout("gh-readonly-queue/main/pr-6", new=True)
    repo.git(
        "merge", "-q", "--no-ff", "-m", "Merge pull request #5 from acme/feature-a", "feature-a"
    )
    repo.git(
        "merge", "-q", "--no-ff", "-m", "Merge pull request #6 from acme/feature-b", "feature-b"
    )
    return Queue(repo, base, head_a, head_b, repo.head(), ref)


@pytest.fixture(scope="module")
def queue(git_repo_factory: RepoFactory) -> Queue:
    return build_queue(git_repo_factory, CLEAN)


@pytest.fixture(scope="module")
def risky_queue(git_repo_factory: RepoFactory) -> Queue:
    """#6 adds a finding of its own, and nobody approved #6."""
    return build_queue(git_repo_factory, SPAWN)


def payload(q: Queue) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (EVENTS_DIR / "merge_group.checks_requested.json").read_text(encoding="utf-8")
    )
    data["merge_group"].update(head_sha=q.group, head_ref=q.ref, base_sha=q.base)
    data["merge_group"]["head_commit"]["id"] = q.group
    data["repository"].update(full_name=REPO, name="app")
    return data


def serve(server: GitHubServer, q: Queue, *, b_status: str | None = "success") -> None:
    server.add_repo(REPO)
    server.add_token(TOKEN, "github-actions[bot]")
    server.add_user(OWNER)
    server.add_user("dev")
    server.add_pull_from_git(
        REPO, 5, q.repo.path, author="dev", base=q.base, head=q.head_a, head_ref="feature-a"
    )
    server.add_pull_from_git(
        REPO, 6, q.repo.path, author="dev", base=q.base, head=q.head_b, head_ref="feature-b"
    )
    server.add_review(REPO, 5, OWNER, "APPROVED", commit_id=q.head_a)
    server.add_commit(REPO, q.group, branch=q.ref.removeprefix("refs/heads/"))
    # What the pull-request job set on each head.
    server.state.create_status(
        REPO, q.head_a, "github-actions[bot]",
        {"state": "success", "context": "sastflow/security-approval"},
    )  # fmt: skip
    if b_status is not None:
        server.state.create_status(
            REPO, q.head_b, "github-actions[bot]",
            {"state": b_status, "context": "sastflow/security-approval"},
        )  # fmt: skip


def run_queue(
    q: Queue, server: GitHubServer | None, tmp: Path, *args: str
) -> tuple[Run, dict[str, str], str]:
    event = tmp / "event.json"
    event.write_text(json.dumps(payload(q)), encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": "merge_group",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SHA": q.group,
        "GITHUB_WORKSPACE": str(q.repo.path),
        "GITHUB_OUTPUT": str(tmp / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
    }
    if server is not None:
        env.update(GITHUB_API_URL=server.url, GITHUB_TOKEN=TOKEN)
    q.repo.checkout(q.group)
    done = run_cli(q.repo.path, "pr", "--api-write-interval", "0", "--sarif", str(tmp / "g.sarif"), *args, env=env)  # fmt: skip
    output = tmp / "output"
    values = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    ) if output.exists() else {}  # fmt: skip
    summary = tmp / "summary.md"
    return done, values, summary.read_text(encoding="utf-8") if summary.exists() else ""


def sarif_paths(path: Path) -> list[tuple[str, int]]:
    log = json.loads(path.read_text(encoding="utf-8"))
    return sorted(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for run in log["runs"]
        for r in run["results"]
    )


def test_the_example_payload_names_a_queue_branch() -> None:
    example = json.loads((EVENTS_DIR / "merge_group.checks_requested.json").read_text())
    match = QUEUE_REF.fullmatch(example["merge_group"]["head_ref"])
    assert match is not None and match["branch"] == "main" and match["number"] == "104"


def test_approved_pull_requests_let_the_queue_merge(
    queue: Queue, github_server: GitHubServer, tmp_path: Path
) -> None:
    serve(github_server, queue)
    done, outputs, summary = run_queue(queue, github_server, tmp_path)
    assert done.code == 0, done.err
    status = github_server.status(REPO, queue.group, "sastflow/security-approval")
    assert status is not None and status.state == "success"
    assert "approved in #6, #5" in status.description
    # The merged result was scanned against the group's base: a.py's finding, nothing of main.
    assert sarif_paths(tmp_path / "g.sarif") == [("app/a.py", 5)]
    assert outputs["approval-state"] == "approved"
    assert outputs["findings"] == outputs["new"] == outputs["blocking"] == "1"
    assert "#5: `sastflow/security-approval` success; approved by a security code owner" in summary
    # Nothing was posted on the pull requests themselves: no review, no comment.
    assert github_server.reviews(REPO, 6) == [] and github_server.issue_comments(REPO, 5) == []
    assert github_server.schema_violations == []


def test_a_pull_request_without_its_own_success_blocks_the_group(
    queue: Queue, github_server: GitHubServer, tmp_path: Path
) -> None:
    serve(github_server, queue, b_status="failure")
    done, outputs, _ = run_queue(queue, github_server, tmp_path)
    assert done.code == 1, done.err
    status = github_server.status(REPO, queue.group, "sastflow/security-approval")
    assert status is not None and status.state == "failure"
    assert (
        status.description
        == "sastflow/security-approval is not success on the head of #6 (failure)"
    )
    assert outputs["approval-state"] == "required"


def test_a_finding_nobody_approved_blocks_the_group(
    risky_queue: Queue, github_server: GitHubServer, tmp_path: Path
) -> None:
    """#6's own status says success (say, set before a rule got stricter), but its finding
    lies outside what a security code owner approved (#5's files)."""
    serve(github_server, risky_queue)
    done, _, _ = run_queue(risky_queue, github_server, tmp_path)
    assert done.code == 1, done.err
    status = github_server.status(REPO, risky_queue.group, "sastflow/security-approval")
    assert status is not None and status.state == "failure"
    assert status.description.startswith("1 blocking finding(s) of the merged result lie outside")
    assert sarif_paths(tmp_path / "g.sarif") == [("app/a.py", 5), ("app/b.py", 5)]


def test_dry_run_scans_and_posts_nothing(queue: Queue, tmp_path: Path) -> None:
    done, outputs, _ = run_queue(queue, None, tmp_path, "--dry-run")
    assert done.code == 1, done.err  # the gate alone: a.py's finding blocks
    assert outputs["approval-state"] == "unknown"
    assert "status not set" in done.err or "not set" in done.err


def test_a_payload_that_is_not_a_queue_branch_is_refused(queue: Queue, tmp_path: Path) -> None:
    data = payload(queue)
    data["merge_group"]["head_ref"] = "refs/heads/feature-b"
    event = tmp_path / "event.json"
    event.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape("head_ref: 'refs/heads/feature-b' is not")):
        read_merge_group(event)
    env = {
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": "merge_group",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(queue.repo.path),
    }
    done = run_cli(queue.repo.path, "pr", "--dry-run", env=env)
    assert done.code == 2
    assert "merge_group.head_ref: 'refs/heads/feature-b' is not a merge-queue branch" in done.err
