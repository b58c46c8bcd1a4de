"""``sastflow merge``: fold SARIF logs (shards, other tools) into one upload-ready log."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sastflow.commands._help import described


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "merge",
        help="merge SARIF logs into one run per tool",
        **described(
            "Merge SARIF logs into one file for GitHub code scanning: the shards of one engine\n"
            "become one run, other tools' runs pass through, and the result is checked against\n"
            "code scanning's limits (runs, results, size).",
            "sastflow merge shard-*.sarif -o sastflow.sarif",
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="SARIF logs to merge")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="merged log (- for stdout)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from sastflow import report_files
    from sastflow.errors import ExitCode
    from sastflow.sarif.build import ENCODER
    from sastflow.sarif.limits import check_upload_limits, require_uploadable
    from sastflow.sarif.merge import merge_logs
    from sastflow.sarif.read import load

    logs = [(str(path), load(path)) for path in args.files]
    # The merged log is what gets uploaded: fix what can be fixed safely, refuse the rest
    # (UploadLimitError, exit 2) rather than write a file code scanning would reject.
    raw = merge_logs(logs)
    fixed = check_upload_limits(raw)
    merged = require_uploadable(raw)
    for problem in fixed:
        print(f"sastflow: fixed for upload: {problem}", file=sys.stderr)
    report_files.write_text(args.output, ENCODER.encode(merged) + "\n")  # as `scan` writes it
    results = sum(len(run.get("results", [])) for run in merged["runs"])
    print(
        f"merged {len(args.files)} logs into {len(merged['runs'])} runs, {results} results: "
        f"{args.output}",
        file=sys.stderr,
    )
    return int(ExitCode.OK)
