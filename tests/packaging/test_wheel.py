"""sastflow as users install it: a wheel, built from the source tree, installed NON-editable into
a fresh virtual environment, then run from a folder that has nothing to do with the checkout.

The environment gets its dependencies the way the action installs them (``requirements/
action.lock``, ``--require-hashes --no-deps``) and the wheel with ``--no-deps``; ``pip check``
then proves the wheel's declared requirements are exactly what the lock provides. Everything
the commands need at run time (the rule pack, the Bandit profile, the CWE table, the report and
PR templates) must therefore come out of the wheel: nothing can fall back on the checkout.

One scenario set, built once per module: build, install, then scan, rules test, report and
``pr --dry-run`` on a small repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, RepoFactory
from tests.ghserver import Event, event_payload, write_event

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TASKS = (
    "import subprocess\n\nimport yaml\n\n\n"
    "def build(cmd):\n    return subprocess.call(cmd, shell=True)\n\n\n"
    "def load(text):\n    return yaml.load(text, Loader=yaml.Loader)\n"
)
# Request data into pickle: a taint-confirmed, blocking finding on line 5.
NEW = (
    "import pickle\nfrom flask import request\n\ndef restore():\n"
    "    return pickle.loads(request.get_data())\n"
)


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    repo: GitRepo
    base: str
    head: str
    elsewhere: Path  # the working directory of every command: not the checkout, not the repo

    def run(
        self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "SASTFLOW_"))}
        # No PYTHONPATH or venv of the checkout may leak in: only the installed wheel counts.
        for key in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
            clean.pop(key, None)
        clean["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{clean.get('PATH', '')}"
        return subprocess.run(
            [str(self.venv / "bin" / "sastflow"), *args],
            cwd=self.elsewhere,
            env={**clean, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def source_copy(target: Path) -> Path:
    """The files git knows (tracked, or new and not ignored): what a clone would build from,
    so the build neither writes into the checkout nor sees its .venv or build leftovers."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def pip(venv: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"},
    )
    assert done.returncode == 0, f"pip {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, git_repo_factory: RepoFactory) -> Installed:
    temp = tmp_path_factory.mktemp("wheel")
    source = source_copy(temp / "src")
    dist = temp / "dist"
    build = ["wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(dist)]
    subprocess.run(
        [sys.executable, "-m", "pip", *build, str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("sastflow-*.whl")

    venv = temp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip(venv, "install", "--quiet", "--require-hashes", "--no-deps", "-r",
        str(ROOT / "requirements" / "action.lock"))  # fmt: skip
    pip(venv, "install", "--quiet", "--no-deps", str(wheel))

    repo = git_repo_factory({"app/tasks.py": TASKS})
    base = repo.head()
    repo.checkout("feature", new=True)
    head = repo.commit({"app/new.py": NEW}, "add restore()")
    elsewhere = temp / "elsewhere"
    elsewhere.mkdir()
    return Installed(wheel, venv, repo, base, head, elsewhere)


def test_the_wheel_carries_the_rule_pack_and_templates(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    rules = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*"))
    shipped = {
        n.removeprefix("sastflow/_rules/") for n in names if n.startswith("sastflow/_rules/")
    }
    missing = [r for r in rules if (ROOT / "rules" / r).is_file() and r not in shipped]
    assert missing == [], f"rule files not in the wheel: {missing}"
    for rel in ("bandit.yml", "bandit-cwe.yml", "semgrep"):
        assert any(s == rel or s.startswith(f"{rel}/") for s in shipped), rel
    package = ROOT / "sastflow"
    data = [p for p in package.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}]
    assert data, "sastflow has data files (templates, py.typed)"
    for path in data:
        assert f"sastflow/{path.relative_to(package).as_posix()}" in names, path
    for path in package.rglob("*.py"):
        assert f"sastflow/{path.relative_to(package).as_posix()}" in names, path
    # Non-editable: the venv holds its own copy, with no link back to the checkout.
    site = next((installed.venv / "lib").glob("python3*/site-packages"))
    assert (site / "sastflow" / "_rules" / "semgrep").is_dir()
    assert not list(site.glob("__editable__*")) and not list(site.glob("*.egg-link"))
    assert str(ROOT) not in "".join(p.read_text() for p in site.glob("*.pth"))


def test_declared_requirements_are_what_the_lock_installs(installed: Installed) -> None:
    done = pip(installed.venv, "check")
    assert "No broken requirements found" in done.stdout


def test_scan_from_an_unrelated_folder(installed: Installed, tmp_path: Path) -> None:
    installed.repo.checkout(installed.base)
    done = installed.run("scan", str(installed.repo.path), "--out-dir", str(tmp_path))
    assert done.returncode == 1, done.stderr  # two high findings: the gate fails
    assert "rule pack is missing" not in done.stderr
    log = json.loads((tmp_path / "sastflow.sarif").read_text(encoding="utf-8"))
    found = {
        (run["tool"]["driver"]["name"], r["ruleId"], loc(r))
        for run in log["runs"]
        for r in run["results"]
    }
    assert found == {
        ("Semgrep", "sastflow.subprocess-shell-nonliteral", ("app/tasks.py", 7)),
        ("Semgrep", "sastflow.yaml-unsafe-load", ("app/tasks.py", 11)),
        ("Bandit", "bandit.B602", ("app/tasks.py", 7)),
        ("Bandit", "bandit.B506", ("app/tasks.py", 11)),
    }
    # The CWE table shipped too: Bandit's results carry the CWE that rules/bandit-cwe.yml maps.
    bandit = next(run for run in log["runs"] if run["tool"]["driver"]["name"] == "Bandit")
    tags = {t for rule in bandit["tool"]["driver"]["rules"] for t in rule["properties"]["tags"]}
    assert "external/cwe/cwe-78" in tags
    # The report templates: Markdown and a self-contained HTML page (inline CSS and script).
    assert "app/tasks.py" in (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<style>" in html and "app/tasks.py" in html

    report = tmp_path / "again"
    rendered = installed.run(
        "report", str(tmp_path / "sastflow.sarif"), "--html", str(report.with_suffix(".html")),
        "--markdown", str(report.with_suffix(".md")),
    )  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    assert "sastflow.yaml-unsafe-load" in report.with_suffix(".md").read_text(encoding="utf-8")
    assert "<style>" in report.with_suffix(".html").read_text(encoding="utf-8")


def loc(result: Mapping[str, Any]) -> tuple[str, int]:
    physical = result["locations"][0]["physicalLocation"]
    return physical["artifactLocation"]["uri"], physical["region"]["startLine"]


def test_rules_test_runs_the_shipped_pack(installed: Installed) -> None:
    done = installed.run("rules", "test", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    site = next((installed.venv / "lib").glob("python3*/site-packages"))
    rule_files = list((site / "sastflow" / "_rules" / "semgrep").rglob("*.yaml"))
    assert rule_files and str(ROOT / "rules") not in done.stdout + done.stderr


def test_pr_dry_run_renders_the_review_from_a_real_payload(
    installed: Installed, tmp_path: Path
) -> None:
    installed.repo.checkout(installed.head)
    payload = event_payload(
        Event.OPENED,
        repo="acme/app",
        number=7,
        head_sha=installed.head,
        base_sha=installed.base,
        author="dev",
    )
    event = write_event(tmp_path / "event.json", payload)
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SHA": installed.head,
        "GITHUB_WORKSPACE": str(installed.repo.path),
        "GITHUB_API_URL": "http://127.0.0.1:9",  # never called: a dry run makes no request
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    done = installed.run("pr", "--dry-run", "--sarif", str(tmp_path / "pr.sarif"), env=env)
    assert done.returncode == 1, done.stdout + done.stderr  # one new high finding
    # The review and summary templates (sastflow/github/templates/*.j2) rendered.
    assert "=== review (event COMMENT) with 1 inline comment(s) ===" in done.stdout
    assert "--- app/new.py:5 (RIGHT) ---" in done.stdout
    assert "<!-- sastflow:summary v1 -->" in done.stdout
    assert "=== status sastflow/security-approval: failure" in done.stdout
    # Only what the pull request adds: the base's two findings are not in the review.
    assert "app/tasks.py" not in done.stdout.split("=== status")[0].split("=== review")[1]
    outputs = (tmp_path / "output").read_text(encoding="utf-8")
    assert "approval-state=unknown" in outputs
    assert "app/new.py" in (tmp_path / "summary.md").read_text(encoding="utf-8")
