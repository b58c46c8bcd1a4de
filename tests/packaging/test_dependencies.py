"""Every package sastflow imports is declared in pyproject.toml, pinned to the version the
action's lock (requirements/action.lock) installs: a pip install and the action get the same
engines and parsers, and nothing works only because something else happened to pull it in."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = (Requirement(text) for text in project["dependencies"])
    return {canonicalize_name(r.name): r for r in requirements}


def locked() -> dict[str, str]:
    text = (ROOT / "requirements" / "action.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in LOCK_LINE.findall(text)}


def imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "sastflow").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"sastflow"}


def test_every_declared_dependency_is_pinned_as_the_lock_pins_it() -> None:
    lock = locked()
    for name, requirement in declared().items():
        assert name in lock, f"{name} is declared but not in requirements/action.lock"
        pins = [s for s in requirement.specifier if s.operator == "=="]
        assert [s.version for s in pins] == [lock[name]], (
            f"pyproject.toml pins {requirement}, the lock {name}=={lock[name]}"
        )


def test_every_imported_package_is_declared() -> None:
    distributions = packages_distributions()
    names = declared()
    undeclared = {
        module: distributions.get(module)
        for module in imported_top_levels()
        if not any(canonicalize_name(d) in names for d in distributions.get(module, []))
    }
    assert undeclared == {}


def test_the_libyaml_loader_is_declared() -> None:
    """ruamel.yaml 0.19 no longer installs its C loader by itself; the rule reader and the
    ledger's line numbers rely on it."""
    assert "ruamel-yaml-clib" in declared()
