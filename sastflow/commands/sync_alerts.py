"""``sastflow sync-alerts``: dismiss the code-scanning alerts the triage ledger accepts.

Code scanning ignores SARIF ``suppressions``: a ledger-accepted finding that was uploaded stays
an open alert. After the upload, this command dismisses each open alert that matches an
accepted finding of the same SARIF log (tool, rule id, path, and the line through the log) as
"won't fix", with ``[sastflow]`` and the ledger's reason as the comment (at most 280
characters), and reopens the alerts it dismissed earlier whose entry has expired or gone.

It reads ``GITHUB_API_URL``, ``GITHUB_REPOSITORY`` and ``GITHUB_TOKEN`` (which needs
``security-events: write``). The alternative is ``sastflow scan --exclude-accepted``, which
leaves accepted findings out of the uploaded file altogether.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sastflow.commands._help import described


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "sync-alerts",
        help="dismiss code-scanning alerts the ledger accepts; reopen expired ones",
        **described(
            "Keep GitHub code-scanning alerts in step with the triage ledger: dismiss the open\n"
            "alerts that match ledger-accepted findings of a full scan's SARIF log (\"won't\n"
            "fix\", with the ledger's reason), and reopen the alerts sastflow dismissed whose\n"
            "entry has expired or been removed. Reads GITHUB_API_URL, GITHUB_REPOSITORY and\n"
            "GITHUB_TOKEN (which needs security-events: write).",
            "sastflow sync-alerts --sarif sastflow.sarif --dry-run",
        ),
    )
    parser.add_argument(
        "--sarif",
        type=Path,
        required=True,
        metavar="FILE",
        help="the SARIF log of a full scan, as uploaded (without --exclude-accepted)",
    )
    parser.add_argument(
        "--ledger", type=Path, metavar="FILE", help="ledger file (default: from config)"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="config file to use")
    parser.add_argument(
        "--ref", metavar="REF", help="alerts of this ref (default: the default branch)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    parser.add_argument(
        "--api-write-interval",
        type=float,
        default=0.75,
        metavar="SECONDS",
        help=argparse.SUPPRESS,  # pacing between writes (GitHub: <= 80 a minute); tests use 0
    )
    parser.set_defaults(handler=run)


def _environment() -> tuple[str, str, str]:
    import os

    from sastflow.github import env

    api_url, repository, token = env.api_target(os.environ, "the job `security-events: write`")
    return api_url, repository, token.reveal()


def run(args: argparse.Namespace) -> int:
    import sys

    from sastflow import clock
    from sastflow import config as config_mod
    from sastflow.alerts.api import AlertsClient
    from sastflow.alerts.plan import accepted_findings, missing_accepted, plan
    from sastflow.errors import ExitCode, UsageError
    from sastflow.github import step_files
    from sastflow.render.escape import log_text
    from sastflow.sarif.read import load, report_from_log
    from sastflow.triage.ledger import load_ledger

    root = Path.cwd()
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    config = config_mod.load(root, args.config)
    ledger_path = args.ledger if args.ledger is not None else root / config.ledger
    if args.ledger is not None and not ledger_path.is_file():
        raise UsageError(f"--ledger {args.ledger}: no such file")
    shown = _shown(ledger_path, root)
    today = clock.today()
    entries = load_ledger(ledger_path, shown, today=today, max_expiry_days=config.max_expiry_days)
    log = load(args.sarif)
    try:
        report = report_from_log(log, str(args.sarif))
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"{args.sarif}: malformed SARIF: {exc}") from None
    if report.incomplete:
        failed = ", ".join(r.engine for r in report.runs if r.failure is not None)
        raise UsageError(
            f"{args.sarif} is from an incomplete scan ({failed} did not finish): its missing "
            "findings would reopen alerts that are still accepted; sync after a complete scan"
        )
    if missing_accepted(report.findings, report.ledger):
        raise UsageError(
            f"{args.sarif} lacks the findings its scan accepted (written with "
            "--exclude-accepted?): sync-alerts needs the full SARIF log to match alerts with "
            "them, and would otherwise reopen every alert it dismissed"
        )
    tools = _tool_names(log)
    accepted = accepted_findings(report.findings, entries, tools, today=today)
    api_url, repository, token = _environment()

    client = AlertsClient(
        api_url, repository, token, write_interval=max(args.api_write_interval, 0.0)
    )
    try:
        alerts = [
            a
            for state in ("open", "dismissed")
            for a in client.alerts(state, args.ref)
            if a.tool in set(tools.values())
        ]
        decided = plan(alerts, accepted, ledger=shown)
        verb = "would " if args.dry_run else ""
        for dismissal in decided.dismiss:
            alert = dismissal.alert
            if not args.dry_run:
                client.dismiss(alert.number, dismissal.comment)
            print(
                f"{verb}dismiss alert #{alert.number} ({log_text(alert.rule_id)} "
                f"{log_text(alert.path)}:{alert.start_line}): {log_text(dismissal.comment)}"
            )
        for alert in decided.reopen:
            if not args.dry_run:
                client.reopen(alert.number)
            print(
                f"{verb}reopen alert #{alert.number} ({log_text(alert.rule_id)} "
                f"{log_text(alert.path)}:{alert.start_line}): its ledger entry has expired or "
                "was removed"
            )
    finally:
        client.close()
    summary = (
        f"sync-alerts: {len(decided.dismiss)} {verb}dismissed, {len(decided.reopen)} "
        f"{verb}reopened, {decided.unchanged} already dismissed by sastflow; "
        f"{len(accepted)} accepted findings in {args.sarif}"
    )
    print(summary, file=sys.stderr)
    step_files.append_step_summary(f"**sastflow** {summary}")
    return int(ExitCode.OK)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _tool_names(log: dict[str, Any]) -> dict[str, str]:
    """Engine (``semgrep``) → the tool name code scanning shows (the driver's ``name``)."""
    names: dict[str, str] = {}
    for run in log.get("runs", []):
        driver = (run.get("tool") or {}).get("driver") or {}
        name = str(driver.get("name") or "")
        engine = str((driver.get("properties") or {}).get("sastflow-engine") or name)
        if name:
            names[engine] = name
    return names
