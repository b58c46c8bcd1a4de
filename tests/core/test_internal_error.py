"""A bug in sastflow (any unexpected exception) exits 4 with one line, never 1 (which CI reads as
"findings") and never a bare traceback; ``--debug`` or ``SASTFLOW_DEBUG=1`` adds the traceback.

The bug is planted by replacing a command's handler in a real interpreter (``python -c``),
then the real ``main`` runs: the handler is what is under test, not the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sastflow.cli import main
from sastflow.errors import ExitCode

PLANT = (
    "import sys\n"
    "import sastflow.commands.report as report\n"
    "def broken(args):\n"
    "    return {}['missing']\n"
    "report.run = broken\n"
    "from sastflow.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _run(
    tmp: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SASTFLOW_")}
    return subprocess.run(
        [sys.executable, "-c", PLANT, *args],
        cwd=tmp,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_internal_error_is_exit_4_and_one_line(tmp_path: Path) -> None:
    done = _run(tmp_path, "report", "x.sarif", "--html", "r.html")
    assert done.returncode == ExitCode.INTERNAL == 4
    assert done.stderr == (
        "sastflow: internal error: KeyError: 'missing' "
        "(a bug in sastflow; --debug shows the traceback)\n"
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--debug", "report", "x.sarif", "--html", "r.html"), None),
        (("report", "x.sarif", "--html", "r.html", "--debug"), None),
        (("report", "x.sarif", "--html", "r.html"), {"SASTFLOW_DEBUG": "1"}),
    ],
)
def test_debug_adds_the_traceback(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str] | None
) -> None:
    done = _run(tmp_path, *args, env=env)
    assert done.returncode == 4
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert done.stderr.rstrip().splitlines()[-1] == "sastflow: internal error: KeyError: 'missing'"


def test_user_errors_keep_their_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The net catches only what no SastflowError covers: a missing file is still exit 2.
    assert main(["report", str(tmp_path / "none.sarif"), "--html", "r.html"]) == 2
    assert (
        capsys.readouterr().err
        == f"sastflow: error: {tmp_path / 'none.sarif'}: no such SARIF file\n"
    )
