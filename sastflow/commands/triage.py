"""``sastflow triage``: accept a finding into the ledger, list and check entries, prune stale ones.

- ``accept FINGERPRINT --rule R --path P --reason TEXT --expires DATE|+90d [--by LOGIN]``, or
  ``accept --sarif FILE --rule R --path P --line N ...`` to pick the result off a SARIF log
  (a bare ``accept FINGERPRINT`` runs a scan to find rule and path). Exit 2, nothing written,
  when the fingerprint is already accepted (``--replace`` updates it).
- ``list``: each entry's status (accepted, expired, stale, pending), days left, rule, path and
  reason; ``--json`` for machines.
- ``check``: validate; exit 1 when an entry is expired or stale, 2 when the ledger is invalid;
  entries expiring soon are warnings.
- ``prune``: remove stale entries (``--expired``: expired ones too).
- ``remind``: keep the GitHub tracking issue of entries expiring within ``expiry_warning_days``
  up to date (created, edited in place, closed); ``check`` lists them too.

An entry accepts a whole cross-engine row: ``accept`` writes its other results as ``group``
(found in the log or scan, or given with ``--group FINGERPRINT:RULE``); see docs/triage.md.

Stale entries are found against a scan: ``--sarif FILE`` (a full scan's log), else a full scan
of the current directory; ``--no-scan`` (list, check) looks at validity and expiry alone. The
ledger is the config's ``ledger`` (default ``triage/ledger.yml``) unless ``--ledger`` names one.
``SASTFLOW_TODAY=YYYY-MM-DD`` fixes today's date.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sastflow.commands._help import described

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sastflow.config import Config
    from sastflow.github.env import Secret
    from sastflow.model import LedgerEntry
    from sastflow.triage.audit import Evidence, Row


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "triage",
        help="accept findings into the ledger; list, check and prune its entries",
        **described(
            "Manage the triage ledger (triage/ledger.yml): the findings a security code owner\n"
            "accepted, each with a reason, an approver and an expiry date. Edits keep the\n"
            "file's comments and order; commit them through a reviewed pull request.",
            "sastflow triage list",
            "sastflow triage accept 9c1e... --rule bandit.B602 --path app/tasks.py \\\n"
            "      --reason 'argv is a constant list' --expires +90d",
        ),
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="triage_command", metavar="SUBCOMMAND")

    accept = sub.add_parser(
        "accept",
        help="accept a finding: add it to the ledger",
        **described(
            "Add an entry to the ledger. Name the finding by FINGERPRINT with --rule and --path,\n"
            "or by --sarif FILE with --rule, --path and --line. Exit 2 if the fingerprint is\n"
            "already accepted (nothing is written) unless --replace.",
            "sastflow triage accept --sarif sastflow.sarif --rule bandit.B602 \\\n"
            "      --path app/tasks.py --line 9 --reason 'argv is a constant list' \\\n"
            "      --expires +90d --ticket SEC-123",
        ),
    )
    accept.add_argument(
        "fingerprint", nargs="?", metavar="FINGERPRINT", help="the sastflow/v1 fingerprint"
    )
    accept.add_argument("--rule", metavar="RULE", help="the finding's rule id")
    accept.add_argument("--path", metavar="PATH", help="the finding's repository-relative path")
    accept.add_argument("--line", type=int, metavar="N", help="its start line (with --sarif)")
    accept.add_argument("--sarif", type=Path, metavar="FILE", help="look the finding up here")
    accept.add_argument("--reason", required=True, metavar="TEXT", help="why it is acceptable")
    accept.add_argument(
        "--expires", required=True, metavar="DATE", help="YYYY-MM-DD, or +Nd (N days from today)"
    )
    accept.add_argument("--by", metavar="LOGIN", help="approver (default: $GITHUB_ACTOR)")
    accept.add_argument("--ticket", metavar="T", help="a tracking reference")
    accept.add_argument(
        "--group",
        action="append",
        metavar="FINGERPRINT:RULE",
        help="another engine's result of the same row, accepted with it (repeatable; found "
        "by itself with --sarif or a scan)",
    )
    accept.add_argument("--replace", action="store_true", help="update an existing entry")
    _ledger_option(accept)
    accept.set_defaults(handler=_accept)

    listing = sub.add_parser(
        "list",
        help="show every entry with its status and days left",
        **described(
            "List ledger entries: status (accepted, expired, stale, pending), days left, rule,\n"
            "path and reason. Stale entries are found by scanning, unless --no-scan.",
            "sastflow triage list --no-scan --json",
        ),
    )
    _audit_options(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    check = sub.add_parser(
        "check",
        help="validate the ledger; exit 1 on expired or stale entries",
        **described(
            "Validate the ledger and report expired and stale entries, and those expiring within\n"
            "expiry_warning_days (a warning). Exit 0 when all is well, 1 when an entry is expired\n"
            "or stale, 2 when the ledger is invalid.",
            "sastflow triage check --base origin/main   # entries the branch changes are pending",
        ),
    )
    _audit_options(check)
    _warning_option(check)
    check.set_defaults(handler=_check)

    remind = sub.add_parser(
        "remind",
        help="keep a GitHub issue listing entries that expire soon (scheduled workflows)",
        **described(
            "Create, update or close the tracking issue 'sastflow: ledger entries expiring soon':\n"
            "it lists the entries that have expired or expire within expiry_warning_days, and is\n"
            "closed when none do. Reruns change nothing when nothing changed. Reads\n"
            "GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_TOKEN (issues: write).",
            "sastflow triage remind --dry-run           # print the issue it would keep",
        ),
    )
    _ledger_option(remind)
    _warning_option(remind)
    remind.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help="sastflow's own account, whose issue this is (default: the token's account, "
        "or github-actions[bot])",
    )
    remind.add_argument("--dry-run", action="store_true", help="print the issue; change nothing")
    remind.set_defaults(handler=_remind)

    prune = sub.add_parser(
        "prune",
        help="remove stale entries (and expired ones with --expired)",
        **described(
            "Remove entries that match no finding of a full scan; with --expired, also remove\n"
            "expired ones. Other lines of the ledger are kept as they are.",
            "sastflow triage prune --expired --dry-run",
        ),
    )
    _ledger_option(prune)
    prune.add_argument("--sarif", type=Path, metavar="FILE", help="a full scan's SARIF log")
    prune.add_argument("--expired", action="store_true", help="also remove expired entries")
    prune.add_argument("--dry-run", action="store_true", help="say what would go; change nothing")
    prune.set_defaults(handler=_prune)


def _ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ledger", type=Path, metavar="FILE", help="ledger file (default: from config)"
    )


def _warning_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warn-days",
        type=int,
        metavar="N",
        help="announce entries expiring within N days (default: expiry_warning_days, 14)",
    )


def warning_days(args: argparse.Namespace, config: Config) -> int:
    from sastflow.errors import UsageError

    days = args.warn_days if args.warn_days is not None else config.expiry_warning_days
    if days < 0:
        raise UsageError(f"--warn-days {days}: must be 0 or more")
    return int(days)


def _audit_options(parser: argparse.ArgumentParser) -> None:
    _ledger_option(parser)
    parser.add_argument("--sarif", type=Path, metavar="FILE", help="a full scan's SARIF log")
    parser.add_argument("--no-scan", action="store_true", help="skip the scan: no stale detection")
    parser.add_argument(
        "--base", metavar="REF", help="entries that differ from the ledger at REF are pending"
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    from sastflow.errors import ExitCode

    parser.print_help()
    return int(ExitCode.USAGE)


# --- shared -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ledger:
    root: Path
    config: Config
    path: Path
    source: str  # how messages name it
    today: dt.date

    def load(self) -> tuple[LedgerEntry, ...]:
        from sastflow.triage.ledger import load_ledger

        return load_ledger(
            self.path, self.source, today=self.today, max_expiry_days=self.config.max_expiry_days
        )


def _ledger(args: argparse.Namespace) -> _Ledger:
    from sastflow import clock
    from sastflow import config as config_mod

    root = Path.cwd()
    config = config_mod.load(root)
    if args.ledger is not None:
        path, source = args.ledger, str(args.ledger)
    else:
        path, source = root / config.ledger, config.ledger
    return _Ledger(root, config, path, source, clock.today())


def _evidence(args: argparse.Namespace, ledger: _Ledger) -> Evidence | None:
    import sys

    from sastflow.triage import audit

    if args.sarif is not None:
        return audit.from_sarif(args.sarif)
    if getattr(args, "no_scan", False):
        return None
    print(f"sastflow: scanning {ledger.root} to match entries with findings", file=sys.stderr)
    return _scan_evidence(ledger.root)


def _scan_evidence(root: Path) -> Evidence:
    """A full scan of ``root`` as the audit's evidence (the command scans; triage only reads)."""
    from sastflow.pipeline import ScanOptions, run_scan
    from sastflow.triage import audit

    return audit.from_report(run_scan(ScanOptions(root=root)), f"the scan of {root}")


