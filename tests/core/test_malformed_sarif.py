"""``sastflow merge`` and ``report`` on malformed SARIF: exit 2, one line naming the file and
the JSON path of the first bad value (they were TypeErrors, a RecursionError for deep JSON)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RepoFactory
from tests.core.console import sastflow

VULNERABLE = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
Log = dict[str, Any]


@pytest.fixture(scope="module")
def good_log(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Log:
    repo = git_repo_factory({"app.py": VULNERABLE, ".sastflow.toml": 'engines = ["bandit"]\n'})
    path = tmp_path_factory.mktemp("good") / "scan.sarif"
    assert sastflow(repo.path, "scan", ".", "-q", "--sarif", str(path)).code == 1
    log: Log = json.loads(path.read_text(encoding="utf-8"))
    return log


def _set(path: str, value: Any) -> Callable[[Log], None]:
    """Set the member at a dotted path (``runs.0.tool``) to ``value``."""

    def change(log: Log) -> None:
        *parents, last = path.split(".")
        node: Any = log
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _drop(path: str) -> Callable[[Log], None]:
    def change(log: Log) -> None:
        *parents, last = path.split(".")
        node: Any = log
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return change


BAD: list[tuple[str, Callable[[Log], None], str]] = [
    ("tool-5", _set("runs.0.tool", 5), "$.runs[0].tool: expected an object, found 5"),
    ("results-5", _set("runs.0.results", 5), "$.runs[0].results: expected a list, found 5"),
    (
        "driver-null",
        _set("runs.0.tool.driver", None),
        "$.runs[0].tool.driver: expected an object, found null",
    ),
    (
        "rule-without-id",
        _drop("runs.0.tool.driver.rules.0.id"),
        "$.runs[0].tool.driver.rules[0]: missing 'id'",
    ),
    (
        "result-null",
        _set("runs.0.results.0", None),
        "$.runs[0].results[0]: expected an object, found null",
    ),
    (
        "line-text",
        _set("runs.0.results.0.locations.0.physicalLocation.region.startLine", "ten"),
        "$.runs[0].results[0].locations[0].physicalLocation.region.startLine: "
        "expected a whole number, found 'ten'",
    ),
    (
        "suppression-kind",
        _set("runs.0.results.0.suppressions", [{"kind": "magic"}]),
        "$.runs[0].results[0].suppressions[0].kind: expected one of inSource, external, "
        "found 'magic'",
    ),
    (
        "ledger-date",
        _set(
            "runs.0.properties.sastflow.ledger",
            [
                {
                    "fingerprint": "f",
                    "rule": "r",
                    "path": "p",
                    "reason": "x",
                    "approved_by": "a",
                    "expires": "soon",
                    "status": "active",
                }
            ],
        ),
        "$.runs[0].properties.sastflow.ledger[0].expires: expected a date (YYYY-MM-DD), "
        "found 'soon'",
    ),
]


@pytest.mark.parametrize(("name", "change", "where"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", ["merge", "report"])
def test_malformed_sarif_is_named_by_json_path(
    good_log: Log,
    tmp_path: Path,
    command: str,
    name: str,
    change: Callable[[Log], None],
    where: str,
) -> None:
    log = copy.deepcopy(good_log)
    change(log)
    source = tmp_path / f"{name}.sarif"
    source.write_text(json.dumps(log), encoding="utf-8")
    out = tmp_path / "out"
    args = ["-o", str(out)] if command == "merge" else ["--markdown", str(out)]
    done = sastflow(tmp_path, command, str(source), *args)
    assert done.code == 2
    assert done.one_error() == f"sastflow: error: {source}: malformed SARIF: {where}"
    assert not out.exists()


def test_null_results_are_an_empty_run(good_log: Log, tmp_path: Path) -> None:
    log = copy.deepcopy(good_log)
    log["runs"][0]["results"] = None
    source = tmp_path / "null.sarif"
    source.write_text(json.dumps(log), encoding="utf-8")
    merged = sastflow(tmp_path, "merge", str(source), "-o", "-")
    assert merged.code == 0, merged.err
    assert json.loads(merged.out)["runs"][0]["results"] == []
    assert sastflow(tmp_path, "report", str(source), "--markdown", "r.md").code == 0


@pytest.mark.parametrize("command", ["merge", "report"])
def test_runs_that_are_not_a_list(tmp_path: Path, command: str) -> None:
    source = tmp_path / "runs.sarif"
    source.write_text('{"version": "2.1.0", "runs": {"0": {}}}', encoding="utf-8")
    args = ["-o", "o"] if command == "merge" else ["--html", "o"]
    done = sastflow(tmp_path, command, str(source), *args)
    assert done.code == 2
    assert done.one_error() == f"sastflow: error: {source}: not a SARIF log (no 'runs' list)"


@pytest.mark.parametrize("command", ["merge", "report"])
def test_json_nested_100k_deep(tmp_path: Path, command: str) -> None:
    source = tmp_path / "deep.sarif"
    source.write_text(
        '{"version": "2.1.0", "runs": [' + "[" * 100_000 + "]" * 100_000 + "]}", encoding="utf-8"
    )
    args = ["-o", "o"] if command == "merge" else ["--html", "o"]
    done = sastflow(tmp_path, command, str(source), *args)
    assert done.code == 2
    assert done.one_error() == f"sastflow: error: {source}: not a SARIF log: JSON nested too deeply"


def test_json_nested_just_under_the_decoder_limit(tmp_path: Path) -> None:
    # Parses, but copying it in the merge would overflow the stack: refused at read.
    deep = '{"a": ' * 900 + "1" + "}" * 900
    source = tmp_path / "deep.sarif"
    source.write_text(
        '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "properties": '
        + deep
        + "}]}",
        encoding="utf-8",
    )
    done = sastflow(tmp_path, "merge", str(source), "-o", "o")
    assert done.code == 2
    assert done.one_error().endswith("nested more than 100 levels deep")
    assert f"{source}: malformed SARIF: $.runs[0].properties.a.a" in done.one_error()
