"""``/sastflow accept`` on a pull request, end to end: a real PR scan of a real git repository is
published to the local GitHub server by sastflow's own publish layer (inline comments with their
hidden markers), then real ``issue_comment`` / ``pull_request_review_comment`` payloads (from
``@octokit/webhooks-examples``) drive ``sastflow comment-command``, which reads the base's
CODEOWNERS and config and the head's ledger through the contents API and commits through the
Git Data API into a bare clone the server serves. What landed is read back with git itself.

People: ``dev`` opened the PR and is also a security code owner; ``sec-alice`` is a security
code owner; ``random-dev`` is not; ``dependabot[bot]`` is a bot.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sastflow.github.client import ClientSettings, GitHubClient
from sastflow.github.context import read_context
from sastflow.github.diffmap import added_lines
from sastflow.github.env import Secret
from sastflow.github.publish import PublishOptions, publish
from sastflow.model import ScanReport
from sastflow.pipeline import ScanOptions, run_scan
from sastflow.triage.ledger import parse_ledger
from sastflow.trust import security_owners as read_owners
from tests.conftest import GitRepo, RepoFactory, Run, run_cli
from tests.ghserver.comment_events import issue_comment_payload, review_comment_payload
from tests.ghserver.server import GitHubServer

REPO = "acme/app"
NUMBER, FORK_NUMBER = 7, 8
AUTHOR, OWNER, STRANGER, BOT = "dev", "sec-alice", "random-dev", "dependabot[bot]"
ACTIONS_BOT = "github-actions[bot]"
TOKEN = "ghs_comment_command_token_0123456789"
TODAY = dt.date(2026, 5, 1)
FAST = ClientSettings(max_wait=10.0, retries=2, backoff=0.05, write_interval=0.0, timeout=10.0)

CODEOWNERS = "* @dev-lead\n/triage/ @sec-alice @dev\n"
BASE_LEDGER = """\
# Reviewed acceptances. Keep this comment: sastflow edits around it.
version: 1
accepted:
  - fingerprint: "00000000000000000000000000000001"
    rule: bandit.B101
    path: app/old.py
    reason: "asserts are stripped only in tests"   # reviewed in SEC-1
    approved_by: sec-alice
    expires: 2026-07-01
"""
TASKS = """\
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def calc(expr):
    return eval(expr)
