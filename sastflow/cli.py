"""Command-line entry point: the only place that turns errors into exit codes.

Command modules are imported lazily so that ``sastflow --version`` stays fast; each module under
``sastflow.commands`` exposes ``register(subparsers)`` (cheap, argparse only) and does its heavy
imports inside its handler.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from sastflow import __version__
from sastflow.commands._help import described
from sastflow.errors import ExitCode, SastflowError

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

# A scan builds tens of thousands of long-lived, acyclic records (findings, rows, parsed engine
# JSON). At CPython's default thresholds (700, 10, 10) the cyclic collector keeps re-walking
# all of them: 15-20% of post-processing 20,000 findings (bench/postprocess.py). Reference
# counting still frees everything at once; only cycles wait longer. mypy does the same.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Process-wide collector thresholds for the ``sastflow`` command (see GC_THRESHOLDS)."""
    gc.set_threshold(*GC_THRESHOLDS)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its one-line message, drop the usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(ExitCode.USAGE, f"sastflow: error: {message}\n")


DESCRIPTION = (
    "Find security weaknesses with Semgrep and Bandit (sastflow's rules plus your own), merged\n"
    "into one SARIF 2.1.0 log; accept findings through a reviewed triage ledger; and gate pull\n"
    "requests on a security code owner's approval.\n"
    "\n"
    "Exit status: 0 nothing at or above the gate, 1 findings at or above it, 2 usage or\n"
    "configuration error, 3 an engine or the GitHub API failed, 4 internal error."
)
EXAMPLES = (
    "sastflow scan --out-dir out            # scan this repository: SARIF, Markdown, HTML",
    "sastflow scan --base origin/main       # only what this branch adds",
    "sastflow triage list                   # the ledger's entries and their expiry",
    "sastflow COMMAND --help                # what a command does, with examples",
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sastflow", **described(DESCRIPTION, *EXAMPLES))
    parser.add_argument("--version", action="version", version=f"sastflow {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"sastflow.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"sastflow.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    # Also after the command (``sastflow scan . --debug``), where people type it.
    _add_debug(sub)
    return parser


def _add_debug(sub: argparse._SubParsersAction[Any]) -> None:
    """``--debug`` on every (nested) command; SUPPRESS keeps one given before the command from
    being reset by the command's own default."""
    for command in dict.fromkeys(sub.choices.values()):
        if "--debug" not in command._option_string_actions:  # a command may define its own
            command.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
            )
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_debug(action)


DEBUG_HELP = "on an internal error, print the traceback too (also SASTFLOW_DEBUG=1)"


def _debug_wanted(argv: Sequence[str] | None) -> bool:
    """Read before parsing, so that an error while building the parser is covered too."""
    args = sys.argv[1:] if argv is None else argv
    return os.environ.get("SASTFLOW_DEBUG", "").strip() not in ("", "0") or "--debug" in args


def one_line(exc: BaseException, limit: int = 300) -> str:
    """``Type: message`` on one line: CI logs and humans see the whole of it."""
    text = " ".join(str(exc).split()) or "(no message)"
    text = f"{type(exc).__name__}: {text}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Every way out is a named exit code: a SastflowError's own, 130 on
    Ctrl-C, and :attr:`ExitCode.INTERNAL` for anything unexpected (a bug), never 1, which CI
    reads as "findings"."""
    debug = _debug_wanted(argv)
    try:
        return _run(argv)
    except SastflowError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"sastflow: error: {line}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("sastflow: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``| head``): not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not complain about it again.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)
    except Exception as exc:  # the last line of defence: no traceback, never exit 1
        if debug:
            traceback.print_exc(file=sys.stderr)
        hint = "" if debug else " (a bug in sastflow; --debug shows the traceback)"
        print(f"sastflow: internal error: {one_line(exc)}{hint}", file=sys.stderr)
        return int(ExitCode.INTERNAL)
    finally:
        from sastflow.render.links import set_template

        set_template(None)  # --source-url-template holds for this command only


def _run(argv: Sequence[str] | None) -> int:
    tune_gc()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    return int(handler(args))
