"""Helpers for the ledger tests: entry text, in-process CLI runs, a real Bandit scan."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sastflow.model import Finding
from sastflow.pipeline import ScanOptions, run_scan
from tests.conftest import GitRepo, RepoFactory

TODAY = dt.date(2026, 5, 1)
BANDIT_ONLY = 'engines = ["bandit"]\n'


def fp(n: int) -> str:
    """A well-formed sastflow/v1 fingerprint."""
    return f"{n:032x}"


def entry_yaml(n: int, **fields: str) -> str:
    """One ledger entry in the usual block layout."""
    values = {
        "fingerprint": f'"{fp(n)}"',
        "rule": "bandit.B602",
        "path": "app/tasks.py",
        "reason": '"argv is a constant list"',
        "approved_by": "alice",
        "expires": "2026-08-01",
        **fields,
    }
    lines = [f"{key}: {value}" for key, value in values.items()]
    return "  - " + "\n    ".join(lines) + "\n"


def sarif_results(path: Path) -> list[dict[str, Any]]:
    log = json.loads(path.read_text(encoding="utf-8"))
    return [result for run in log["runs"] for result in run["results"]]


def sarif_ledger(path: Path) -> list[dict[str, Any]]:
    log = json.loads(path.read_text(encoding="utf-8"))
    return [item for run in log["runs"] for item in run["properties"]["sastflow"].get("ledger", [])]


VULNERABLE = """\
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def run_twice(cmd):
    subprocess.call(cmd, shell=True)
    subprocess.call(cmd, shell=True)


def check(token):
    assert token
    return eval(token)
"""


@pytest.fixture(scope="session")
def bandit_repo(git_repo_factory: RepoFactory) -> GitRepo:
    return git_repo_factory({".sastflow.toml": BANDIT_ONLY, "app/tasks.py": VULNERABLE})


@pytest.fixture(scope="session")
def real_findings(bandit_repo: GitRepo) -> tuple[Finding, ...]:
    """What a real Bandit scan reports on VULNERABLE (no ledger yet)."""
    report = run_scan(ScanOptions(root=bandit_repo.path, today=TODAY))
    assert not report.incomplete, report.failures
    return report.findings


from tests.ghserver.fixture import github_server  # noqa: E402, F401  (re-exported fixture)
