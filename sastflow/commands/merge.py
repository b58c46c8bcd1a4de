"""``sastflow merge``: fold SARIF logs (shards, other tools) into one upload-ready log."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "merge",
        help="merge SARIF logs into one run per tool",
        description="Merge SARIF logs: shards of one engine become one run; other tools pass "
        "through. The result is checked against GitHub's code-scanning limits.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from sastflow import outputs
    from sastflow.errors import ExitCode
    from sastflow.sarif.merge import merge_logs
    from sastflow.sarif.read import load

    logs = [(str(path), load(path)) for path in args.files]
    merged = merge_logs(logs)
    problems = _limit_problems(merged)
    outputs.write_text(args.output, json.dumps(merged, indent=1, ensure_ascii=False) + "\n")
    results = sum(len(run.get("results", [])) for run in merged["runs"])
    print(
        f"merged {len(args.files)} logs into {len(merged['runs'])} runs, {results} results: "
        f"{args.output}",
        file=sys.stderr,
    )
    for problem in problems:
        print(f"sastflow: warning: {problem}", file=sys.stderr)
    return int(ExitCode.OK)


def _limit_problems(log: dict[str, Any]) -> list[str]:
    try:
        from sastflow.sarif.limits import check_upload_limits
    except ImportError:
        return []
    problems: list[str] = check_upload_limits(log)
    return problems
