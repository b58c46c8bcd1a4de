"""What every scanning command does at the end: summary, Actions files, exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sastflow import report_files
from sastflow.errors import ExitCode
from sastflow.github import step_files
from sastflow.model import ScanReport

if TYPE_CHECKING:
    from sastflow.render.view import Summary


def exit_code(report: ScanReport) -> ExitCode:
    """An incomplete run is never "clean": exit 3 wins over the gate (the outputs say both)."""
    if report.incomplete:
        return ExitCode.ENGINE
    return ExitCode.FINDINGS if report.blocking else ExitCode.OK


def finish(
    report: ScanReport,
    *,
    quiet: bool,
    sarif: Path | None,
    written: Sequence[Path | None] = (),
    approval_state: str = "not-required",
    summary: Summary | None = None,
) -> int:
    """``summary``: the run's row view (:func:`sastflow.render.view.summarise`), built here when
    not given; every output below reads it."""
    from sastflow.render.view import summarise

    summary = summarise(report) if summary is None else summary
    if not quiet:
        from rich.console import Console

        from sastflow.render.terminal import print_summary

        # A report written to stdout (``--sarif -``) must not get the summary mixed into it.
        to_stdout = any(report_files.is_stream(path) for path in written)
        print_summary(
            report, Console(file=sys.stderr if to_stdout else sys.stdout, highlight=False), summary
        )
        for path in written:
            if path is not None and not report_files.is_stream(path):
                print(f"wrote {path}", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from sastflow.render.annotations import workflow_commands

        for line in workflow_commands(report, rows=summary.rows):
            print(line, flush=True)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        from sastflow.render.markdown import render_markdown

        step_files.append_step_summary(
            render_markdown(report, max_bytes=step_files.STEP_SUMMARY_BYTES, summary=summary)
        )
    values: dict[str, str | int] = dict(step_files.counts(report, summary.rows))
    values["approval-state"] = approval_state
    if sarif is not None:
        values["sarif-file"] = str(sarif)
    step_files.append_github_outputs(values)
    from sastflow.render.escape import log_text

    for failure in report.failures:
        # Engine stderr can echo scanned code; in Actions this is the job log.
        print(f"sastflow: error: {log_text(failure.detail)}", file=sys.stderr)
    return int(exit_code(report))
