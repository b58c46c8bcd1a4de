"""Terminal output (rich): the end-of-scan summary and progress lines while engines run.

Every string from the scan is wrapped in :class:`rich.text.Text` (so ``[bold]`` in a message is
text, not markup) after :func:`~sastflow.render.escape.log_text`, because in GitHub Actions this
output is the job log: finding text must not be able to issue a workflow command there.
Rich drops colours and box-drawing styling by itself when the output is not a terminal.
"""

from __future__ import annotations

import re
import time
from types import TracebackType

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sastflow.model import ScanReport, Severity
from sastflow.render.escape import log_text
from sastflow.render.view import Row, Status, Summary, summarise

TOP_FINDINGS = 15
MESSAGE_WIDTH = 90
# A sentence ends at ". " before a capital: "${{ ... }}" or "e.g. x" does not end one.
_FIRST_SENTENCE = re.compile(r"(?<=[\w)`'\"])\.\s+(?=[A-Z])")

SEVERITY_STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_FAILURE_REASONS = {
    "missing": "is not installed",
    "crashed": "crashed",
    "timeout": "timed out",
    "unparsable": "printed unreadable output",
    "errors": "reported errors",
}


def _safe(text: str, style: str = "") -> Text:
    return Text(log_text(text), style=style)


def _severity(severity: Severity) -> Text:
    return Text(severity.label, style=SEVERITY_STYLES[severity])


def _counts_table(summary: Summary) -> Table:
    table = Table(title="Findings by severity", title_justify="left", show_edge=False)
    table.add_column("severity")
    for name in ("total", "blocking", summary.unsuppressed_label, "pending", "suppressed"):
        table.add_column(name, justify="right")
    blocking: dict[Severity, int] = {}
    for row in summary.rows:
        if row.blocking:
            blocking[row.severity] = blocking.get(row.severity, 0) + 1
    for severity, counts in summary.by_severity:
        table.add_row(
            _severity(severity),
            str(counts.total()),
            str(blocking.get(severity, 0)),
            str(counts[Status.NEW] + counts[Status.OPEN]),
            str(counts[Status.PENDING]),
            str(counts[Status.ACCEPTED] + counts[Status.IN_SOURCE]),
        )
    return table


def _engines_table(summary: Summary) -> Table:
    table = Table(title="Engines", title_justify="left", show_edge=False)
    for name, justify in (
        ("engine", "left"),
        ("version", "left"),
        ("results", "right"),
        ("files", "right"),
        ("time", "right"),
        ("status", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in summary.engines:
        status = (
            Text(f"failed: {line.failure.reason}", style="bold red") if line.failure else Text("ok")
        )
        table.add_row(
            _safe(line.engine),
            _safe(line.version),
            str(line.findings),
            str(line.files),
            f"{line.duration:.1f}s",
            status,
        )
    return table


def _findings_table(rows: tuple[Row, ...]) -> Table:
    table = Table(title=f"Top findings ({len(rows)})", title_justify="left", show_edge=False)
    table.add_column("severity", no_wrap=True, min_width=8)
    table.add_column("rule", overflow="fold", min_width=18)
    table.add_column("location", overflow="fold", min_width=16)
    # One line per finding: the first sentence says what is wrong; the reports say the rest.
    table.add_column("message", max_width=MESSAGE_WIDTH)
    table.add_column("status", no_wrap=True, min_width=13)
    for row in rows:
        message = _FIRST_SENTENCE.split(row.lead.message, maxsplit=1)[0].rstrip(".")
        if len(message) > MESSAGE_WIDTH:
            message = message[: MESSAGE_WIDTH - 1] + "…"
        status = Text(row.status.label)
        if row.blocking:
            status.append(" (blocks)", style="bold red")
        table.add_row(
            _severity(row.severity),
            _safe(" + ".join(row.rules)),
            _safe(row.location),
            _safe(message),
            status,
        )
    return table


def print_summary(report: ScanReport, console: Console, summary: Summary | None = None) -> None:
    """Counts by severity and engine, the most severe findings, engine failures and the verdict.
    ``summary``: the run's row view, when already built."""
    summary = summarise(report) if summary is None else summary
    for failure in summary.failures:
        reason = _FAILURE_REASONS.get(failure.reason, "failed")
        line = Text(f"incomplete: {log_text(failure.engine)} {reason}: ", style="bold red")
        line.append(log_text(failure.detail), style="red")
        console.print(line)
    for unparsed in summary.unparsed_lines:
        console.print(_safe(f"warning: {unparsed}", style="yellow"))
    console.print(_counts_table(summary))
    console.print(_engines_table(summary))
    top = summary.rows[:TOP_FINDINGS]
    if top:
        console.print(_findings_table(top))
        if len(summary.rows) > len(top):
            console.print(
                Text(f"… and {len(summary.rows) - len(top)} more in the report", style="dim")
            )
    ledger: dict[str, int] = {}
    for outcome in summary.ledger:
        ledger[outcome.status.value] = ledger.get(outcome.status.value, 0) + 1
    if ledger:
        parts = ", ".join(f"{count} {status}" for status, count in ledger.items())
        console.print(Text(f"ledger: {parts} (run `sastflow triage check`)", style="yellow"))
    for note in summary.notes:
        console.print(_safe(f"note: {note}", style="yellow"))
    console.print(_verdict(summary))


def _verdict(summary: Summary) -> Text:
    accepted, pending = summary.by_status[Status.ACCEPTED], summary.by_status[Status.PENDING]
    counts = (
        f"{summary.blocking} blocking, {summary.unsuppressed} {summary.unsuppressed_label}, "
        f"{accepted} accepted, {pending} pending"
    )
    if summary.verdict == "fail":
        text = Text("FAIL", style="bold white on red")
    elif summary.verdict == "incomplete":
        text = Text("INCOMPLETE", style="bold black on yellow")
    else:
        text = Text("PASS", style="bold black on green")
    text.append(f" gate {summary.gate}: {counts}")
    if summary.incomplete:
        failed = ", ".join(log_text(f.engine) for f in summary.failures)
        text.append(f" (incomplete: {failed} failed)", style="bold red")
    return text


class EngineStatus:
    """Progress lines on stderr while a scan runs: ``[  3.2s] semgrep: started``.

    Pass an instance as the pipeline's ``progress`` callback; use it as a context manager to
    print the total time at the end.
    """

    def __init__(self, console: Console) -> None:
        self._console = console
        self._start = time.monotonic()

    def __call__(self, message: str) -> None:
        elapsed = time.monotonic() - self._start
        line = Text(f"[{elapsed:6.1f}s] ", style="dim")
        line.append(log_text(message))
        self._console.print(line, highlight=False)

    def __enter__(self) -> EngineStatus:
        self._start = time.monotonic()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self(f"done in {time.monotonic() - self._start:.1f}s")


def engine_status(console: Console | None = None) -> EngineStatus:
    """A progress callback printing to ``console`` (default: stderr)."""
    return EngineStatus(console if console is not None else Console(stderr=True))