"""


@dataclass(frozen=True)
class Scene:
    repo: GitRepo
    bare: Path
    base: str
    head: str
    report: ScanReport


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def scene(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Scene:
    repo = git_repo_factory(
        {
            ".github/CODEOWNERS": CODEOWNERS,
            ".sastflow.toml": "max_expiry_days = 120\n",
            "triage/ledger.yml": BASE_LEDGER,
            "app/old.py": "def ok():\n    return 1\n",
        }
    )
    base = repo.head()
    repo.checkout("feature", new=True)
    head = repo.commit({"app/tasks.py": TASKS}, "add tasks")
    report = run_scan(ScanOptions(repo.path, base=base, head=head, today=TODAY))
    assert not report.incomplete, report.failures
    repo.checkout("main")
    bare = tmp_path_factory.mktemp("served") / "app.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    return Scene(repo, bare, base, head, report)


@dataclass
class Stage:
    server: GitHubServer
    scene: Scene
    tmp: Path
    bare: Path
    next_id: int = 90_000

    def client(self) -> GitHubClient:
        return GitHubClient(self.server.url, REPO, Secret(TOKEN), FAST)

    def ours(self, number: int = NUMBER) -> list[Any]:
        return [c for c in self.server.review_comments(REPO, number) if c.user == ACTIONS_BOT]

    def comment_about(self, rule_prefix: str, number: int = NUMBER) -> Any:
        (found,) = [c for c in self.ours(number) if rule_prefix in c.body and not c.in_reply_to_id]
        return found

    def head(self, number: int = NUMBER) -> str:
        return self.server.pull(REPO, number).head_sha

    def ledger_at(self, ref: str) -> str:
        return git(self.bare, "show", f"{ref}:triage/ledger.yml")

    def run(self, payload: dict[str, Any], event: str) -> Run:
        path = self.tmp / f"event-{self.next_id}.json"
        self.next_id += 1
        path.write_text(json.dumps(payload), encoding="utf-8")
        env = {
            **self.server.actions_env(
                repo=REPO, token=TOKEN, event_name=event, event_path=path, sha=self.head()
            ),
            "SASTFLOW_TODAY": TODAY.isoformat(),
        }
        env.pop("GITHUB_WORKSPACE", None)
        # Run from an empty folder: nothing of the repository is checked out.
        empty = self.tmp / "empty"
        empty.mkdir(exist_ok=True)
        return run_cli(empty, "comment-command", env=env)

    def reply(self, commenter: str, body: str, number: int = NUMBER) -> tuple[Run, int]:
        """``commenter`` replies ``body`` to sastflow's comment about ``shell=True``."""
        root = self.comment_about("B602", number)
        written = self.server.state.reply(REPO, number, root.id, commenter, body)
        payload = review_comment_payload(
            repo=REPO,
            number=number,
            head_sha=self.head(number),
            base_sha=self.scene.base,
            author=AUTHOR,
            commenter=commenter,
            body=body,
            comment_id=written.id,
            in_reply_to=root.id,
            path=root.path,
            api_url=self.server.url,
        )
        return self.run(payload, "pull_request_review_comment"), root.id

    def pr_comment(self, commenter: str, body: str, number: int = NUMBER) -> Run:
        written = self.server.state.create_issue_comment(REPO, number, commenter, {"body": body})
        payload = issue_comment_payload(
            repo=REPO,
            number=number,
            author=AUTHOR,
            commenter=commenter,
            body=body,
            comment_id=written.id,
            api_url=self.server.url,
        )
        return self.run(payload, "issue_comment")

    def replies_to(self, root_id: int) -> list[str]:
        return [
            c.body
            for c in self.server.review_comments(REPO, NUMBER)
            if c.in_reply_to_id == root_id and c.user == ACTIONS_BOT
        ]

    def issue_replies(self, number: int = NUMBER) -> list[str]:
        return [
            c.body
            for c in self.server.issue_comments(REPO, number)
            if c.user == ACTIONS_BOT and c.body.startswith("<!-- sastflow:command-reply v1 -->")
        ]


def _publish(server: GitHubServer, scene: Scene, number: int) -> None:
    client = GitHubClient(server.url, REPO, Secret(TOKEN), FAST)
    try:
        pull = client.get_pull(number).pull
        owners = read_owners(scene.repo.path, scene.base, "triage/ledger.yml")
        ctx, _notes = read_context(client, REPO, pull, owners)
        publish(
            scene.report,
            ctx,
            client,
            added_lines(scene.repo.path, scene.base, scene.head),
            PublishOptions(today=TODAY, max_expiry_days=120),
        )
    finally:
        client.close()


@pytest.fixture
def stage(github_server: GitHubServer, scene: Scene, tmp_path: Path) -> Stage:
    server = github_server
    server.add_repo(REPO)
    server.add_token(TOKEN, ACTIONS_BOT, "write")
    for login in (AUTHOR, OWNER, STRANGER):
        server.add_user(login)
    server.add_user(BOT, "Bot")
    bare = tmp_path / "served.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(scene.bare), str(bare)], check=True)
    server.attach_git(REPO, bare)
    server.add_pull_from_git(
        REPO, NUMBER, bare, author=AUTHOR, base=scene.base, head=scene.head, head_ref="feature"
    )
    server.add_pull_from_git(
        REPO,
        FORK_NUMBER,
        bare,
        author=AUTHOR,
        base=scene.base,
        head=scene.head,
        head_ref="feature",
        fork=True,
    )
    _publish(server, scene, NUMBER)
    _publish(server, scene, FORK_NUMBER)
    return Stage(server, scene, tmp_path, bare)


