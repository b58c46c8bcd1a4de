"""Publishing a scan to a pull request: inline review, summary comment, status, fixed replies,
and why a rerun (or a rerun after a crash) never posts anything twice."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from github import Auth, Github

from sastflow.github import markers
from sastflow.github.bodies import MAX_BODY_BYTES
from sastflow.github.client import ServerError
from sastflow.github.publish import own_summary, reevaluate
from sastflow.github.review import Where
from sastflow.model import Location, ScanReport
from sastflow.render.view import Status
from tests.ghserver import PullFile, ReviewState, pull_files
from tests.github.world import (
    ACTIONS_BOT,
    AUTHOR,
    HUMAN_TOKEN,
    NUMBER,
    OWNER,
    READ_TOKEN,
    REPO,
    World,
)

CONTEXT = "sastflow/security-approval"


def _rows(report: ScanReport) -> dict[tuple[str, int], list[str]]:
    """New finding groups by (path, line): their fingerprints."""
    from sastflow.github.review import new_rows

    return {(r.path, r.line): [f.fingerprint for f in r.findings] for r in new_rows(report)}


def test_first_run_posts_one_review_one_summary_and_a_failing_status(
    world: World, scan_head1: ScanReport
) -> None:
    rows = _rows(scan_head1)
    assert set(rows) == {
        ("app/new.py", 6),
        ("app/new.py", 10),
        ("app/new.py", 14),
        ("app/legacy.py", 6),
    }

    pub = world.publish(scan_head1)

    reviews = world.server.reviews(REPO, NUMBER)
    assert [(r.user, r.state, r.commit_id) for r in reviews] == [
        (ACTIONS_BOT, ReviewState.COMMENTED, world.pr.head1)
    ]
    comments = world.ours()
    # Only findings on lines the PR adds are inline, each group once, with every fingerprint.
    assert sorted((c.path, c.line, c.side) for c in comments) == [
        ("app/new.py", 6, "RIGHT"),
        ("app/new.py", 10, "RIGHT"),
        ("app/new.py", 14, "RIGHT"),
    ]
    for comment in comments:
        assert sorted(markers.finding_fingerprints(comment.body)) == sorted(
            rows[(comment.path, comment.line)]
        )
        assert "sastflow triage accept " in comment.body
        assert len(comment.body.encode()) <= MAX_BODY_BYTES
    calc = next(c for c in comments if c.line == 14)
    # eval of a function argument, no request data: medium (issue 13), blocking at the
    # world's `fail_on = "medium"`.
    assert "**🟨 Medium**" in calc.body and "blocks the merge" in calc.body
    # The flagged line, numbered and marked, with the lines around it.
    assert (
        "```python\n  12 |\n  13 | def calc(expr):\n> 14 |     return eval(expr)\n```" in calc.body
    )
    fp = rows[("app/new.py", 14)][0]
    assert re.search(
        rf"sastflow triage accept {fp} --rule \S+ --path app/new.py --reason \"…\" "
        r"--expires \d{4}-\d\d-\d\d",
        calc.body,
    )
    pending = next(c for c in comments if c.line == 6)
    assert "takes effect once a security code owner approves" in pending.body

    # The summary lists every new finding, including the one outside the diff.
    (summary,) = world.summaries()
    assert "`app/legacy.py:6` |" in summary and Where.OUTSIDE_DIFF.label in summary
    for path, line in rows:
        assert f"`{path}:{line}`" in summary
    assert "Ledger changes awaiting security approval" in summary
    assert "Inline suppressions this PR adds" in summary
    state = markers.read_state(summary)
    assert state == markers.RunState(world.pr.head1, 4, 4, 2, 2, False)

    assert world.status(world.pr.head1) == (
        "failure",
        "4 findings / 4 ledger changes need security approval",
    )
    users, teams = world.server.requested_reviewers(REPO, NUMBER)
    assert set(users) == {OWNER} and set(teams) == {"security"}  # never the bot or the author
    assert pub.posted and pub.status.state == "failure"
    # O(1) reads: each list once (one page each), one review creation.
    assert world.server.count("GET", r"/pulls/7/comments$") == 1
    assert world.server.count("GET", r"/issues/7/comments$") == 1
    assert world.server.count("POST", r"/pulls/7/reviews$") == 1


def test_rerun_posts_nothing_new(world: World, scan_head1: ScanReport) -> None:
    world.publish(scan_head1)
    writes = len(world.server.writes())

    again = world.publish(scan_head1)

    assert again.writes == ()
    assert len(world.server.writes()) == writes
    assert len(world.ours()) == 3 and len(world.summaries()) == 1


def test_a_fixed_finding_gets_one_reply_and_its_thread_resolved(
    world: World, scan_head1: ScanReport, scan_head2: ScanReport
) -> None:
    world.publish(scan_head1)
    fixed_fp = _rows(scan_head1)[("app/new.py", 14)][0]
    world.server.push_from_git(REPO, NUMBER, world.pr.path, world.pr.head2)

    world.publish(scan_head2)
    world.publish(scan_head2)  # a rerun does not reply again

    roots = [c for c in world.ours() if c.in_reply_to_id is None]
    replies = [c for c in world.ours() if c.in_reply_to_id is not None]
    calc = next(c for c in roots if fixed_fp in c.body)
    assert [(r.in_reply_to_id, markers.fixed_fingerprints(r.body)) for r in replies] == [
        (calc.id, (fixed_fp,))
    ]
    assert f"Fixed in `{world.pr.head2[:12]}`" in replies[0].body
    threads = {t.root_comment_id: t for t in world.server.threads(REPO, NUMBER)}
    assert threads[calc.id].resolved and threads[calc.id].resolved_by == ACTIONS_BOT
    assert not any(t.resolved for rid, t in threads.items() if rid != calc.id)
    assert len(roots) == 3  # nothing new was posted for the findings still there
    (summary,) = world.summaries()
    assert "`app/new.py:14`" not in summary
    assert world.status(world.pr.head2) == (
        "failure",
        "3 findings / 4 ledger changes need security approval",
    )


def test_a_humans_marker_is_never_edited_nor_trusted(world: World, scan_head1: ScanReport) -> None:
    calc_fp = _rows(scan_head1)[("app/new.py", 14)][0]
    forged_state = markers.state_marker(markers.RunState(world.pr.head1, 0, 0, 0, 0, False))
    world.server.add_issue_comment(
        REPO, NUMBER, "mallory", f"{markers.summary_marker()}\n{forged_state}\nall fine!"
    )
    human = Github(
        base_url=world.server.url,
        auth=Auth.Token(HUMAN_TOKEN),
        seconds_between_requests=0,
        seconds_between_writes=0,
    )
    human.get_repo(REPO).get_pull(NUMBER).create_review_comment(
        body=f"{markers.finding_marker(calc_fp)}\nlooks fine to me",
        commit=human.get_repo(REPO).get_commit(world.pr.head1),
        path="app/new.py",
        line=14,
    )

    world.publish(scan_head1)
    world.publish(scan_head1)

    mallory = [c for c in world.server.issue_comments(REPO, NUMBER) if c.user == "mallory"]
    assert [c.edited_by for c in mallory] == [()]
    assert len(world.summaries()) == 1  # sastflow's own, created next to the forged one
    assert [c.line for c in world.ours() if calc_fp in c.body] == [14]
    assert all(c.edited_by == () for c in world.comments() if c.user == "mallory")


def test_a_read_only_token_writes_nothing_and_says_why(
    world: World, scan_head1: ScanReport
) -> None:
    pub = world.publish(scan_head1, token=READ_TOKEN)

    assert world.server.writes() == []
    assert world.server.count("POST", "", status=403) == 1  # stopped at the first write
    assert not pub.posted
    assert any("token may not write" in note for note in pub.notes)
    assert pub.status.state == "failure"  # what it would have set
    assert "`app/legacy.py:6`" in pub.summary  # and the summary it would have posted


def test_a_line_github_refuses_goes_to_the_summary(world: World, scan_head1: ScanReport) -> None:
    # GitHub's diff of new.py stops at line 10 (as if it had cut the file's diff short):
    # the comment on line 14 gets the whole review refused with 422.
    files = pull_files(world.pr.path, world.pr.base, world.pr.head1)
    short = "\n".join(
        [
            "@@ -0,0 +1,10 @@",
            *(
                f"+{line}"
                for line in world.pr.repo.git("show", f"{world.pr.head1}:app/new.py").splitlines()[
                    :10
                ]
            ),
        ]
    )
    files = [
        PullFile(f.filename, f.status, short) if f.filename == "app/new.py" else f for f in files
    ]
    world.server.set_head(REPO, NUMBER, world.pr.head1, files)

    pub = world.publish(scan_head1)

    assert world.server.count("POST", r"/pulls/7/reviews$", status=422) == 1
    assert world.server.count("POST", r"/pulls/7/reviews$", status=200) == 1
    assert sorted(c.line for c in world.ours()) == [6, 10]
    (summary,) = world.summaries()
    row = next(line for line in summary.splitlines() if "`app/new.py:14`" in line)
    assert Where.REJECTED.label in row
    assert any("refused 1 inline comment" in note for note in pub.notes)


@pytest.mark.parametrize("writes_before_crash", [1, 3])
def test_a_crash_half_way_then_a_rerun_duplicates_nothing(
    world: World, scan_head1: ScanReport, writes_before_crash: int
) -> None:
    world.server.fail_after_writes(writes_before_crash, status=500)
    with pytest.raises(ServerError):
        world.publish(scan_head1)
    world.server.clear_faults()

    world.publish(scan_head1)
    world.publish(scan_head1)

    assert len(world.server.reviews(REPO, NUMBER)) == 1
    fps = [fp for c in world.ours() for fp in markers.finding_fingerprints(c.body)]
    assert len(fps) == len(set(fps)) == 6
    assert len(world.summaries()) == 1
    statuses = world.server.statuses(REPO, world.pr.head1)
    assert [s.state for s in statuses if s.context == CONTEXT] == ["failure"]


def test_sixty_findings_thirty_inline_the_rest_in_the_summary(
    world: World, scan_many: ScanReport
) -> None:
    world.server.add_pull_from_git(
        REPO, 8, world.pr.path, author=AUTHOR, base=world.pr.base, head=world.pr.many
    )
    rows = _rows(scan_many)
    assert len(rows) == 60

    pub = world.publish(scan_many, number=8, cap=40)  # asks for more than the hard max
    again = world.publish(scan_many, number=8, cap=40)

    inline = world.ours(8)
    assert len(inline) == 30 and len(world.server.reviews(REPO, 8)) == 1
    assert again.writes == ()
    (summary,) = world.summaries(8)
    for path, line in rows:  # nothing lost
        assert f"`{path}:{line}`" in summary
    assert summary.count(Where.OVER_CAP.label) == 30
    assert sum(1 for w in pub.plan.where.values() if w is Where.OVER_CAP) == 30
    assert len(summary.encode()) <= MAX_BODY_BYTES
    # Whatever the number of findings: one list request each, one review creation.
    assert world.server.count("GET", r"/pulls/8/comments$") == 2  # one per run
    assert world.server.count("GET", r"/issues/8/comments$") == 2
    assert world.server.count("POST", r"/pulls/8/reviews$") == 1
    # The most severe first; all the same here, so in file order.
    assert sorted(c.line for c in inline) == sorted(line for _p, line in rows)[:30]


def test_pending_findings_are_new_until_approved(scan_head1: ScanReport) -> None:
    from sastflow.github.review import new_rows

    statuses = {(r.path, r.line): r.status for r in new_rows(scan_head1)}
    assert statuses[("app/new.py", 6)] is Status.PENDING  # nosec/nosemgrep the PR adds
    assert statuses[("app/new.py", 10)] is Status.PENDING  # ledger entries the PR adds


def test_the_summary_lists_the_trust_files_the_pr_changes(
    world: World, scan_head1: ScanReport
) -> None:
    note = (
        "this PR changes .github/CODEOWNERS (CODEOWNERS); sastflow uses the base commit's "
        "version, the change takes effect after merge and needs security review"
    )
    world.publish(replace(scan_head1, notes=(note,)))

    (summary,) = world.summaries()
    assert ".github/CODEOWNERS" in summary and "needs security review" in summary


def test_review_events_keep_a_full_summary_within_the_size_limit(
    world: World, scan_many: ScanReport
) -> None:
    # 1,500 new findings fill the summary; then 40 people whose approval does not count.
    lead = scan_many.findings[0]
    findings = tuple(
        replace(
            lead,
            fingerprint=f"{i:032x}",
            location=Location("app/many.py", i + 1, 1, i + 1, 10),
            message=lead.message + " " + "x" * 80,
        )
        for i in range(1500)
    )
    report = replace(scan_many, findings=findings)
    world.publish(report, cap=0)
    (first,) = world.summaries()
    assert len(first.encode()) <= MAX_BODY_BYTES
    assert "more new findings not listed here" in first

    for i in range(40):
        world.server.add_review(REPO, NUMBER, f"friend-{i}", ReviewState.APPROVED)
    ctx = world.context()
    client = world.client()
    summary = own_summary(client.list_issue_comments(NUMBER), ctx.identity)
    assert summary is not None
    state = markers.read_state(summary.body)
    assert state is not None
    reevaluate(client, ctx, state, summary)

    (edited,) = world.summaries()
    assert edited != first and len(edited.encode()) <= MAX_BODY_BYTES
    assert edited.count("does not count: not a security code owner") == 10
    assert "…and 30 more approvals that do not count" in edited
    assert markers.read_state(edited) == state  # the counts survive the edit
