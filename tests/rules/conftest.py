"""Fixtures for the rule pack: the real Semgrep and Bandit, each run once per session."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sastflow import rulepack
from sastflow.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> CliRun:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return CliRun(code, captured.out, captured.err)


@dataclass(frozen=True)
class Hit:
    """One engine result, reduced to what expected.yml talks about."""

    rule: str  # pack rule id or Bandit test id
    path: str  # relative to examples/, "/" separators
    start: int
    end: int
    cwe: int | None = None


def example_targets() -> list[str]:
    return sorted(
        p.relative_to(EXAMPLES).as_posix()
        for p in EXAMPLES.rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".yml", ".yaml", ".html")
        and p.name != "expected.yml"
    )


@pytest.fixture(scope="session")
def pack() -> tuple[rulepack.PackRule, ...]:
    return rulepack.read_pack(rulepack.default_pack_dir())


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "expected.yml").read_text("utf-8"))
    return data


def line_of(path: str, needle: str) -> int:
    """The one line of examples/<path> that contains ``needle``."""
    lines = (EXAMPLES / path).read_text("utf-8").splitlines()
    found = [n for n, text in enumerate(lines, 1) if needle in text]
    assert len(found) == 1, f"expected.yml: {needle!r} is on lines {found} of {path}, not one"
    return found[0]


@pytest.fixture(scope="session")
def semgrep_on_examples(pack: tuple[rulepack.PackRule, ...]) -> list[Hit]:
    """The whole default pack over examples/, one real Semgrep run."""
    argv = [
        str(BIN / "semgrep"), "scan", "--experimental", "--json", "--quiet", "--metrics=off",
        "--disable-version-check", "--no-git-ignore", "--disable-nosem",
        "--config", str(rulepack.default_pack_dir()), *example_targets(),
    ]  # fmt: skip
    done = subprocess.run(argv, cwd=EXAMPLES, capture_output=True, check=False)
    report = json.loads(done.stdout)
    assert report["errors"] == [], report["errors"]
    known = {rule.id for rule in pack}
    hits = []
    for result in report["results"]:
        # The Python CLI prefixes the id with the config folder, the OCaml one does not.
        check_id = result["check_id"]
        rule = next(r for r in known if check_id == r or check_id.endswith("." + r))
        hits.append(Hit(rule, result["path"], result["start"]["line"], result["end"]["line"]))
    return hits


@pytest.fixture(scope="session")
def bandit_on_examples() -> list[Hit]:
    """Bandit with sastflow's profile over the example's Python files, one real run."""
    targets = [t for t in example_targets() if t.endswith(".py")]
    argv = [
        str(BIN / "bandit"), "-c", str(rulepack.default_bandit_profile()),
        "-f", "json", "-q", *targets,
    ]  # fmt: skip
    done = subprocess.run(argv, cwd=EXAMPLES, capture_output=True, check=False)
    report = json.loads(done.stdout)
    assert report["errors"] == [], report["errors"]
    return [
        Hit(
            r["test_id"],
            Path(r["filename"]).as_posix().removeprefix("./"),
            min(r["line_range"] or [r["line_number"]]),
            max(r["line_range"] or [r["line_number"]]),
            r["issue_cwe"]["id"],
        )
        for r in report["results"]
    ]


@pytest.fixture(scope="session")
def rules_test_run() -> CliRun:
    """`sastflow rules test` on the default pack: semgrep --test, once per session."""
    done = subprocess.run(
        [str(BIN / "sastflow"), "rules", "test"], capture_output=True, text=True, check=False
    )
    return CliRun(done.returncode, done.stdout, done.stderr)