@pytest.fixture(autouse=True)
def _schema_clean(stage: Stage) -> Any:
    yield
    assert stage.server.schema_violations == [], stage.server.schema_violations
    assert stage.server.unknown_properties == [], stage.server.unknown_properties


def test_an_owners_reply_commits_one_entry_for_the_row_onto_the_branch(stage: Stage) -> None:
    old_head = stage.head()
    run, root = stage.reply(
        OWNER,
        "Looks fine.\n\n/sastflow accept argv is a constant list --expires +30d --ticket SEC-9",
    )
    assert run.code == 0, run.err
    assert "comment-command: committed" in run.err
    new_head = stage.head()
    assert new_head != old_head
    # A real commit on top of the old head, touching the ledger only.
    assert git(stage.bare, "rev-parse", f"{new_head}^").strip() == old_head
    assert git(stage.bare, "diff", "--name-only", old_head, new_head).split() == [
        "triage/ledger.yml"
    ]
    assert git(stage.bare, "rev-parse", "feature").strip() == new_head
    text = stage.ledger_at(new_head)
    assert text.startswith(BASE_LEDGER)  # every byte of the old ledger kept
    entries = parse_ledger(text, "ledger", today=TODAY, max_expiry_days=120)
    assert len(entries) == 2
    added = entries[1]
    assert {added.rule, *(rule for _fp, rule in added.group)} == {
        "bandit.B602",
        "sastflow.subprocess-shell-nonliteral",
    }
    assert added.path == "app/tasks.py" and added.approved_by == OWNER
    assert added.reason == "argv is a constant list" and added.ticket == "SEC-9"
    assert added.expires == TODAY + dt.timedelta(days=30)
    shell = {f.fingerprint for f in stage.scene.report.findings if f.line == 5}
    assert {fp for fp, _rule in added.members} == shell
    # Pending, never approved: the new head's status says it awaits an owner.
    status = stage.server.status(REPO, new_head, "sastflow/security-approval")
    assert status is not None and status.state == "failure"
    assert not [r for r in stage.server.reviews(REPO, NUMBER) if r.state.value == "APPROVED"]
    (answer,) = stage.replies_to(root)
    assert f"/commit/{new_head}" in answer and "**pending**" in answer
    author = git(stage.bare, "log", "-1", "--format=%an|%s", new_head).strip()
    assert author == f"{ACTIONS_BOT}|triage: accept {added.rule} in app/tasks.py"

    # The same command again adds nothing: one entry, one commit.
    again, _ = stage.reply(
        OWNER, "/sastflow accept argv is a constant list --expires +30d --ticket SEC-9"
    )
    assert "comment-command: exists" in again.err
    assert stage.head() == new_head
    assert "already accepts this finding (line 10" in stage.replies_to(root)[-1]


def test_a_pr_comment_naming_the_fingerprint_accepts_that_row(stage: Stage) -> None:
    (evaluated,) = [f for f in stage.scene.report.findings if f.rule_id == "bandit.B307"]
    run = stage.pr_comment(OWNER, f"/sastflow accept {evaluated.fingerprint} sandboxed eval")
    assert "comment-command: committed" in run.err, run.err
    entries = parse_ledger(
        stage.ledger_at(stage.head()), "ledger", today=TODAY, max_expiry_days=120
    )
    assert evaluated.fingerprint in {fp for fp, _rule in entries[-1].members}
    assert entries[-1].expires == TODAY + dt.timedelta(days=90)  # the default
    (answer,) = stage.issue_replies()
    assert "Added the ledger entry" in answer


