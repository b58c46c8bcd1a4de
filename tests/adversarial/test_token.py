"""Attack 12: the token never appears in logs, SARIF, reports or exceptions.

Every scan in this folder runs with ``GITHUB_TOKEN`` set (see ``hostile.actions_outputs``);
each output a user or the job log sees is searched for it. A PR also tries to read a secret
file from the runner through a symlinked ledger. (The ``sastflow pr`` runs, with the server's
recorded request bodies, are checked in ``test_pr_review.py``.)
"""

from __future__ import annotations

import os

import pytest

from tests.adversarial import hostile
from tests.adversarial.conftest import HostileScan
from tests.conftest import RepoFactory


def _leaks(run: hostile.CliRun) -> list[str]:
    return [name for name, text in run.texts().items() if hostile.TOKEN in text]


def test_attack12_the_token_is_in_no_output_of_the_hostile_scan(hostile_scan: HostileScan) -> None:
    texts = hostile_scan.run.texts()
    assert {
        "stdout",
        "stderr",
        "sarif",
        "markdown",
        "html",
        "step-summary",
        "github-output",
    } <= set(texts)
    assert _leaks(hostile_scan.run) == []


@pytest.fixture(scope="session")
def symlinked_ledger_scan(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> hostile.CliRun:
    """The PR replaces the ledger with a symlink to a file on the runner that holds a credential
    (a ``git-credentials`` store, a ``.env`` an earlier step wrote...)."""
    secrets = tmp_path_factory.mktemp("runner-home")
    secret = secrets / ".git-credentials"
    secret.write_text(f"https://x-access-token:{hostile.TOKEN}@github.com\n", encoding="utf-8")
    repo = git_repo_factory(
        {
            ".sastflow.toml": hostile.CONFIG,
            "security-rules/python.yaml": hostile.RULES_TEXT,
            "triage/ledger.yml": hostile.ledger_yaml([hostile.BASE_ENTRY]),
        }
    )
    repo.checkout("steal", new=True)
    repo.write({"app/feature.py": hostile.FEATURE, "triage/ledger.yml": None})
    (repo.path / "triage").mkdir(exist_ok=True)  # `git rm` took the emptied folder away
    os.symlink(secret, repo.path / "triage" / "ledger.yml")
    repo.commit({}, "steal a secret through the ledger")
    out, env = hostile.actions_outputs(tmp_path_factory.mktemp("steal-out"))
    return hostile.run_cli(
        ["scan", ".", "--base", "main", "--engine", "bandit", *hostile.scan_args(out)],
        cwd=repo.path,
        env=env,
        outputs=out,
    )


@pytest.mark.xfail(
    strict=True,
    reason="FINDINGS.md H6: the PR's ledger is read from the work tree through symlinks, and "
    "a ledger error quotes the file's text in the job log",
)
def test_attack12_a_symlinked_ledger_cannot_read_a_runner_file(
    symlinked_ledger_scan: hostile.CliRun,
) -> None:
    run = symlinked_ledger_scan
    assert _leaks(run) == []
    assert run.returncode in (1, 2), run.stderr  # fails closed, either way
    assert "Traceback" not in run.stderr
