"""Attack 12: the token never appears in logs, SARIF, reports or exceptions.

Every scan in this folder runs with ``GITHUB_TOKEN`` set (see ``hostile.actions_outputs``);
each output a user or the job log sees is searched for it. A PR also tries to read a secret
file from the runner through a symlinked ledger. (The ``sastflow pr`` runs, with the server's
recorded request bodies, are checked in ``test_pr_review.py``.)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.adversarial import hostile
from tests.conftest import RepoFactory


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


def test_attack12_a_symlinked_ledger_cannot_read_a_runner_file(
    symlinked_ledger_scan: hostile.CliRun,
) -> None:
    """Was printed to the job log (FINDINGS.md H6, fixed)."""
    run = symlinked_ledger_scan
    assert hostile.leaks(run) == []
    assert run.returncode in (1, 2), run.stderr  # fails closed, either way
    assert "Traceback" not in run.stderr


def test_attack12_engine_processes_never_see_the_token(
    git_repo_factory: RepoFactory, tmp_path: Path
) -> None:
    """Semgrep and Bandit parse the PR's code; they need no credential, so a parser bug or a
    plugin loaded from the wrong place must find none. The engine binary is replaced (through
    sastflow's own SASTFLOW_BANDIT switch) by a probe that records what it was given.
    (FINDINGS.md H8, fixed.)"""
    seen = tmp_path / "engine-env.json"
    probe = tmp_path / "bandit-probe"
    probe.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"open({str(seen)!r}, 'w').write(json.dumps(dict(os.environ)))\n"
        "print(json.dumps({'results': [], 'errors': [], 'metrics': {}}))\n",
        encoding="utf-8",
    )
    probe.chmod(0o755)
    repo = git_repo_factory({"app/a.py": "x = 1\n"})
    _, env = hostile.actions_outputs(tmp_path / "out")
    env["SASTFLOW_BANDIT"] = str(probe)
    env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = hostile.TOKEN
    run = hostile.run_cli(["scan", ".", "--engine", "bandit", "-q"], cwd=repo.path, env=env)
    assert seen.is_file(), run.stderr
    environ = json.loads(seen.read_text(encoding="utf-8"))
    assert [k for k, v in environ.items() if hostile.TOKEN in v] == []
