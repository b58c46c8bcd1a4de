"""Severity that follows the evidence: test code one level lower (``test_paths``), except
taint-confirmed injection; Bandit results a taint rule confirms take its severity.

The repository brings its own two-rule pack (a taint rule and a pattern rule for one weakness)
so the assertions do not move when sastflow's default pack is tuned. One full scan, one PR
scan, through the real console entry point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, RepoFactory, Run, run_cli

RULES = """rules:
  - id: request-to-shell
    mode: taint
    message: HTTP request data reaches a shell command
    severity: ERROR
    languages: [python]
    pattern-sources:
      - pattern: flask.request.$ATTR
    pattern-sinks:
      - pattern: os.system(...)
      - pattern: subprocess.call(..., shell=True, ...)
    metadata:
      cwe: ["CWE-78: OS Command Injection"]
      security-severity: "9.5"
      confidence: HIGH
  - id: shell-call
    message: a shell command built at run time
    severity: ERROR
    languages: [python]
    patterns:
      - pattern: subprocess.call($CMD, ..., shell=True, ...)
      - pattern-not: subprocess.call("...", ...)
    metadata:
      cwe: ["CWE-78: OS Command Injection"]
      security-severity: "8.0"
"""

CONFIG = 'use_default_rules = false\nrules = ["security-rules"]\n'

VIEW = """import os

from flask import request


def run():
    os.system(request.args["cmd"])
"""

JOB = """import os


def job(cmd):
    os.system(cmd)
"""

SHELL = """import subprocess


def go(cmd):
    subprocess.call(cmd, shell=True)
"""


@dataclass
class Scanned:
    run: Run
    sarif: dict[str, Any]
    markdown: str

    def severity(self, engine: str, path: str) -> str:
        found = [
            r["properties"]["severity"]
            for sarif_run in self.sarif["runs"]
            if sarif_run["tool"]["driver"]["properties"]["sastflow-engine"] == engine
            for r in sarif_run["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
        ]
        assert len(found) == 1, (engine, path, found)
        return str(found[0])


def _scan(root: Path, sarif: Path, *args: str) -> Scanned:
    markdown = sarif.with_suffix(".md")
    run = run_cli(root, "scan", ".", "--sarif", str(sarif), "--markdown", str(markdown), *args)
    return Scanned(
        run,
        json.loads(sarif.read_text(encoding="utf-8")),
        markdown.read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="session")
def severity_repo(git_repo_factory: RepoFactory) -> GitRepo:
    repo = git_repo_factory(
        {
            ".sastflow.toml": CONFIG,
            "security-rules/shell.yaml": RULES,
            "app/views.py": VIEW,
            "app/jobs.py": JOB,
            "tests/test_jobs.py": SHELL,
            "tests/helpers.py": VIEW,
            "app/test_util.py": SHELL,
            "app/util_test.py": SHELL,
            "conftest.py": SHELL,
            "app/shell.py": SHELL,
        }
    )
    repo.checkout("feature", new=True)
    repo.commit(
        {
            # The PR widens test_paths for itself and adds shell calls there: the base's
            # test_paths apply.
            ".sastflow.toml": CONFIG + 'test_paths = ["app/"]\n',
            "app/new_shell.py": SHELL,
            "tests/test_new.py": SHELL,
        },
        "widen test_paths",
    )
    repo.checkout("main")
    return repo


@pytest.fixture(scope="session")
def full(severity_repo: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    return _scan(severity_repo.path, tmp_path_factory.mktemp("sev") / "full.sarif")


@pytest.fixture(scope="session")
def pr(severity_repo: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    severity_repo.checkout("feature")
    try:
        return _scan(
            severity_repo.path, tmp_path_factory.mktemp("sev") / "pr.sarif", "--base", "main"
        )
    finally:
        severity_repo.checkout("main")


def test_bandit_result_confirmed_by_a_taint_rule_takes_its_severity(full: Scanned) -> None:
    # Bandit calls os.system(...) high; the taint rule saw request data reach it: critical.
    assert full.severity("semgrep", "app/views.py") == "critical"
    assert full.severity("bandit", "app/views.py") == "critical"


def test_bandit_result_no_taint_rule_confirms_keeps_bandits_severity(full: Scanned) -> None:
    assert full.severity("bandit", "app/jobs.py") == "high"


def test_findings_in_test_paths_are_one_level_lower(full: Scanned) -> None:
    for path in ("tests/test_jobs.py", "app/test_util.py", "app/util_test.py", "conftest.py"):
        assert full.severity("semgrep", path) == "medium", path
        assert full.severity("bandit", path) == "medium", path
    assert full.severity("semgrep", "app/shell.py") == "high"  # the same code outside tests


def test_taint_confirmed_injection_in_test_paths_is_not_demoted(full: Scanned) -> None:
    # A helper under tests/ that request data reaches: importable, so it blocks like app code.
    assert full.severity("semgrep", "tests/helpers.py") == "critical"
    assert full.severity("bandit", "tests/helpers.py") == "critical"


def test_the_report_says_how_many_findings_were_demoted(full: Scanned) -> None:
    assert full.run.code == 1  # app code still blocks
    # Four files of test code, two engines each (tests/helpers.py is not demoted).
    assert "8 findings in test code (config test\\_paths) are reported one severity level" in (
        full.markdown
    )


def test_pr_cannot_widen_test_paths_for_itself(pr: Scanned) -> None:
    assert pr.run.code == 1
    assert pr.severity("semgrep", "app/new_shell.py") == "high"  # the base's test_paths
    assert pr.severity("semgrep", "tests/test_new.py") == "medium"
    assert "this PR changes .sastflow.toml" in pr.run.out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('test_paths = ["!"]', "test_paths: not a valid gitignore-style pattern"),
        ('test_paths = "tests/"', "test_paths: must be a list of non-empty strings"),
    ],
)
def test_bad_test_paths_is_a_config_error(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / ".sastflow.toml").write_text(line + "\n", encoding="utf-8")
    run = run_cli(tmp_path, "scan", ".", "-q")
    assert run.code == 2
    assert f".sastflow.toml:1: {message}" in run.err
    assert "Traceback" not in run.err


def test_empty_test_paths_demotes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".sastflow.toml").write_text(CONFIG + "test_paths = []\n", encoding="utf-8")
    (tmp_path / "security-rules").mkdir()
    (tmp_path / "security-rules" / "shell.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_jobs.py").write_text(SHELL, encoding="utf-8")
    scanned = _scan(tmp_path, tmp_path / "out.sarif", "-q")
    assert scanned.severity("semgrep", "tests/test_jobs.py") == "high"
