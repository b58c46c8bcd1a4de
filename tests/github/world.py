"""One real repository with a pull request in three states, scanned once each per session;
then every API scenario runs on a fresh local GitHub server (``tests.ghserver``) through
PyGithub over HTTP, publishing those same scan results.

The pull request (``acme/app`` #7, by ``dev``), against ``main``:

- head 1 adds ``app/new.py`` with three findings on added lines: ``eval`` (blocking),
  ``subprocess(shell=True)`` with ``# nosec``/``# nosemgrep`` the PR adds (pending inline
  suppressions), ``pickle.loads`` accepted by two ledger entries the PR adds (pending ledger
  entries); and in ``app/legacy.py`` a second identical ``eval`` *above* the old one, which
  makes the old, unchanged line the new occurrence: a new finding outside the diff;
- head 2 (a push on head 1) deletes the ``eval`` function of ``app/new.py``: that one is fixed;
- branch ``many`` adds 60 distinct ``eval`` calls (scanned with Bandit only).

Security code owners (CODEOWNERS of ``triage/ledger.yml`` at the base): ``@acme/security``
(member ``sec-bob``), ``sec-alice``, the bot ``sec-bot[bot]`` and an email owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from sastflow import clock
from sastflow.config import Config
from sastflow.fingerprint import compute, normalise
from sastflow.github.approval import Decision
from sastflow.github.client import ClientSettings, GitHubClient
from sastflow.github.context import read_context
from sastflow.github.diffmap import DiffMap, added_lines
from sastflow.github.env import PullRequest, Secret
from sastflow.github.owners import SecurityOwners
from sastflow.github.publish import Publication, PublishOptions, PullContext, publish
from sastflow.model import ScanReport
from sastflow.pipeline import ScanOptions, run_scan
from sastflow.trust import security_owners as read_owners
from tests.conftest import GitRepo, RepoFactory
from tests.ghserver import GitHubServer, ReviewComment

REPO = "acme/app"
NUMBER = 7
AUTHOR = "dev"
OWNER = "sec-alice"
TEAM_MEMBER = "sec-bob"
BOT_OWNER = "sec-bot[bot]"
ACTIONS_BOT = "github-actions[bot]"
TOKEN = "ghs_S3cr3tT0kenForTests0123456789abcd"
READ_TOKEN = "ghs_ReadOnlyForkToken0123456789abcdef"
HUMAN_TOKEN = "ghp_MalloryPersonalToken0123456789ab"
TODAY = clock.today()

CODEOWNERS = "* @dev-lead\n/triage/ @acme/security @sec-alice @sec-bot[bot] security@example.com\n"
LEGACY = "def calc(expr):\n    return eval(expr)\n"
LEGACY_PR = "def calc0(expr):\n    return eval(expr)\n\n\n" + LEGACY  # old line is now line 6
RUN_LINE = "    subprocess.call(cmd, shell=True)"
LOAD_LINE = "    return pickle.loads(blob)"
NEW = (
    "import pickle\n"
    "import subprocess\n"
    "\n"
    "\n"
    "def run(cmd):\n"
    f"{RUN_LINE}  # nosec B602 # nosemgrep: subprocess-shell-nonliteral\n"  # line 6
    "\n"
    "\n"
    "def load(blob):\n"
    f"{LOAD_LINE}\n"  # line 10
    "\n"
    "\n"
    "def calc(expr):\n"
    "    return eval(expr)\n"  # line 14
)
NEW_FIXED = NEW.split("\n\n\ndef calc")[0] + "\n"
LOAD_RULES = ("bandit.B301", "sastflow.unsafe-deserialization")
MANY = "".join(f"def f{i}(x):\n    return eval(x + '{i}')\n\n\n" for i in range(60))


def ledger_with_load_entries() -> str:
    expires = (TODAY + dt.timedelta(days=30)).isoformat()
    fp_text = normalise(LOAD_LINE)
    entries = "".join(
        f"  - fingerprint: {compute(rule, 'app/new.py', fp_text, 0)}\n"
        f"    rule: {rule}\n"
        "    path: app/new.py\n"
        '    reason: "blobs come from our own signed cache"\n'
        f"    approved_by: {OWNER}\n"
        f"    expires: {expires}\n"
        for rule in LOAD_RULES
    )
    return "version: 1\naccepted:\n" + entries


@dataclass(frozen=True)
class PrRepo:
    repo: GitRepo
    base: str
    head1: str
    head2: str
    many: str

    @property
    def path(self) -> Path:
        return self.repo.path


@pytest.fixture(scope="session")
def pr_repo(git_repo_factory: RepoFactory) -> PrRepo:
    repo = git_repo_factory(
        {
            "app/legacy.py": LEGACY,
            "app/util.py": "def ok():\n    return 1\n",
            "triage/ledger.yml": "version: 1\naccepted: []\n",
            ".github/CODEOWNERS": CODEOWNERS,
            # The PR's eval/pickle/shell calls take no request data, so the pack rates them
            # medium (issue 13): the base's config gates at medium for them to need approval.
            ".sastflow.toml": 'fail_on = "medium"\n',
        }
    )
    base = repo.head()
    repo.checkout("feature", new=True)
    head1 = repo.commit(
        {
            "app/legacy.py": LEGACY_PR,
            "app/new.py": NEW,
            "triage/ledger.yml": ledger_with_load_entries(),
        },
        "add new.py",
    )
    head2 = repo.commit({"app/new.py": NEW_FIXED}, "remove calc")
    repo.checkout(base)
    repo.checkout("many", new=True)
    many = repo.commit({"app/many.py": MANY}, "sixty evals")
    return PrRepo(repo, base, head1, head2, many)


def scan(
    pr: PrRepo, head: str, *, approved: bool = False, config: Config | None = None
) -> ScanReport:
    pr.repo.checkout(head)
    return run_scan(
        ScanOptions(
            pr.path, config=config, base=pr.base, head=head, security_approved=approved, today=TODAY
        )
    )


@pytest.fixture(scope="session")
def scan_head1(pr_repo: PrRepo) -> ScanReport:
    return scan(pr_repo, pr_repo.head1)


@pytest.fixture(scope="session")
def scan_head1_approved(pr_repo: PrRepo) -> ScanReport:
    return scan(pr_repo, pr_repo.head1, approved=True)


@pytest.fixture(scope="session")
def scan_head2(pr_repo: PrRepo) -> ScanReport:
    return scan(pr_repo, pr_repo.head2)


@pytest.fixture(scope="session")
def scan_many(pr_repo: PrRepo) -> ScanReport:
    return scan(pr_repo, pr_repo.many, config=Config(engines=("bandit",)))


# --- the server and the publish layer ------------------------------------------------------


FAST = ClientSettings(max_wait=10.0, retries=3, backoff=0.05, write_interval=0.0, timeout=10.0)


@dataclass
class World:
    """A server holding PR #7 at head 1, and how sastflow talks to it."""

    server: GitHubServer
    pr: PrRepo
    token: str = TOKEN
    settings: ClientSettings = FAST

    def client(
        self, token: str | None = None, settings: ClientSettings | None = None
    ) -> GitHubClient:
        return GitHubClient(
            self.server.url, REPO, Secret(token or self.token), settings or self.settings
        )

    def owners(self) -> SecurityOwners:
        return read_owners(self.pr.path, self.pr.base, "triage/ledger.yml")

    def pull(self, number: int = NUMBER) -> PullRequest:
        client = self.client()
        try:
            return client.get_pull(number).pull
        finally:
            client.close()

    def context(self, number: int = NUMBER, *, bot_login: str | None = None) -> PullContext:
        client = self.client()
        try:
            ctx, _notes = read_context(
                client, REPO, self.pull(number), self.owners(), bot_login=bot_login
            )
            return ctx
        finally:
            client.close()

    def diff(self, head: str) -> DiffMap:
        return added_lines(self.pr.path, self.pr.base, head)

    def publish(
        self,
        report: ScanReport,
        *,
        number: int = NUMBER,
        cap: int = 25,
        token: str | None = None,
        ctx: PullContext | None = None,
        settings: ClientSettings | None = None,
    ) -> Publication:
        ctx = ctx or self.context(number)
        client = self.client(token, settings)
        try:
            return publish(
                report,
                ctx,
                client,
                self.diff(ctx.pull.head_sha),
                PublishOptions(cap=cap, today=TODAY),
            )
        finally:
            client.close()

    # --- reading back -----------------------------------------------------------------------

    def comments(self, number: int = NUMBER) -> list[ReviewComment]:
        return self.server.review_comments(REPO, number)

    def ours(self, number: int = NUMBER) -> list[ReviewComment]:
        return [c for c in self.comments(number) if c.user == ACTIONS_BOT]

    def summaries(self, number: int = NUMBER) -> list[str]:
        return [
            c.body
            for c in self.server.issue_comments(REPO, number)
            if c.user == ACTIONS_BOT and c.body.startswith("<!-- sastflow:summary v1 -->")
        ]

    def status(self, sha: str) -> tuple[str, str] | None:
        found = self.server.status(REPO, sha, "sastflow/security-approval")
        return (found.state, found.description or "") if found else None


@pytest.fixture
def world(github_server: GitHubServer, pr_repo: PrRepo) -> Iterator[World]:
    server = github_server
    server.add_repo(REPO)
    server.add_token(TOKEN, ACTIONS_BOT, "write")
    server.add_token(READ_TOKEN, ACTIONS_BOT, "read")
    server.add_token(HUMAN_TOKEN, "mallory", "write")
    server.add_team("acme", "security", [TEAM_MEMBER])
    server.add_user(BOT_OWNER, "Bot")
    server.add_user(OWNER)
    server.add_user("random-dev")
    server.add_pull_from_git(
        REPO, NUMBER, pr_repo.path, author=AUTHOR, base=pr_repo.base, head=pr_repo.head1
    )
    yield World(server, pr_repo)
    assert server.schema_violations == [], server.schema_violations
    assert server.unknown_properties == [], server.unknown_properties


def approved(ctx: PullContext) -> PullContext:
    """The context as if a valid owner had approved (to publish an approved scan)."""
    return replace(ctx, decision=Decision((OWNER,), ()))
