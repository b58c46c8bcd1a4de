"""Writing a ScanReport out: SARIF, Markdown, HTML files, and the GitHub Actions step files.

Files are written whole through a temporary sibling and ``os.replace``, so a consumer (upload-sarif,
an artifact step) never sees half a report.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sastflow.errors import UsageError
from sastflow.model import ScanReport, SuppressionKind


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            # mkstemp makes the file private (0600); a report gets the usual umask-based mode.
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def without_accepted(log: dict[str, Any]) -> dict[str, Any]:
    """Code scanning ignores ``suppressions``: leave ledger-accepted results out of an upload."""
    for run in log.get("runs", []):
        run["results"] = [
            r
            for r in run.get("results", [])
            if not any(
                s.get("status") == "accepted" and s.get("kind") == SuppressionKind.EXTERNAL.value
                for s in r.get("suppressions", [])
            )
        ]
    return log


def sarif_text(report: ScanReport, *, exclude_accepted: bool = False) -> str:
    from sastflow.sarif.build import build_sarif

    log = build_sarif(report)
    if exclude_accepted:
        # This is the file for code scanning: it must also be within GitHub's upload limits.
        from sastflow.sarif.limits import require_uploadable

        log = require_uploadable(without_accepted(log))
    # Compact separators keep json on its C encoder (any indent falls back to the pure-Python
    # one): 20k findings 1.20 s -> 0.41 s, 21.9 MB -> 15.5 MB (2.29 -> 1.97 MB gzipped, which
    # is what GitHub's 10 MB upload limit counts). Readers of SARIF are tools.
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_outputs(
    report: ScanReport,
    *,
    sarif: Path | None,
    markdown: Path | None,
    html: Path | None,
    exclude_accepted: bool = False,
) -> None:
    if sarif is not None:
        write_text(sarif, sarif_text(report, exclude_accepted=exclude_accepted))
    if markdown is not None:
        from sastflow.render.markdown import render_markdown

        write_text(markdown, render_markdown(report))
    if html is not None:
        from sastflow.render.html import render_html

        write_text(html, render_html(report))


def counts(report: ScanReport) -> dict[str, int]:
    new = [f for f in report.findings if f.is_new and not f.suppressed]
    return {"new-findings": len(new), "blocking-findings": len(report.blocking)}


def append_github_outputs(values: Mapping[str, str | int]) -> None:
    """Append ``key=value`` lines to ``$GITHUB_OUTPUT`` (a no-op outside Actions). Values are
    ours (numbers, paths, states), never text from the scanned code; newlines are refused."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    lines = []
    for key, value in values.items():
        text = str(value)
        if "\n" in text or "\r" in text:
            raise UsageError(f"output {key!r} would contain a newline")
        lines.append(f"{key}={text}\n")
    with open(target, "a", encoding="utf-8") as handle:
        handle.writelines(lines)


def append_step_summary(markdown: str) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
