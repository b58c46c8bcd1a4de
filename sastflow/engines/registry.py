"""The engines sastflow can run, by config name. A literal dict: nothing is discovered or loaded
from the scanned repository."""

from __future__ import annotations

from sastflow.engines.bandit import BanditEngine
from sastflow.engines.interface import Engine
from sastflow.engines.semgrep import SemgrepEngine

ENGINES: dict[str, type[Engine]] = {
    "semgrep": SemgrepEngine,
    "bandit": BanditEngine,
}


def create(names: tuple[str, ...]) -> list[Engine]:
    return [ENGINES[name]() for name in names]
