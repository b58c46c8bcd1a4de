"""Security code owners: CODEOWNERS at the base commit, GitHub's matching, config additions."""

from __future__ import annotations

from sastflow.github.owners import parse_owners
from sastflow.trust import security_owners as read_owners
from tests.conftest import RepoFactory

LEDGER = "triage/ledger.yml"


def test_the_last_matching_line_wins_and_emails_are_ignored_with_a_note() -> None:
    text = (
        "* @everyone\n"
        "/triage/ @acme/security sec@example.com\n"
        "*.yml @yaml-people\n"  # later and matching: GitHub takes this one for the ledger
    )
    owners = parse_owners(text, LEDGER, "CODEOWNERS")
    assert (owners.users, owners.teams) == (("yaml-people",), ())

    owners = parse_owners(
        "/triage/ @acme/security sec@example.com @sec-bot[bot]\n", LEDGER, "CODEOWNERS", ["carol"]
    )
    assert owners.users == ("sec-bot[bot]", "carol") and owners.teams == ("acme/security",)
    assert any("email owner sec@example.com" in n for n in owners.notes)
    assert any("@sec-bot[bot] is a bot" in n for n in owners.notes)
    assert owners.describe() == "@carol, @acme/security"  # a bot is never offered as approver


def test_owners_come_from_the_base_commit_not_the_pr(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory(
        {
            ".github/CODEOWNERS": "/triage/ @alice\n",
            "CODEOWNERS": "/triage/ @root-file-owner\n",  # .github/ is looked at first
        }
    )
    base = repo.head()
    repo.commit({".github/CODEOWNERS": "/triage/ @mallory\n"}, "make me an owner")

    owners = read_owners(repo.path, base, LEDGER)

    assert owners.users == ("alice",) and owners.source == f".github/CODEOWNERS@{base[:12]}"
    assert not owners.is_owner("mallory") and owners.is_owner("ALICE")


def test_no_codeowners_and_no_config_means_nobody_can_approve(
    git_repo_factory: RepoFactory,
) -> None:
    repo = git_repo_factory({"app.py": "x = 1\n"})
    owners = read_owners(repo.path, repo.head(), LEDGER)
    assert owners.empty and owners.describe() == "nobody"
    assert any("nobody can approve" in n for n in owners.notes)

    owners = read_owners(repo.path, repo.head(), LEDGER, ["acme/appsec", "dana"])
    assert owners.teams == ("acme/appsec",) and owners.users == ("dana",) and not owners.notes
