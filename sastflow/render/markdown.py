"""Markdown report: the ``--markdown`` file and the GitHub step summary.

Rendered with jinja2 (``templates/report.md.j2``, autoescape off) where every value from the
scan goes through an escaper filter. With ``max_bytes`` the findings table is shortened row by
row so that the whole body fits, saying how many rows were left out, and the result is passed
through :func:`~sastflow.render.escape.fit_utf8` as a last guard.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sastflow.model import EngineFailure, ScanReport, Severity
from sastflow.page_split import placeholder, split_at
from sastflow.render.env import environment
from sastflow.render.escape import fit_utf8, md_code_block, md_inline_code, md_table_cell
from sastflow.render.links import SourceLinks, source_links
from sastflow.render.view import Row, Status, Summary, summarise

TEMPLATE = "report.md.j2"
MESSAGE_LIMIT = 240

SEVERITY_ICONS = {
    "critical": "🟥",
    "high": "🟧",
    "medium": "🟨",
    "low": "🟦",
    "info": "⬜",
}
_VERDICT = {
    "fail": ("❌", "blocking findings"),
    "incomplete": ("⚠️", "incomplete scan"),
    "pass": ("✅", "no blocking findings"),
}
_FAILURE_REASONS = {
    "missing": "is not installed",
    "crashed": "crashed",
    "timeout": "timed out",
    "unparsable": "printed output sastflow could not read",
    "errors": "reported errors",
}
_LEDGER_NOTES = {
    "expired": "expired: reported again",
    "stale": "stale: matches nothing",
    "pending": "pending security approval",
}
_TABLE_HEAD_ALLOWANCE = 200  # the findings table's heading, absent from the row-less render
TRUNCATION_NOTICE = "_This summary was cut to fit the size limit; see the full report._"
# A link target that cannot end the Markdown link early or break out of the table cell.
_LINKABLE = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'*+,;=%-]+")
CODE_SECTION_ROWS = 200  # rows whose code the report shows (the HTML report shows them all)


def failure_reason(failure: EngineFailure) -> str:
    return _FAILURE_REASONS.get(failure.reason, "failed")


class _Cells:
    """Escaped cells of values that recur across rows: rule combinations, and messages (most
    rules never vary theirs), each escaped once per report."""

    def __init__(self, links: SourceLinks | None = None) -> None:
        self.rule_cell = functools.cache(_rule_cell)
        self.message_cell = functools.cache(_message_cell)
        self.links = links or SourceLinks(None)

    def where(self, row: Row) -> str:
        """The row's place, linked to the file at the scanned commit when that is known."""
        cell = md_inline_code(row.location, in_table=True)
        url = self.links.url(row.path, row.line, row.end_line)
        return f"[{cell}]({url})" if url is not None and _LINKABLE.fullmatch(url) else cell


def _rule_cell(rules: tuple[str, ...]) -> str:
    return " + ".join(md_inline_code(rule, in_table=True) for rule in rules)


def _message_cell(message: str) -> str:
    return md_table_cell(message, limit=MESSAGE_LIMIT)


def table_row(row: Row, cells: _Cells) -> str:
    """One line of the findings table, every value from the scan escaped for a table cell."""
    label = row.severity.label
    rules = cells.rule_cell(row.rules)
    where = cells.where(row)
    message = cells.message_cell(row.lead.message)
    blocks = " · **blocks**" if row.blocking else ""
    return (
        f"| {SEVERITY_ICONS[label]} {label} | {rules} | {where} | {message} "
        f"| {row.status.label}{blocks} |\n"
    )


def code_block(row: Row, cells: _Cells) -> str:
    """A row's flagged lines, numbered, with two lines of context either side (``>`` marks
    the flagged ones), under its place and rules."""
    from sastflow.github.bodies import language
    from sastflow.source_context import as_text, numbered

    lines = numbered(row.lead)
    if not lines:
        return ""
    rules = " + ".join(md_inline_code(rule) for rule in row.rules)
    return (
        f"**{cells.where(row)}** · {row.severity.label} · {rules}\n\n"
        f"{md_code_block(as_text(lines), language(row.path))}\n\n"
    )


def _code_section(summary: Summary, cells: _Cells) -> str:
    return "".join(code_block(row, cells) for row in summary.rows[:CODE_SECTION_ROWS])


def _context(summary: Summary, table_rows: str, hidden: int, code: str = "") -> dict[str, Any]:
    icon, title = _VERDICT[summary.verdict]
    blocking_by_severity: Counter[Severity] = Counter(
        r.severity for r in summary.rows if r.blocking
    )
    return {
        "s": summary,
        "table_rows": table_rows,
        "hidden": hidden,
        "code": code,
        "code_rows": min(len(summary.rows), CODE_SECTION_ROWS),
        "Status": Status,
        "verdict_icon": icon,
        "verdict_title": title,
        "severity_icon": SEVERITY_ICONS,
        "blocking_by_severity": blocking_by_severity,
        "ledger_note": _LEDGER_NOTES,
        "failure_reason": failure_reason,
    }


def markdown_chunks(summary: Summary) -> Iterator[str]:
    """The whole report, with no size limit, in pieces: a table row at a time.

    The emoji make every row, and so the joined report, a four-bytes-per-character string:
    100,000 findings held whole cost about 100 MB per copy. As for the HTML, the page is
    rendered with a placeholder for the rows (:mod:`sastflow.page_split`)."""
    template = environment().get_template(TEMPLATE)
    if not summary.rows:
        yield template.render(_context(summary, "", 0))
        return
    mark, code_mark = placeholder("rows"), placeholder("code")
    page = template.render(_context(summary, mark, 0, code_mark))
    head, middle, tail = split_at(page, [mark, code_mark])
    cells = _Cells(source_links(summary.head_ref))
    yield head
    for row in summary.rows:
        yield table_row(row, cells)
    yield middle
    for row in summary.rows[:CODE_SECTION_ROWS]:
        yield code_block(row, cells)
    yield tail


def render_markdown(
    report: ScanReport, *, max_bytes: int | None = None, summary: Summary | None = None
) -> str:
    """The report as GitHub-flavoured Markdown, within ``max_bytes`` UTF-8 bytes if given.

    ``summary`` is :func:`~sastflow.render.view.summarise` of ``report`` when the caller has it.
    """
    summary = summarise(report) if summary is None else summary
    if max_bytes is None:
        return "".join(markdown_chunks(summary))
    template = environment().get_template(TEMPLATE)
    cells = _Cells(source_links(summary.head_ref))
    rows = [table_row(row, cells) for row in summary.rows]
    body = template.render(_context(summary, "".join(rows), 0, _code_section(summary, cells)))
    if len(body.encode("utf-8")) <= max_bytes:
        return body
    body = template.render(_context(summary, "".join(rows), 0))  # the code goes first
    if len(body.encode("utf-8")) <= max_bytes:
        return body

    # Keep as many rows as fit: the rest of the body is fixed, each row costs its own bytes.
    fixed = len(template.render(_context(summary, "", len(rows))).encode("utf-8"))
    room = max_bytes - fixed - _TABLE_HEAD_ALLOWANCE
    kept = 0
    for line in rows:
        room -= len(line.encode("utf-8"))
        if room < 0:
            break
        kept += 1
    body = template.render(_context(summary, "".join(rows[:kept]), len(rows) - kept))
    return fit_utf8(body, max_bytes, TRUNCATION_NOTICE)
