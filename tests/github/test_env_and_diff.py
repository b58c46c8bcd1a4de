"""The Actions environment and event payloads (GitHub's own examples), and the added-line map
on real git diffs (renames, odd file names)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sastflow.errors import UsageError
from sastflow.github.context import git_pushers
from sastflow.github.diffmap import added_lines, commentable_lines, unquote_git_path
from sastflow.github.env import EventKind, Secret, read_env, read_event
from sastflow.model import Confidence, Finding, Location, Rule, Severity
from tests.conftest import RepoFactory
from tests.ghserver import Event, event_payload, write_event

HEAD = "1" * 40
BASE = "2" * 40
TOKEN = "ghs_EnvTestToken0123456789abcdefghij"


def _environ(event_path: Path, name: str = "pull_request", **extra: str) -> dict[str, str]:
    env = {
        "GITHUB_API_URL": "https://ghe.example.com/api/v3",
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_EVENT_NAME": name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_SHA": "3" * 40,
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_WORKSPACE": "/work",
        "GITHUB_ACTOR": "dev",
    }
    env.update(extra)
    return env


def _event(tmp_path: Path, kind: Event = Event.OPENED, **kwargs: str) -> Path:
    payload = event_payload(
        kind, repo="acme/app", number=7, head_sha=HEAD, base_sha=BASE, author="dev", **kwargs
    )
    return write_event(tmp_path / "event.json", payload)


def test_pull_request_event_gives_the_pull_and_a_masked_token(tmp_path: Path) -> None:
    env = read_env(_environ(_event(tmp_path)))
    event = read_event(env)

    assert env.api_url == "https://ghe.example.com/api/v3"  # GHES works through the variable
    assert event.kind is EventKind.PULL_REQUEST and event.number == 7
    assert event.pull is not None
    assert (event.pull.head_sha, event.pull.base_sha, event.pull.author) == (HEAD, BASE, "dev")
    assert (event.pull.head_ref, event.pull.base_ref, event.pull.fork) == ("feature", "main", False)
    assert env.token is not None and env.token.reveal() == TOKEN
    for text in (repr(env), str(env), f"{env.token}", repr(env.token), str(env.token)):
        assert TOKEN not in text


def test_fork_and_review_payloads(tmp_path: Path) -> None:
    fork = read_event(read_env(_environ(_event(tmp_path, Event.FORK_OPENED))))
    assert fork.pull is not None and fork.pull.fork and fork.pull.head_repo == "dev/app"

    review_path = _event(tmp_path, Event.REVIEW_SUBMITTED, reviewer="sec-alice")
    review = read_event(read_env(_environ(review_path, "pull_request_review")))
    assert review.kind is EventKind.PULL_REQUEST_REVIEW
    assert (review.sender, review.review_state) == ("sec-alice", "approved")


def test_input_token_wins_over_github_token(tmp_path: Path) -> None:
    env = read_env(_environ(_event(tmp_path), **{"INPUT_GITHUB-TOKEN": "ghp_other"}))
    assert env.token == Secret("ghp_other")


def test_workflow_dispatch_takes_the_pr_number_from_its_input(tmp_path: Path) -> None:
    path = tmp_path / "dispatch.json"
    path.write_text(json.dumps({"inputs": {"pr": "12"}, "sender": {"login": "dev"}}))
    event = read_event(read_env(_environ(path, "workflow_dispatch")))
    assert (event.number, event.pull) == (12, None)

    path.write_text(json.dumps({"inputs": {}}))
    with pytest.raises(UsageError, match=r"inputs\.pr: missing"):
        read_event(read_env(_environ(path, "workflow_dispatch")))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"GITHUB_REPOSITORY": ""}, "GITHUB_REPOSITORY is not set"),
        ({"GITHUB_REPOSITORY": "no-slash"}, "GITHUB_REPOSITORY: 'no-slash' is not owner/name"),
        ({"GITHUB_EVENT_NAME": "push"}, "GITHUB_EVENT_NAME: sastflow pr does not run on 'push'"),
        ({"GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL: 'ftp://x' is not an http"),
        ({"GITHUB_SHA": "main"}, "GITHUB_SHA: 'main' is not a commit SHA"),
        ({"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "no such file"),
    ],
)
def test_bad_variables_are_one_line_errors_naming_them(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    environ = _environ(_event(tmp_path))
    environ.update(change)
    with pytest.raises(UsageError) as caught:
        read_event(read_env(environ))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_malformed_payloads_name_the_key(tmp_path: Path) -> None:
    path = _event(tmp_path)
    payload = json.loads(path.read_text())
    payload["pull_request"]["head"]["sha"] = "not-a-sha; rm -rf /"
    path.write_text(json.dumps(payload))
    with pytest.raises(UsageError, match=r"pull_request\.head\.sha: .* is malformed"):
        read_event(read_env(_environ(path)))

    path.write_text("{not json")
    with pytest.raises(UsageError, match="not JSON"):
        read_event(read_env(_environ(path)))


# --- the added-line map ----------------------------------------------------------------------


def _finding(path: str, start: int, end: int | None = None) -> Finding:
    rule = Rule("bandit.B307", "bandit", "eval", "eval", "help")
    return Finding(
        rule, "m", Severity.HIGH, Confidence.HIGH, Location(path, start, 1, end or start, 1), ""
    )


def test_added_lines_follow_renames_and_odd_names(git_repo_factory: RepoFactory) -> None:
    body = "".join(f"line{i} = {i}\n" for i in range(1, 21))
    repo = git_repo_factory({"old name.py": body, "keep.py": "a = 1\nb = 2\n"})
    base = repo.head()
    repo.git("mv", "old name.py", "new\tname ü.py")
    changed = body.replace("line5 = 5\n", "line5 = 55\nextra = 1\n")
    head = repo.commit(
        {"new\tname ü.py": changed, "keep.py": "a = 1\nb = 2\nc = 3\n", "gone.py": None},
        "rename and edit",
    )

    diff = added_lines(repo.path, base, head)

    assert diff.lines("new\tname ü.py") == frozenset({5, 6})
    assert diff.renamed_from["new\tname ü.py"] == "old name.py"
    assert diff.lines("keep.py") == frozenset({3})
    assert diff.target_line(_finding("new\tname ü.py", 4, 6)) == 5  # first added in range
    assert diff.target_line(_finding("new\tname ü.py", 1)) is None  # unchanged line
    assert diff.target_line(_finding("keep.py", 1)) is None


def test_git_quoting_and_github_patches() -> None:
    assert unquote_git_path('"a/new\\tname \\303\\274.py"') == "a/new\tname ü.py"
    assert unquote_git_path("plain.py") == "plain.py"
    patch = "@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,1 +11,1 @@\n-x\n+y"
    assert commentable_lines(patch) == {1, 2, 3, 4, 11}
    assert commentable_lines(None) == set()


def test_pushers_are_read_from_the_commits_noreply_addresses(
    git_repo_factory: RepoFactory, tmp_path: Path
) -> None:
    repo = git_repo_factory({"a.py": "x = 1\n"})
    repo.write({"a.py": "x = 2\n"})
    repo.git("add", "-A")
    repo.git(
        "commit", "-q", "-m", "change", "--author", "M <12345+mallory@users.noreply.github.com>"
    )
    sha = repo.head()
    # The committer (author@example.com) is no GitHub noreply address: only the author counts.
    assert git_pushers(repo.path, sha) == ("mallory",)
    assert git_pushers(repo.path, "0" * 40) == ()  # not in this clone
    written = tmp_path / "x"
    assert git_pushers(repo.path, f"--output={written}") == ()
    assert not written.exists()  # never reached git as an option
