"""The engine interface: targets and rule packs in, normalised (unfingerprinted) findings out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sastflow.model import EngineRun


@dataclass(frozen=True, slots=True)
class RulePack:
    """A folder of Semgrep rules. ``name`` prefixes every rule id: ``<name>.<rule-id>``."""

    name: str
    path: Path


@dataclass(frozen=True, slots=True)
class EngineRequest:
    """Everything an engine needs. Targets are root-relative and already filtered by sastflow,
    so every engine sees the same files."""

    root: Path  # the tree to scan (the work tree, or a materialised base commit)
    targets: tuple[str, ...]
    packs: tuple[RulePack, ...]
    bandit_profile: Path | None
    timeout: float
    jobs: int
    source_root: Path | None = None  # where snippets are read from; defaults to root


class Engine(Protocol):
    """An analysis engine wrapper. ``run`` never raises for engine trouble: it reports it in
    ``EngineRun.failure`` so the other engine's results still reach the user."""

    name: str

    def supports(self, path: str) -> bool:
        """Whether this engine analyses ``path`` (by suffix, e.g. ``.py``)."""
        ...

    def run(self, request: EngineRequest) -> EngineRun: ...
