"""The Markdown bodies sastflow posts: inline comments, the summary, its approval section.

Rendered with jinja2 from ``sastflow/github/templates`` with sastflow's escapers as filters
(autoescape is off for Markdown: every value from the scan goes through an ``md_*`` filter).
Every body is budgeted in UTF-8 bytes below GitHub's 65,536-character limit with
:func:`~sastflow.render.escape.fit_utf8` (a byte budget bounds the characters too), because one
oversized inline comment makes GitHub reject the whole review.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from sastflow.github import markers
from sastflow.github.approval import ApprovalState, Decision
from sastflow.github.rowmarkers import row_marker
from sastflow.model import Finding, LedgerOutcome, ScanReport
from sastflow.render.env import add_filters
from sastflow.render.escape import fit_utf8, md_inline_code
from sastflow.render.markdown import SEVERITY_ICONS, failure_reason
from sastflow.render.view import Row
from sastflow.source_context import as_text, numbered

MAX_BODY_BYTES = 65_536  # GitHub: 65,536 characters; UTF-8 bytes bound them from above
INLINE_NOTICE = (
    "_This comment was cut to fit GitHub's size limit; the summary comment and the SARIF log "
    "have the rest._"
)
SUMMARY_NOTICE = (
    "_This comment was cut to fit GitHub's size limit; see the step summary and the SARIF log._"
)
MESSAGE_LIMIT = 200
# Room kept free in the summary for its approval section, which a review event rewrites in
# place (more approvals that do not count): the section is capped well below this.
APPROVAL_RESERVE = 6_000
MAX_IGNORED_SHOWN = 10
_URL = re.compile(r"https://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~:/?#@!$&'*+,;=%-]*)?")
_LANGS = {".py": "python", ".pyi": "python", ".yml": "yaml", ".yaml": "yaml"}


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sastflow.github", "templates"),
        autoescape=False,  # noqa: S701 - Markdown: every value goes through an md_* filter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    return add_filters(env)


@dataclass(frozen=True, slots=True)
class HelpLine:
    kind: str  # "text", "item", "link", "break"
    text: str = ""


def help_lines(finding: Finding) -> list[HelpLine]:
    """The rule's help as paragraphs, list items and plain https links (rules are trusted, but
    their text is still escaped; only a strict https URL becomes a link). A first paragraph
    that repeats the message is left out."""
    text = finding.rule.help_text.strip()
    message = finding.message.strip()
    if message and text.startswith(message):
        text = text[len(message) :].strip()
    out: list[HelpLine] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if out and out[-1].kind != "break":
                out.append(HelpLine("break"))
            continue
        if line.startswith(("- ", "* ")):
            item = line[2:].strip()
            out.append(HelpLine("link", item) if _URL.fullmatch(item) else HelpLine("item", item))
            continue
        label, _, url = line.rpartition(" ")
        if _URL.fullmatch(url):
            out.append(HelpLine("text", label))
            out.append(HelpLine("link", url))
        else:
            out.append(HelpLine("text", line))
    while out and out[-1].kind == "break":
        out.pop()
    return out


def language(path: str) -> str:
    for suffix, lang in _LANGS.items():
        if path.endswith(suffix):
            return lang
    return ""


def accept_command(finding: Finding, *, today: dt.date, max_expiry_days: int) -> str:
    """The exact ``sastflow triage accept`` command, every argument shell-quoted."""
    expires = today + dt.timedelta(days=min(90, max_expiry_days))
    argv = [
        "sastflow",
        "triage",
        "accept",
        finding.fingerprint,
        "--rule",
        finding.rule_id,
        "--path",
        finding.path,
    ]
    quoted = " ".join(shlex.quote(a) for a in argv)
    return f'{quoted} --reason "…" --expires {expires.isoformat()}'


def _pending_note(row: Row) -> str:
    for finding in row.findings:
        if finding.pending:
            for suppression in finding.suppressions:
                return suppression.justification or "pending"
    return ""


def inline_body(
    row: Row,
    *,
    gate: str,
    owners: str,
    today: dt.date,
    max_expiry_days: int,
) -> str:
    lead = row.lead
    body = (
        environment()
        .get_template("inline.md.j2")
        .render(
            fingerprints=tuple(dict.fromkeys(f.fingerprint for f in row.findings)),
            marker=markers.finding_marker,
            icon=SEVERITY_ICONS[row.severity.label],
            severity=row.severity.label,
            rules=row.rules,
            blocking=row.blocking,
            gate=gate,
            message=lead.message,
            # The flagged lines numbered, two lines of context either side, `>` on flagged ones.
            snippet=as_text(numbered(lead)) or lead.snippet,
            lang=language(lead.path),
            pending=_pending_note(row),
            why=help_lines(lead),
            cwe=row.cwe,
            owners=owners,
            command=accept_command(lead, today=today, max_expiry_days=max_expiry_days),
        )
    )
    # What `/sastflow accept` in a reply needs to write the row's ledger entry (the lead first).
    members = dict.fromkeys(row_marker(f) for f in (lead, *row.findings) if f.fingerprint)
    body = "\n".join(members) + "\n" + body if members else body
    return fit_utf8(body, MAX_BODY_BYTES, INLINE_NOTICE)


def review_body(count: int, total_new: int) -> str:
    noun = "finding" if count == 1 else "findings"
    return (
        f"**sastflow** commented on {count} new {noun} on lines this pull request adds. "
        f"The summary comment lists all {total_new} new findings and the security-approval "
        "state."
    )


def fixed_reply(fingerprint: str, head: str, how: str) -> str:
    return f"{markers.fixed_marker(fingerprint)}\n✅ {how} in {md_inline_code(head[:12])}."


def approval_section(
    state: ApprovalState,
    decision: Decision,
    *,
    description: str,
    owners: str,
    head: str,
    why: str = "",
) -> str:
    return (
        environment()
        .get_template("approval.md.j2")
        .render(
            start=markers.APPROVAL_START,
            end=markers.APPROVAL_END,
            state=state.value,
            decision=decision,
            description=description,
            owners=owners,
            head=head[:12],
            why=why,
            max_ignored=MAX_IGNORED_SHOWN,
        )
    )


@dataclass(frozen=True, slots=True)
class SummaryRow:
    row: Row
    where: str  # our own words: "inline", "outside the diff", ...


def _inline_note(finding: Finding) -> str:
    for suppression in finding.suppressions:
        return suppression.justification
    return ""


def summary_body(
    report: ScanReport,
    rows: Sequence[SummaryRow],
    *,
    state: markers.RunState,
    approval: str,
    pending_ledger: Sequence[LedgerOutcome],
    pending_inline: Sequence[Finding],
    notes: Sequence[str],
    cap: int,
) -> str:
    """The summary comment; rows are dropped from the end (and counted) until it fits."""
    template = environment().get_template("summary.md.j2")
    failed = bool(report.failures)
    blocking = state.blocking
    if blocking:
        icon, headline = "❌", f"{blocking} blocking finding{'s' if blocking != 1 else ''}"
    elif failed:
        icon, headline = "⚠️", "incomplete scan"
    else:
        icon, headline = "✅", "no blocking findings"

    def render(kept: Sequence[SummaryRow], hidden: int) -> str:
        context: dict[str, Any] = {
            "summary_marker": markers.summary_marker(),
            "state_marker": markers.state_marker(state),
            "verdict_icon": icon,
            "headline": headline,
            "approval_section": approval,
            "new_rows": rows,
            "blocking": blocking,
            "gate": report.fail_on.label if report.fail_on is not None else "never",
            "pending_ledger": pending_ledger,
            "pending_inline": pending_inline,
            "head": (report.head_ref or state.head)[:12],
            "failures": report.failures,
            "failure_reason": failure_reason,
            "notes": notes,
            "rows": kept,
            "hidden": hidden,
            "severity_icon": SEVERITY_ICONS,
            "message_limit": MESSAGE_LIMIT,
            "inline_note": _inline_note,
            "cap": cap,
        }
        return template.render(context)

    # The body may grow by a rewritten approval section later: keep APPROVAL_RESERVE free.
    budget = MAX_BODY_BYTES - APPROVAL_RESERVE + len(approval.encode("utf-8"))
    budget = min(budget, MAX_BODY_BYTES)
    body = render(rows, 0)
    if len(body.encode("utf-8")) > budget:
        low, high = 0, len(rows)
        while low < high:  # the most rows that fit
            mid = (low + high + 1) // 2
            if len(render(rows[:mid], len(rows) - mid).encode("utf-8")) <= budget:
                low = mid
            else:
                high = mid - 1
        body = render(rows[:low], len(rows) - low)
    return fit_utf8(body, budget, SUMMARY_NOTICE)


def refit_summary(body: str) -> str:
    """A summary edited in place (its approval section replaced), within the budget."""
    return fit_utf8(body, MAX_BODY_BYTES, SUMMARY_NOTICE)
