"""``/sastflow accept`` on a pull request: a security code owner accepts a finding from GitHub.

Runs in an ``issue_comment`` / ``pull_request_review_comment`` workflow that never checks out
the pull request, so everything is read through the API as data:

1. Only a ``created`` comment holding a ``/sastflow`` line is considered; sastflow's own
   comments never are.
2. Who: a security code owner (CODEOWNERS of the ledger and config ``security_owners``, both
   read from the pull request's **base** commit), never the pull request's author (even when an
   owner), nor whoever made its head commit, and never a bot. Anyone else gets a reply saying
   why.
3. What: a reply to sastflow's inline comment accepts that comment's row (every engine's result
   in it); a PR comment names the fingerprint. Fingerprints are checked against the hidden
   markers of sastflow's own review comments only (markers are trusted only from sastflow's
   account). A malformed command (bad date, expiry beyond ``max_expiry_days``, unknown
   fingerprint, empty reason) gets a reply naming each problem.
4. Same-repository pull request: the head's ledger is read through the contents API, edited with
   the byte-preserving editor ``triage accept`` uses (:func:`sastflow.triage.edit.plan_accept`),
   and committed onto the branch with the Git Data API, the commenter as ``approved_by``. The
   entry is then *pending* like any ledger change: the commit's status
   ``sastflow/security-approval`` is set to ``failure`` until a security code owner approves the
   new head (a push made with ``GITHUB_TOKEN`` starts no workflow run, so nothing else would
   set it). Nothing here ever approves.
5. Fork pull request: the token cannot push to the fork, so the reply holds the exact YAML entry
   and ``sastflow triage accept`` command for the author to add.

Repeating a command is harmless: an entry already naming the row is reported, not added again.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from sastflow import config as config_mod
from sastflow import trust
from sastflow.errors import LedgerError
from sastflow.github import gitdata, owners
from sastflow.github.client import ApiError, Forbidden, GitHubClient
from sastflow.github.comment_event import CommentEvent
from sastflow.github.env import LOGIN, PullRequest
from sastflow.github.rowmarkers import RowMember, row_members
from sastflow.model import LedgerEntry
from sastflow.render.escape import md_code_block, md_inline_code, md_text
from sastflow.triage import edit
from sastflow.triage.command import AcceptCommand, Malformed, command_line, parse
from sastflow.triage.ledger import field_problems

REPLY_MARKER = "<!-- sastflow:command-reply v1 -->"
STATUS_CONTEXT = "sastflow/security-approval"
_COMMIT_URL = re.compile(
    r"https://[A-Za-z0-9.-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/commit/[0-9a-f]{40}"
)


class Verdict(enum.Enum):
    IGNORED = "ignored"  # not a command for us: nothing posted
    REFUSED = "refused"  # not from a security code owner
    MALFORMED = "malformed"
    EXISTS = "exists"  # the ledger on the branch already accepts the row
    SUGGESTED = "suggested"  # fork: the entry and command are in the reply
    COMMITTED = "committed"


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    message: str  # one line for the job log
    commit: str | None = None


# --- what the base commit says ----------------------------------------------------------


def base_config(client: GitHubClient, base: str) -> config_mod.Config:
    """The config as the base commit has it, read like ``config.at_revision`` reads it."""
    for name in config_mod.CONFIG_FILES:
        data = gitdata.read_file(client, name, base)
        if data is None:
            continue
        text = data.decode("utf-8", "replace")
        if name == "pyproject.toml" and "[tool.sastflow" not in text:
            continue
        return config_mod.parse(text, f"{name}@{base[:12]}", pyproject=name == "pyproject.toml")
    return config_mod.Config()


def base_owners(
    client: GitHubClient, base: str, config: config_mod.Config
) -> owners.SecurityOwners:
    found = owners.parse_owners("", config.ledger, "config", config.security_owners)
    for name in trust.CODEOWNERS_FILES:
        data = gitdata.read_file(client, name, base)
        if data is not None:
            text = data.decode("utf-8", "replace")
            found = owners.parse_owners(
                text, config.ledger, f"{name}@{base[:12]}", config.security_owners
            )
            break
    return owners.expand_teams(found, client.team_members, (ApiError,))


# --- which row -----------------------------------------------------------------------------


def find_row(
    client: GitHubClient, number: int, own_login: str, event: CommentEvent, named: str | None
) -> tuple[RowMember, ...] | str:
    """The row's results, or what is wrong (for the reply)."""
    ours = [c for c in client.list_review_comments(number) if c.user.login == own_login]
    rows = {c.id: row_members(c.body) for c in ours}
    if named is not None:
        for row in rows.values():
            if any(m.fingerprint == named for m in row):
                return row
        return (
            f"unknown fingerprint {md_inline_code(named)}: none of sastflow's review comments "
            "on this pull request names it (copy it from the comment, or reply to the comment)"
        )
    if event.kind == "pull_request_review_comment" and event.reply_to is not None:
        members = rows.get(event.reply_to)
        if members is None:
            return (
                "this is not a reply to one of sastflow's inline comments: reply to the "
                "comment about the finding, or name its fingerprint"
            )
        if not members:
            return (
                "that comment predates `/sastflow accept` (it has no row markers); name the "
                "fingerprint, or accept with `sastflow triage accept`"
            )
        return members
    return (
        "name the finding: reply to sastflow's inline comment about it, or write "
        "`/sastflow accept FINGERPRINT <reason>`"
    )