@pytest.mark.parametrize(
    ("who", "why"),
    [
        (STRANGER, "only a security code owner can accept findings"),
        (AUTHOR, "the author of a pull request cannot accept its findings"),
        (BOT, "a bot can never accept findings"),
    ],
)
def test_anyone_but_another_security_owner_is_refused_with_a_reason(
    stage: Stage, who: str, why: str
) -> None:
    head = stage.head()
    run, root = stage.reply(who, "/sastflow accept trust me")
    assert run.code == 0 and "comment-command: refused" in run.err, run.err
    assert stage.head() == head  # nothing committed
    (answer,) = stage.replies_to(root)
    assert why in answer
    if who == STRANGER:
        assert "@\u200bsec-alice" in answer  # names the owners without pinging them


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("/sastflow accept", "the reason is empty"),
        ("/sastflow accept fine --expires 2026-02-30", "is not a date"),
        ("/sastflow accept fine --expires +400d", "more than 120 days after today"),
        ("/sastflow accept fine --expires 2026-01-01", "already past"),
        ("/sastflow accept fine --color red", "unknown option --color"),
        ("/sastflow accept 'unbalanced", "check the quotes"),
    ],
)
def test_a_malformed_command_is_answered_with_what_is_wrong(
    stage: Stage, command: str, problem: str
) -> None:
    head = stage.head()
    run, root = stage.reply(OWNER, command)
    assert "comment-command: malformed" in run.err, run.err
    assert stage.head() == head
    (answer,) = stage.replies_to(root)
    assert problem in answer and "nothing was changed" in answer


def test_an_unknown_fingerprint_is_refused(stage: Stage) -> None:
    run = stage.pr_comment(OWNER, "/sastflow accept " + "ab" * 16 + " looks fine")
    assert "comment-command: malformed" in run.err
    (answer,) = stage.issue_replies()
    assert "unknown fingerprint" in answer


def test_a_fork_pull_request_gets_the_entry_and_command_to_add(stage: Stage) -> None:
    head = stage.head(FORK_NUMBER)
    run, root = stage.reply(OWNER, "/sastflow accept constant argv", number=FORK_NUMBER)
    assert "comment-command: suggested" in run.err, run.err
    assert stage.head(FORK_NUMBER) == head
    answers = [
        c.body
        for c in stage.server.review_comments(REPO, FORK_NUMBER)
        if c.in_reply_to_id == root and c.user == ACTIONS_BOT
    ]
    (answer,) = answers
    assert "```yaml" in answer and "approved_by: sec-alice" in answer
    assert "sastflow triage accept" in answer and "--by sec-alice" in answer
    assert "group:" in answer


def test_comments_without_a_command_and_on_issues_are_ignored(stage: Stage) -> None:
    writes = len(stage.server.writes())
    quiet, _ = stage.reply(OWNER, "Quoting:\n> /sastflow accept nope\n\nthanks")
    assert "comment-command: ignored" in quiet.err
    plain = issue_comment_payload(
        repo=REPO,
        number=NUMBER,
        author=AUTHOR,
        commenter=OWNER,
        body="/sastflow accept x",
        comment_id=1,
        api_url=stage.server.url,
        on_pull=False,
    )
    on_issue = stage.run(plain, "issue_comment")
    assert "comment-command: ignored: a comment on an issue" in on_issue.err
    assert len(stage.server.writes()) == writes  # nothing posted, nothing committed


def test_an_owner_who_made_the_head_commit_is_refused(stage: Stage) -> None:
    # sec-alice pushes a commit to the branch, then tries to accept its findings.
    tree = git(stage.bare, "rev-parse", f"{stage.head()}^{{tree}}").strip()
    pushed = subprocess.run(
        ["git", "-C", str(stage.bare), "commit-tree", tree, "-p", stage.head(), "-m", "tweak"],
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": OWNER,
            "GIT_AUTHOR_EMAIL": f"{OWNER}@example.com",
            "GIT_COMMITTER_NAME": OWNER,
            "GIT_COMMITTER_EMAIL": f"{OWNER}@example.com",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "PATH": "/usr/bin:/bin",
        },
    ).stdout.strip()
    git(stage.bare, "update-ref", "refs/heads/feature", pushed)
    stage.server.push_from_git(REPO, NUMBER, stage.bare, "feature", pusher=OWNER)
    run, root = stage.reply(OWNER, "/sastflow accept argv is a constant list")
    assert "comment-command: refused: sec-alice made the head commit" in run.err, run.err
    assert stage.head() == pushed
    assert "you made the head commit" in stage.replies_to(root)[-1]
