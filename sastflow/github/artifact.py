"""The fork publisher's input: the artifact a fork pull request's own run uploaded. Untrusted.

A fork's ``pull_request`` run has a read-only token, so it uploads its results (``sastflow.sarif``
and ``pull.json``: ``{"number": N, "head_sha": "..."}``) and a ``workflow_run`` job of the base
repository, with a write token, posts them (``sastflow pr --from-artifact DIR``). The fork
controls that run's workflow file, so everything in the artifact may be forged:

- the folder may hold only regular files (no symlinks, no folders), each within a size cap;
- the JSON must parse, and ``pull.json`` must name a positive number and a commit SHA;
- every path in the SARIF must be a plain repository-relative path (no ``..``, no absolute
  path, no backslash or control character);
- the head SHA must be the one GitHub reports for the run (the event, not the artifact), and
  the pull request is then found through the API by that SHA; the artifact's number must agree.

And since its findings could have been removed, results from an artifact never clear the gate
on their own: the status stays ``failure`` until a security code owner approves the head.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sastflow.errors import UsageError
from sastflow.github.env import SHA
from sastflow.model import ScanReport

SARIF_NAME = "sastflow.sarif"
PULL_NAME = "pull.json"
KNOWN = {SARIF_NAME, PULL_NAME, "report.md", "report.html"}
MAX_SARIF_BYTES = 64 * 1024 * 1024
MAX_PULL_BYTES = 4 * 1024
MAX_OTHER_BYTES = 16 * 1024 * 1024
MAX_RESULTS = 25_000  # GitHub code scanning's own cap per run
_BAD_PATH_CHARS = re.compile(r"[\x00-\x1f\x7f\\]")


@dataclass(frozen=True, slots=True)
class Artifact:
    number: int  # what the artifact claims: checked against the API
    head_sha: str
    report: ScanReport


def _fail(folder: Path, problem: str) -> UsageError:
    return UsageError(f"--from-artifact {folder}: {problem} (the artifact is rejected)")


def _check_folder(folder: Path) -> dict[str, Path]:
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        raise _fail(folder, "no such folder") from None
    if stat.S_ISLNK(mode) or not stat.S_ISDIR(mode):
        raise _fail(folder, "not a folder")
    files: dict[str, Path] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            raise _fail(folder, f"{entry.name!r} is a symbolic link")
        if not stat.S_ISREG(info.st_mode):
            raise _fail(folder, f"{entry.name!r} is not a regular file")
        if entry.name not in KNOWN:
            raise _fail(folder, f"unexpected file {entry.name!r}")
        cap = {SARIF_NAME: MAX_SARIF_BYTES, PULL_NAME: MAX_PULL_BYTES}.get(
            entry.name, MAX_OTHER_BYTES
        )
        if info.st_size > cap:
            raise _fail(folder, f"{entry.name} is {info.st_size} bytes (at most {cap})")
        files[entry.name] = Path(entry.path)
    for name in (SARIF_NAME, PULL_NAME):
        if name not in files:
            raise _fail(folder, f"{name} is missing")
    return files


def _read_json(folder: Path, path: Path) -> Any:
    # O_NOFOLLOW: the file was checked above, but not atomically; never follow a link here.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_SARIF_BYTES + 1)
    except OSError as exc:
        raise _fail(folder, f"cannot read {path.name}: {exc.strerror or exc}") from None
    if len(data) > MAX_SARIF_BYTES:
        raise _fail(folder, f"{path.name} is too large")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(folder, f"{path.name} is not valid JSON ({exc})") from None
    except RecursionError:
        raise _fail(folder, f"{path.name} nests too deeply") from None


def _pull(folder: Path, data: Any) -> tuple[int, str]:
    if not isinstance(data, dict):
        raise _fail(folder, f"{PULL_NAME} must be a JSON object")
    number, head = data.get("number"), data.get("head_sha")
    if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
        raise _fail(folder, f"{PULL_NAME}: number must be a positive integer")
    if not isinstance(head, str) or not SHA.fullmatch(head):
        raise _fail(folder, f"{PULL_NAME}: head_sha must be a commit SHA")
    return number, head


def safe_path(path: str) -> bool:
    """A plain repository-relative path: no ``..``, not absolute, no backslash or control."""
    if not path or path.startswith("/") or _BAD_PATH_CHARS.search(path):
        return False
    parts = PurePosixPath(path).parts
    return not any(part in ("..", ".") for part in parts) and ":" not in parts[0]


def read_artifact(folder: Path, *, run_head_sha: str) -> Artifact:
    """Validate and read the artifact; raises UsageError (exit 2) naming the problem."""
    from sastflow.sarif.read import report_from_log

    files = _check_folder(folder)
    number, head = _pull(folder, _read_json(folder, files[PULL_NAME]))
    if head != run_head_sha:
        raise _fail(
            folder,
            f"{PULL_NAME} names head {head[:12]}, but the run was for {run_head_sha[:12]}",
        )
    log = _read_json(folder, files[SARIF_NAME])
    if not isinstance(log, dict) or log.get("version") != "2.1.0":
        raise _fail(folder, f"{SARIF_NAME} is not a SARIF 2.1.0 log")
    runs = log.get("runs")
    if not isinstance(runs, list):
        raise _fail(folder, f"{SARIF_NAME} has no runs")
    results = sum(len(r.get("results") or []) for r in runs if isinstance(r, dict))
    if results > MAX_RESULTS * max(len(runs), 1):
        raise _fail(folder, f"{SARIF_NAME} holds {results} results")
    try:
        report = report_from_log(log, SARIF_NAME)
    except (KeyError, TypeError, ValueError, AttributeError, UsageError) as exc:
        raise _fail(folder, f"{SARIF_NAME} is malformed ({exc})") from None
    for finding in report.findings:
        if not safe_path(finding.path):
            raise _fail(folder, f"{SARIF_NAME} names the path {finding.path[:200]!r}")
    if report.head_ref is not None and report.head_ref != run_head_sha:
        raise _fail(
            folder, f"{SARIF_NAME} is a scan of {report.head_ref[:12]}, not {run_head_sha[:12]}"
        )
    return Artifact(number, head, report)
