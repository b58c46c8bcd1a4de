"""Attack 11: the fork-PR publisher (``sastflow pr --from-artifact`` in a ``workflow_run`` job)
reads an artifact the fork's own workflow wrote. Everything in it may be forged.

A fork pull request (``acme/app`` #9 by ``mallory``) is scanned once (Bandit) to make a genuine
artifact; each attack then tampers with a copy. A rejected artifact is a one-line error (exit 2)
with nothing posted; an accepted one is posted to the pull request GitHub finds by head SHA, and
can never clear the gate on its own.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.adversarial import hostile
from tests.conftest import GitRepo, RepoFactory
from tests.ghserver import GitHubServer

REPO = "acme/app"
FORK_PR, OTHER_PR = 9, 10
BOT = "github-actions[bot]"
CONFIG = 'engines = ["bandit"]\nuse_default_rules = false\nfail_on = "high"\n'
VULNERABLE = "import os\n\n\ndef handler(cmd):\n    os.system(cmd)\n"


@dataclass
class ForkWorld:
    server: GitHubServer
    repo: GitRepo  # checked out at the base's default branch: the publisher's trusted checkout
    head: str
    other_head: str
    genuine: Path  # the artifact folder the fork's run uploaded
    tmp: Path

    def publish(self, folder: Path, *, head: str | None = None) -> hostile.CliRun:
        run_head = head or self.head
        event = self.tmp / f"workflow_run-{folder.name}.json"
        event.write_text(
            json.dumps(
                {
                    "action": "completed",
                    "workflow_run": {
                        "id": 4242,
                        "name": "sastflow-pr",
                        "event": "pull_request",
                        "conclusion": "failure",
                        "head_sha": run_head,
                        "head_branch": "feature",
                        "head_repository": {"full_name": "mallory/app"},
                        "repository": {"full_name": REPO},
                        "pull_requests": [],  # GitHub leaves it empty for forks
                    },
                    "repository": {"full_name": REPO},
                    "sender": {"login": "mallory", "type": "User"},
                }
            ),
            encoding="utf-8",
        )
        out, env = hostile.actions_outputs(self.tmp / f"out-{folder.name}")
        env.update(
            self.server.actions_env(
                repo=REPO,
                token=hostile.TOKEN,
                event_name="workflow_run",
                event_path=event,
                sha=self.repo.head(),
                workspace=self.repo.path,
            )
        )
        args = ["pr", "--from-artifact", str(folder), "--api-write-interval", "0"]
        return hostile.run_cli(args, cwd=self.repo.path, env=env, outputs=out)

    def tampered(self, name: str, change: Callable[[Path], None]) -> Path:
        folder = self.tmp / name
        shutil.copytree(self.genuine, folder, symlinks=True)
        change(folder)
        return folder


@pytest.fixture(scope="session")
def fork_world(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ForkWorld]:
    repo = git_repo_factory(
        {
            ".sastflow.toml": CONFIG,
            ".github/CODEOWNERS": "/triage/ @acme/security\n",
            "app/__init__.py": "",
        }
    )
    base = repo.head()
    repo.checkout("other", new=True)
    other_head = repo.commit({"app/other.py": "x = 1\n"}, "other")
    repo.checkout("main")
    repo.checkout("feature", new=True)
    head = repo.commit({"app/feature.py": VULNERABLE}, "fork feature")
    tmp = tmp_path_factory.mktemp("fork")
    genuine = tmp / "genuine"
    genuine.mkdir()
    scan = hostile.run_cli(
        ["scan", ".", "--base", "main", "-q", "--sarif", str(genuine / "sastflow.sarif")],
        cwd=repo.path,
    )
    assert scan.returncode == 1, scan.stderr
    (genuine / "pull.json").write_text(
        json.dumps({"number": FORK_PR, "head_sha": head}), encoding="utf-8"
    )
    repo.checkout("main")
    with GitHubServer() as server:
        server.add_repo(REPO)
        server.add_user("mallory")
        server.add_user(BOT, "Bot")
        server.add_team("acme", "security", ["sec-sam"])
        server.add_token(hostile.TOKEN, BOT, "write")
        server.add_pull_from_git(
            REPO, FORK_PR, repo.path, author="mallory", base=base, head=head, fork=True
        )
        server.add_pull_from_git(
            REPO, OTHER_PR, repo.path, author="mallory", base=base, head=other_head,
            head_ref="other",
        )  # fmt: skip
        yield ForkWorld(server, repo, head, other_head, genuine, tmp)


def _rejected(world: ForkWorld, run: hostile.CliRun, *expected: str) -> None:
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert "the artifact is rejected" in run.stderr
    for text in expected:
        assert text in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert hostile.leaks(run) == []


def _writes(world: ForkWorld) -> int:
    return len(world.server.writes())


def test_attack11_a_genuine_artifact_is_posted_to_the_pr_found_by_head_sha(
    fork_world: ForkWorld,
) -> None:
    before = _writes(fork_world)
    run = fork_world.publish(fork_world.genuine)
    assert run.returncode == 1, run.stderr  # the finding blocks
    assert _writes(fork_world) > before
    status = fork_world.server.status(REPO, fork_world.head, "sastflow/security-approval")
    assert status is not None and status.state == "failure"
    assert [c.user for c in fork_world.server.issue_comments(REPO, FORK_PR)] == [BOT]
    assert fork_world.server.issue_comments(REPO, OTHER_PR) == []


def test_attack11_an_artifact_claiming_no_findings_cannot_clear_the_gate(
    fork_world: ForkWorld,
) -> None:
    def empty(folder: Path) -> None:
        sarif = folder / "sastflow.sarif"
        log = json.loads(sarif.read_text(encoding="utf-8"))
        for run in log["runs"]:
            run["results"] = []
        sarif.write_text(json.dumps(log), encoding="utf-8")

    run = fork_world.publish(fork_world.tampered("empty", empty))
    status = fork_world.server.status(REPO, fork_world.head, "sastflow/security-approval")
    assert status is not None and status.state == "failure", run.stderr


def _tamper(world: ForkWorld, name: str) -> Callable[[Path], None]:
    sarif_name = "sastflow.sarif"

    def rewrite_path(path: str) -> Callable[[Path], None]:
        def change(folder: Path) -> None:
            text = (folder / sarif_name).read_text(encoding="utf-8")
            (folder / sarif_name).write_text(text.replace("app/feature.py", path), "utf-8")

        return change

    def pull_json(**fields: object) -> Callable[[Path], None]:
        def change(folder: Path) -> None:
            data = json.loads((folder / "pull.json").read_text(encoding="utf-8"))
            (folder / "pull.json").write_text(json.dumps({**data, **fields}), "utf-8")

        return change

    def oversized(folder: Path) -> None:
        with open(folder / sarif_name, "r+b") as handle:  # sparse: costs no disk
            handle.truncate(65 * 1024 * 1024)

    def malformed(folder: Path) -> None:
        (folder / sarif_name).write_text('{"version": "2.1.0", "runs": [', "utf-8")

    def symlink(folder: Path) -> None:
        secret = world.tmp / "runner-secret.txt"
        secret.write_text(f'{{"token": "{hostile.TOKEN}"}}', encoding="utf-8")
        (folder / sarif_name).unlink()
        os.symlink(secret, folder / sarif_name)

    def nested(folder: Path) -> None:
        (folder / "report.md").mkdir()

    def deep(folder: Path) -> None:
        (folder / sarif_name).write_text("[" * 100_000 + "]" * 100_000, "utf-8")

    return {
        "oversized": oversized,
        "malformed-json": malformed,
        "dotdot-path": rewrite_path("../../../etc/passwd"),
        "absolute-path": rewrite_path("/etc/passwd"),
        "symlink": symlink,
        "nested-folder": nested,
        "deep-nesting": deep,
        "wrong-number": pull_json(number=OTHER_PR),
        "wrong-head": pull_json(head_sha=world.other_head),
        "no-pull-json": lambda folder: (folder / "pull.json").unlink(),
    }[name]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("symlink", "symbolic link"),
        ("dotdot-path", "../../../etc/passwd"),
        ("wrong-number", f"#{OTHER_PR}, but"),  # the PR comes from the API, by head SHA
    ],
)
def test_attack11_a_tampered_artifact_is_rejected_and_nothing_is_posted(
    fork_world: ForkWorld, name: str, expected: str
) -> None:
    before = _writes(fork_world)
    run = fork_world.publish(fork_world.tampered(name, _tamper(fork_world, name)))
    _rejected(fork_world, run, expected)
    assert _writes(fork_world) == before, "something was posted from a rejected artifact"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("oversized", "bytes (at most"),
        ("malformed-json", "not valid JSON"),
        ("absolute-path", "/etc/passwd"),
        ("nested-folder", "not a regular file"),
        ("deep-nesting", "nests too deeply"),
        ("wrong-head", "but the run was for"),
        ("no-pull-json", "pull.json is missing"),
    ],
)
def test_attack11_the_artifact_reader_rejects_each_forgery(
    fork_world: ForkWorld, name: str, expected: str
) -> None:
    """The same checks, read in-process (the three CLI runs above show how a rejection ends:
    exit 2, one line, nothing posted)."""
    from sastflow.errors import UsageError
    from sastflow.github.artifact import read_artifact

    folder = fork_world.tampered(name, _tamper(fork_world, name))
    with pytest.raises(UsageError) as caught:
        read_artifact(folder, run_head_sha=fork_world.head)
    message = str(caught.value)
    assert expected in message and "the artifact is rejected" in message
    assert "\n" not in message and hostile.TOKEN not in message
