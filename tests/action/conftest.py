"""Fixtures of the action tests: the local GitHub server, in-process CLI runs."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from sastflow.cli import main
from tests.ghserver.fixture import github_server  # noqa: F401  (re-exported fixture)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    """``sastflow ARGS`` in-process, from ``cwd``, with only ``env`` of the Actions variables."""
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.chdir(cwd)
        for key in list(os.environ):
            if key.startswith(("GITHUB_", "INPUT_", "RUNNER_", "SASTFLOW_")):
                patch.delenv(key)
        for key, value in (env or {}).items():
            patch.setenv(key, value)
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())
