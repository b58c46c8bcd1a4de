"""Writing report files: SARIF, Markdown and HTML, to a path, a stream or a device.

The GitHub Actions step files (``GITHUB_OUTPUT``, the step summary) are appended to by
:mod:`sastflow.github.step_files`.

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
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sastflow.errors import UsageError
from sastflow.model import Finding, ScanReport

if TYPE_CHECKING:  # the renderers are imported only when a report is written
    from sastflow.render.view import Summary

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


def stream_of(path: Path | str) -> IO[str]:
    return sys.stderr if _STREAMS[str(path)] == "stderr" else sys.stdout


def write_stream(handle: IO[str], chunks: Iterable[str]) -> None:
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
            write_stream(stream_of(path), chunks)
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


def _kept(finding: Finding) -> bool:
    """Code scanning ignores ``suppressions``: ledger-accepted results stay out of an upload."""
    return not finding.accepted_by_ledger


def _sarif_chunks(report: ScanReport, *, exclude_accepted: bool) -> Iterable[str]:
    if not exclude_accepted:
        from sastflow.sarif.build import iter_sarif_json

        return iter_sarif_json(report)
    # This is the file for code scanning: it must also be within GitHub's upload limits, which
    # are checked on the whole log (GitHub caps it at 25,000 results per run anyway). Accepted
    # results are left out as records; the runs still list every rule the scan reported.
    from sastflow.sarif.build import ENCODER, build_sarif
    from sastflow.sarif.limits import require_uploadable

    log = require_uploadable(build_sarif(report, results=_kept))
    return (ENCODER.encode(log), "\n")


def write_outputs(
    report: ScanReport,
    *,
    sarif: Path | None,
    markdown: Path | None,
    html: Path | None,
    exclude_accepted: bool = False,
    summary: Summary | None = None,
) -> Summary | None:
    """Write the files asked for. Returns the reports' row view when one was written, for the
    step summary to reuse. ``summary``: the run's row view, when the caller built it already."""
    if sarif is not None:
        write_chunks(sarif, _sarif_chunks(report, exclude_accepted=exclude_accepted))
    if markdown is None and html is None:
        return None
    from sastflow.render.view import summarise

    if summary is None:  # once for both reports: grouping 20k findings costs 0.4 s
        summary = summarise(report)
    if markdown is not None:
        from sastflow.render.markdown import markdown_chunks

        write_chunks(markdown, markdown_chunks(summary))
    if html is not None:
        from sastflow.render.html import html_chunks

        write_chunks(html, html_chunks(summary))
    return summary
