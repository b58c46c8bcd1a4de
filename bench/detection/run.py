"""Run the detection bench alone: ``python bench/detection/run.py [--quick] [--save-baseline]``.

The same as ``python bench/run.py --only detection`` (numbers in
``bench/work/results/detection.json``, the section in ``bench/RESULTS.md``); with
``--save-baseline`` the run's per-class numbers also become ``bench/detection/baseline.json``,
which later runs on another rule pack are compared with.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="two cases per class, no downloads")
    parser.add_argument("--timeout", default="1800", help="seconds any one process may take")
    parser.add_argument(
        "--save-baseline", action="store_true", help="record this run as the baseline"
    )
    args = parser.parse_args()
    if args.quick and args.save_baseline:
        parser.error("--save-baseline needs a full run")
    sys.path.insert(0, str(BENCH))
    flags = ["--only", "detection", "--timeout", args.timeout, *(["--quick"] if args.quick else [])]
    code = _bench_run(flags)
    if args.save_baseline and code == 0:
        from detection.harness import save_baseline

        saved = BENCH / "work" / "results" / "detection.json"
        save_baseline(json.loads(saved.read_text(encoding="utf-8"))["data"])
        print("saved bench/detection/baseline.json")
        code = _bench_run(["--results-only"])  # the section now says it is the baseline
    return code


def _bench_run(flags: list[str]) -> int:
    sys.argv = [str(BENCH / "run.py"), *flags]
    try:
        runpy.run_path(str(BENCH / "run.py"), run_name="__main__")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
