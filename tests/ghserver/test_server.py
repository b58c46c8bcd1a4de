"""The GitHub test server, driven by real PyGithub over HTTP the way sastflow drives it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from github import Auth, Github, GithubException, GithubRetry

from . import (
    AlertState,
    Event,
    GitHubServer,
    PullFile,
    ReviewState,
    event_payload,
    pull_files,
)
from .fixture import github_server  # noqa: F401  (the fixture under test)

REPO = "acme/app"
HEAD = "a" * 40
BASE = "b" * 40
BOT = "github-actions[bot]"
PATCH = "\n".join(
    [
        "@@ -1,4 +1,6 @@",
        " import os",
        "+import subprocess",
        " ",
        " def run(cmd):",
        "-    os.system(cmd)",
        "+    subprocess.call(cmd, shell=True)",
        "+    return 0",
        "@@ -20,2 +22,3 @@ def other():",
        "     x = 1",
        "+    y = 2",
        "     return x",
    ]
)


def _client(server: GitHubServer, token: str = "write-token", **kwargs: Any) -> Github:  # noqa: S107
    # PyGithub waits 0.25 s between requests and 1 s between writes by default.
    kwargs.setdefault("seconds_between_requests", 0)
    kwargs.setdefault("seconds_between_writes", 0)
    return Github(base_url=server.url, auth=Auth.Token(token), **kwargs)


@pytest.fixture
def server(github_server: GitHubServer) -> GitHubServer:  # noqa: F811
    github_server.add_repo(REPO)
    github_server.add_token("write-token", BOT, "write")
    github_server.add_token("fork-token", BOT, "read")
    github_server.add_token("alice-token", "alice", "write")
    github_server.add_pull(
        REPO,
        7,
        author="dev",
        head_sha=HEAD,
        base_sha=BASE,
        files=[PullFile("app.py", "modified", PATCH), PullFile("logo.png", "added", None)],
    )
    return github_server


def test_review_with_inline_comments_reads_back_as_posted(server: GitHubServer) -> None:
    pull = _client(server).get_repo(REPO).get_pull(7)
    assert (pull.head.sha, pull.base.sha, pull.base.ref) == (HEAD, BASE, "main")
    assert pull.head.repo.full_name == REPO
    assert pull.user.login == "dev"

    review = pull.create_review(
        body="2 new findings",
        event="COMMENT",
        comments=[
            {"path": "app.py", "line": 5, "side": "RIGHT", "body": "shell=True <!-- fp:1 -->"},
            {"path": "app.py", "line": 4, "side": "LEFT", "body": "was here"},
            {"path": "app.py", "position": 10, "body": "by position"},
            {"path": "app.py", "start_line": 2, "line": 6, "body": "a range"},
        ],
    )
    assert review.state == "COMMENTED"
    assert review.user.login == BOT
    assert review.commit_id == HEAD

    got = [(c.path, c.line, c.side, c.body, c.user.login) for c in pull.get_review_comments()]
    assert got == [
        ("app.py", 5, "RIGHT", "shell=True <!-- fp:1 -->", BOT),
        ("app.py", 4, "LEFT", "was here", BOT),
        ("app.py", 23, "RIGHT", "by position", BOT),
        ("app.py", 6, "RIGHT", "a range", BOT),
    ]
    stored = server.review_comments(REPO, 7)
    assert {c.review_id for c in stored} == {review.id}
    assert stored[3].start_line == 2
    assert stored[0].diff_hunk.endswith("+    subprocess.call(cmd, shell=True)")
    assert [r.state for r in server.reviews(REPO, 7)] == [ReviewState.COMMENTED]
    assert server.schema_violations == []


def test_review_without_event_stays_pending_and_hidden_from_others(server: GitHubServer) -> None:
    mine = _client(server).get_repo(REPO).get_pull(7)
    mine.create_review(body="draft", comments=[{"path": "app.py", "line": 2, "body": "x"}])
    assert [r.state for r in mine.get_reviews()] == ["PENDING"]

    alice = _client(server, "alice-token").get_repo(REPO).get_pull(7)
    assert list(alice.get_reviews()) == []
    assert list(alice.get_review_comments()) == []
    with pytest.raises(GithubException) as err:
        mine.create_review(body="again")
    assert err.value.status == 422


def test_line_outside_the_diff_rejects_the_whole_review(server: GitHubServer) -> None:
    pull = _client(server).get_repo(REPO).get_pull(7)
    good: Any = {"path": "app.py", "line": 2, "body": "fine"}
    bad: Any
    for bad in (
        {"path": "app.py", "line": 12, "body": "between hunks"},
        {"path": "app.py", "start_line": 6, "line": 5, "body": "range ends before it starts"},
        {"path": "logo.png", "line": 1, "body": "binary, no patch"},
        {"path": "other.py", "line": 1, "body": "not in the PR"},
        {"path": "app.py", "line": 2, "body": "x" * 65_537},
    ):
        with pytest.raises(GithubException) as err:
            pull.create_review(body="summary", event="COMMENT", comments=[good, bad])
        assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        pull.create_review(body="y" * 65_537, event="COMMENT")
    assert err.value.status == 422
    assert "too long" in str(err.value.data)
    assert server.reviews(REPO, 7) == []
    assert server.review_comments(REPO, 7) == []
    # The largest body GitHub accepts goes through.
    pull.create_review(body="y" * 65_536, event="COMMENT")
    assert len(server.reviews(REPO, 7)) == 1


def test_review_rules_author_approval_and_actions_bot(server: GitHubServer) -> None:
    server.add_token("dev-token", "dev", "write")
    own = _client(server, "dev-token").get_repo(REPO).get_pull(7)
    with pytest.raises(GithubException) as err:
        own.create_review(event="APPROVE")
    assert "your own pull request" in str(err.value.data)
    with pytest.raises(GithubException) as err:
        _client(server).get_repo(REPO).get_pull(7).create_review(event="APPROVE")
    assert "not permitted to approve" in str(err.value.data)
    review = (
        _client(server, "alice-token").get_repo(REPO).get_pull(7).create_review(event="APPROVE")
    )
    assert review.state == "APPROVED"
    assert [(r.user, r.state, r.commit_id) for r in server.reviews(REPO, 7)] == [
        ("alice", ReviewState.APPROVED, HEAD)
    ]


def test_pagination_across_250_comments(server: GitHubServer) -> None:
    for i in range(250):
        server.add_issue_comment(REPO, 7, "alice", f"comment {i}")
    pull = _client(server, per_page=100).get_repo(REPO).get_pull(7)
    comments = pull.get_issue_comments()
    assert comments.totalCount == 250
    assert [c.body for c in comments] == [f"comment {i}" for i in range(250)]
    pages = [r for r in server.requests if r.path.endswith("/issues/7/comments")]
    assert sorted(r.query.get("page", ("1",))[0] for r in pages) == ["1", "1", "2", "3"]

    raw = requests.get(
        f"{server.url}/repos/{REPO}/issues/7/comments",
        params={"per_page": 500, "page": 2},
        headers={"Authorization": "token write-token"},
        timeout=10,
    )
    assert len(raw.json()) == 100  # per_page is capped at 100
    assert 'rel="next"' in raw.headers["Link"] and 'rel="prev"' in raw.headers["Link"]
    assert int(raw.headers["X-RateLimit-Remaining"]) < 5000


def test_read_only_token_cannot_write(server: GitHubServer) -> None:
    repo = _client(server, "fork-token").get_repo(REPO)
    pull = repo.get_pull(7)
    assert [f.filename for f in pull.get_files()] == ["app.py", "logo.png"]
    attempts: list[Callable[[], object]] = [
        lambda: pull.create_review(body="x", event="COMMENT"),
        lambda: pull.create_issue_comment("x"),
        lambda: repo.get_commit(HEAD).create_status("failure", context="sastflow"),
        lambda: pull.create_review_request(reviewers=["alice"]),
    ]
    for attempt in attempts:
        with pytest.raises(GithubException) as err:
            attempt()
        assert err.value.status == 403
        assert err.value.data["message"] == "Resource not accessible by integration"
    assert server.writes() == []
    assert server.reviews(REPO, 7) == [] and server.issue_comments(REPO, 7) == []


def test_authentication(server: GitHubServer) -> None:
    with pytest.raises(GithubException) as err:
        _client(server).get_user().login  # noqa: B018  (the property triggers the request)
    assert err.value.status == 403  # GITHUB_TOKEN is an installation token
    assert _client(server, "alice-token").get_user().login == "alice"
    with pytest.raises(GithubException) as err:
        _client(server, "nope").get_repo(REPO)
    assert err.value.status == 401
    assert requests.get(f"{server.url}/repos/{REPO}", timeout=10).status_code == 401


def test_rate_limit_429_and_403_are_retried_once(server: GitHubServer) -> None:
    retry = GithubRetry(total=3, backoff_factor=0.01)
    pull = _client(server, retry=retry).get_repo(REPO).get_pull(7)
    limited = server.fail("POST", r"/issues/7/comments$", 429, headers={"Retry-After": "1"})
    pull.create_issue_comment("summary")
    assert limited.hits == 1
    assert server.count("POST", r"/issues/7/comments$") == 2
    assert server.count("POST", r"/issues/7/comments$", status=429) == 1
    assert [c.body for c in server.issue_comments(REPO, 7)] == ["summary"]

    secondary = server.fail("POST", r"/reviews$", 403, headers={"Retry-After": "1"})
    pull.create_review(body="ok", event="COMMENT")
    assert secondary.hits == 1
    assert len(server.reviews(REPO, 7)) == 1


def test_server_errors_and_crash_after_writes(server: GitHubServer) -> None:
    pull = _client(server, retry=None).get_repo(REPO).get_pull(7)
    server.fail("GET", r"/pulls/7/files", 502)
    with pytest.raises(GithubException) as err:
        list(pull.get_files())
    assert err.value.status == 502
    assert len(list(pull.get_files())) == 2  # only once

    server.fail_after_writes(2)
    pull.create_issue_comment("one")
    pull.create_issue_comment("two")
    with pytest.raises(GithubException) as err:
        pull.create_issue_comment("three")
    assert err.value.status == 500
    assert [c.body for c in server.issue_comments(REPO, 7)] == ["one", "two"]
    server.clear_faults()
    pull.create_issue_comment("three")
    assert len(server.issue_comments(REPO, 7)) == 3


def test_schema_violations_are_rejected_and_recorded(server: GitHubServer) -> None:
    url = f"{server.url}/repos/{REPO}"
    auth = {"Authorization": "Bearer write-token"}
    bad: list[tuple[str, Any]] = [
        (f"{url}/pulls/7/reviews", {"event": "LGTM", "body": "x"}),
        (f"{url}/pulls/7/reviews", {"comments": [{"line": 2, "body": "no path"}]}),
        (f"{url}/statuses/{HEAD}", {"state": "red"}),
        (f"{url}/issues/7/comments", {"text": "body missing"}),
    ]
    for target, body in bad:
        answer = requests.post(target, json=body, headers=auth, timeout=10)
        assert answer.status_code == 422, body
        assert answer.json()["message"].startswith("Invalid request.")
    assert [v.endpoint for v in server.schema_violations] == [
        "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        "POST /repos/{owner}/{repo}/statuses/{sha}",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]
    assert "'LGTM' is not one of" in server.schema_violations[0].message
    assert server.reviews(REPO, 7) == [] and server.statuses(REPO, HEAD) == []
    broken = requests.post(f"{url}/issues/7/comments", data=b"{", headers=auth, timeout=10)
    assert broken.status_code == 400


def test_status_and_combined_status(server: GitHubServer) -> None:
    commit = _client(server).get_repo(REPO).get_commit(HEAD)
    commit.create_status("success", description="tests", context="ci")
    commit.create_status(
        "failure",
        description="2 findings need security approval",
        context="sastflow/security-approval",
    )
    combined = commit.get_combined_status()
    assert combined.state == "failure"
    assert {s.context: s.state for s in combined.statuses} == {
        "ci": "success",
        "sastflow/security-approval": "failure",
    }
    commit.create_status("success", description="approved", context="sastflow/security-approval")
    assert commit.get_combined_status().state == "success"
    assert [s.state for s in commit.get_statuses()] == ["success", "failure", "success"]
    latest = server.status(REPO, HEAD, "sastflow/security-approval")
    assert latest is not None and (latest.state, latest.creator) == ("success", BOT)
    with pytest.raises(GithubException) as err:
        commit.create_status("success", description="d" * 141, context="x")
    assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        _client(server).get_repo(REPO).get_commit("c" * 40).create_status("success")
    assert err.value.status == 422  # no such commit


def test_requested_reviewers_and_team_members(server: GitHubServer) -> None:
    server.add_team("acme", "security", ["alice", "sam"])
    gh = _client(server)
    members = gh.get_organization("acme").get_team_by_slug("security").get_members()
    assert [m.login for m in members] == ["alice", "sam"]

    pull = gh.get_repo(REPO).get_pull(7)
    pull.create_review_request(reviewers=["alice"], team_reviewers=["security"])
    users, teams = pull.get_review_requests()
    assert ([u.login for u in users], [t.slug for t in teams]) == (["alice"], ["security"])
    assert server.requested_reviewers(REPO, 7) == (("alice",), ("security",))
    with pytest.raises(GithubException) as err:
        pull.create_review_request(reviewers=["dev"])
    assert err.value.status == 422  # the author
    server.add_review(REPO, 7, "alice", "APPROVED")
    assert server.requested_reviewers(REPO, 7) == ((), ("security",))
    pull.delete_review_request(reviewers=[], team_reviewers=["security"])
    assert server.requested_reviewers(REPO, 7) == ((), ())

    server.add_token("no-org", BOT, "write", read_org=False)
    with pytest.raises(GithubException) as err:
        list(
            _client(server, "no-org")
            .get_organization("acme")
            .get_team_by_slug("security")
            .get_members()
        )
    assert err.value.status == 403


def test_new_push_outdates_comments_and_moves_the_head(server: GitHubServer) -> None:
    pull = _client(server).get_repo(REPO).get_pull(7)
    pull.create_review(
        body="s",
        event="COMMENT",
        comments=[
            {"path": "app.py", "line": 2, "body": "a"},
            {"path": "app.py", "line": 23, "body": "b"},
        ],
    )
    server.add_review(REPO, 7, "alice", "approved")  # as the webhook spells it
    new_head = "d" * 40
    server.set_head(
        REPO,
        7,
        new_head,
        files=[PullFile("app.py", "modified", "@@ -1 +1,2 @@\n x\n+import subprocess")],
        pusher="alice",
    )
    pull = _client(server).get_repo(REPO).get_pull(7)
    assert pull.head.sha == new_head
    # Who pushed last (an approver pushing then approving must not count).
    assert [(c.sha, c.author.login) for c in pull.get_commits()] == [
        (HEAD, "dev"),
        (new_head, "alice"),
    ]
    assert [(c.line, c.outdated) for c in server.review_comments(REPO, 7)] == [
        (2, False),
        (None, True),
    ]
    approvals = [r for r in server.reviews(REPO, 7) if r.state is ReviewState.APPROVED]
    assert [r.commit_id for r in approvals] == [HEAD]  # an approval of the old head
    with pytest.raises(GithubException):
        pull.create_review(
            body="s", event="COMMENT", comments=[{"path": "app.py", "line": 23, "body": "gone"}]
        )


def test_replies_edits_deletes_and_resolving_threads(server: GitHubServer) -> None:
    gh = _client(server)
    pull = gh.get_repo(REPO).get_pull(7)
    pull.create_review(
        body="s", event="COMMENT", comments=[{"path": "app.py", "line": 2, "body": "finding"}]
    )
    (root,) = list(pull.get_review_comments())
    reply = pull.create_review_comment_reply(root.id, "fixed")
    assert reply.in_reply_to_id == root.id
    root.edit("finding (edited)")
    assert server.review_comments(REPO, 7)[0].edited_by == (BOT,)

    (thread,) = server.threads(REPO, 7)
    answer = requests.post(
        server.graphql_url,
        json={
            "query": "mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) "
            "{ thread { id isResolved } } }",
            "variables": {"id": thread.id},
        },
        headers={"Authorization": "bearer write-token"},
        timeout=10,
    ).json()
    assert answer["data"]["resolveReviewThread"]["thread"]["isResolved"] is True
    assert server.threads(REPO, 7)[0].resolved
    listed = requests.post(
        server.graphql_url,
        json={
            "query": "query($owner: String!, $name: String!, $number: Int!) { repository("
            "owner: $owner, name: $name) { pullRequest(number: $number) { reviewThreads("
            "first: 100) { nodes { id isResolved comments(first: 50) { nodes { databaseId "
            "body author { login } } } } } } } }",
            "variables": {"owner": "acme", "name": "app", "number": 7},
        },
        headers={"Authorization": "bearer write-token"},
        timeout=10,
    ).json()
    (node,) = listed["data"]["repository"]["pullRequest"]["reviewThreads"]["nodes"]
    assert [c["body"] for c in node["comments"]["nodes"]] == ["finding (edited)", "fixed"]
    assert node["comments"]["nodes"][0]["author"]["login"] == "github-actions"

    comment = pull.create_issue_comment("summary")
    comment.delete()
    reply.delete()
    assert server.issue_comments(REPO, 7) == []
    assert [c.body for c in server.review_comments(REPO, 7)] == ["finding (edited)"]


def test_code_scanning_alerts_dismiss_and_reopen(server: GitHubServer) -> None:
    for line in range(1, 4):
        server.add_alert(REPO, rule_id="py.shell", path="app.py", start_line=line)
    server.add_alert(REPO, rule_id="other", path="x.py", start_line=1, tool_name="CodeQL")
    server.add_alert(REPO, rule_id="py.shell", path="app.py", start_line=9, state="fixed")
    server.add_alert(REPO, rule_id="py.shell", path="app.py", start_line=1, ref="feature")
    gh = _client(server, per_page=2)
    repo = gh.get_repo(REPO)
    mine = list(repo.get_codescan_alerts(tool_name="sastflow", state="open"))
    assert sorted(a.most_recent_instance.location.start_line for a in mine) == [1, 2, 3]
    assert server.count("GET", r"/code-scanning/alerts$") == 2  # two pages of two

    url = f"/repos/{REPO}/code-scanning/alerts/1"
    gh.requester.requestJsonAndCheck(
        "PATCH",
        url,
        input={
            "state": "dismissed",
            "dismissed_reason": "false positive",
            "dismissed_comment": "triage/ledger.yml: reviewed",
        },
    )
    alert = server.alert(REPO, 1)
    assert (alert.state, alert.dismissed_reason, alert.dismissed_by) == (
        AlertState.DISMISSED,
        "false positive",
        BOT,
    )
    assert len(list(repo.get_codescan_alerts(tool_name="sastflow", state="open"))) == 2
    gh.requester.requestJsonAndCheck("PATCH", url, input={"state": "open"})
    assert server.alert(REPO, 1).state is AlertState.OPEN
    assert server.alert(REPO, 1).dismissed_reason is None

    for body in (
        {"state": "dismissed", "dismissed_reason": "not a bug"},
        {"state": "dismissed", "dismissed_reason": "won't fix", "dismissed_comment": "c" * 281},
        {"dismissed_reason": "won't fix"},
    ):
        with pytest.raises(GithubException) as err:
            gh.requester.requestJsonAndCheck("PATCH", url, input=body)
        assert err.value.status == 422
    assert len(server.schema_violations) == 3
    assert server.alert(REPO, 1).state is AlertState.OPEN


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_pull_files_from_a_real_git_repository(tmp_path: Path, server: GitHubServer) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "t")
    (root / "keep.py").write_text("".join(f"line{i}\n" for i in range(1, 31)))
    (root / "old name.py").write_text("".join(f"same{i}\n" for i in range(20)))
    (root / "gone.py").write_text("x = 1\n")
    (root / "blob.bin").write_bytes(b"\0\1\2")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    base = _git(root, "rev-parse", "HEAD")
    _git(root, "switch", "-qc", "feature")
    lines = [f"line{i}\n" for i in range(1, 31)]
    lines[19] = "eval(input())\n"
    (root / "keep.py").write_text("".join(lines))
    _git(root, "mv", "old name.py", "new name.py")
    (root / "gone.py").unlink()
    (root / "added.py").write_text("import os\n")
    (root / "blob.bin").write_bytes(b"\0\1\3")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "head")
    head = _git(root, "rev-parse", "HEAD")

    files = pull_files(root, base, head)
    by_name = {f.filename: f for f in files}
    assert {f.filename: str(getattr(f.status, "value", f.status)) for f in files} == {
        "added.py": "added",
        "blob.bin": "modified",
        "gone.py": "removed",
        "keep.py": "modified",
        "new name.py": "renamed",
    }
    assert by_name["new name.py"].previous_filename == "old name.py"
    assert by_name["blob.bin"].patch is None
    assert by_name["keep.py"].patch is not None
    assert by_name["keep.py"].patch.startswith("@@ -17,7 +17,7 @@")

    server.add_pull_from_git(REPO, 8, root, author="dev", base=base, head="feature")
    pull = _client(server).get_repo(REPO).get_pull(8)
    assert (pull.head.sha, pull.base.sha) == (head, base)
    pull.create_review(
        body="s",
        event="COMMENT",
        comments=[
            {"path": "keep.py", "line": 20, "body": "eval"},
            {"path": "keep.py", "line": 23, "body": "context line"},
        ],
    )
    for outside in (16, 24):
        with pytest.raises(GithubException):
            pull.create_review(
                body="s",
                event="COMMENT",
                comments=[{"path": "keep.py", "line": outside, "body": "x"}],
            )
    assert len(server.review_comments(REPO, 8)) == 2

    # A push that reverts line 20 leaves only an appended line in the diff: both comments'
    # lines leave the hunks, so both become outdated.
    lines[19] = "line20\n"
    (root / "keep.py").write_text("".join(lines) + "more\n")
    _git(root, "commit", "-qam", "fix")
    server.push_from_git(REPO, 8, root)
    assert server.pull(REPO, 8).head_sha == _git(root, "rev-parse", "HEAD")
    assert [c.outdated for c in server.review_comments(REPO, 8)] == [True, True]


def test_event_payloads_point_at_the_test_pull(server: GitHubServer) -> None:
    opened = event_payload(
        Event.OPENED,
        repo=REPO,
        number=7,
        head_sha=HEAD,
        base_sha=BASE,
        author="dev",
        api_url=server.url,
    )
    pull = opened["pull_request"]
    assert (opened["number"], pull["number"], pull["head"]["sha"], pull["base"]["sha"]) == (
        7,
        7,
        HEAD,
        BASE,
    )
    assert pull["user"]["login"] == "dev" and opened["repository"]["full_name"] == REPO
    assert pull["url"] == f"{server.url}/repos/{REPO}/pulls/7"
    assert (
        requests.get(
            pull["url"], headers={"Authorization": "token write-token"}, timeout=10
        ).json()["head"]["sha"]
        == HEAD
    )

    fork = event_payload(
        Event.FORK_OPENED, repo=REPO, number=7, head_sha=HEAD, base_sha=BASE, author="dev"
    )
    assert fork["pull_request"]["head"]["repo"]["full_name"] == "dev/app"
    assert fork["pull_request"]["head"]["repo"]["fork"] is True
    assert fork["pull_request"]["base"]["repo"]["full_name"] == REPO

    sync = event_payload(
        Event.SYNCHRONIZE,
        repo=REPO,
        number=7,
        head_sha=HEAD,
        base_sha=BASE,
        author="dev",
        before="e" * 40,
    )
    assert (sync["action"], sync["before"], sync["after"]) == ("synchronize", "e" * 40, HEAD)

    review = event_payload(
        Event.REVIEW_SUBMITTED,
        repo=REPO,
        number=7,
        head_sha=HEAD,
        base_sha=BASE,
        author="dev",
        reviewer="alice",
    )
    assert review["review"]["user"]["login"] == "alice"
    assert (review["review"]["state"], review["review"]["commit_id"]) == ("approved", HEAD)
    assert Event.REVIEW_SUBMITTED.event_name == "pull_request_review"


def test_enterprise_prefix_graphql_and_diff_media_type(tmp_path: Path) -> None:
    with GitHubServer(api_prefix="/api/v3") as ghes:
        ghes.add_repo(REPO)
        ghes.add_token("tok", BOT, "write")
        ghes.add_token("ro", BOT, "read")
        many = [PullFile(f"f{i}.py", "added", "@@ -0,0 +1 @@\n+x") for i in range(301)]
        ghes.add_pull(REPO, 1, author="dev", head_sha=HEAD, base_sha=BASE, files=many[:2])
        ghes.add_pull(REPO, 2, author="dev", head_sha="c" * 40, base_sha=BASE, files=many)
        assert ghes.url.endswith("/api/v3") and ghes.graphql_url.endswith("/api/graphql")
        gh = _client(ghes, "tok")
        pull = gh.get_repo(REPO).get_pull(1)
        assert pull.url == f"{ghes.url}/repos/{REPO}/pulls/1"
        pull.create_review(
            body="s", event="COMMENT", comments=[{"path": "f1.py", "line": 1, "body": "b"}]
        )
        (thread,) = ghes.threads(REPO, 1)
        mutation = "mutation($input: ResolveReviewThreadInput!) { resolveReviewThread(input: $input) { thread { isResolved } } }"
        _, data = gh.requester.graphql_query(mutation, {"input": {"threadId": thread.id}})
        assert data["data"]["resolveReviewThread"]["thread"]["isResolved"] is True
        with pytest.raises(GithubException):
            _client(ghes, "ro").requester.graphql_query(
                mutation, {"input": {"threadId": thread.id}}
            )
        with pytest.raises(GithubException):
            gh.requester.graphql_query("query { viewer { login } }", {})

        auth = {"Authorization": "token tok", "Accept": "application/vnd.github.diff"}
        small = requests.get(f"{ghes.url}/repos/{REPO}/pulls/1", headers=auth, timeout=10)
        assert small.status_code == 200 and "+++ b/f1.py\n@@ -0,0 +1 @@\n+x" in small.text
        big = requests.get(f"{ghes.url}/repos/{REPO}/pulls/2", headers=auth, timeout=10)
        assert big.status_code == 406 and "maximum number of files (300)" in big.json()["message"]
        assert ghes.count("GET", r"^/repos/acme/app/pulls/\d$") == 3


def test_unknown_properties_are_ignored_but_reported(server: GitHubServer) -> None:
    answer = requests.post(
        f"{server.url}/repos/{REPO}/pulls/7/reviews",
        json={
            "body": "s",
            "event": "COMMENT",
            "comments": [{"path": "app.py", "line": 2, "body": "b", "severity": "high"}],
        },
        headers={"Authorization": "token write-token"},
        timeout=10,
    )
    assert answer.status_code == 200  # GitHub ignores keys it does not know
    assert server.schema_violations == []
    assert [v.message for v in server.unknown_properties] == [
        "not in the schema, ignored: comments/0/severity"
    ]
