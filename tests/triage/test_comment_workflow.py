"""The ``/sastflow accept`` workflow is safe to run on comments from anyone: it never checks out
the pull request, passes no expression into a script, asks for exactly the permissions the
command needs in its one job, and both linters pass on it; the copy in ``examples/`` is the
same file."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "sastflow-comment.yml"
EXAMPLE = ROOT / "examples" / "workflows" / "sastflow-comment.yml"
LINT = ROOT / "tests" / "action" / "lint.sh"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_example_is_the_shipped_workflow() -> None:
    assert EXAMPLE.read_bytes() == WORKFLOW.read_bytes()


def test_it_runs_on_new_comments_with_least_privilege() -> None:
    data = load()
    triggers = data[True]  # YAML 1.1 reads the key `on` as true
    assert triggers == {
        "issue_comment": {"types": ["created"]},
        "pull_request_review_comment": {"types": ["created"]},
    }
    assert data["permissions"] == {}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "statuses": "write",
    }
    assert "github-actions[bot]" in job["if"]  # never reacts to its own replies


def test_it_never_checks_out_or_runs_the_pull_requests_code() -> None:
    (job,) = load()["jobs"].values()
    steps = job["steps"]
    (checkout,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"] == {
        "ref": "${{ github.event.repository.default_branch }}",
        "persist-credentials": False,
    }
    for step in steps:
        assert "${{" not in step.get("run", ""), step
    (command,) = [s for s in steps if "run" in s]
    assert command["run"].split() == ['"$SASTFLOW"', "comment-command"]


def test_zizmor_and_actionlint_pass_on_both_copies() -> None:
    done = subprocess.run(
        ["bash", str(LINT), str(WORKFLOW), str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lint.sh: no findings" in done.stdout
