"""``sastflow pr`` on a pull request adding a file Bandit cannot parse (Python 3.12 syntax on
the 3.11 these tests run on) that hides a Bandit-only finding: the status stays red until a
security code owner approves the head, and the step summary says why. Real console script,
PyGithub over HTTP against the local server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.adversarial import hostile
from tests.conftest import RepoFactory
from tests.ghserver import GitHubServer
from tests.ghserver.events import Event, event_payload, write_event

REPO, NUMBER = "acme/app", 9
AUTHOR, OWNER, BOT = "mallory", "olivia", "github-actions[bot]"
CONFIG = 'engines = ["bandit"]\nuse_default_rules = false\n'
MODERN = "import hashlib\n\ntype Digest = str\n\n\ndef h(x):\n    return hashlib.md5(x)\n"


@dataclass
class Story:
    runs: dict[str, hostile.CliRun] = field(default_factory=dict)
    status: dict[str, str | None] = field(default_factory=dict)


@pytest.fixture(scope="module")
def story(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Story]:
    repo = git_repo_factory(
        {
            ".sastflow.toml": CONFIG,
            ".github/CODEOWNERS": f"/triage/ @{OWNER}\n",
            "triage/ledger.yml": "version: 1\naccepted: []\n",
        }
    )
    base = repo.head()
    repo.checkout("modern", new=True)
    head = repo.commit({"app/digest.py": MODERN}, "type aliases")
    events = tmp_path_factory.mktemp("unscannable-events")
    result = Story()
    with GitHubServer() as server:
        server.add_repo(REPO)
        for login in (AUTHOR, OWNER):
            server.add_user(login)
        server.add_user(BOT, "Bot")
        server.add_token(hostile.TOKEN, BOT, "write")
        server.add_pull_from_git(
            REPO, NUMBER, repo.path, author=AUTHOR, base=base, head=head,
            base_ref="main", head_ref="modern",
        )  # fmt: skip

        def run(name: str, kind: Event, **payload: str) -> None:
            path = write_event(
                events / f"{name}.json",
                event_payload(
                    kind, repo=REPO, number=NUMBER, head_sha=head, base_sha=base,
                    author=AUTHOR, head_ref="modern", base_ref="main", api_url=server.url,
                    **payload,
                ),
            )  # fmt: skip
            out, env = hostile.actions_outputs(tmp_path_factory.mktemp(f"unscannable-{name}"))
            env.update(
                server.actions_env(
                    repo=REPO, token=hostile.TOKEN, event_name=kind.event_name,
                    event_path=path, sha=head, workspace=repo.path,
                )
            )  # fmt: skip
            args = ["pr", *hostile.scan_args(out), "--api-write-interval", "0"]
            result.runs[name] = hostile.run_cli(args, cwd=repo.path, env=env, outputs=out)
            found = server.status(REPO, head, "sastflow/security-approval")
            result.status[name] = None if found is None else found.state

        run("opened", Event.OPENED)
        server.add_review(REPO, NUMBER, OWNER, "APPROVED", head)
        run("owner-approves", Event.REVIEW_SUBMITTED, reviewer=OWNER)
        yield result


def test_unparsable_file_blocks_until_a_security_owner_approves(story: Story) -> None:
    opened = story.runs["opened"]
    assert story.status["opened"] == "failure", opened.stderr[-2000:]
    assert opened.returncode == 1, opened.stderr[-2000:]
    assert "sastflow.unscannable-file" in opened.texts()["sarif"]
    approved = story.runs["owner-approves"]
    assert story.status["owner-approves"] == "success", approved.stderr[-2000:]
    assert approved.returncode == 0, approved.stderr[-2000:]


def test_step_summary_counts_the_unparsable_file(story: Story) -> None:
    summary = story.runs["opened"].texts()["step-summary"]
    header = summary.split("| Severity |")[0]
    assert "1 file could not be parsed by bandit" in header
    assert "app/digest.py" in summary
