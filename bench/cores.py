"""How many cores a command keeps busy over its run: `python bench/cores.py -- COMMAND...`.

Samples the machine-wide CPU counters of /proc/stat (Linux) a few times a second while the
command runs, and prints how long 0, 1 or all cores were busy. On an otherwise idle machine
that separates a command's serial phases (one core busy: start-up, rule parsing, writing
output) from its parallel ones, which is what decides how its wall time scales with cores:
wall = serial + parallel CPU / cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

INTERVAL = 0.25


def _busy_and_total() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return total - idle, total


def profile(argv: list[str], cwd: Path | None = None) -> dict[str, float]:
    """Run ``argv`` with its output discarded; seconds spent at each level of busy cores."""
    cores = os.cpu_count() or 1
    levels = {"idle (< 0.5 core)": 0.0, "serial (0.5-1.5 cores)": 0.0, "parallel (> 1.5)": 0.0}
    busy_before, total_before = _busy_and_total()
    started = time.monotonic()
    cpu_before = os.times()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = started
    while process.poll() is None:
        time.sleep(INTERVAL)
        busy, total = _busy_and_total()
        now = time.monotonic()
        if total > total_before:
            used = cores * (busy - busy_before) / (total - total_before)
            key = (
                "idle (< 0.5 core)"
                if used < 0.5
                else "serial (0.5-1.5 cores)"
                if used <= 1.5
                else "parallel (> 1.5)"
            )
            levels[key] += now - last
        busy_before, total_before, last = busy, total, now
    cpu_after = os.times()
    wall = time.monotonic() - started
    return {
        "wall": wall,
        "cpu": (cpu_after.children_user - cpu_before.children_user)
        + (cpu_after.children_system - cpu_before.children_system),
        "exit": float(process.returncode),
        **levels,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cwd", type=Path, help="directory to run the command in")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")
    args = parser.parse_args()
    argv = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not argv:
        parser.error("no command given")
    result = profile(argv, args.cwd)
    for key, value in result.items():
        print(f"{key:24} {value:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