def _pending(
    args: argparse.Namespace, ledger: _Ledger, entries: Sequence[LedgerEntry]
) -> tuple[LedgerEntry, ...]:
    from sastflow import trust
    from sastflow.errors import UsageError
    from sastflow.triage.apply import pending_entries

    if args.base is None:
        return ()
    # What the branch changed is measured from where it forked, as a PR scan does.
    commit = trust.fork_point(ledger.root, args.base)
    # The last component is not resolved: the base's own file at that name is what is read,
    # and a symbolic link there is refused, not followed.
    where = ledger.path.absolute().parent.resolve() / ledger.path.name
    try:
        relative = where.relative_to(ledger.root.resolve())
    except ValueError:
        raise UsageError(f"--base: {ledger.source} is outside {ledger.root}") from None
    base = trust.ledger_at(
        ledger.root,
        commit,
        relative.as_posix(),
        today=ledger.today,
        max_expiry_days=ledger.config.max_expiry_days,
        source=f"{ledger.source}@{args.base}",
    )
    if base is None:
        return tuple(entries)  # no ledger at the base: every entry is new
    return pending_entries(base, entries)


def _rows(args: argparse.Namespace) -> tuple[_Ledger, list[Row]]:
    from sastflow.triage.audit import audit

    ledger = _ledger(args)
    entries = ledger.load()
    pending = _pending(args, ledger, entries)
    evidence = _evidence(args, ledger) if entries else None
    return ledger, audit(entries, pending=pending, evidence=evidence, today=ledger.today)


