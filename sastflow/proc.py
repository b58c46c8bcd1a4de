"""The one place sastflow starts processes: argv lists, never a shell, bounded in time."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Completed:
    argv: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False

    def stderr_tail(self, lines: int = 5, width: int = 400) -> str:
        """The last meaningful stderr lines on one line, for error messages."""
        text = self.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = " | ".join(line.strip() for line in text[-lines:] if line.strip())
        return tail[-width:] if tail else "(no output on stderr)"


def run(
    argv: Sequence[str],
    *,
    cwd: Path | str | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
) -> Completed:
    """Run ``argv`` to completion. Raises FileNotFoundError when the program is missing."""
    full_env = None
    if env is not None:
        full_env = {**os.environ, **env}
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=timeout,
            env=full_env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return Completed(
            tuple(argv), -1, _as_bytes(exc.stdout), _as_bytes(exc.stderr), timed_out=True
        )
    return Completed(tuple(argv), proc.returncode, proc.stdout, proc.stderr)


def _as_bytes(data: bytes | str | None) -> bytes:
    if data is None:
        return b""
    return data.encode() if isinstance(data, str) else data
