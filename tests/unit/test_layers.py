"""The import rules of docs/architecture.md, checked on the source: a module may import its
own layer and the layers below it, never one above. A new arrow upwards (``engines`` importing
``pipeline``, ``model`` importing ``config``...) fails here, naming the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sastflow"

# Layer of each top-level module or package of sastflow, lowest first. A module may import
# sastflow modules of its own layer or a lower one. Keep in step with docs/architecture.md.
LAYERS: dict[str, int] = {
    # 0 records and errors: nothing of sastflow but errors (model) / nothing (errors)
    "errors": 0,
    "model": 0,
    # 1 plumbing: processes, git, clock, bounded YAML, page pieces, path views
    "clock": 1,
    "proc": 1,
    "gitio": 1,
    "scope": 1,
    "yamlguard": 1,
    "page_split": 1,
    "views": 1,
    "source_context": 1,
    "dedupe": 1,
    "rulepack": 1,
    # 2 the engines, behind the Engine protocol
    "engines": 2,
    # 3 what sastflow decides around the engines: config, targets, fingerprints, suppressions
    "config": 3,
    "targets": 3,
    "testcode": 3,
    "fingerprint": 3,
    "suppressions": 3,
    # 4 adapters and domain services the pipeline and the jobs drive
    "cache": 4,
    "triage": 4,
    "render": 4,
    "sarif": 4,
    "report_files": 4,
    "github": 4,
    "alerts": 4,
    "trust": 4,
    # 5 the scan pipeline
    "pipeline": 5,
    # 6 applications: one job end to end
    "jobs": 6,
    # 7 the command line
    "commands": 7,
    "cli": 7,
    "__main__": 7,
}
# Stricter than the layer number: model is the vocabulary every layer shares.
ONLY: dict[str, set[str]] = {"model": {"errors"}, "errors": set()}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """``(line, top-level sastflow module)`` for every import in ``path``, lazy ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "sastflow":
                found += [(node.lineno, alias.name) for alias in node.names]
            elif node.module.startswith("sastflow."):
                found.append((node.lineno, _top(node.module)))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, _top(alias.name))
                for alias in node.names
                if alias.name.startswith("sastflow.")
            ]
    return found


def _owner(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0].removesuffix(".py")


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_every_module_has_a_layer() -> None:
    missing = {_owner(p) for p in SOURCES} - set(LAYERS)
    assert not missing, f"add these to LAYERS and docs/architecture.md: {sorted(missing)}"


def violations(path: Path, package: Path = PACKAGE) -> list[str]:
    owner = _owner(path, package)
    out = []
    for line, target in _imports(path):
        if target in ("__version__", "__init__") or target == owner:
            continue  # the package's version, or the module's own package
        where = f"{path.relative_to(package.parent)}:{line}"
        if owner in ONLY and target not in ONLY[owner]:
            out.append(f"{where}: {owner} may import only {sorted(ONLY[owner])}, not {target}")
        elif LAYERS.get(target, -1) > LAYERS.get(owner, -1):
            out.append(
                f"{where}: {owner} (layer {LAYERS.get(owner)}) imports {target} "
                f"(layer {LAYERS.get(target)}), a higher layer"
            )
    return out


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    assert violations(path) == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    # The rule itself, on files shaped like the package's: lazy imports count too.
    engines = tmp_path / "sastflow" / "engines"
    engines.mkdir(parents=True)
    (tmp_path / "sastflow" / "model.py").write_text("from sastflow import config\n")
    (engines / "x.py").write_text(
        "def f():\n    from sastflow.pipeline import run_scan\n    import sastflow.github.client\n"
    )
    package = tmp_path / "sastflow"
    found = violations(engines / "x.py", package)
    assert len(found) == 2
    assert found[0].startswith("sastflow/engines/x.py:2: engines (layer 2) imports pipeline")
    assert "imports github (layer 4)" in found[1]
    (model,) = violations(package / "model.py", package)
    assert "model may import only ['errors'], not config" in model
