"""Running the real console script in a subprocess, with a clean environment: what CI sees
(exit code, stdout, stderr), including anything printed while the interpreter starts or ends."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.strip().splitlines()

    def one_error(self) -> str:
        """The single ``sastflow: error: ...`` line a user error must be (no traceback)."""
        assert "Traceback" not in self.err, self.err
        lines = [line for line in self.err_lines if line.startswith("sastflow:")]
        assert len(lines) == 1, self.err
        return lines[0]


def sastflow(
    cwd: Path, *args: str, env: Mapping[str, str] | None = None, timeout: float = 300
) -> Done:
    """``python -m sastflow ARGS`` from ``cwd``; no GITHUB_*/SASTFLOW_* leaks in."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_", "SASTFLOW_"))
    }
    done = subprocess.run(
        [sys.executable, "-m", "sastflow", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)
