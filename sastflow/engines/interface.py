"""The engine interface: targets and rule packs in, normalised (unfingerprinted) findings out.

An engine owns everything sastflow knows about it: which files it analyses, the ignore file the
repository may keep for it, its inline-suppression comment and how to read one, how its output
becomes findings, and what decides its results (its cache identity). Nothing outside
``sastflow/engines`` names an engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from sastflow.engines.source import SourceCache
from sastflow.model import EngineRun, Finding, InlineMarker


@dataclass(frozen=True, slots=True)
class RulePack:
    """A folder of Semgrep rules. ``name`` prefixes every rule id: ``<name>.<rule-id>``."""

    name: str
    path: Path


@dataclass(frozen=True, slots=True)
class EngineRequest:
    """Everything an engine needs. Targets are root-relative and already filtered by sastflow,
    so every engine sees the same files. Engine-specific files (the Bandit profile) are the
    engine's own business."""

    root: Path  # the tree to scan (the work tree, or a materialised base commit)
    targets: tuple[str, ...]
    packs: tuple[RulePack, ...]
    timeout: float
    jobs: int
    source_root: Path | None = None  # where snippets are read from; defaults to root


@dataclass(frozen=True, slots=True)
class EngineIdentity:
    """What decides an engine's results for a given file, besides the file's path and bytes:
    the engine and its version, and a digest of its configuration as it will be run (rules as
    sent, profile bytes, flags). Two runs with one identity give one file the same results."""

    engine: str
    version: str
    digest: str  # hex SHA-256


def finding_order(finding: Finding) -> tuple[str, int, int, int, int, str]:
    """The order an engine returns its findings in: by place, then rule (what one Semgrep
    process prints). The result cache merges cached and fresh findings in it."""
    loc = finding.location
    return (
        loc.path,
        loc.start_line,
        loc.start_column,
        loc.end_line,
        loc.end_column,
        finding.rule_id,
    )


class SuppressionSyntax(Protocol):
    """An engine's inline-suppression comment (``# nosec``, ``# nosemgrep``)."""

    # A suppression comment anywhere in a line: the fingerprint leaves these out of a finding's
    # code, so adding one does not change the finding's identity.
    comment: ClassVar[re.Pattern[str]]

    def marker(self, finding: Finding, source: SourceCache) -> InlineMarker | None:
        """The comment that would silence ``finding`` in this engine, if the source has one."""
        ...

    def describe(self, marker: InlineMarker) -> str:
        """The marker as a reader would write it: ``# nosec B602 at line 4``."""
        ...


class Engine(Protocol):
    """An analysis engine wrapper. ``run`` never raises for engine trouble: it reports it in
    ``EngineRun.failure`` so the other engine's results still reach the user."""

    name: ClassVar[str]  # the config name: "semgrep"
    display_name: ClassVar[str]  # SARIF tool.driver.name: "Semgrep"
    information_uri: ClassVar[str]
    # Repository files listing paths not to scan (gitignore syntax), e.g. ``.semgrepignore``.
    ignore_files: ClassVar[tuple[str, ...]]
    suppression: ClassVar[SuppressionSyntax]

    def supports(self, path: str) -> bool:
        """Whether this engine analyses ``path`` (by suffix, case-sensitive, e.g. ``.py``)."""
        ...

    def identity(self, request: EngineRequest) -> EngineIdentity | None:
        """What decides this engine's per-file results for ``request``; None when the engine is
        not installed (nothing can be cached or served then)."""
        ...

    def run(self, request: EngineRequest) -> EngineRun: ...
