"""The composite action, run the way the runner runs it (``runner.py``), on a real git repository
and against the local GitHub server, for pull_request, pull_request_review and schedule events:
the exit status, the action's outputs, the step summary, the SARIF and what was posted.

The ``uses:`` steps (setup-python, cache) are not run: the test supplies their outputs and a
"restored" virtual environment whose dependencies come from the project's venv; the action's
own install step then really builds and installs sastflow from a copy of the action's files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sastflow.fingerprint import compute, normalise
from sastflow.sarif.limits import check_upload_limits, fit_for_upload
from tests.action.ghas import ghas_problems
from tests.action.runner import ActionRun, CompositeRunner
from tests.conftest import GitRepo, RepoFactory
from tests.ghserver.server import GitHubServer

pytest.importorskip("sastflow.commands.pr", reason="sastflow pr is not built yet")

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "ghserver" / "events"
REPO = "acme/app"
NUMBER = 7
AUTHOR = "dev"
OWNER = "sec-alice"
TOKEN = "ghs_ActionRunTestToken0123456789abcdef"
TODAY = "2026-06-01"
BUILD = "    return subprocess.call(cmd, shell=True)"
DEPLOY = "    return subprocess.call(target, shell=True)"
TASKS = f"import subprocess\n\n\ndef build(cmd):\n{BUILD}\n\n\ndef deploy(target):\n{DEPLOY}\n"
NEW = "import subprocess\n\n\ndef clean(path):\n    subprocess.call('rm -rf ' + path, shell=True)\n"


def entry(code_line: str, *, reason: str, expires: str) -> str:
    fingerprint = compute("bandit.B602", "app/tasks.py", normalise(code_line), 0)
    return (
        f'  - fingerprint: "{fingerprint}"\n'
        "    rule: bandit.B602\n"
        "    path: app/tasks.py\n"
        f'    reason: "{reason}"\n'
        f"    approved_by: {OWNER}\n"
        f"    expires: {expires}\n"
    )


# On main: build() accepted until after TODAY, deploy() accepted until before it (expired), and
# an entry that matches nothing (stale).
LEDGER = (
    "version: 1\naccepted:\n"
    + entry(BUILD, reason="cmd is a constant from the build matrix", expires="2026-08-01")
    + entry(DEPLOY, reason="target was checked upstream", expires="2026-05-01")
    + entry("    gone()", reason="code that was removed", expires="2026-09-01")
)


@dataclass(frozen=True)
class Fixture:
    repo: GitRepo
    base: str
    head: str
    runner: CompositeRunner
    temp: Path


def copy_action(target: Path) -> Path:
    """The files a `uses:` of this repository brings: what the action reads and installs."""
    target.mkdir(parents=True)
    for name in ("action.yml", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "sastflow", target / "sastflow", ignore=ignore)
    shutil.copytree(ROOT / "requirements", target / "requirements")
    shutil.copytree(ROOT / "rules", target / "rules", ignore=ignore)
    return target


def restored_venv(temp: Path) -> Path:
    """What actions/cache restores: a venv holding the locked dependencies (here: the project
    venv's, through a .pth file) and, from an earlier run, an older sastflow."""
    venv = temp / "sastflow-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    project_site = next((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
    (site / "project-deps.pth").write_text(f"{project_site}\n", encoding="utf-8")
    return venv


@pytest.fixture(scope="module")
def fixture(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    repo = git_repo_factory(
        {
            ".sastflow.toml": 'engines = ["bandit"]\n',
            ".github/CODEOWNERS": f"/triage/ @{OWNER}\n",
            "app/tasks.py": TASKS,
            "triage/ledger.yml": LEDGER,
        }
    )
    base = repo.head()
    repo.checkout("feature", new=True)
    head = repo.commit({"app/new.py": NEW}, "add clean()")
    repo.checkout(base)
    temp = tmp_path_factory.mktemp("runner-temp")
    venv = restored_venv(temp)
    action = copy_action(tmp_path_factory.mktemp("action") / "sastflow-action")

    def setup_python(name: str, with_values: Mapping[str, str]) -> dict[str, str]:
        assert with_values["python-version"] == "3.11"
        assert with_values["update-environment"] == "false"
        return {"python-path": sys.executable, "python-version": "3.11.7"}

    def cache(name: str, with_values: Mapping[str, str]) -> dict[str, str]:
        assert with_values["path"] == str(venv)
        assert with_values["key"].startswith("sastflow-venv-Linux-X64-py3.11.7-")
        return {"cache-hit": "true"}

    runner = CompositeRunner(
        action,
        job_env={
            "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": os.environ.get("HOME", str(temp)),
            "XDG_CACHE_HOME": str(temp / "xdg-cache"),  # sastflow's result cache stays in tmp
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "SASTFLOW_TODAY": TODAY,
            "PIP_NO_INDEX": "1",  # the install step must not need the network
        },
        token=TOKEN,
        temp=temp,
        uses={"actions/setup-python": setup_python, "actions/cache": cache},
    )
    return Fixture(repo, base, head, runner, temp)


def payload(name: str, fx: Fixture, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EVENTS / name).read_text(encoding="utf-8"))
    pull = data["pull_request"]
    pull.update(number=NUMBER, user={**pull["user"], "login": AUTHOR})
    pull["base"].update(sha=fx.base, ref="main")
    pull["head"].update(sha=fx.head, ref="feature")
    for side in ("base", "head"):
        pull[side]["repo"] = {**pull[side]["repo"], "full_name": REPO, "name": "app"}
    data["repository"] = {**data["repository"], "full_name": REPO, "name": "app"}
    data.update(changes)
    return data


def run_action(
    fx: Fixture,
    server: GitHubServer | None,
    event_name: str,
    event: Mapping[str, Any],
    inputs: Mapping[str, str],
    sha: str,
    **options: Any,
) -> ActionRun:
    event_path = fx.temp / f"{event_name}.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_SHA": sha,
        "GITHUB_WORKSPACE": str(fx.repo.path),
    }
    if server is not None:
        env.update(
            server.actions_env(
                repo=REPO,
                token=TOKEN,
                event_name=event_name,
                event_path=event_path,
                sha=sha,
                workspace=fx.repo.path,
            )
        )
    env.pop("GITHUB_TOKEN", None)  # the action passes its github-token input on
    fx.runner.job_env.update(env)
    return fx.runner.run(inputs, cwd=fx.repo.path, **options)


