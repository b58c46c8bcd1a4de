"""Exit codes and the exception hierarchy; only the CLI turns these into exits."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit status, as fixed by DESIGN.md. Never reused for another meaning."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    ENGINE = 3
    INTERNAL = 4  # a bug in sastflow: never 1, which means findings


class SastflowError(Exception):
    """Base of every error sastflow reports to a user as one line."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(SastflowError):
    """A bad flag, argument or input file given on the command line."""


class ConfigError(SastflowError):
    """`.sastflow.toml` or `[tool.sastflow]` is invalid; the message names file and key."""


class LedgerError(SastflowError):
    """The triage ledger is invalid; the message names file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class RuleError(SastflowError):
    """A rule file in a pack is malformed; the message names the file."""


class GitError(SastflowError):
    """A git command failed, or a ref the scan needs is missing."""


class EngineError(SastflowError):
    """An analysis engine is missing, crashed, timed out or printed unparsable output."""

    exit_code = ExitCode.ENGINE


class GitHubError(SastflowError):
    """The GitHub API failed after bounded retries."""

    exit_code = ExitCode.ENGINE
