"""Engine trouble is that engine's failure (exit 3, the other engine's results kept), never a
traceback: JSON of an unexpected shape, a process that runs out of its memory limit; and a YAML
target that would blow Semgrep up is kept from it and reported."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from sastflow import proc
from sastflow.engines import yaml_bounds
from sastflow.pipeline import ScanOptions, run_scan
from tests.conftest import RepoFactory, run_cli

FILES: dict[str, str | bytes | None] = {
    "app/views.py": "import os\n\n\ndef handler(request):\n    os.system(request.args['cmd'])\n",
}


def _printer(tmp_path: Path, name: str, output: object) -> Path:
    """An engine binary that prints ``output`` as its JSON, whatever it is asked."""
    data = tmp_path / f"{name}.json"
    data.write_text(json.dumps(output), encoding="utf-8")
    script = tmp_path / name
    script.write_text(f"#!/bin/sh\ncat {data}\nexit 1\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _result(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "test_id": "B605",
        "test_name": "start_process_with_a_shell",
        "filename": "./app/views.py",
        "line_number": 5,
        "line_range": [5],
        "issue_severity": "HIGH",
        "issue_confidence": "HIGH",
        "issue_text": "Starting a process with a shell",
        "col_offset": 4,
        "end_col_offset": 34,
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


BANDIT_SHAPES = {
    "results-not-a-list": {"results": 5},
    "result-not-an-object": {"results": [5]},
    "missing-filename": {"results": [_result(filename=None)]},
    "line-not-a-number": {"results": [_result(line_number="five")]},
    "line-range-a-string": {"results": [_result(line_range="5-6")]},
    "test-id-a-number": {"results": [_result(test_id=605)]},
    "error-without-filename": {"results": [], "errors": [{"reason": "boom"}]},
    "metrics-not-an-object": {"results": [], "metrics": 7},
    "path-outside-the-tree": {"results": [_result(filename="/etc/passwd")]},
}

SEMGREP_SHAPES = {
    "results-not-a-list": {"results": 5},
    "result-without-path": {
        "results": [{"check_id": "x", "start": {"line": 1}, "end": {"line": 1}}]
    },
    "line-not-a-number": {
        "results": [
            {"check_id": "x", "path": "app/views.py", "start": {"line": "a"}, "end": {"line": 1}}
        ]
    },
    "error-not-an-object": {"results": [], "errors": [5]},
    "scanned-not-a-list": {"results": [], "paths": {"scanned": "all"}},
}


@pytest.fixture(scope="module")
def repo_path(git_repo_factory: RepoFactory) -> Path:
    return git_repo_factory(FILES).path


@pytest.mark.parametrize("output", BANDIT_SHAPES.values(), ids=BANDIT_SHAPES.keys())
def test_bandit_json_of_an_unexpected_shape_fails_bandit_only(
    repo_path: Path, tmp_path: Path, output: object
) -> None:
    sarif = tmp_path / "out.sarif"
    done = run_cli(
        repo_path, "scan", ".", "--no-cache", "--sarif", str(sarif),
        env={"SASTFLOW_BANDIT": str(_printer(tmp_path, "bandit", output))},
    )  # fmt: skip
    assert done.code == 3, done.err
    assert "Traceback" not in done.err
    assert "bandit printed JSON of an unexpected shape" in done.err
    log = json.loads(sarif.read_text(encoding="utf-8"))
    semgrep = next(r for r in log["runs"] if r["tool"]["driver"]["name"] == "Semgrep")
    assert semgrep["results"], "Semgrep's findings are kept"


@pytest.mark.parametrize("output", SEMGREP_SHAPES.values(), ids=SEMGREP_SHAPES.keys())
def test_semgrep_json_of_an_unexpected_shape_fails_semgrep_only(
    repo_path: Path, tmp_path: Path, output: object
) -> None:
    sarif = tmp_path / "out.sarif"
    done = run_cli(
        repo_path, "scan", ".", "--no-cache", "--sarif", str(sarif),
        env={"SASTFLOW_SEMGREP": str(_printer(tmp_path, "semgrep", output))},
    )  # fmt: skip
    assert done.code == 3, done.err
    assert "Traceback" not in done.err
    assert "semgrep printed JSON of an unexpected shape" in done.err
    log = json.loads(sarif.read_text(encoding="utf-8"))
    bandit = next(r for r in log["runs"] if r["tool"]["driver"]["name"] == "Bandit")
    assert any(r["ruleId"] == "bandit.B605" for r in bandit["results"])


def test_a_process_over_its_memory_limit_is_reported_as_such() -> None:
    hungry = proc.run([sys.executable, "-c", "x = bytearray(2 * 1024**3)"], memory_mb=512)
    assert hungry.returncode != 0
    assert hungry.out_of_memory
    modest = proc.run([sys.executable, "-c", "print(len(bytearray(10**6)))"], memory_mb=512)
    assert modest.stdout.strip() == b"1000000"
    assert not modest.out_of_memory


def test_an_engine_killed_for_memory_fails_that_engine(repo_path: Path, tmp_path: Path) -> None:
    sarif = tmp_path / "out.sarif"
    # Semgrep's OCaml runtime reserves its heaps up front: 300 MB is too little for it, while
    # Bandit (a Python process) scans this file well within it.
    done = run_cli(
        repo_path, "scan", ".", "--no-cache", "--sarif", str(sarif),
        env={"SASTFLOW_ENGINE_MEMORY_MB": "300"},
    )  # fmt: skip
    assert done.code == 3, done.err
    assert "semgrep ran out of memory (limit 300 MB per process, SASTFLOW_ENGINE_MEMORY_MB)" in (
        " ".join(done.err.split())
    )
    log = json.loads(sarif.read_text(encoding="utf-8"))
    bandit = next(r for r in log["runs"] if r["tool"]["driver"]["name"] == "Bandit")
    assert any(r["ruleId"] == "bandit.B605" for r in bandit["results"])


def test_the_memory_limit_setting() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(proc.MEMORY_VARIABLE, raising=False)
        assert proc.engine_memory_mb() == 4096
        patch.setenv(proc.MEMORY_VARIABLE, "0")
        assert proc.engine_memory_mb() == 0  # off
        patch.setenv(proc.MEMORY_VARIABLE, "lots")
        assert proc.engine_memory_mb() == 4096


# Nine levels of nine: ~400 million strings once expanded, in 342 bytes.
ALIAS_BOMB = (
    "a: &a ["
    + ",".join(['"lol"'] * 9)
    + "]\n"
    + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
)
WORKFLOW = (
    "on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
    "    defaults: &defaults {shell: bash}\n    steps:\n"
    '      - run: echo "${{ github.event.pull_request.title }}"\n'
)


def test_a_yaml_bomb_is_kept_from_semgrep_and_reported(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory(
        {
            ".github/workflows/bomb.yml": ALIAS_BOMB,
            ".github/workflows/ci.yml": WORKFLOW,
            "triage/deep.yml": "[" * 400 + "]" * 400 + "\n",
            "config/recursive.yaml": "a: &a [*a]\n",
        }
    )
    report = run_scan(ScanOptions(root=repo.path, use_cache=False))
    semgrep = next(r for r in report.runs if r.engine == "semgrep")
    assert semgrep.failure is None
    assert semgrep.unparsed == (
        ".github/workflows/bomb.yml",
        "config/recursive.yaml",
        "triage/deep.yml",
    )
    warnings = " ".join(semgrep.warnings)
    assert "semgrep not given .github/workflows/bomb.yml: YAML aliases expand to" in warnings
    assert "semgrep not given triage/deep.yml: YAML nested more than 100 levels deep" in warnings
    assert "refers to a node that contains it" in warnings
    # The workflow beside it, anchors and all, is scanned as before.
    assert any(f.path == ".github/workflows/ci.yml" for f in report.findings)


def test_the_yaml_bounds_pass_ordinary_files() -> None:
    assert yaml_bounds.problem(WORKFLOW.encode()) is None
    assert yaml_bounds.problem(b"x: [" + b"[" * 50 + b"]" * 50 + b"]\n") is None
    assert yaml_bounds.problem(b"not: [valid\n") is None  # Semgrep reports syntax errors itself
    assert yaml_bounds.problem(ALIAS_BOMB.encode()) is not None


def test_a_rule_is_sent_to_semgrep_as_it_was_validated(
    git_repo_factory: RepoFactory, tmp_path: Path
) -> None:
    # YAML 1.1 (PyYAML) reads `Off` as false; YAML 1.2, as validation reads it, as a string.
    rule = (
        "rules:\n  - id: no-eval\n    message: Off\n    severity: ERROR\n"
        "    languages: [python]\n    pattern: eval(...)\n"
    )
    repo = git_repo_factory(
        {
            ".sastflow.toml": 'rules = ["mine"]\nuse_default_rules = false\nengines = ["semgrep"]\n',
            "mine/no-eval.yaml": rule,
            "app.py": "eval(input())\n",
        }
    )
    sarif = tmp_path / "out.sarif"
    done = run_cli(
        repo.path, "scan", ".", "--no-cache", "--sarif", str(sarif), "--fail-on", "never"
    )
    assert done.code == 0, done.err
    log = json.loads(sarif.read_text(encoding="utf-8"))
    messages = [r["message"]["text"] for run in log["runs"] for r in run["results"]]
    assert messages == ["Off"]