# --- replies -------------------------------------------------------------------------------


def _entry(members: tuple[RowMember, ...], command: AcceptCommand, login: str) -> LedgerEntry:
    lead = members[0]
    return LedgerEntry(
        fingerprint=lead.fingerprint,
        rule=lead.rule,
        path=lead.path,
        reason=command.reason,
        approved_by=login,
        expires=command.expires,
        ticket=command.ticket,
        group=tuple((m.fingerprint, m.rule) for m in members[1:] if m.path == lead.path),
    )


def _entry_problems(entry: LedgerEntry, today: dt.date, max_expiry_days: int) -> list[str]:
    fields = {
        "fingerprint": entry.fingerprint,
        "rule": entry.rule,
        "path": entry.path,
        "reason": entry.reason,
        "approved_by": entry.approved_by,
        "expires": entry.expires.isoformat(),
    }
    return [
        message
        for name, text in fields.items()
        for message in field_problems(name, text, today=today, max_expiry_days=max_expiry_days)
    ]


def cli_command(entry: LedgerEntry) -> str:
    argv = [
        "sastflow", "triage", "accept", entry.fingerprint, "--rule", entry.rule,
        "--path", entry.path, "--reason", entry.reason, "--expires", entry.expires.isoformat(),
        "--by", entry.approved_by,
    ]  # fmt: skip
    if entry.ticket:
        argv += ["--ticket", entry.ticket]
    return " ".join(shlex.quote(a) for a in argv)