def _where(ledger: _Ledger, entry: LedgerEntry) -> str:
    return f"{ledger.source}:{entry.line}"


def _what(entry: LedgerEntry) -> str:
    from sastflow.render.escape import log_text

    return f"{log_text(entry.rule)} in {log_text(entry.path)} ({entry.fingerprint[:12]})"


# --- accept -------------------------------------------------------------------------------

_FLAGS = {
    "fingerprint": "FINGERPRINT",
    "rule": "--rule",
    "path": "--path",
    "reason": "--reason",
    "approved_by": "--by",
    "expires": "--expires",
    "ticket": "--ticket",
}


def parse_expiry(text: str, today: dt.date) -> str:
    """``+90d`` becomes today + 90 days; anything else is returned for the ledger's date check."""
    import datetime as dt
    import re

    from sastflow.errors import UsageError

    relative = re.fullmatch(r"\+([0-9]{1,5})d", text.strip())
    if relative is None:
        return text.strip()
    days = int(relative.group(1))
    if days < 1:
        raise UsageError(f"--expires {text}: at least +1d")
    return (today + dt.timedelta(days=days)).isoformat()


def _target(
    args: argparse.Namespace, ledger: _Ledger
) -> tuple[str, str, str, tuple[tuple[str, str], ...]]:
    """(fingerprint, rule, path, group) of the finding to accept; ``group`` holds the other
    results (fingerprint, rule) of its cross-engine group, when a log or scan shows them."""
    import sys

    from sastflow.errors import UsageError
    from sastflow.triage import locate

    if args.line is not None and args.sarif is None:
        raise UsageError("--line needs --sarif FILE (the log to look the finding up in)")
    if args.sarif is not None:
        from sastflow.sarif.read import read_report

        findings = read_report(args.sarif).findings
        source = str(args.sarif)
    elif args.fingerprint is not None and args.rule is not None and args.path is not None:
        return args.fingerprint, args.rule, args.path, _given_group(args)
    elif args.fingerprint is not None:
        print(f"sastflow: scanning {ledger.root} to find {args.fingerprint}", file=sys.stderr)
        evidence = _scan_evidence(ledger.root)
        findings, source = evidence.findings, evidence.source
    else:
        raise UsageError(
            "name the finding: FINGERPRINT --rule RULE --path PATH, "
            "or --sarif FILE --rule RULE --path PATH --line N"
        )
    if args.fingerprint is not None:
        found = locate.by_fingerprint(findings, args.fingerprint, source)
        for flag, given, actual in (
            ("--rule", args.rule, found.rule_id),
            ("--path", args.path, found.path),
        ):
            if given is not None and given != actual:
                raise UsageError(f"{flag} {given}: the finding {args.fingerprint} has {actual}")
    elif args.rule is None or args.path is None or args.line is None:
        raise UsageError("--sarif without FINGERPRINT needs --rule, --path and --line")
    else:
        found = locate.by_location(
            findings, rule=args.rule, path=args.path, line=args.line, source=source
        )
    from sastflow.triage.groups import members

    if args.group:
        return found.fingerprint, found.rule_id, found.path, _given_group(args)
    group = tuple(
        (f.fingerprint, f.rule_id) for f in members(findings, found)[1:] if f.path == found.path
    )
    return found.fingerprint, found.rule_id, found.path, group


