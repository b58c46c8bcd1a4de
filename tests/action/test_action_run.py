"""The composite action, run the way the runner runs it (``runner.py``), on a real git repository
and against the local GitHub server, for pull_request, pull_request_review and schedule events:
the exit status, the action's outputs, the step summary, the SARIF and what was posted.

The ``uses:`` steps (setup-python, cache restore/save, upload-sarif) are not run: the test
supplies their outputs, records what they were given, and a "restored" virtual environment whose
dependencies come from the project's venv; the action's own install step then really builds a
wheel of sastflow from a copy of the action's files and installs it (not editable).
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
    calls: list[tuple[str, dict[str, str]]]  # the `uses:` steps run, with their inputs
    uploads: list[dict[str, Any]]  # the SARIF logs upload-sarif was given, as it read them

    def used(self, name: str) -> list[dict[str, str]]:
        return [given for called, given in self.calls if called == name]


def copy_action(target: Path) -> Path:
    """The files a `uses:` of this repository brings: what the action reads and installs."""
    target.mkdir(parents=True)
    for name in ("action.yml", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
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

    calls: list[tuple[str, dict[str, str]]] = []
    uploads: list[dict[str, Any]] = []
    py = ".".join(map(str, sys.version_info[:3]))

    def setup_python(name: str, with_values: Mapping[str, str]) -> dict[str, str]:
        calls.append((name, dict(with_values)))
        assert with_values["update-environment"] == "false"
        return {"python-path": sys.executable, "python-version": py}

    def restore(name: str, with_values: Mapping[str, str]) -> dict[str, str]:
        calls.append((name, dict(with_values)))
        if with_values["path"] == str(venv):
            assert with_values["key"].startswith(f"sastflow-venv-Linux-X64-py{py}-")
            return {"cache-hit": "true", "cache-matched-key": with_values["key"]}
        return {"cache-hit": "false"}  # the result cache: nothing saved yet

    def save(name: str, with_values: Mapping[str, str]) -> dict[str, str]:
        calls.append((name, dict(with_values)))
        return {}

    def upload(name: str, with_values: Mapping[str, str]) -> dict[str, str]:
        calls.append((name, dict(with_values)))
        uploads.append(json.loads(Path(with_values["sarif_file"]).read_text(encoding="utf-8")))
        return {"sarif-id": "1"}

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
        uses={
            "actions/setup-python": setup_python,
            "actions/cache/restore": restore,
            "actions/cache/save": save,
            "github/codeql-action/upload-sarif": upload,
        },
    )
    return Fixture(repo, base, head, runner, temp, calls, uploads)


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
    *,
    workspace: Path | None = None,
    **options: Any,
) -> ActionRun:
    """One run of the action; ``workspace`` (default: the repository) is the job's
    GITHUB_WORKSPACE and working directory."""
    workspace = workspace or fx.repo.path
    event_path = fx.temp / f"{event_name}.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    fx.calls.clear()
    fx.uploads.clear()
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_SHA": sha,
        "GITHUB_WORKSPACE": str(workspace),
    }
    if server is not None:
        env.update(
            server.actions_env(
                repo=REPO,
                token=TOKEN,
                event_name=event_name,
                event_path=event_path,
                sha=sha,
                workspace=workspace,
            )
        )
    env.pop("GITHUB_TOKEN", None)  # the action passes its github-token input on
    fx.runner.job_env.update(env)
    return fx.runner.run(inputs, cwd=workspace, **options)


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
    # The repository is checked out into a subfolder of the workspace (actions/checkout `path:`).
    workspace = fixture.repo.path.parent
    inputs = {
        "sarif-file": "pr.sarif",  # relative to the working directory
        "markdown-report": str(tmp_path / "pr.md"),
        "rules": "extra-rules/\n",
        "working-directory": fixture.repo.path.name,
    }
    sarif = fixture.repo.path / "pr.sarif"

    opened = run_action(
        fixture,
        server,
        "pull_request",
        payload("pull_request.opened.json", fixture),
        inputs,
        fixture.head,
        workspace=workspace,
    )
    assert opened.code == 1, opened.stdout + opened.stderr  # a new high finding, not approved
    # One meaning per output in every mode: rows (one per place in the code). The pull request
    # changes app/new.py only, so that is all pr mode scans.
    assert opened.outputs == {
        "sarif-file": str(sarif),
        "findings": "1",
        "new": "1",
        "blocking": "1",
        "new-findings": "1",
        "blocking-findings": "1",
        "approval-state": "required",
        "sastflow": str(fixture.temp / "sastflow-venv" / "bin" / "sastflow"),
    }
    ran = {s.id: s.code for s in opened.steps}
    assert ran["sastflow"] == 1 and ran["install"] == 0
    assert ran["category"] == -1  # pr mode: nothing is uploaded to code scanning
    assert fixture.uploads == []
    # The result cache: restored before the scan and saved after it although the step failed.
    results_dir = str(fixture.temp / "sastflow-results")
    (restored,) = [c for c in fixture.used("actions/cache/restore") if c["path"] == results_dir]
    (saved,) = fixture.used("actions/cache/save")  # the venv was a cache hit: not saved again
    assert saved["path"] == results_dir and saved["key"] == restored["key"]
    assert restored["key"].startswith(restored["restore-keys"])
    assert restored["restore-keys"].startswith("sastflow-results-Linux-X64-0.1.0-")
    (python,) = fixture.used("actions/setup-python")
    assert python["python-version"] == "3.13"
    assert "::warning title=sastflow::input rules is ignored in pr mode" in opened.stdout
    # Only what the PR adds is reported; the base's findings are not new.
    assert lines_of(sarif_results(sarif), "app/new.py") == [5]
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
        workspace=workspace,
        start_at="sastflow",
        prior={s.id: s.outputs for s in opened.steps},
    )
    assert approved.code == 0, approved.stdout + approved.stderr
    assert approved.outputs["approval-state"] == "approved"
    # Re-evaluated from the previous run's counts, without a scan: no SARIF, no findings count.
    assert approved.outputs["sarif-file"] == "" and approved.outputs["findings"] == ""
    assert approved.outputs["new"] == "1" and approved.outputs["blocking"] == "1"
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
        "category": "nightly",
        "wait-for-processing": "false",
    }
    done = run_action(fixture, None, "schedule", {"schedule": "17 3 * * *"}, inputs, fixture.base)
    # deploy()'s entry has expired, so its finding blocks again.
    assert done.code == 1, done.stdout + done.stderr
    assert done.outputs["approval-state"] == "not-required"
    # Rows: deploy() (expired entry) blocks; build()'s is accepted, so not counted at all.
    assert done.outputs["findings"] == done.outputs["new"] == done.outputs["blocking"] == "1"
    assert done.outputs["blocking-findings"] == "1"
    assert done.outputs["sarif-file"] == str(odd / "full.sarif")
    assert not list(fixture.repo.path.rglob("PWNED")) and not list(tmp_path.rglob("PWNED"))
    # Uploaded by the action itself (upload defaults to true in scan mode), although the scan
    # step failed on the gate, under the category asked for, with wait-for-processing passed on.
    (given,) = fixture.used("github/codeql-action/upload-sarif")
    assert given == {
        "sarif_file": str(odd / "full.sarif"),
        "category": "nightly",
        "checkout_path": str(fixture.repo.path),
        "wait-for-processing": "false",
    }
    (uploaded,) = fixture.uploads
    ids = sorted(run["automationDetails"]["id"] for run in uploaded["runs"])
    assert ids == ["nightly/bandit/"]
    # The accepted build() finding is left out of the upload (code scanning would ignore its
    # suppression); the expired one is in.
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
    ran = [s.id for s in installed.steps if s.code == 0]
    assert ran == ["__0", "env", "install", "sastflow"]  # no result cache, no upload
    assert installed.outputs["sarif-file"] == ""  # nothing was scanned
    sastflow = installed.outputs["sastflow"]
    version = subprocess.run([sastflow, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("sastflow ")
    # A wheel, not an editable install: the rule pack is inside the installed package.
    site = next((fixture.temp / "sastflow-venv" / "lib").glob("python3*/site-packages"))
    assert (site / "sastflow" / "_rules" / "semgrep").is_dir()
    assert not list(site.glob("__editable__*sastflow*"))

    prior = {s.id: s.outputs for s in installed.steps}
    for inputs, event_name, message in [
        ({"mode": "bogus"}, "schedule", "input mode must be auto, pr, scan or install"),
        ({}, "issues", "mode auto cannot choose for a issues event"),
        ({"upload-sarif": "yes"}, "schedule", "input upload-sarif must be true or false"),
        ({"upload": "yes"}, "schedule", "input upload must be true or false"),
        (
            {"wait-for-processing": "1"},
            "schedule",
            "input wait-for-processing must be true or false",
        ),
        ({"working-directory": "no/such"}, "schedule", "input working-directory: no such folder"),
    ]:
        done = run_action(
            fixture, None, event_name, {}, inputs, fixture.base, start_at="sastflow", prior=prior
        )
        assert done.code == 2, message
        assert f"::error title=sastflow::{message}" in done.stdout

    # merge_group: auto picks pr mode, and sastflow pr reads the merge group's payload.
    queued = run_action(
        fixture, None, "merge_group", {"action": "checks_requested"}, {},
        fixture.base, start_at="sastflow", prior=prior,
    )  # fmt: skip
    assert queued.code == 2
    assert "mode auto cannot choose" not in queued.stdout
    assert "merge_group.head_ref: missing" in queued.stderr


def test_other_runners_are_refused_with_a_clear_message(fixture: Fixture) -> None:
    fixture.runner.job_env["RUNNER_OS"] = "Windows"
    try:
        done = run_action(fixture, None, "schedule", {}, {}, fixture.base)
    finally:
        fixture.runner.job_env["RUNNER_OS"] = "Linux"
    assert done.code == 2
    assert "::error title=sastflow::sastflow runs on Linux and macOS runners, not on Windows" in (
        done.stdout
    )
    assert fixture.calls == []  # nothing set up, installed or uploaded


def test_paths_and_paths_ignore_narrow_what_is_scanned(fixture: Fixture, tmp_path: Path) -> None:
    """gitignore-style, on top of the config's exclude; the install steps ran in an earlier
    test of this module or run here once."""
    fixture.repo.checkout(fixture.head)  # app/tasks.py (three findings) and app/new.py (one)
    found: dict[str, list[str]] = {}
    for name, extra in {
        "everything": {},
        "only new.py": {"paths": "# the new code\napp/new.py\n"},
        "not new.py": {"paths-ignore": "**/new.py"},
        "app/ minus new.py": {"paths": "app/", "paths-ignore": "new.py"},
    }.items():
        sarif = tmp_path / f"{len(found)}.sarif"
        inputs = {"mode": "scan", "upload": "false", "sarif-file": str(sarif), **extra}
        done = run_action(fixture, None, "workflow_dispatch", {}, inputs, fixture.head)
        assert done.code == 1, done.stdout + done.stderr
        found[name] = sorted({uri(r) for r in sarif_results(sarif)})
    assert found == {
        "everything": ["app/new.py", "app/tasks.py"],
        "only new.py": ["app/new.py"],
        "not new.py": ["app/tasks.py"],
        "app/ minus new.py": ["app/tasks.py"],
    }
    assert fixture.uploads == []  # upload: false

    bad = run_action(
        fixture, None, "workflow_dispatch", {}, {"mode": "scan", "paths": "!"}, fixture.head
    )
    assert bad.code == 2
    assert "SASTFLOW_PATHS line 1: '!' is not a valid pattern" in bad.stderr


def uri(result: Mapping[str, Any]) -> str:
    return str(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])


def test_the_environment_is_saved_even_when_the_scan_fails(fixture: Fixture) -> None:
    """The save step of a cold cache runs after a successful install whatever comes later (a
    blocked pull request, the normal state, fails the job); the runner stand-in evaluates its
    `if:` as the runner does. (A cold install needs the package index, so it is not run here.)"""
    steps = {s.get("name"): s for s in fixture.runner.metadata["runs"]["steps"]}
    save = steps["Save sastflow's environment"]
    names = [s.get("name") for s in fixture.runner.metadata["runs"]["steps"]]
    assert names.index("Save sastflow's environment") == names.index("Install sastflow") + 1
    assert save["with"]["key"] == "${{ steps.env.outputs.key }}"
    inputs = fixture.runner.inputs({})
    fixture.runner.outcomes = {"install": "success"}
    cold: dict[str, Any] = {"cache": {"cache-hit": "false"}}
    warm: dict[str, Any] = {"cache": {"cache-hit": "true"}}
    assert fixture.runner.condition(save["if"], inputs, cold, failed=True)
    assert fixture.runner.condition(save["if"], inputs, cold, failed=False)
    assert not fixture.runner.condition(save["if"], inputs, warm, failed=False)
    fixture.runner.outcomes = {"install": "failure"}
    assert not fixture.runner.condition(save["if"], inputs, cold, failed=True)
