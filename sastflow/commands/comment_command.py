"""``sastflow comment-command``: act on ``/sastflow accept`` in a pull-request comment.

For the ``issue_comment`` / ``pull_request_review_comment`` workflow (see docs/triage.md). It
reads ``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH``, ``GITHUB_API_URL``, ``GITHUB_REPOSITORY``
and ``GITHUB_TOKEN`` (``contents: write`` to commit the ledger entry onto the branch,
``pull-requests: write`` to reply, ``statuses: write`` to mark the new commit as awaiting
approval), and never reads or runs the pull request's code. Exit 0 whatever the commenter
asked (a refusal is a reply, not a job failure), 2 for a bad environment, 3 when the API fails.
"""

from __future__ import annotations

import argparse
from typing import Any

from sastflow.commands._help import described


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "comment-command",
        help="act on /sastflow accept in a pull-request comment (comment workflows)",
        **described(
            "Act on a '/sastflow accept <reason> [--expires +90d|DATE] [--ticket ID]' comment:\n"
            "from a security code owner (CODEOWNERS of the ledger at the base commit), commit the\n"
            "ledger entry onto the pull request's branch (for a fork: reply with the entry);\n"
            "from anyone else, reply why not. Reads the GitHub Actions environment and never\n"
            "checks out or runs the pull request's code.",
            "sastflow comment-command      # in an issue_comment / pull_request_review_comment job",
        ),
    )
    parser.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help="sastflow's own account, whose review comments' markers are trusted (default: "
        "the token's account, or github-actions[bot])",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os
    import sys
    from pathlib import Path

    from sastflow import clock
    from sastflow.commands.triage import github_target
    from sastflow.errors import UsageError
    from sastflow.github import markers, step_files
    from sastflow.github.client import GitHubClient
    from sastflow.github.comment_event import read_comment_event
    from sastflow.github.env import LOGIN
    from sastflow.jobs.accept import handle

    if args.bot_login is not None and not LOGIN.fullmatch(args.bot_login):
        raise UsageError(f"--bot-login: {args.bot_login!r} is not a GitHub login")
    name = os.environ.get("GITHUB_EVENT_NAME", "").strip()
    path = os.environ.get("GITHUB_EVENT_PATH", "").strip()
    if not path:
        raise UsageError("GITHUB_EVENT_PATH is not set (comment-command runs in a workflow)")
    event = read_comment_event(name, Path(path))
    api_url, repository, token = github_target()
    client = GitHubClient(api_url, repository, token)
    try:
        own = args.bot_login or client.authenticated_login() or markers.ACTIONS_BOT
        outcome = handle(client, event, own_login=own, today=clock.today())
    finally:
        client.close()
    message = f"sastflow comment-command: {outcome.verdict.value}: {outcome.message}"
    print(message, file=sys.stderr)
    if outcome.commit is not None:
        step_files.append_github_outputs({"commit": outcome.commit})
    step_files.append_step_summary(message)
    return 0
