"""The engines sastflow can run, by config name: the one list every other place derives from
(config's known engines, the scan command's choices, SARIF drivers, suppression comments,
ignore files). A literal dict: nothing is discovered or loaded from the scanned repository."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sastflow.engines.bandit import BanditEngine
from sastflow.engines.interface import Engine, SuppressionSyntax
from sastflow.engines.semgrep import SemgrepEngine

# Engines hold no state between runs, so one instance of each serves every scan.
ENGINES: dict[str, Engine] = {
    "semgrep": SemgrepEngine(),
    "bandit": BanditEngine(),
}
NAMES: tuple[str, ...] = tuple(ENGINES)


def create(names: Iterable[str]) -> list[Engine]:
    return [ENGINES[name] for name in names]


def get(name: str) -> Engine | None:
    return ENGINES.get(name)


def suppression(engine: str) -> SuppressionSyntax | None:
    """The inline-suppression syntax of the engine that produced a finding (None for findings
    sastflow makes itself, which no comment can silence)."""
    known = ENGINES.get(engine)
    return known.suppression if known is not None else None


# Any engine's suppression comment: a finding's identity leaves them all out of its code.
SUPPRESSION_COMMENT = re.compile(
    "|".join(f"(?:{engine.suppression.comment.pattern})" for engine in ENGINES.values()),
    re.IGNORECASE,
)


def ignore_files() -> tuple[str, ...]:
    """The repository files any engine reads its ignore patterns from (``.semgrepignore``)."""
    return tuple(dict.fromkeys(f for engine in ENGINES.values() for f in engine.ignore_files))


def drivers() -> dict[str, tuple[str, str]]:
    """SARIF ``tool.driver`` name and information URI per engine."""
    return {name: (e.display_name, e.information_uri) for name, e in ENGINES.items()}
