"""GitHub answering badly: rate limits, server errors, a write that may have happened."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sastflow.github import markers
from sastflow.github.client import Forbidden, RateLimited, ServerError
from sastflow.model import ScanReport
from tests.github.world import FAST, NUMBER, READ_TOKEN, REPO, World


def test_429_with_retry_after_is_retried_and_succeeds(world: World, scan_head1: ScanReport) -> None:
    world.server.fail("POST", r"/pulls/7/reviews$", 429, headers={"Retry-After": "1"})

    pub = world.publish(scan_head1)

    assert world.server.count("POST", r"/pulls/7/reviews$", status=429) == 1
    assert world.server.count("POST", r"/pulls/7/reviews$", status=200) == 1
    assert len(world.ours()) == 3 and pub.posted


def test_secondary_rate_limit_403_with_retry_after_is_retried(
    world: World, scan_head1: ScanReport
) -> None:
    world.server.fail("POST", r"/issues/7/comments$", 403, headers={"Retry-After": "1"})

    world.publish(scan_head1)

    assert world.server.count("POST", r"/issues/7/comments$", status=403) == 1
    assert len(world.summaries()) == 1


def test_a_wait_longer_than_the_budget_fails_at_once(world: World) -> None:
    world.server.fail("GET", r"/pulls/7$", 429, headers={"Retry-After": "3600"}, times=None)
    client = world.client(settings=replace(FAST, max_wait=5.0))

    with pytest.raises(RateLimited, match="wait budget"):
        client.get_pull(NUMBER)

    assert world.server.count("GET", r"/pulls/7$") == 1  # no pointless retries either
    assert client.budget.spent == 0


def test_5xx_on_reads_is_retried_with_backoff(world: World, scan_head1: ScanReport) -> None:
    world.server.fail("GET", r"/pulls/7/comments$", 502, times=2)

    world.publish(scan_head1)

    assert world.server.count("GET", r"/pulls/7/comments$", status=502) == 2
    assert world.server.count("GET", r"/pulls/7/comments$", status=200) == 1


def test_a_persistent_5xx_is_a_github_error_after_bounded_retries(world: World) -> None:
    world.server.fail("GET", r"/pulls/7/reviews$", 503, times=None)
    client = world.client()

    with pytest.raises(ServerError, match=r"list reviews #7: HTTP 503"):
        client.list_reviews(NUMBER)

    assert world.server.count("GET", r"/pulls/7/reviews$") == FAST.retries + 1


def test_a_post_answered_502_is_not_replayed_blindly(world: World, scan_head1: ScanReport) -> None:
    # The review was written, but the answer was lost: sastflow must read before writing again.
    world.server.fail("POST", r"/issues/7/comments$", 502)

    world.publish(scan_head1)

    assert world.server.count("POST", r"/issues/7/comments$") == 2  # one 502, one retry
    calls = [(r.method, r.path, r.status) for r in world.server.requests]
    failed = calls.index(("POST", f"/repos/{REPO}/issues/{NUMBER}/comments", 502))
    # Not replayed by the transport: the next request reads the comments again.
    assert calls[failed + 1][:2] == ("GET", f"/repos/{REPO}/pulls/{NUMBER}/comments")
    assert world.server.count("POST", r"/pulls/7/reviews$") == 1  # re-read: already there
    fps = [fp for c in world.ours() for fp in markers.finding_fingerprints(c.body)]
    assert len(fps) == len(set(fps)) == 6
    assert len(world.summaries()) == 1


def test_forbidden_reads_and_writes_are_typed(world: World) -> None:
    client = world.client(READ_TOKEN)
    assert client.authenticated_login() is None  # an installation token: GET /user is 403
    with pytest.raises(Forbidden, match="Resource not accessible by integration"):
        client.create_status(world.pr.head1, "failure", "sastflow/security-approval", "x")
    assert world.server.writes() == []
    assert client.counters.create == 1 and client.counters.get == 1


def test_counters_show_constant_list_requests(world: World, scan_head1: ScanReport) -> None:
    ctx = world.context()
    client = world.client()
    from sastflow.github.publish import PublishOptions, publish
    from tests.github.world import TODAY

    publish(scan_head1, ctx, client, world.diff(world.pr.head1), PublishOptions(today=TODAY))

    assert client.counters.list == 2  # review comments, issue comments: one page each
    assert client.counters.create == 4  # status, review, summary, review request
    assert client.counters.by_call[f"create review #{NUMBER}"] == 1
    assert world.server.count("GET", rf"/repos/{REPO}/pulls/{NUMBER}/comments$") == 1

    # A rerun on the same head reads the same lists and writes nothing: no request per comment
    # (PyGithub would re-fetch each listed review comment to look for `in_reply_to_id`).
    before = len(world.server.requests)
    again = world.client()
    publish(
        scan_head1, world.context(), again, world.diff(world.pr.head1), PublishOptions(today=TODAY)
    )
    rerun = world.server.requests[before:]
    assert world.server.count("GET", r"/pulls/comments/\d+$") == 0
    assert [r for r in rerun if r.method != "GET"] == []
    assert again.counters.list == 2 and again.counters.get == client.counters.get
