"""What the tracking issue of soon-expiring ledger entries says (``sastflow triage remind``).

An entry is *due* when it has expired or expires within ``expiry_warning_days``. The body is a
function of the due entries and the date alone, so a rerun on the same day renders the same
text and the issue is left alone. Every value from the ledger is escaped for a table cell: a
reason is text someone wrote into the repository.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sastflow.github.issues import MARKER
from sastflow.render.escape import md_inline_code, md_table_cell
from sastflow.triage.audit import Row

REASON_LIMIT = 200


def due_rows(rows: Sequence[Row], warn_days: int) -> list[Row]:
    """Expired entries and those expiring within ``warn_days``, soonest first."""
    due = [row for row in rows if row.due or row.expires_within(warn_days)]
    return sorted(due, key=lambda row: (row.entry.expires, row.entry.line))


def _when(row: Row) -> str:
    if row.days_left < 0:
        return f"expired {-row.days_left} d ago"
    return "today" if row.days_left == 0 else f"in {row.days_left} d"


def issue_body(due: Sequence[Row], *, ledger: str, today: dt.date, warn_days: int) -> str | None:
    """The issue's Markdown, or None when nothing is due (the issue is then closed)."""
    if not due:
        return None
    expired = sum(1 for row in due if row.due)
    noun = "entry" if len(due) == 1 else "entries"
    lines = [
        MARKER,
        f"**{len(due)} triage ledger {noun}** in {md_inline_code(ledger)} "
        f"{'has' if len(due) == 1 else 'have'} expired or expire within {warn_days} days "
        f"(as of {today.isoformat()}; {expired} already expired, and no longer suppress "
        "their findings).",
        "",
        "Renew an entry with `sastflow triage accept FINGERPRINT --replace --expires +90d "
        "--reason …` in a reviewed commit (a security code owner approves it), fix the "
        "finding, or remove the entry. This issue is updated by the scheduled sastflow run "
        "and closed when nothing is due.",
        "",
        "| Expires | When | Rule | Path | Approved by | Reason | Ledger line |",
        "| --- | --- | --- | --- | --- | --- | ---: |",
    ]
    for row in due:
        entry = row.entry
        rules = " + ".join(
            md_inline_code(rule, in_table=True) for _fingerprint, rule in entry.members
        )
        lines.append(
            f"| {entry.expires.isoformat()} | {_when(row)} | {rules} "
            f"| {md_inline_code(entry.path, in_table=True)} "
            f"| {md_table_cell(entry.approved_by)} "
            f"| {md_table_cell(entry.reason, limit=REASON_LIMIT)} | {entry.line} |"
        )
    return "\n".join(lines) + "\n"