def _given_group(args: argparse.Namespace) -> tuple[tuple[str, str], ...]:
    """``--group FINGERPRINT:RULE`` values, each checked as the ledger checks them."""
    from sastflow.errors import UsageError
    from sastflow.triage.ledger import field_problems

    group: list[tuple[str, str]] = []
    for value in args.group or ():
        fingerprint, colon, rule = str(value).partition(":")
        problems = [] if colon else ["give FINGERPRINT:RULE"]
        for name, text in (("fingerprint", fingerprint), ("rule", rule)):
            problems += field_problems(name, text, today=dt.date.min, max_expiry_days=0)
        if problems:
            raise UsageError(f"--group {value}: {problems[0]}")
        group.append((fingerprint, rule))
    return tuple(group)


def _accept(args: argparse.Namespace) -> int:
    import os
    import sys

    from sastflow.errors import ExitCode, UsageError
    from sastflow.render.escape import log_text
    from sastflow.triage import edit
    from sastflow.triage.ledger import NOT_UTF8, entry_from_fields, field_problems

    ledger = _ledger(args)
    approver = args.by or os.environ.get("GITHUB_ACTOR", "").strip()
    if not approver:
        raise UsageError("--by LOGIN is required (the security code owner accepting this)")
    fingerprint, rule, path, group = _target(args, ledger)
    fields = {
        "fingerprint": fingerprint,
        "rule": rule,
        "path": path,
        "reason": args.reason,
        "approved_by": approver,
        "expires": parse_expiry(args.expires, ledger.today),
        "ticket": args.ticket or "",
    }
    problems = [
        f"{_FLAGS[name]}: not valid UTF-8 text"
        for name, text in fields.items()
        if NOT_UTF8.search(text)  # as the ledger would refuse it, said for the flag
    ]
    problems += [
        f"{_FLAGS[name]}: {message}"
        for name, text in fields.items()
        for message in field_problems(
            name, text, today=ledger.today, max_expiry_days=ledger.config.max_expiry_days
        )
    ]
    if problems:
        raise UsageError("\n".join(problems))
    entry = replace(entry_from_fields(fields), group=group)
    if entry.expired(ledger.today):
        raise UsageError(f"--expires {entry.expires}: already past (today is {ledger.today})")
    done = edit.accept(
        ledger.path,
        entry,
        today=ledger.today,
        max_expiry_days=ledger.config.max_expiry_days,
        replace_existing=args.replace,
        source=ledger.source,
    )
    where = _where(ledger, done.entry)
    if done.result is edit.AcceptResult.EXISTS:
        print(
            f"sastflow: {entry.fingerprint} is already accepted at {where} "
            f"({log_text(done.entry.reason)!r}, until {done.entry.expires}); nothing changed. "
            "Use --replace to update it.",
            file=sys.stderr,
        )
        return int(ExitCode.USAGE)
    verb = {
        edit.AcceptResult.ADDED: "accepted",
        edit.AcceptResult.REPLACED: "updated",
        edit.AcceptResult.UNCHANGED: "unchanged",
    }[done.result]
    also = "".join(f" + {log_text(rule)}" for _fp, rule in done.entry.group)
    print(f"{verb} {_what(done.entry)}{also} until {done.entry.expires}: {where}")
    return int(ExitCode.OK)


