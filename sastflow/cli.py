"""Command-line entry point: the only place that turns errors into exit codes.

Command modules are imported lazily so that ``sastflow --version`` stays fast; each module under
``sastflow.commands`` exposes ``register(subparsers)`` (cheap, argparse only) and does its heavy
imports inside its handler.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from sastflow import __version__
from sastflow.errors import ExitCode, SastflowError
from sastflow.runtime import tune_gc

# Literal registry: nothing is discovered or loaded from the scanned repository.
COMMANDS: tuple[str, ...] = (
    "scan",
    "pr",
    "triage",
    "merge",
    "report",
    "rules",
    "sync_alerts",
    "comment_command",
)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its one-line message, drop the usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(ExitCode.USAGE, f"sastflow: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sastflow", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"sastflow {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"sastflow.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"sastflow.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tune_gc()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    try:
        return int(handler(args))
    except SastflowError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"sastflow: error: {line}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("sastflow: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return int(ExitCode.OK)
    finally:
        from sastflow.render.links import set_template

        set_template(None)  # --source-url-template holds for this command only
