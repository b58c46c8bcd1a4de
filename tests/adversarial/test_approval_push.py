"""An owner who pushed to a pull request cannot approve it, even under another name.

The attack: a security code owner pushes a commit written in the PR author's name (``git commit
--author``), somebody else pushes on top, and the owner approves the new head. The head commit
is not theirs, the ``synchronize`` event of the new push names somebody else: before, the
approval counted and the status went green. Now every commit of the PR since the last approval
by another owner, and the timeline's force pushes, are checked (real HTTP, the local server
keeps the commits and the timeline as GitHub does).
"""

from __future__ import annotations

from github import Auth, Github

from sastflow.github.context import read_context
from sastflow.model import ScanReport
from tests.ghserver import ReviewState
from tests.ghserver import fixture as _server_fixtures
from tests.github import world as _world
from tests.github.world import AUTHOR, NUMBER, OWNER, REPO, TEAM_MEMBER, TOKEN, World

# The GitHub suite's fixtures (a server holding PR #7, its git repository, one scan).
github_server = _server_fixtures.github_server
pr_repo = _world.pr_repo
scan_head1 = _world.scan_head1
world = _world.world

HEAD3 = "3" * 40  # a later push on top (its files are head 2's)


def _approve(world: World, login: str, commit: str) -> None:
    world.server.add_review(REPO, NUMBER, login, ReviewState.APPROVED, commit)


def test_an_owner_who_committed_under_the_authors_name_cannot_approve_a_later_head(
    world: World, scan_head1: ScanReport
) -> None:
    # The owner's commit says the author wrote it; git records the owner as committer.
    world.server.push_from_git(
        REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER, author=AUTHOR
    )
    world.server.set_head(REPO, NUMBER, HEAD3, pusher=AUTHOR)  # the author pushes on top
    _approve(world, OWNER, HEAD3)

    ctx = world.context()

    assert not ctx.decision.approved
    why = dict(ctx.decision.ignored)[OWNER]
    assert why == (
        f"authored or committed {world.pr.head2[:12]} to the pull request; "
        "an owner cannot approve their own push"
    )


def test_a_force_push_by_the_owner_is_seen_in_the_timeline_whatever_the_commit_says(
    world: World,
) -> None:
    # Author and committer both forged: only the force push's actor names the owner.
    world.server.push_from_git(
        REPO,
        NUMBER,
        world.pr.path,
        world.pr.head2,
        pusher=OWNER,
        author=AUTHOR,
        committer=AUTHOR,
        force=True,
    )
    world.server.set_head(REPO, NUMBER, HEAD3, pusher=AUTHOR)
    _approve(world, OWNER, HEAD3)

    ctx = world.context()

    assert not ctx.decision.approved
    assert dict(ctx.decision.ignored)[OWNER].startswith(f"force-pushed {world.pr.head2[:12]}")


def test_an_approval_by_another_owner_after_the_push_lets_the_pusher_approve_later_heads(
    world: World,
) -> None:
    world.server.push_from_git(
        REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER, author=AUTHOR
    )
    _approve(world, TEAM_MEMBER, world.pr.head2)  # reviewed the owner's push
    world.server.set_head(REPO, NUMBER, HEAD3, pusher=AUTHOR)
    _approve(world, OWNER, HEAD3)

    ctx = world.context()

    assert ctx.decision.approved_by == (OWNER,)  # TEAM_MEMBER approved an older head


def test_a_push_after_the_other_owners_approval_still_counts_against_the_pusher(
    world: World,
) -> None:
    _approve(world, TEAM_MEMBER, world.pr.head1)
    world.server.push_from_git(
        REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER, author=AUTHOR
    )
    world.server.set_head(REPO, NUMBER, HEAD3, pusher=AUTHOR)
    _approve(world, OWNER, HEAD3)

    ctx = world.context()

    assert not ctx.decision.approved
    assert (
        "since the last approval by another security code owner"
        in dict(ctx.decision.ignored)[OWNER]
    )


def test_the_gate_stays_failed_and_says_why(world: World, scan_head1: ScanReport) -> None:
    world.server.push_from_git(
        REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER, author=AUTHOR
    )
    world.server.set_head(REPO, NUMBER, world.pr.head1, pusher=AUTHOR)  # back to head 1
    _approve(world, OWNER, world.pr.head1)

    world.publish(scan_head1)

    state, _description = world.status(world.pr.head1) or ("", "")
    assert state == "failure"
    (summary,) = world.summaries()
    assert f"The approval by `@{OWNER}` does not count: authored or committed" in summary


def test_the_server_timeline_lists_pushes_and_reviews_in_order(world: World) -> None:
    world.server.push_from_git(
        REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER, author=AUTHOR, force=True
    )
    _approve(world, TEAM_MEMBER, world.pr.head2)
    gh = Github(base_url=world.server.url, auth=Auth.Token(TOKEN), lazy=True)
    try:
        events = list(gh.get_repo(REPO).get_issue(NUMBER).get_timeline())
    finally:
        gh.close()

    kinds = [e.event for e in events]
    assert kinds == ["committed", "head_ref_force_pushed", "reviewed"]
    assert events[1].actor.login == OWNER
    assert events[0].raw_data["author"]["email"].endswith(f"+{AUTHOR}@users.noreply.github.com")
    commits = world.client().pull_commits(NUMBER)
    assert [c.sha for c in commits] == [world.pr.head2]  # a force push replaces the commits
    assert commits[0].people == (AUTHOR, OWNER)  # `--author` keeps the committer


def test_without_the_timeline_the_commits_still_count_and_a_note_says_so(world: World) -> None:
    world.server.fail("GET", rf"/issues/{NUMBER}/timeline$", 404, times=None)
    world.server.push_from_git(
        REPO, NUMBER, world.pr.path, world.pr.head2, pusher=OWNER, author=AUTHOR
    )
    world.server.set_head(REPO, NUMBER, HEAD3, pusher=AUTHOR)
    _approve(world, OWNER, HEAD3)
    client = world.client()
    try:
        ctx, notes = read_context(client, REPO, world.pull(), world.owners())
    finally:
        client.close()

    assert not ctx.decision.approved  # the commit list still names the owner as committer
    assert notes == [
        "the pull request's timeline could not be read (HTTP 404): force pushes by an "
        "approving owner were not checked"
    ]
