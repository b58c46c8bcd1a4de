"""The GitHub Actions step files: ``key=value`` lines for ``$GITHUB_OUTPUT`` and Markdown for
the step summary, appended to (never replaced), and the counts the action outputs."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sastflow.errors import UsageError
from sastflow.model import ScanReport
from sastflow.report_files import Target, stream_of, target_of, write_stream

if TYPE_CHECKING:  # the renderers are imported only when counts are asked for
    from sastflow.render.view import Row


def counts(report: ScanReport, rows: Sequence[Row] | None = None) -> dict[str, int]:
    """The action's count outputs, in rows (a place in the code, both engines' results on it
    counted once, as every report and the PR comments show them), the same in every mode:
    ``findings`` the rows no ledger entry or base suppression silences, ``new`` those of them
    the pull request adds (in a full scan: all of them), ``blocking`` those failing the gate.
    ``new-findings`` and ``blocking-findings`` are the older names of ``new`` and ``blocking``.
    ``rows``: the report's rows when they were already built."""
    from sastflow.render.view import Status, build_rows

    shown = [r for r in (build_rows(report) if rows is None else rows) if not r.status.silenced]
    new = sum(1 for r in shown if r.status is not Status.EXISTING)
    blocking = sum(1 for r in shown if r.blocking)
    return {
        "findings": len(shown),
        "new": new,
        "blocking": blocking,
        "new-findings": new,
        "blocking-findings": blocking,
    }


STEP_SUMMARY_BYTES = 1_000_000  # GitHub refuses a step summary over 1 MiB


def append_text(target: Path | str | None, text: str) -> None:
    """Append ``text`` to a GitHub Actions step file (a no-op without one: outside Actions)."""
    if not target:
        return
    kind = target_of(target)  # a symlink is refused; appending never renames anything
    try:
        if kind is Target.STREAM:
            write_stream(stream_of(target), (text,))
            return
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None


def append_github_outputs(
    values: Mapping[str, str | int], target: Path | str | None = None
) -> None:
    """Append ``key=value`` lines to ``target``, by default ``$GITHUB_OUTPUT``. Values are ours
    (numbers, paths, states), never text from the scanned code; newlines are refused."""
    target = target or os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    lines = []
    for key, value in values.items():
        text = str(value)
        if "\n" in text or "\r" in text:
            raise UsageError(f"output {key!r} would contain a newline")
        lines.append(f"{key}={text}\n")
    append_text(target, "".join(lines))


def append_step_summary(markdown: str) -> None:
    append_text(os.environ.get("GITHUB_STEP_SUMMARY"), markdown + "\n")