# --- list ---------------------------------------------------------------------------------


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "status": row.label,
        "days_left": row.days_left,
        "matched": row.matched,
        **row.entry.as_json(),
    }


_STYLES = {"accepted": "green", "expired": "bold red", "stale": "yellow", "pending": "cyan"}


def _cells(row: Row) -> list[str]:
    from sastflow.render.escape import log_text

    entry = row.entry
    return [
        row.label,
        str(row.days_left),
        log_text(entry.rule),
        log_text(entry.path),
        log_text(entry.reason),
    ]


_HEADERS = ["STATUS", "DAYS LEFT", "RULE", "PATH", "REASON"]


def _print_table(rows: Sequence[Row], ledger: _Ledger) -> None:
    import sys

    from rich.console import Console

    console = Console(file=sys.stdout, highlight=False)
    if not rows:
        print(f"{ledger.source}: no entries")
        return
    if not console.is_terminal:
        table = [_HEADERS, *(_cells(row) for row in rows)]
        widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS) - 1)]
        for line in table:
            padded = [
                cell.rjust(widths[i]) if i == 1 else cell.ljust(widths[i])
                for i, cell in enumerate(line[:-1])
            ]
            print("  ".join([*padded, line[-1]]).rstrip())
        return
    from rich.table import Table
    from rich.text import Text

    table_view = Table(title=f"{ledger.source} (today {ledger.today})", title_justify="left")
    for header in _HEADERS:
        table_view.add_column(header, justify="right" if header == "DAYS LEFT" else "left")
    for row in rows:
        cells = _cells(row)
        table_view.add_row(
            Text(cells[0], style=_STYLES.get(cells[0], "")), *(Text(c) for c in cells[1:])
        )
    console.print(table_view)


