"""Source context for reviewers: a finding's lines, numbered, with two lines either side.

:func:`attach_context` reads the lines once the scan is done (the work tree is the scanned
commit) and stores them on each finding (``Finding.context``); the SARIF writer keeps them as
``contextRegion``, so ``sastflow report`` renders the same context from a log. The file is read
only when it is a regular file no larger than the engines scan, and the context is kept only if
its flagged lines still are the finding's snippet: a file changed since the scan, or a finding
whose code was not read from the file (an unscannable file), shows its snippet alone.

:func:`numbered` is what every renderer shows: ``(line number, text, flagged)`` per line.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sastflow.model import ContextRegion, Finding, ScanReport

CONTEXT_LINES = 2
MAX_FLAGGED_LINES = 12  # a longer match shows its first lines (the SARIF region has them all)
MAX_LINE_CHARS = 400
MAX_FILE_BYTES = 5 * 1024 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as Markdown splits lines


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str
    flagged: bool


def _read_lines(root: Path, path: str) -> list[str] | None:
    target = root / path
    try:
        info = os.lstat(target)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        return None  # never follow a symlink out of the repository
    try:
        return target.read_bytes().decode("utf-8", "replace").splitlines()
    except OSError:
        return None


def context_for(finding: Finding, lines: Sequence[str]) -> ContextRegion | None:
    loc = finding.location
    first = finding.snippet.split("\n", 1)[0]
    if not finding.snippet or not 1 <= loc.start_line <= len(lines):
        return None
    if lines[loc.start_line - 1] != first:
        return None  # the file is not what was scanned
    last = min(loc.end_line, loc.start_line + MAX_FLAGGED_LINES - 1)
    start = max(1, loc.start_line - CONTEXT_LINES)
    end = min(len(lines), last + CONTEXT_LINES)
    return ContextRegion(start, "\n".join(line[:MAX_LINE_CHARS] for line in lines[start - 1 : end]))


def attach_context(report: ScanReport) -> ScanReport:
    """``report`` with each finding's context read from the files under ``report.root``."""
    root = Path(report.root)
    files: dict[str, list[str] | None] = {}
    out: list[Finding] = []
    changed = False
    for finding in report.findings:
        if finding.context is None and finding.snippet:
            if finding.path not in files:
                files[finding.path] = _read_lines(root, finding.path)
            lines = files[finding.path]
            region = context_for(finding, lines) if lines is not None else None
            if region is not None:
                finding = replace(finding, context=region)
                changed = True
        out.append(finding)
    return replace(report, findings=tuple(out)) if changed else report


def numbered(finding: Finding) -> list[Line]:
    """The lines to show: the context when known, else the snippet from the start line."""
    loc = finding.location
    last = min(loc.end_line, loc.start_line + MAX_FLAGGED_LINES - 1)
    if finding.context is not None:
        start, text = finding.context.start_line, finding.context.text
    else:
        start, text = loc.start_line, finding.snippet
    if not text:
        return []
    return [
        Line(number, line, loc.start_line <= number <= last)
        for number, line in enumerate(_LINE_BREAK.split(text), start)
    ]


def as_text(lines: Sequence[Line]) -> str:
    """Plain text, for Markdown code blocks: ``> 12 | code`` on flagged lines."""
    if not lines:
        return ""
    width = len(str(lines[-1].number))
    return "\n".join(
        f"{'>' if line.flagged else ' '} {line.number:>{width}} | {line.text}".rstrip()
        for line in lines
    )
