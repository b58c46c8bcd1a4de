"""The action and the workflows are as hardened as sastflow asks its users' to be: no expression
inside a script, actions pinned by commit SHA, no persisted credentials, least privilege; and both
linters (zizmor, actionlint) pass on them and catch a bad workflow."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = Path(__file__).resolve().parent / "lint.sh"
EXPECTED_WORKFLOWS = {
    "ci.yml",
    "sastflow-pr.yml",
    "sastflow-publish.yml",
    "sastflow-scheduled.yml",
    "sastflow-sharded.yml",
}
# The one job that writes to the repository: `/sastflow accept` commits a ledger entry onto the
# pull request's branch (docs/triage.md); tests/triage/test_comment_workflow.py holds it to that.
CODE_WRITERS = {("sastflow-comment.yml", "accept")}
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\b")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def steps_of(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    if path == ACTION:
        return list(data["runs"]["steps"])
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_is_there() -> None:
    assert {p.name for p in WORKFLOWS} >= EXPECTED_WORKFLOWS


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    """`${{ }}` in a `run:` is spliced into the script before bash sees it: template injection.
    Everything reaches scripts through `env:`."""
    scripts = [step["run"] for step in steps_of(path) if "run" in step]
    assert scripts, f"{path.name} has no run step"
    for script in scripts:
        assert "${{" not in script, f"{path.name}: expression inside a run script:\n{script}"


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_a_version_comment(path: Path) -> None:
    remote = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        match = USES_LINE.match(line)
        if match is None or match["ref"].startswith("./"):
            continue
        remote += 1
        assert PINNED.fullmatch(match["ref"]), f"{path.name}: not pinned by SHA: {line.strip()}"
        assert VERSION_COMMENT.search(match["rest"]), f"{path.name}: no version: {line.strip()}"
    assert remote, f"{path.name} uses no action"


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_checkouts_do_not_persist_credentials(path: Path) -> None:
    for step in steps_of(path):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, (path.name, step)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}, f"{path.name}: the default must be no permission"
    for name, job in data["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{path.name}: job {name} must list its permissions"
        assert "write-all" not in str(granted)
        if (path.name, name) not in CODE_WRITERS:
            assert granted.get("contents", "read") == "read", f"{path.name}: {name} writes code"


def test_pr_workflow_judges_with_the_base_commits_action() -> None:
    """On a pull request the action that judges it comes from the base commit, not the PR."""
    steps = steps_of(ROOT / ".github" / "workflows" / "sastflow-pr.yml")
    action_checkout = next(s for s in steps if s.get("with", {}).get("path") == ".sastflow-action")
    assert action_checkout["with"]["ref"] == (
        "${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha }}"
    )
    assert any(s.get("uses") == "./.sastflow-action" for s in steps)


def test_publisher_never_checks_out_the_pull_request() -> None:
    path = ROOT / ".github" / "workflows" / "sastflow-publish.yml"
    for step in steps_of(path):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert "ref" not in step.get("with", {}), "the publisher checks out its default branch"
            assert "repository" not in step.get("with", {}), "never the fork's repository"


def run_lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(LINT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_zizmor_and_actionlint_pass_here_and_catch_an_injection(tmp_path: Path) -> None:
    """One run of both linters over the action, the workflows and a bad workflow: every finding
    is the bad workflow's (so the linters run, and find nothing in ours)."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\n"
        "permissions: {}\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    permissions: {}\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    done = run_lint(ACTION, *WORKFLOWS, bad)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"== zizmor --offline {len(WORKFLOWS) + 2} file(s)" in done.stdout
    assert f"== actionlint {len(WORKFLOWS) + 1} workflow(s)" in done.stdout
    # zizmor: the injection, located in the bad file only.
    assert "template-injection" in done.stdout
    located = re.findall(r"--> (\S+?):\d+:\d+", done.stdout)
    assert located and set(located) == {str(bad)}, output
    # actionlint: one line per problem, all of them in the bad file.
    problems = [line for line in done.stdout.splitlines() if re.match(r"/\S+:\d+:\d+: ", line)]
    assert problems and all(line.startswith(f"{bad}:") for line in problems), output
    assert any(
        line.startswith(f"{bad}:8:24: ") and "potentially untrusted" in line for line in problems
    )