def sarif_results(path: Path) -> list[dict[str, Any]]:
    log = json.loads(path.read_text(encoding="utf-8"))
    assert check_upload_limits(log) == []
    return [r for run in log["runs"] for r in run["results"]]


def lines_of(results: list[dict[str, Any]], path: str) -> list[int]:
    return sorted(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
    )


def test_pull_request_then_a_security_owners_review(
    fixture: Fixture, github_server: GitHubServer, tmp_path: Path
) -> None:
    server = github_server
    server.add_repo(REPO)
    server.add_token(TOKEN, "github-actions[bot]")
    server.add_user(OWNER)
    server.add_pull_from_git(
        REPO, NUMBER, fixture.repo.path, author=AUTHOR, base=fixture.base, head=fixture.head
    )
    fixture.repo.checkout(fixture.head)
    inputs = {
        "sarif-file": str(tmp_path / "pr.sarif"),
        "markdown-report": str(tmp_path / "pr.md"),
        "rules": "extra-rules/\n",
    }

    opened = run_action(
        fixture,
        server,
        "pull_request",
        payload("pull_request.opened.json", fixture),
        inputs,
        fixture.head,
    )
    assert opened.code == 1, opened.stdout + opened.stderr  # a new high finding, not approved
    assert opened.outputs == {
        "sarif-file": str(tmp_path / "pr.sarif"),
        "new-findings": "1",
        "blocking-findings": "1",
        "approval-state": "required",
        "sastflow": str(fixture.temp / "sastflow-venv" / "bin" / "sastflow"),
    }
    assert [s.code for s in opened.steps] == [0, 0, 1]
    assert "::warning title=sastflow::input rules is ignored in pr mode" in opened.stdout
    # Only what the PR adds is reported; the base's findings are not new.
    assert lines_of(sarif_results(tmp_path / "pr.sarif"), "app/new.py") == [5]
    assert "app/new.py" in opened.summary and "app/new.py" in (tmp_path / "pr.md").read_text()
    status = server.status(REPO, fixture.head, "sastflow/security-approval")
    assert status is not None and status.state == "failure"
    (review,) = server.reviews(REPO, NUMBER)
    assert [(c.path, c.line) for c in server.review_comments(REPO, NUMBER)] == [("app/new.py", 5)]
    assert review.user == "github-actions[bot]"

    server.add_review(REPO, NUMBER, OWNER, "APPROVED", commit_id=fixture.head)
    review_event = payload(
        "pull_request_review.submitted.json",
        fixture,
        review={
            **json.loads((EVENTS / "pull_request_review.submitted.json").read_text())["review"],
            "state": "approved",
            "commit_id": fixture.head,
            "user": {"login": OWNER, "type": "User"},
        },
        sender={"login": OWNER, "type": "User"},
    )
    # The install steps ran above; this run starts where the two events differ.
    approved = run_action(
        fixture,
        server,
        "pull_request_review",
        review_event,
        inputs,
        fixture.head,
        start_at="sastflow",
        prior={s.id: s.outputs for s in opened.steps},
    )
    assert approved.code == 0, approved.stdout + approved.stderr
    assert approved.outputs["approval-state"] == "approved"
    status = server.status(REPO, fixture.head, "sastflow/security-approval")
    assert status is not None and status.state == "success"
    assert len(server.review_comments(REPO, NUMBER)) == 1  # nothing posted twice
    everything = opened.stdout + opened.stderr + opened.summary + approved.stdout
    assert TOKEN not in everything + approved.stderr + approved.summary
    assert server.schema_violations == []


