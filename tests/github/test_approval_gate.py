"""The security-approval gate: whose approval counts, on which commit, and what it unlocks."""

from __future__ import annotations

from sastflow.github.approval import ApprovalState
from sastflow.model import LedgerStatus, ScanReport
from sastflow.render.view import Status
from tests.ghserver import ReviewState
from tests.github.world import (
    ACTIONS_BOT,
    AUTHOR,
    BOT_OWNER,
    NUMBER,
    OWNER,
    REPO,
    TEAM_MEMBER,
    TOKEN,
    World,
)

FAILING = ("failure", "4 findings / 4 ledger changes need security approval")


def _approve(world: World, login: str, commit: str | None = None) -> None:
    world.server.add_review(REPO, NUMBER, login, ReviewState.APPROVED, commit)


def test_approval_by_a_non_owner_does_not_count(world: World, scan_head1: ScanReport) -> None:
    _approve(world, "random-dev")
    ctx = world.context()

    pub = world.publish(scan_head1, ctx=ctx)

    assert not ctx.decision.approved
    assert ctx.decision.ignored[0][0] == "random-dev"
    assert "not a security code owner" in ctx.decision.ignored[0][1]
    assert world.status(world.pr.head1) == FAILING
    assert pub.status.approval is ApprovalState.REQUIRED
    (summary,) = world.summaries()
    assert "The approval by `@random-dev` does not count: not a security code owner" in summary
    assert "@random-dev" not in summary.replace("`@random-dev`", "")  # shown, never mentioned


def test_bots_never_count_even_when_listed_as_owners(world: World, scan_head1: ScanReport) -> None:
    _approve(world, BOT_OWNER)
    _approve(world, ACTIONS_BOT)

    ctx = world.context()

    assert not ctx.decision.approved
    assert {login: why for login, why in ctx.decision.ignored} == {
        BOT_OWNER: "a bot's approval never counts",
        ACTIONS_BOT: "a bot's approval never counts",
    }


def test_a_team_member_counts_only_when_the_team_can_be_read(world: World) -> None:
    _approve(world, TEAM_MEMBER)
    assert world.context().decision.approved_by == (TEAM_MEMBER,)

    # The job's own GITHUB_TOKEN cannot read team members: fail closed, and say so.
    world.server.add_token(TOKEN, ACTIONS_BOT, "write", read_org=False)
    ctx = world.context()
    assert not ctx.decision.approved
    assert any("cannot read the members of @acme/security" in n for n in ctx.owners.notes)


def test_owner_approves_the_head_then_pending_entries_apply_and_the_status_succeeds(
    world: World, scan_head1: ScanReport, scan_head1_approved: ScanReport
) -> None:
    world.publish(scan_head1)
    assert world.status(world.pr.head1) == FAILING
    _approve(world, OWNER)

    ctx = world.context()
    assert ctx.decision.approved_by == (OWNER,)
    # The job scans again with security_approved=True: the PR's ledger entries and inline
    # suppressions now silence their findings.
    pub = world.publish(scan_head1_approved, ctx=ctx)

    assert world.status(world.pr.head1) == ("success", f"approved by @{OWNER}")
    assert pub.status.approval is ApprovalState.APPROVED
    assert not scan_head1_approved.pending_ledger
    assert {o.status for o in scan_head1_approved.ledger} == {LedgerStatus.ACCEPTED}
    statuses = {(f.path, f.line): f for f in scan_head1_approved.findings}
    assert statuses[("app/new.py", 10)].suppressed and statuses[("app/new.py", 6)].suppressed
    (summary,) = world.summaries()
    assert "Ledger changes awaiting security approval" not in summary
    assert f"approved by `@{OWNER}`" in summary
    assert "`app/new.py:10`" not in summary  # accepted now, no longer a new finding


def test_a_push_after_approval_needs_approval_again(
    world: World, scan_head1_approved: ScanReport, scan_head2: ScanReport
) -> None:
    _approve(world, OWNER)
    world.publish(scan_head1_approved, ctx=world.context())
    assert world.status(world.pr.head1) == ("success", f"approved by @{OWNER}")

    world.server.push_from_git(REPO, NUMBER, world.pr.path, world.pr.head2)
    ctx = world.context()
    world.publish(scan_head2, ctx=ctx)

    assert not ctx.decision.approved
    assert "approved an older commit" in dict(ctx.decision.ignored)[OWNER]
    assert world.status(world.pr.head2) == (
        "failure",
        "3 findings / 4 ledger changes need security approval",
    )


def test_an_owner_who_pushed_the_head_cannot_approve_it(world: World) -> None:
    world.server.push_from_git(REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER)
    _approve(world, OWNER, world.pr.head2)

    ctx = world.context()

    assert not ctx.decision.approved
    assert dict(ctx.decision.ignored)[OWNER] == "authored or pushed the head commit"


def test_the_latest_decision_per_reviewer_wins(world: World) -> None:
    _approve(world, OWNER)
    world.server.add_review(REPO, NUMBER, OWNER, ReviewState.COMMENTED, body="one more thing")
    assert world.context().decision.approved_by == (OWNER,)  # a comment changes nothing

    world.server.add_review(REPO, NUMBER, OWNER, ReviewState.CHANGES_REQUESTED, body="no")
    assert not world.context().decision.approved

    _approve(world, TEAM_MEMBER)
    world.server.add_review(REPO, NUMBER, TEAM_MEMBER, ReviewState.DISMISSED)
    assert not world.context().decision.approved


def test_an_author_who_is_an_owner_cannot_approve_their_own_pr(world: World) -> None:
    world.server.add_pull_from_git(
        REPO, 9, world.pr.path, author=OWNER, base=world.pr.base, head=world.pr.head1
    )
    world.server.add_review(REPO, 9, OWNER, ReviewState.APPROVED)  # GitHub forbids it anyway

    ctx = world.context(9)

    assert not ctx.decision.approved
    assert dict(ctx.decision.ignored)[OWNER] == "the pull request's author cannot approve it"


def test_nothing_to_approve_is_success(world: World, scan_head1_approved: ScanReport) -> None:
    # No blocking findings left once everything is accepted: fail_on=never for this run.
    from dataclasses import replace

    quiet = replace(scan_head1_approved, fail_on=None, ledger=())
    pub = world.publish(quiet)

    assert world.status(world.pr.head1) == ("success", "nothing needs security approval")
    assert pub.status.approval is ApprovalState.NOT_REQUIRED
    assert world.server.requested_reviewers(REPO, NUMBER) == ((), ())
    assert AUTHOR not in world.server.requested_reviewers(REPO, NUMBER)[0]


def test_approved_scan_marks_the_accepted_rows(scan_head1_approved: ScanReport) -> None:
    from sastflow.render.view import build_rows

    statuses = {(r.path, r.line): r.status for r in build_rows(scan_head1_approved)}
    assert statuses[("app/new.py", 10)] is Status.ACCEPTED
    assert statuses[("app/new.py", 6)] is Status.IN_SOURCE
    assert statuses[("app/new.py", 14)] is Status.NEW
