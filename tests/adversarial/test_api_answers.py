"""GitHub answers of an unexpected shape and servers that do not answer: a clear GitHubError
(exit 3), never a KeyError (a traceback exiting 1) or a made-up "HTTP 429"."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from sastflow.alerts.api import AlertsClient
from sastflow.errors import ExitCode, GitHubError
from sastflow.github.client import ApiError, ClientSettings, GitHubClient
from sastflow.github.env import Secret
from tests.ghserver import fixture as _server_fixtures
from tests.github import test_pr_command as _pr_command
from tests.github import world as _world
from tests.github.world import NUMBER, REPO, World

github_server = _server_fixtures.github_server
pr_repo = _world.pr_repo
world = _world.world


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there now: connections are refused


def test_a_comment_answer_without_html_url_is_an_api_error(world: World) -> None:
    world.server.drop_fields("POST", rf"/issues/{NUMBER}/comments$", "html_url")
    client = world.client()
    try:
        with pytest.raises(ApiError) as caught:
            client.create_issue_comment(NUMBER, "hello")
    finally:
        client.close()
    assert str(caught.value) == (
        "GitHub API: create_issue_comment: unexpected answer (no 'html_url' in it)"
    )
    assert caught.value.exit_code is ExitCode.ENGINE


def test_the_pr_job_exits_3_with_one_line_when_an_answer_lacks_a_field(
    world: World, tmp_path: Path
) -> None:
    world.server.drop_fields("POST", rf"/issues/{NUMBER}/comments$", "html_url", times=None)
    job = _pr_command._run_pr(world, tmp_path)
    assert job.code == 3, job.stderr
    assert "Traceback" not in job.stderr
    assert "KeyError" not in job.stderr
    assert "create_issue_comment: unexpected answer (no 'html_url' in it)" in job.stderr


@pytest.mark.parametrize("max_wait", [0.2, 30.0])
def test_a_refused_connection_is_named_as_such(max_wait: float) -> None:
    port = _closed_port()
    settings = ClientSettings(max_wait=max_wait, retries=2, backoff=0.05)
    client = GitHubClient(f"http://127.0.0.1:{port}", REPO, Secret("t0ken"), settings)
    try:
        with pytest.raises(ApiError) as caught:
            client.get_pull(NUMBER)
    finally:
        client.close()
    message = str(caught.value)
    assert message == (
        f"GitHub API: GET pull #{NUMBER}: cannot connect to 127.0.0.1:{port}: connection refused"
    )
    assert "429" not in message and "asked to wait" not in message


def test_the_alerts_client_names_a_refused_connection_too() -> None:
    port = _closed_port()
    client = AlertsClient(f"http://127.0.0.1:{port}", REPO, "t0ken", retries=0)
    try:
        with pytest.raises(GitHubError, match=rf"cannot connect to 127\.0\.0\.1:{port}: "):
            client.alerts("open")
    finally:
        client.close()