def _bullets(problems: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {md_text(p, limit=300)}" for p in problems)


def handle(client: GitHubClient, event: CommentEvent, *, own_login: str, today: dt.date) -> Outcome:
    """Act on one comment event; posts at most one reply (and one commit)."""
    line = command_line(event.body)
    if event.action != "created" or line is None:
        return Outcome(Verdict.IGNORED, "no /sastflow command in a new comment")
    if event.number is None:
        return Outcome(Verdict.IGNORED, "a comment on an issue, not on a pull request")
    if event.commenter.lower() == own_login.lower():
        return Outcome(Verdict.IGNORED, "sastflow's own comment")
    number = event.number

    def reply(text: str) -> None:
        body = f"{REPLY_MARKER}\n{text}"
        if event.kind == "pull_request_review_comment":
            client.reply(number, event.reply_to or event.comment_id, body)
        else:
            client.create_issue_comment(number, body)

    who = md_inline_code(event.commenter)
    if event.by_bot:
        reply(f"⛔ `/sastflow accept` from {who} is ignored: a bot can never accept findings.")
        return Outcome(Verdict.REFUSED, f"{event.commenter} is a bot")
    remote = client.get_pull(number)
    pull = remote.pull
    if remote.state != "open":
        reply("⛔ `/sastflow accept` is ignored: the pull request is not open.")
        return Outcome(Verdict.REFUSED, f"pull request #{number} is {remote.state}")
    config = base_config(client, pull.base_sha)
    security = base_owners(client, pull.base_sha, config)
    ledger = md_inline_code(config.ledger)
    if event.commenter.lower() == pull.author.lower():
        reply(
            f"⛔ `/sastflow accept` from {who} is ignored: the author of a pull request cannot "
            "accept its findings, even as a security code owner. Ask another security code "
            f"owner ({md_text(security.describe())})."
        )
        return Outcome(Verdict.REFUSED, f"{event.commenter} is the pull request's author")
    made_head = {login.lower() for login in client.commit_people(pull.head_sha)}
    if event.commenter.lower() in made_head:
        # As for approvals: whoever made the head commit does not accept what it brings.
        reply(
            f"⛔ `/sastflow accept` from {who} is ignored: you made the head commit "
            f"{md_inline_code(pull.head_sha[:12])} of this pull request, and the code's own "
            f"authors cannot accept its findings. Ask another security code owner "
            f"({md_text(security.describe())})."
        )
        return Outcome(Verdict.REFUSED, f"{event.commenter} made the head commit")
    if not LOGIN.fullmatch(event.commenter) or not security.is_owner(event.commenter):
        reply(
            f"⛔ `/sastflow accept` from {who} is ignored: only a security code owner can accept "
            f"findings, and the owners of {ledger} at the base commit "
            f"{md_inline_code(pull.base_sha[:12])} ({md_inline_code(security.source)}) are "
            f"{md_text(security.describe())}."
        )
        return Outcome(Verdict.REFUSED, f"{event.commenter} is not a security code owner")
    parsed = parse(line, today=today, max_expiry_days=config.max_expiry_days)
    if isinstance(parsed, Malformed):
        reply(
            "⚠️ `/sastflow accept` was not understood, nothing was changed:\n\n"
            f"{_bullets(parsed.problems)}\n\n"
            "Write `/sastflow accept <reason> [--expires +90d|YYYY-MM-DD] [--ticket ID]`."
        )
        return Outcome(Verdict.MALFORMED, "; ".join(parsed.problems))
    members = find_row(client, number, own_login, event, parsed.fingerprint)
    if isinstance(members, str):
        reply(f"⚠️ `/sastflow accept`: {members}. Nothing was changed.")
        return Outcome(Verdict.MALFORMED, members)
    entry = _entry(members, parsed, event.commenter)
    problems = _entry_problems(entry, today, config.max_expiry_days)
    if problems:
        reply(f"⚠️ `/sastflow accept` cannot write this entry:\n\n{_bullets(problems)}")
        return Outcome(Verdict.MALFORMED, "; ".join(problems))
    yaml_text = edit.render_entry(entry, 2, 4, "\n")
    if pull.fork:
        reply(
            f"📝 This pull request comes from a fork, which sastflow cannot push to. To accept "
            f"the finding as {who} asked, add this entry to {ledger} on the branch:\n\n"
            f"{md_code_block(yaml_text, 'yaml')}\n\nor run:\n\n"
            f"{md_code_block(cli_command(entry), 'sh')}\n\n"
            "It takes effect once a security code owner approves the pull request at the "
            "commit that adds it."
        )
        return Outcome(Verdict.SUGGESTED, "fork pull request: the entry is in the reply")
    return _commit(client, event, pull, config, entry, reply, today)


def _commit(
    client: GitHubClient,
    event: CommentEvent,
    pull: PullRequest,
    config: config_mod.Config,
    entry: LedgerEntry,
    reply: Callable[[str], None],
    today: dt.date,
) -> Outcome:
    source = f"{config.ledger}@{pull.head_sha[:12]}"
    current = gitdata.read_file(client, config.ledger, pull.head_sha)
    try:
        done, data = edit.plan_accept(
            current, entry, today=today, max_expiry_days=config.max_expiry_days, source=source
        )
    except LedgerError as exc:
        reply(
            f"⚠️ The ledger {md_inline_code(config.ledger)} on this branch cannot be edited, "
            f"nothing was changed:\n\n{_bullets(exc.problems)}"
        )
        return Outcome(Verdict.MALFORMED, f"{source} is invalid")
    if data is None:
        existing = done.entry
        reply(
            f"ℹ️ {md_inline_code(config.ledger)} on this branch already accepts this finding "
            f"(line {existing.line}, approved by {md_inline_code(existing.approved_by)} until "
            f"{existing.expires.isoformat()}); nothing was added."
        )
        return Outcome(Verdict.EXISTS, f"already accepted at {source}:{existing.line}")
    message = (
        f"triage: accept {entry.rule} in {entry.path}\n\n"
        f"Requested by {event.commenter} with /sastflow accept on pull request #{pull.number}"
        f"{': ' + event.html_url if event.html_url else ''}.\n"
        "The entry is pending until a security code owner approves this commit."
    )
    new = gitdata.commit_file(
        client,
        branch=pull.head_ref,
        parent=pull.head_sha,
        path=config.ledger,
        content=data,
        message=message,
    )
    status_note = ""
    try:
        client.create_status(
            new.sha,
            "failure",
            STATUS_CONTEXT,
            "A ledger entry awaits a security code owner's approval of this commit",
        )
    except Forbidden:
        status_note = (
            "\n\nsastflow could not set the `sastflow/security-approval` status on the new "
            "commit (the job needs `statuses: write`); re-run the pull-request workflow."
        )
    short = md_inline_code(new.sha[:12])
    link = f"[{short}]({new.html_url})" if _COMMIT_URL.fullmatch(new.html_url) else short
    written = md_code_block(edit.render_entry(done.entry, 2, 4, "\n"), "yaml")
    reply(
        f"✅ Added the ledger entry to {md_inline_code(config.ledger)} in {link} "
        f"(approved by {md_inline_code(entry.approved_by)}, expires "
        f"{entry.expires.isoformat()}):\n\n{written}\n\n"
        "It is **pending**: it takes effect once a security code owner approves the pull "
        f"request at this new commit.{status_note}"
    )
    return Outcome(Verdict.COMMITTED, f"committed {new.sha[:12]} to {pull.head_ref}", new.sha)


__all__ = ["Outcome", "Verdict", "handle"]
