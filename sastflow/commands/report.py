"""``sastflow report``: render Markdown or HTML from an existing SARIF log."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sastflow.commands._help import described


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="render a SARIF log as Markdown or HTML",
        **described(
            "Render a readable report from a SARIF log: sastflow's own, a merged one, or\n"
            "another tool's. HTML is one self-contained file; Markdown suits a step summary.",
            "sastflow report sastflow.sarif --html report.html --markdown report.md",
        ),
    )
    parser.add_argument("sarif", type=Path, metavar="SARIF", help="the SARIF log to render")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the HTML report here")
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="write the Markdown report (- for stdout)"
    )
    from sastflow.commands.scan import add_source_url_option

    add_source_url_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from sastflow import report_files
    from sastflow.errors import ExitCode, UsageError
    from sastflow.render.links import set_template
    from sastflow.sarif.read import read_report

    set_template(args.source_url_template)
    if args.html is None and args.markdown is None:
        raise UsageError("report: give --html FILE and/or --markdown FILE")
    report = read_report(args.sarif)
    report_files.write_outputs(report, sarif=None, markdown=args.markdown, html=args.html)
    for path in (args.markdown, args.html):
        if path is not None:
            print(f"wrote {path}", file=sys.stderr)
    return int(ExitCode.OK)
