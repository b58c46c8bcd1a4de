"""Session fixtures: the hostile pull request, built once and scanned once through the CLI.

Every attack test asserts on this one scan (engine start-up costs seconds), reading the
``ScanReport`` back from the SARIF log the command wrote, so the assertions see exactly what a
user's SARIF consumer sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sastflow.model import Finding, ScanReport
from sastflow.sarif.read import read_report
from tests.adversarial import hostile
from tests.conftest import GitRepo, RepoFactory


@dataclass(frozen=True)
class HostileScan:
    repo: GitRepo
    markers: Path  # every probe file writes here if anything runs it
    run: hostile.CliRun
    report: ScanReport

    def findings(self, path: str, rule: str | None = None) -> list[Finding]:
        return sorted(
            (
                f
                for f in self.report.findings
                if f.path == path and (rule is None or f.rule_id == rule)
            ),
            key=lambda f: (f.line, f.rule_id),
        )


@pytest.fixture(scope="session")
def markers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("markers")


@pytest.fixture(scope="session")
def hostile_repo(git_repo_factory: RepoFactory, markers: Path) -> GitRepo:
    repo = git_repo_factory(hostile.BASE_FILES)
    repo.checkout(hostile.PR_BRANCH, new=True)
    repo.commit(hostile.pr_files(markers), "harmless refactoring")
    return repo


@pytest.fixture(scope="session")
def hostile_scan(
    hostile_repo: GitRepo, markers: Path, tmp_path_factory: pytest.TempPathFactory
) -> HostileScan:
    files, env = hostile.actions_outputs(tmp_path_factory.mktemp("hostile-out"))
    run = hostile.run_cli(
        ["scan", ".", "--base", "main", *hostile.scan_args(files)],
        cwd=hostile_repo.path,
        env=env,
        outputs=files,
    )
    assert files["sarif"].is_file(), f"no SARIF written: {run.stderr}"
    return HostileScan(hostile_repo, markers, run, read_report(files["sarif"]))
