"""``sastflow scan``: a full scan, a shard of one, or a diff-aware scan against ``--base``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sastflow.commands._help import described
from sastflow.engines import registry


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The report files, the same for ``scan`` and ``pr``."""
    parser.add_argument("--sarif", type=Path, metavar="FILE", help="write the SARIF 2.1.0 log")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown report")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write an HTML report")
    add_source_url_option(parser)


def add_source_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source-url-template",
        metavar="URL",
        help="link findings to their source: {path}, {line}, {end_line}, {sha} are filled in "
        "(default on GitHub Actions: the file at the scanned commit)",
    )


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """``scan``'s flags with the same meaning as the config keys."""
    add_output_options(parser)
    parser.add_argument(
        "--fail-on",
        metavar="LEVEL",
        help="exit 1 on unsuppressed findings at or above LEVEL: "
        "critical, high (default), medium, low, never",
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="config file to use")
    parser.add_argument(
        "--rules", action="append", metavar="DIR", help="an extra Semgrep rule folder (repeatable)"
    )
    parser.add_argument(
        "--no-default-rules", action="store_true", help="do not use sastflow's own rule pack"
    )
    parser.add_argument(
        "--engine",
        action="append",
        choices=registry.NAMES,
        help="run only these engines (repeatable; default from config: both)",
    )
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="per engine")
    parser.add_argument("--jobs", type=int, metavar="N", help="parallel jobs (default: cores)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or summary")


def fail_on_override(text: str | None) -> dict[str, Any]:
    """``--fail-on`` as a config override (none when the flag is not given)."""
    from sastflow.config import parse_fail_on
    from sastflow.errors import UsageError

    if text is None:
        return {}
    try:
        return {"fail_on": parse_fail_on(text)}
    except ValueError as exc:
        raise UsageError(f"--fail-on: {exc}") from None


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    from sastflow.errors import UsageError

    values = fail_on_override(args.fail_on)
    if args.rules:
        values["rules"] = tuple(args.rules)
    if args.no_default_rules:
        values["use_default_rules"] = False
    if args.engine:
        values["engines"] = tuple(dict.fromkeys(args.engine))
    if args.timeout is not None:
        from sastflow.config import seconds

        try:  # the config key's own bounds: inf, nan and 2**63 would overflow the timers
            values["timeout"] = seconds(args.timeout)
        except ValueError as exc:
            raise UsageError(f"--timeout: {exc}") from None
    return values


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "scan",
        help="scan a repository (full, sharded, or diff-aware with --base)",
        **described(
            "Scan a repository with Semgrep and Bandit (sastflow's rules plus your own), merge\n"
            "what they find into one SARIF 2.1.0 log, leave out what the triage ledger accepts,\n"
            "and exit 1 when a finding at or above --fail-on remains (0 when none, 2 for a bad\n"
            "flag or config, 3 when an engine failed).",
            "sastflow scan                                  # the whole repository",
            "sastflow scan . --out-dir out                  # SARIF, Markdown and HTML in out/",
            "sastflow scan --base origin/main --fail-on medium   # only what is new since main",
            "sastflow scan --shard 2/4 --sarif shard-2.sarif     # one job of a matrix",
        ),
    )
    parser.add_argument("path", nargs="?", default=".", type=Path, help="folder to scan")
    parser.add_argument("--base", metavar="REF", help="report only what is new against REF")
    parser.add_argument("--head", metavar="REF", help="head commit for --base (default HEAD)")
    parser.add_argument("--shard", metavar="K/N", help="scan only shard K of N (stable by path)")
    parser.add_argument(
        "--out-dir",
        type=Path,
        metavar="DIR",
        help="write sastflow.sarif, report.md and report.html into DIR",
    )
    parser.add_argument(
        "--exclude-accepted",
        action="store_true",
        help="leave ledger-accepted findings out of the SARIF (for code-scanning upload)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="the result cache (default: $SASTFLOW_CACHE_DIR, else $XDG_CACHE_HOME/sastflow)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="analyse every file again, neither reading nor writing the result cache",
    )
    add_common_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sastflow import report_files, targets
    from sastflow.commands._report import finish
    from sastflow.errors import UsageError
    from sastflow.pipeline import ScanOptions, run_scan
    from sastflow.render.links import set_template
    from sastflow.render.terminal import engine_status
    from sastflow.render.view import summarise

    set_template(args.source_url_template)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs: must be at least 1")
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    sarif, markdown, html = args.sarif, args.markdown, args.html
    if args.out_dir is not None:
        sarif = sarif or args.out_dir / "sastflow.sarif"
        markdown = markdown or args.out_dir / "report.md"
        html = html or args.out_dir / "report.html"
    options = ScanOptions(
        root=args.path,
        overrides=overrides_from(args),
        base=args.base,
        head=args.head,
        shard=targets.parse_shard(args.shard) if args.shard else None,
        jobs=args.jobs,
        config_file=args.config,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
    )
    progress = None if args.quiet else engine_status()
    report = run_scan(options, progress)
    summary = summarise(report)  # the one row view every output of this run reads
    report_files.write_outputs(
        report,
        sarif=sarif,
        markdown=markdown,
        html=html,
        exclude_accepted=args.exclude_accepted,
        summary=summary,
    )
    return finish(
        report, quiet=args.quiet, sarif=sarif, written=[sarif, markdown, html], summary=summary
    )
