"""sastflow.github.markers: the hidden markers sastflow finds its own comments by. A marker is
only text; whether a comment is sastflow's is decided by its author, so a forged marker in
someone else's comment is never trusted."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sastflow.github import markers

FP = "0123456789abcdef"


@dataclass(frozen=True)
class User:
    login: str


@dataclass(frozen=True)
class Comment:
    user: User
    body: str


def test_a_finding_marker_round_trips_and_only_on_its_own_line() -> None:
    body = f"{markers.finding_marker(FP)}\n**High** eval on user input"
    assert markers.finding_fingerprints(body) == (FP,)
    quoted = f"> {markers.finding_marker(FP)}\nsee above"  # a reply quoting our comment
    assert markers.finding_fingerprints(quoted) == ()


@pytest.mark.parametrize("bad", ["not-hex", "ABC", "0123 -->\n<!-- x", "a" * 200])
def test_a_marker_is_never_built_around_something_that_is_no_fingerprint(bad: str) -> None:
    with pytest.raises(ValueError, match="not a fingerprint"):
        markers.finding_marker(bad)


def test_a_forged_marker_in_a_non_bot_comment_is_not_trusted() -> None:
    ours = Comment(User(markers.ACTIONS_BOT), markers.finding_marker(FP))
    forged = Comment(User("mallory"), markers.finding_marker(FP))
    lookalike = Comment(User("github-actions"), markers.summary_marker())  # no [bot]
    identity = markers.Identity(markers.ACTIONS_BOT)
    assert identity.own([ours, forged, lookalike]) == [ours]
    assert identity.owns("GitHub-Actions[bot]")  # logins compare without case


def test_the_run_state_is_read_back_and_a_broken_one_is_none() -> None:
    state = markers.RunState(
        head="a" * 40,
        blocking=2,
        new=3,
        pending_ledger=1,
        pending_inline=0,
        incomplete=False,
    )
    body = f"{markers.summary_marker()}\nsummary text\n{markers.state_marker(state)}"
    assert markers.is_summary(body)
    assert markers.read_state(body) == state
    assert markers.read_state(body.replace('"blocking": 2', '"blocking": "two"')) is None
    assert markers.read_state("no state here") is None
    assert not markers.is_summary(f"quoted:\n{markers.summary_marker()}")
