"""sastflow.sarif.merge on logs sastflow writes: the shards of one engine become one run (GitHub
rejects two runs with one identity), rule indexes still point at the right rule, and a partial
set of shards is never taken for a full scan."""

from __future__ import annotations

from typing import Any

import pytest

from sastflow.errors import UsageError
from sastflow.sarif.merge import merge_logs


def _log(shard: str | None, rules: list[str], results: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {"engine": "semgrep", "targets": 2, "notes": [], "ledger": []}
    if shard is not None:
        meta["shard"] = shard
    run = {
        "tool": {"driver": {"name": "Semgrep", "rules": [{"id": r} for r in rules]}},
        "automationDetails": {"id": "sastflow/semgrep/"},
        "results": [{"ruleId": r, "ruleIndex": rules.index(r)} for r in results],
        "invocations": [{"executionSuccessful": True}],
        "properties": {"sastflow": meta},
    }
    return {"version": "2.1.0", "runs": [run]}


def test_shards_of_one_engine_become_one_run_with_rules_renumbered() -> None:
    first = _log("1/2", ["a", "b"], ["b", "a"])
    second = _log("2/2", ["c", "b"], ["c", "b"])
    (run,) = merge_logs([("one.sarif", first), ("two.sarif", second)])["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["a", "b", "c"]
    assert [rules[r["ruleIndex"]] for r in run["results"]] == [r["ruleId"] for r in run["results"]]
    assert len(run["invocations"]) == 2
    meta = run["properties"]["sastflow"]
    assert meta["targets"] == 4
    assert meta["shard"] is None  # 1/2 and 2/2: the whole scan
    assert first["runs"][0]["results"][0]["ruleIndex"] == 1  # the inputs are left as they were


def test_a_partial_merge_says_which_shards_it_holds() -> None:
    merged = merge_logs([("one", _log("1/3", ["a"], ["a"])), ("three", _log("3/3", ["a"], []))])
    assert merged["runs"][0]["properties"]["sastflow"]["shard"] == "1/3,3/3"


def test_a_log_of_another_sarif_version_is_refused_naming_it() -> None:
    old = {**_log(None, [], []), "version": "2.0.0"}
    with pytest.raises(UsageError, match=r"old\.sarif: SARIF version '2\.0\.0'"):
        merge_logs([("old.sarif", old)])
