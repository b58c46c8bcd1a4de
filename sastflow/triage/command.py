"""Parse ``/sastflow accept`` as a security code owner writes it on a pull request.

    /sastflow accept [FINGERPRINT] <reason> [--expires +90d|YYYY-MM-DD] [--ticket ID]

The command is the first line of the comment that starts with ``/sastflow`` (quoted lines,
``> …``, and fenced code are skipped: quoting someone's command does not repeat it). The words
are split like a shell would (quotes group words; nothing is ever run); a first word of 32 hex
digits is the fingerprint (needed in a PR comment, optional in a reply to sastflow's inline
comment); the other words are the reason. ``--expires`` defaults to 90 days, or
``max_expiry_days`` when that is shorter. Every mistake is said at once, one line each, so the
reply can name them all.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass

from sastflow.triage.ledger import FINGERPRINT, NOT_UTF8, field_problems, parse_expires

PREFIX = "/sastflow"
DEFAULT_EXPIRY_DAYS = 90
_RELATIVE = re.compile(r"\+([0-9]{1,5})d")
_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class AcceptCommand:
    reason: str
    expires: dt.date
    fingerprint: str | None = None
    ticket: str | None = None


@dataclass(frozen=True, slots=True)
class Malformed:
    problems: tuple[str, ...]


def command_line(body: str) -> str | None:
    """The comment's ``/sastflow`` line, or None when it has none."""
    fence: str | None = None
    for raw in body.splitlines():
        line = raw.strip()
        opened = _FENCE.match(raw)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if line.startswith(">"):
            continue
        if line == PREFIX or line.startswith(PREFIX + " "):
            return line
    return None


def parse(line: str, *, today: dt.date, max_expiry_days: int) -> AcceptCommand | Malformed:
    """``line`` is what :func:`command_line` found."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        return Malformed((f"cannot read the command: {exc} (check the quotes)",))
    if words[1:2] != ["accept"]:
        return Malformed(("unknown command: only `/sastflow accept <reason>` is understood",))
    problems: list[str] = []
    options: dict[str, str] = {}
    rest: list[str] = []
    args = iter(words[2:])
    for word in args:
        name, equals, value = word.partition("=")
        if name in ("--expires", "--ticket"):
            if not equals:
                value = next(args, "")
            if not value:
                problems.append(f"{name} needs a value")
            elif name in options:
                problems.append(f"{name} is given twice")
            options[name] = value
        elif word.startswith("--"):
            problems.append(f"unknown option {name} (known: --expires, --ticket)")
        else:
            rest.append(word)
    fingerprint = None
    if rest and FINGERPRINT.fullmatch(rest[0]):
        fingerprint = rest.pop(0)
    reason = " ".join(rest).strip()
    if not reason:
        problems.append("the reason is empty: say why the finding is acceptable")
    elif len(reason) > MAX_REASON:
        problems.append(f"the reason is {len(reason)} characters; keep it to {MAX_REASON}")
    if NOT_UTF8.search(line):
        problems.append("the command holds text that is not valid UTF-8")
    expires = _expires(options.get("--expires"), today, max_expiry_days, problems)
    ticket = options.get("--ticket")
    if ticket is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/#:-]{0,99}", ticket):
        problems.append(f"--ticket {ticket[:40]!r} is not a ticket id (letters, digits, -._/#:)")
    if problems or expires is None:
        return Malformed(tuple(problems))
    return AcceptCommand(reason, expires, fingerprint, ticket)


def _expires(
    text: str | None, today: dt.date, max_expiry_days: int, problems: list[str]
) -> dt.date | None:
    if text is None:
        return today + dt.timedelta(days=min(DEFAULT_EXPIRY_DAYS, max_expiry_days))
    relative = _RELATIVE.fullmatch(text)
    if relative is not None:
        days = int(relative.group(1))
        if days < 1:
            problems.append(f"--expires {text}: at least +1d")
            return None
        text = (today + dt.timedelta(days=days)).isoformat()
    wrong = field_problems("expires", text, today=today, max_expiry_days=max_expiry_days)
    if wrong:
        problems.extend(wrong)
        return None
    date = parse_expires(text)
    if date is not None and date < today:
        problems.append(f"--expires {date.isoformat()} is already past (today is {today})")
        return None
    return date
