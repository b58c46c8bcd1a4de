"""Target 5: start-up time of the ``sastflow`` command (``--version`` under 0.3 s), against a bare
``python -c pass`` of the same interpreter, plus the slowest imports from ``-X importtime``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

from common import (
    VENV_BIN,
    Stats,
    interleaved,
    markdown_table,
    run_timed,
    section,
    spread,
    text_table,
    verdict,
)

Log = Callable[[str], None]
TARGET = 0.3


def slowest_imports(argv: list[str], count: int = 8) -> list[tuple[str, float]]:
    """The modules with the largest cumulative import time (microseconds → seconds)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    rows: list[tuple[str, float]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        if name.startswith("  "):
            continue  # only top-level imports: nested ones are inside their parent's total
        rows.append((name.strip(), int(cumulative) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:count]


def run(*, reps: int, timeout: float, log: Log) -> dict[str, Any]:
    cases = {
        "python -c pass": lambda: run_timed([sys.executable, "-c", "pass"], timeout=timeout),
        "sastflow --version": lambda: run_timed(
            [str(VENV_BIN / "sastflow"), "--version"], timeout=timeout, ok_codes=(0,)
        ),
        "sastflow scan --help": lambda: run_timed(
            [str(VENV_BIN / "sastflow"), "scan", "--help"], timeout=timeout, ok_codes=(0,)
        ),
    }
    stats = interleaved(cases, reps, log=log)
    imports = slowest_imports(["-c", "import sys; sys.argv=['sastflow','--version']; "
                               "from sastflow.cli import main; main()"])  # fmt: skip
    return {
        "reps": reps,
        "stats": {name: s.as_dict() for name, s in stats.items()},
        "imports": imports,
    }


def report(data: dict[str, Any]) -> tuple[str, str]:
    stats = {
        name: Stats(
            name, tuple(r["walls"]), tuple(r["cpus"]), tuple(r["rss_mb"]), tuple(r["loads"])
        )
        for name, r in data["stats"].items()
    }
    header = ["command", "wall median (min–max)"]
    rows = [[name, spread(s)] for name, s in stats.items()]
    version = stats["sastflow --version"]
    checks = [
        [
            f"sastflow --version < {TARGET} s",
            f"{version.median:.3f} s",
            verdict(version.median < TARGET),
        ]
    ]
    imports = [[name, f"{seconds * 1000:.0f} ms"] for name, seconds in data["imports"]]
    head = f"{data['reps']} interleaved repetitions after one warm-up each"
    text, md = section(head, header, rows, checks)
    text += "\n\nslowest top-level imports of `sastflow --version`:\n" + text_table(
        ["module", "cumulative"], imports
    )
    md += (
        "\n\nSlowest top-level imports of `sastflow --version` (`python -X importtime`):\n\n"
        + markdown_table(["module", "cumulative"], imports)
    )
    return text, md