def test_schedule_runs_a_full_scan_for_code_scanning(fixture: Fixture, tmp_path: Path) -> None:
    fixture.repo.checkout(fixture.base)
    # Input values are data: a path with blanks, quotes and a command substitution is a path.
    odd = tmp_path / "out dir $(touch PWNED) 'q' \"; echo x"
    inputs = {
        "sarif-file": str(odd / "full.sarif"),
        "html-report": str(tmp_path / "report.html"),
        "upload-sarif": "true",
    }
    done = run_action(fixture, None, "schedule", {"schedule": "17 3 * * *"}, inputs, fixture.base)
    # deploy()'s entry has expired, so its finding blocks again.
    assert done.code == 1, done.stdout + done.stderr
    assert done.outputs["approval-state"] == "not-required"
    assert done.outputs["blocking-findings"] == "1"
    assert done.outputs["sarif-file"] == str(odd / "full.sarif")
    assert not list(fixture.repo.path.rglob("PWNED")) and not list(tmp_path.rglob("PWNED"))
    # upload-sarif: the accepted build() finding is left out of the upload (code scanning would
    # ignore its suppression); the expired one is in.
    assert lines_of(sarif_results(odd / "full.sarif"), "app/tasks.py") == [9]
    assert (tmp_path / "report.html").read_text(encoding="utf-8").lstrip().startswith("<!")
    # GitHub's own ingestion rules accept the upload; a rule without help text is refused, and
    # fit_for_upload repairs it.
    log = json.loads((odd / "full.sarif").read_text(encoding="utf-8"))
    (tmp_path / "full.sarif").write_text(json.dumps(log), encoding="utf-8")
    del log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    (tmp_path / "nohelp.sarif").write_text(json.dumps(log), encoding="utf-8")
    (tmp_path / "fitted.sarif").write_text(json.dumps(fit_for_upload(log)), encoding="utf-8")
    names = ("full.sarif", "nohelp.sarif", "fitted.sarif")
    problems = ghas_problems([tmp_path / n for n in names], tmp_path / "ghas.sarif")
    assert problems == {"nohelp.sarif": ["GH2012 Error_MissingHelp"]}
    summary = done.summary
    assert "expired" in summary and "stale" in summary
    assert "target was checked upstream" in summary and "code that was removed" in summary


def test_install_mode_and_bad_inputs(fixture: Fixture, tmp_path: Path) -> None:
    """The mode and hint checks of the last step, after one real install."""
    installed = run_action(fixture, None, "workflow_run", {}, {"mode": "install"}, fixture.base)
    assert installed.code == 0, installed.stderr
    assert [s.id for s in installed.steps] == ["env", "install", "sastflow"]
    assert installed.outputs["sarif-file"] == ""  # nothing was scanned
    sastflow = installed.outputs["sastflow"]
    version = subprocess.run([sastflow, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("sastflow ")

    prior = {s.id: s.outputs for s in installed.steps}
    for inputs, event_name, message in [
        ({"mode": "bogus"}, "schedule", "input mode must be auto, pr, scan or install"),
        ({}, "issues", "mode auto cannot choose for a issues event"),
        ({"upload-sarif": "yes"}, "schedule", "input upload-sarif must be true or false"),
    ]:
        done = run_action(
            fixture, None, event_name, {}, inputs, fixture.base, start_at="sastflow", prior=prior
        )
        assert done.code == 2, message
        assert f"::error title=sastflow::{message}" in done.stdout