def _list(args: argparse.Namespace) -> int:
    import json

    ledger, rows = _rows(args)
    if args.json:
        data = {
            "ledger": ledger.source,
            "today": ledger.today.isoformat(),
            "entries": [_row_json(row) for row in rows],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_table(rows, ledger)
    return 0


# --- check --------------------------------------------------------------------------------


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _verdict(row: Row, base: str | None, warn_days: int = 0) -> tuple[bool, str] | None:
    """(is it a failure, what to say) about one entry; None when all is well."""
    from sastflow.model import LedgerStatus

    what = _what(row.entry)
    if row.status is LedgerStatus.EXPIRED:
        return True, (
            f"expired on {row.entry.expires} ({_days(-row.days_left)} ago): {what}; "
            "renew it (triage accept --replace) or remove it"
        )
    if row.stale:
        return True, (
            f"stale, matches no finding: {what}; the code changed or is gone "
            "(sastflow triage prune removes it)"
        )
    if row.status is LedgerStatus.PENDING:
        return False, f"pending: {what} differs from {base}; needs security approval"
    if row.expires_within(warn_days):
        when = "today" if row.days_left == 0 else f"in {_days(row.days_left)}"
        return False, (
            f"expires {when} ({row.entry.expires}): {what}; renew it "
            "(triage accept --replace) or fix the finding before then"
        )
    return None


def _check(args: argparse.Namespace) -> int:
    import os
    from collections import Counter

    from sastflow.errors import ExitCode
    from sastflow.model import LedgerStatus
    from sastflow.render.escape import workflow_data, workflow_property

    ledger, rows = _rows(args)
    warn_days = warning_days(args, ledger.config)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    failed = False
    soon = 0
    for row in rows:
        verdict = _verdict(row, args.base, warn_days)
        if verdict is None:
            continue
        failure, message = verdict
        failed = failed or failure
        soon += row.expires_within(warn_days) and row.status is not LedgerStatus.PENDING
        print(f"{_where(ledger, row.entry)}: {message}")
        if in_actions:
            level = (
                "error" if failure else ("warning" if message.startswith("expires") else "notice")
            )
            print(
                f"::{level} file={workflow_property(ledger.source)},line={row.entry.line},"
                f"title=triage ledger::{workflow_data(message)}"
            )
    counts = Counter(row.label for row in rows)
    summary = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
    if soon:
        summary += f"; {soon} expiring within {_days(warn_days)}"
    noun = "entry" if len(rows) == 1 else "entries"
    print(f"{ledger.source}: {len(rows)} {noun}" + (f" ({summary})" if summary else ""))
    return int(ExitCode.FINDINGS if failed else ExitCode.OK)


# --- prune --------------------------------------------------------------------------------


def _prune(args: argparse.Namespace) -> int:
    from sastflow.model import LedgerStatus
    from sastflow.triage import edit
    from sastflow.triage.audit import audit

    ledger = _ledger(args)
    entries = ledger.load()
    if not entries:
        print(f"{ledger.source}: no entries; nothing to prune")
        return 0
    rows = audit(entries, evidence=_evidence(args, ledger), today=ledger.today)
    doomed = [
        row for row in rows if row.stale or (args.expired and row.status is LedgerStatus.EXPIRED)
    ]
    if not doomed:
        print(f"{ledger.source}: nothing to prune ({len(rows)} entries)")
        return 0
    if not args.dry_run:
        edit.prune(
            ledger.path,
            {row.entry.fingerprint for row in doomed},
            today=ledger.today,
            max_expiry_days=ledger.config.max_expiry_days,
            source=ledger.source,
        )
    verb = "would remove" if args.dry_run else "removed"
    for row in doomed:
        why = "stale" if row.stale else "expired"
        print(f"{verb} {_where(ledger, row.entry)}: {_what(row.entry)} ({why})")
    print(f"{ledger.source}: {verb} {len(doomed)} of {len(rows)} entries")
    return 0


# --- remind -------------------------------------------------------------------------------


def github_target() -> tuple[str, str, Secret]:
    """(API URL, owner/name, token) from the Actions variables, each checked."""
    import os

    from sastflow.github import env

    return env.api_target(os.environ, "the job the permission it needs")


def _remind(args: argparse.Namespace) -> int:
    import sys

    from sastflow.errors import UsageError
    from sastflow.github import issues, markers, step_files
    from sastflow.github.client import GitHubClient
    from sastflow.github.env import LOGIN
    from sastflow.triage.audit import audit
    from sastflow.triage.remind import due_rows, issue_body

    ledger = _ledger(args)
    warn_days = warning_days(args, ledger.config)
    if args.bot_login is not None and not LOGIN.fullmatch(args.bot_login):
        raise UsageError(f"--bot-login: {args.bot_login!r} is not a GitHub login")
    rows = audit(ledger.load(), evidence=None, today=ledger.today)
    due = due_rows(rows, warn_days)
    body = issue_body(due, ledger=ledger.source, today=ledger.today, warn_days=warn_days)
    if args.dry_run and body is not None:
        print(body, end="")
    api_url, repository, token = github_target()
    client = GitHubClient(api_url, repository, token)
    try:
        own = args.bot_login or client.authenticated_login() or markers.ACTIONS_BOT
        action, issue = issues.sync(client, own, body, dry_run=args.dry_run)
    finally:
        client.close()
    verb = "would be " if args.dry_run else ""
    where = f" #{issue.number}" if issue is not None else ""
    message = (
        f"tracking issue{where} {verb}{action.value}: {len(due)} ledger "
        f"{'entry' if len(due) == 1 else 'entries'} expired or expiring within {warn_days} days"
    )
    if action is issues.Action.NOTHING:
        message = f"no ledger entry expires within {warn_days} days; no tracking issue open"
    print(f"sastflow: {message}", file=sys.stderr)
    step_files.append_step_summary(f"**sastflow** {message}")
    return 0
