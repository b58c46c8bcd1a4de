"""``sastflow pr``: the pull-request job (diff-aware scan, review, security-approval status)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sastflow.commands._help import described


def register(sub: Any) -> None:
    from sastflow.commands.scan import add_output_options

    parser = sub.add_parser(
        "pr",
        help="the pull-request job: scan what the PR adds, review it, gate on approval",
        **described(
            "The pull-request job of a GitHub Actions workflow: read the event from the Actions\n"
            "environment (GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_TOKEN, ...), scan what the\n"
            "pull request changes against its merge base, post one review with inline comments\n"
            "and one summary comment, and set the sastflow/security-approval status, which only\n"
            "a security code owner's approval turns green. On a merge_group event it checks the\n"
            "queued merge and sets the status from the approvals of the pull requests in it.",
            "sastflow pr                    # in a workflow step, with GITHUB_TOKEN set",
            "sastflow pr --dry-run          # print what would be posted; no token, no API calls",
        ),
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the review, the summary and the status instead of posting (no token, no "
        "API calls)",
    )
    add_output_options(parser)
    parser.add_argument(
        "--fail-on",
        metavar="LEVEL",
        help="blocking severity: critical, high (default), medium, low, never",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="config file (inside the repository it is read from the PR's merge base)",
    )
    parser.add_argument(
        "--max-inline-comments",
        type=int,
        metavar="N",
        help="inline comments per review, 0-30 (default from config: 25)",
    )
    parser.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help="sastflow's own account, whose comments it may edit (default: the token's user, "
        "or github-actions[bot] for GITHUB_TOKEN)",
    )
    parser.add_argument(
        "--api-max-wait",
        type=float,
        metavar="SECONDS",
        help="total time to wait on GitHub rate limits and retries (default 120)",
    )
    parser.add_argument(
        "--api-write-interval",
        type=float,
        metavar="SECONDS",
        help=argparse.SUPPRESS,  # pacing between writes (default 1 s); tests use 0
    )
    parser.add_argument(
        "--from-artifact",
        type=Path,
        metavar="DIR",
        help="workflow_run (fork publisher): post the results a fork pull request's run "
        "uploaded, validated as untrusted data; no scan, no checkout of the fork",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="parallel jobs (default: cores)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sastflow.commands.scan import fail_on_override
    from sastflow.errors import UsageError
    from sastflow.github.client import ClientSettings
    from sastflow.github.review import HARD_MAX_INLINE
    from sastflow.jobs.pr import JobOptions, run_job
    from sastflow.render.links import set_template
    from sastflow.render.terminal import engine_status

    set_template(args.source_url_template)
    overrides = fail_on_override(args.fail_on)
    cap = args.max_inline_comments
    if cap is not None and not 0 <= cap <= HARD_MAX_INLINE:
        raise UsageError(f"--max-inline-comments: must be 0 to {HARD_MAX_INLINE}, not {cap}")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs: must be at least 1")
    settings = ClientSettings()
    # Finite and bounded: inf or nan would wait for ever, or never.
    if args.api_max_wait is not None:
        max_wait = _seconds("--api-max-wait", args.api_max_wait, 3600.0)
        settings = replace(settings, max_wait=max_wait)
    if args.api_write_interval is not None:
        interval = _seconds("--api-write-interval", max(args.api_write_interval, 0.0), 60.0)
        settings = replace(settings, write_interval=interval)
    options = JobOptions(
        dry_run=args.dry_run,
        sarif=args.sarif,
        markdown=args.markdown,
        html=args.html,
        overrides=overrides,
        config_file=args.config,
        max_inline_comments=cap,
        bot_login=args.bot_login,
        client=settings,
        jobs=args.jobs,
        from_artifact=args.from_artifact,
    )
    return run_job(options, progress=engine_status())


def _seconds(flag: str, value: float, limit: float) -> float:
    from sastflow.config import seconds
    from sastflow.errors import UsageError

    try:
        return seconds(value, limit, zero=True)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None
