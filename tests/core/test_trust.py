"""What the base commit says, read one way for every command (sastflow.trust): ``--config``
in a diff-aware scan, and the base ledger of ``triage --base`` with its guards. Each of these
was a bug: ``scan --base REF --config FILE`` ignored FILE, and ``triage --base`` read a base
ledger that was a symbolic link or of any size."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sastflow import trust
from tests.conftest import GitRepo, RepoFactory, run_cli

CI_CONFIG = 'engines = ["bandit"]\nfail_on = "never"\n'
FLAGGED = "import os\n\n\ndef go():\n    os.system(input())\n"
LEDGER = "version: 1\naccepted: []\n"


@pytest.fixture(scope="session")
def config_repo(git_repo_factory: RepoFactory) -> GitRepo:
    repo = git_repo_factory({"ci/sastflow.toml": CI_CONFIG, "app/__init__.py": ""})
    repo.checkout("feature", new=True)
    # The PR turns the gate back on and asks for Semgrep too in its own copy: not trusted.
    repo.commit(
        {"ci/sastflow.toml": 'engines = ["semgrep"]\nfail_on = "low"\n', "app/go.py": FLAGGED}
    )
    return repo


def test_scan_base_reads_an_explicit_config_at_the_base(
    config_repo: GitRepo, tmp_path: Path
) -> None:
    sarif = tmp_path / "out.sarif"
    run = run_cli(
        config_repo.path,
        "scan", ".", "--base", "main", "--config", "ci/sastflow.toml", "--sarif", str(sarif),
    )  # fmt: skip
    # The base's ci/sastflow.toml: Bandit only, gate off. (It used to be ignored: the default
    # config ran both engines and the high finding failed the gate.)
    assert run.code == 0, run.out + run.err
    runs = json.loads(sarif.read_text(encoding="utf-8"))["runs"]
    assert [r["tool"]["driver"]["name"] for r in runs] == ["Bandit"]
    assert [res["ruleId"] for res in runs[0]["results"]] == ["bandit.B605"]
    assert "this PR changes ci/sastflow.toml (configuration (--config))" in run.out


def test_scan_base_config_is_named_from_the_current_directory(config_repo: GitRepo) -> None:
    repo = config_repo.path
    run = run_cli(
        repo.parent,
        "scan", repo.name, "--base", "main", "--config", f"{repo.name}/ci/sastflow.toml", "-q",
    )  # fmt: skip
    assert run.code == 0, run.err  # the base's copy: Bandit only, gate off


def test_scan_base_config_absent_at_the_base_is_a_usage_error(config_repo: GitRepo) -> None:
    (config_repo.path / "ci" / "new.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    try:
        run = run_cli(config_repo.path, "scan", ".", "--base", "main", "--config", "ci/new.toml")
    finally:
        (config_repo.path / "ci" / "new.toml").unlink()
    assert run.code == 2
    assert "--config ci/new.toml: not in the base commit" in run.err


def test_scan_base_config_outside_the_repository_is_read_from_disk(
    config_repo: GitRepo, tmp_path: Path
) -> None:
    outside = tmp_path / "org.toml"
    outside.write_text('engines = ["bandit"]\nfail_on = "high"\n', encoding="utf-8")
    run = run_cli(config_repo.path, "scan", ".", "--base", "main", "--config", str(outside))
    assert run.code == 1  # not the PR's to change: the gate is the file's


def test_commits_resolve_the_merge_base_once(config_repo: GitRepo) -> None:
    commits = trust.commits(config_repo.path, "main", "feature")
    assert commits.base == commits.base_tip == config_repo.git("rev-parse", "main")
    assert commits.head == config_repo.git("rev-parse", "feature")


# --- triage --base: the base ledger through the same guards as a PR scan --------------------


def _ledger_repo(factory: RepoFactory, make_base: str) -> GitRepo:
    repo = factory({"README.md": "x\n", "triage/other.yml": LEDGER})
    ledger = repo.path / "triage" / "ledger.yml"
    if make_base == "symlink":
        os.symlink("other.yml", ledger)
    else:
        ledger.write_text(LEDGER + "# padding\n" * 1_000_000, encoding="utf-8")  # 10 MB
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "base ledger")
    repo.checkout("feature", new=True)
    ledger.unlink()
    repo.commit({"triage/ledger.yml": LEDGER}, "a regular ledger")
    return repo


@pytest.mark.parametrize(
    ("make_base", "message"),
    [
        ("symlink", "triage/ledger.yml@main: the ledger is a symbolic link"),
        ("huge", "triage/ledger.yml@main: 10,000,024 bytes is too large for a ledger"),
    ],
)
def test_triage_base_ledger_is_guarded(
    git_repo_factory: RepoFactory, make_base: str, message: str
) -> None:
    repo = _ledger_repo(git_repo_factory, make_base)
    run = run_cli(repo.path, "triage", "list", "--no-scan", "--base", "main")
    assert run.code == 2, run.out + run.err
    assert message in run.err
    assert "Traceback" not in run.err


def test_triage_base_that_is_not_a_commit(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory({"triage/ledger.yml": LEDGER})
    run = run_cli(repo.path, "triage", "list", "--no-scan", "--base", "nope")
    assert run.code == 2
    assert "--base nope: not a commit in" in run.err
