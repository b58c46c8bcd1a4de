"""Writing a ScanReport out: SARIF, Markdown, HTML files, and the GitHub Actions step files.

Where an output goes depends on what the path names now (:func:`target_of`):

- ``-``, ``/dev/stdout``, ``/dev/stderr``: the process's own stream;
- nothing yet, or a regular file: written whole through a temporary sibling and ``os.replace``,
  so a consumer (upload-sarif, an artifact step) never sees half a report;
- a character device, FIFO or socket (``/dev/null``, a pipe a tool reads from): written in
  place. Renaming over it would replace the device node with a plain file (as root, for
  ``/dev/null``, breaking every program on the machine);
- a symbolic link or a directory: refused (exit 2). Writing through a link could land anywhere,
  and renaming over it would destroy the link.
"""

from __future__ import annotations

import enum
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sastflow.errors import UsageError
from sastflow.model import ScanReport, SuppressionKind

if TYPE_CHECKING:  # the renderers are imported only when a report is written
    from sastflow.render.view import Row, Summary

STDOUT = "-"
_STREAMS = {STDOUT: "stdout", "/dev/stdout": "stdout", "/dev/stderr": "stderr"}


class Target(enum.Enum):
    """How an output path is written."""

    STREAM = "stream"  # stdout or stderr
    REPLACE = "replace"  # a regular file, or nothing yet: atomically
    IN_PLACE = "in place"  # a device, FIFO or socket


def is_stream(path: Path | str | None) -> bool:
    """Whether ``path`` means the process's stdout or stderr (``-``, ``/dev/stdout``...)."""
    return path is not None and str(path) in _STREAMS


def target_of(path: Path | str) -> Target:
    """What writing to ``path`` means; a symlink or a directory is a :class:`UsageError`."""
    if is_stream(path):
        return Target.STREAM
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return Target.REPLACE
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISLNK(mode):
        raise UsageError(
            f"{path}: is a symbolic link; refusing to write through it (give the real path, "
            "or - for stdout)"
        )
    if stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a directory; give a file name")
    if stat.S_ISREG(mode):
        return Target.REPLACE
    return Target.IN_PLACE


def _stream(path: Path | str) -> IO[str]:
    return sys.stderr if _STREAMS[str(path)] == "stderr" else sys.stdout


def _write_stream(handle: IO[str], chunks: Iterable[str]) -> None:
    """UTF-8 whatever the locale, through the binary buffer when the stream has one."""
    handle.flush()
    buffer = getattr(handle, "buffer", None)
    if buffer is None:  # a text-only stream (tests capture output this way)
        handle.writelines(chunks)
    else:
        for chunk in chunks:
            buffer.write(chunk.encode("utf-8", "surrogateescape"))
        buffer.flush()
    handle.flush()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    write_chunks(path, (text,))


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to ``path`` as :func:`target_of` decides (see the module's doc)."""
    target = target_of(path)
    try:
        if target is Target.STREAM:
            _write_stream(_stream(path), chunks)
        elif target is Target.IN_PLACE:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(chunks)
        else:
            _replace(path, chunks)
    except BrokenPipeError:
        raise  # the reader of stdout went away: the CLI ends quietly
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _replace(path: Path, chunks: Iterable[str]) -> None:
    """Through a temporary sibling, replaced in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(chunks)
        # mkstemp makes the file private (0600); a report gets the usual umask-based mode.
        os.chmod(tmp, 0o666 & ~_umask())
        if target_of(path) is not Target.REPLACE:  # it changed while we wrote: never rename
            raise UsageError(f"{path}: changed while the report was written; not replaced")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    return "".join(_sarif_chunks(report, exclude_accepted=exclude_accepted))


def _sarif_chunks(report: ScanReport, *, exclude_accepted: bool) -> Iterable[str]:
    if not exclude_accepted:
        from sastflow.sarif.build import iter_sarif_json

        return iter_sarif_json(report)
    # This is the file for code scanning: it must also be within GitHub's upload limits, which
    # are checked on the whole log (GitHub caps it at 25,000 results per run anyway).
    from sastflow.sarif.build import ENCODER, build_sarif
    from sastflow.sarif.limits import require_uploadable

    log = require_uploadable(without_accepted(build_sarif(report)))
    return (ENCODER.encode(log), "\n")


def write_outputs(
    report: ScanReport,
    *,
    sarif: Path | None,
    markdown: Path | None,
    html: Path | None,
    exclude_accepted: bool = False,
) -> Summary | None:
    """Write the files asked for. Returns the reports' row view when one was written, for the
    step summary to reuse."""
    if sarif is not None:
        write_chunks(sarif, _sarif_chunks(report, exclude_accepted=exclude_accepted))
    if markdown is None and html is None:
        return None
    from sastflow.render.view import summarise

    summary = summarise(report)  # once for both reports: grouping 20k findings costs 0.4 s
    if markdown is not None:
        from sastflow.render.markdown import markdown_chunks

        write_chunks(markdown, markdown_chunks(summary))
    if html is not None:
        from sastflow.render.html import html_chunks

        write_chunks(html, html_chunks(summary))
    return summary


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
            _write_stream(_stream(target), (text,))
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
