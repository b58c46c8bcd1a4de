"""GitHub workflow-command annotations (``::error file=…::message``) for new findings.

GitHub shows at most 10 error and 10 warning annotations per step, so sastflow writes the most
severe ones up to that limit per level and one ``::notice::`` counting the rest. Every value is
escaped (:func:`~sastflow.render.escape.workflow_property` / ``workflow_data``) and revealed
(invisible characters become ``<U+XXXX>``), so finding text can never start a command of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from sastflow.model import ScanReport
from sastflow.render.escape import reveal_invisible, workflow_data, workflow_property
from sastflow.render.view import Row, build_rows

MESSAGE_LIMIT = 2000  # characters; the log line stays readable and GitHub truncates anyway


def _command(level: str, row: Row) -> str:
    finding = row.lead
    title = f"{' + '.join(row.rules)} ({row.severity.label})"
    message = finding.message
    if len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 1] + "…"
    if finding.rule.help_text:
        message += "\n\n" + finding.rule.help_text[:MESSAGE_LIMIT]
    # The runner trims the property list, so free text never goes last.
    properties = {
        "file": row.path,
        "title": title,
        "line": str(row.line),
        "endLine": str(row.end_line),
    }
    props = ",".join(
        f"{key}={workflow_property(reveal_invisible(v))}" for key, v in properties.items()
    )
    return f"::{level} {props}::{workflow_data(reveal_invisible(message))}"


def workflow_commands(
    report: ScanReport, *, limit_per_level: int = 10, rows: Sequence[Row] | None = None
) -> list[str]:
    """Annotation lines for new, unsuppressed findings: ``error`` at or above the gate,
    ``warning`` below it, most severe first, plus a ``notice`` for those left out. ``rows``:
    the report's rows, when the run already built them."""
    every = build_rows(report) if rows is None else rows
    rows = [r for r in every if any(f.is_new and not f.suppressed for f in r.findings)]
    threshold = report.fail_on
    errors = [r for r in rows if threshold is not None and r.severity >= threshold]
    warnings = [r for r in rows if threshold is None or r.severity < threshold]
    lines = [_command("error", r) for r in errors[:limit_per_level]]
    lines += [_command("warning", r) for r in warnings[:limit_per_level]]
    left_errors = max(len(errors) - limit_per_level, 0)
    left_warnings = max(len(warnings) - limit_per_level, 0)
    if left_errors or left_warnings:
        text = (
            f"sastflow: {left_errors + left_warnings} more finding(s) not annotated "
            f"({left_errors} error, {left_warnings} warning; GitHub shows {limit_per_level} "
            "of each per step). See the step summary or the SARIF log for all of them."
        )
        lines.append(f"::notice title=sastflow::{workflow_data(text)}")
    return lines
