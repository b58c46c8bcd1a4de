"""``sastflow report``: render Markdown or HTML from an existing SARIF log."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="render a SARIF log as Markdown or HTML",
        description="Render a report from a SARIF log (sastflow's own, merged, or another tool's).",
    )
    parser.add_argument("sarif", type=Path, metavar="SARIF")
    parser.add_argument("--html", type=Path, metavar="FILE")
    parser.add_argument("--markdown", type=Path, metavar="FILE")
    from sastflow.commands.scan import add_source_url_option

    add_source_url_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from sastflow import outputs
    from sastflow.errors import ExitCode, UsageError
    from sastflow.render.links import set_template
    from sastflow.sarif.read import read_report

    set_template(args.source_url_template)
    if args.html is None and args.markdown is None:
        raise UsageError("report: give --html FILE and/or --markdown FILE")
    report = read_report(args.sarif)
    outputs.write_outputs(report, sarif=None, markdown=args.markdown, html=args.html)
    for path in (args.markdown, args.html):
        if path is not None:
            print(f"wrote {path}", file=sys.stderr)
    return int(ExitCode.OK)
