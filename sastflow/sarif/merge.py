"""Merge SARIF logs: runs with the same identity (tool driver name + ``automationDetails.id``),
such as the shards of one engine, become one run; every other run passes through unchanged.

GitHub rejects two runs with the same identity in one upload, so folding them is required, not
cosmetic. Rules are united and every ``ruleIndex`` renumbered; artifacts likewise.
"""

from __future__ import annotations

import copy
from typing import Any

from sastflow.errors import UsageError


def _identity(run: dict[str, Any]) -> tuple[str, str]:
    driver = run.get("tool", {}).get("driver", {})
    return str(driver.get("name", "")), str(run.get("automationDetails", {}).get("id", ""))


def _fold(into: dict[str, Any], run: dict[str, Any]) -> None:
    driver = into["tool"]["driver"]
    rules: list[dict[str, Any]] = driver.setdefault("rules", [])
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    theirs = run.get("tool", {}).get("driver", {}).get("rules", []) or []
    remap: dict[int, int] = {}
    for old, rule in enumerate(theirs):
        if rule["id"] not in index:
            index[rule["id"]] = len(rules)
            rules.append(rule)
        remap[old] = index[rule["id"]]
    artifacts: list[dict[str, Any]] = into.setdefault("artifacts", [])
    offset = len(artifacts)
    artifacts.extend(run.get("artifacts", []) or [])
    if not artifacts:
        del into["artifacts"]
    results = into.setdefault("results", [])
    for result in run.get("results", []) or []:
        result = copy.deepcopy(result)
        if "ruleIndex" in result:
            result["ruleIndex"] = remap.get(
                result["ruleIndex"], index.get(result.get("ruleId"), -1)
            )
            if result["ruleIndex"] < 0:
                del result["ruleIndex"]
        for location in result.get("locations", []) or []:
            artifact = location.get("physicalLocation", {}).get("artifactLocation", {})
            if "index" in artifact:
                artifact["index"] += offset
        results.append(result)
    into.setdefault("invocations", []).extend(run.get("invocations", []) or [])
    ours = into.setdefault("properties", {}).setdefault("sastflow", {})
    theirs_meta = (run.get("properties") or {}).get("sastflow", {}) or {}
    if ours or theirs_meta:
        for key in ("notes", "ledger"):
            ours.setdefault(key, [])
            ours[key] += [x for x in theirs_meta.get(key) or [] if x not in ours[key]]
        ours["targets"] = int(ours.get("targets", 0)) + int(theirs_meta.get("targets", 0))
        ours["incomplete"] = bool(ours.get("incomplete")) or bool(theirs_meta.get("incomplete"))
        if "shard" in theirs_meta:
            ours.setdefault("shards", []).append(theirs_meta["shard"])
        for key in ("fail_on", "base", "head", "engine", "version"):
            if key not in ours and key in theirs_meta:
                ours[key] = theirs_meta[key]


def _coverage(shards: list[str | None]) -> str | None:
    """None when the merged shards make a whole scan (every K of N, or unsharded logs);
    otherwise which shards are present, so a partial merge is never taken for a full scan."""
    if any(s is None for s in shards):
        return None
    parts = [s.split("/") for s in shards if s]
    totals = {n for _, n in parts}
    present = {int(k) for k, _ in parts}
    if len(totals) == 1 and present == set(range(1, int(next(iter(totals))) + 1)):
        return None
    return ",".join(sorted({s for s in shards if s}))


def merge_logs(logs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Merge ``(source name, log)`` pairs in order."""
    merged: list[dict[str, Any]] = []
    by_identity: dict[tuple[str, str], dict[str, Any]] = {}
    schema = "https://json.schemastore.org/sarif-2.1.0.json"
    for source, log in logs:
        if log.get("version") != "2.1.0":
            raise UsageError(f"{source}: SARIF version {log.get('version')!r}, expected '2.1.0'")
        schema = log.get("$schema", schema)
        for run in log.get("runs", []):
            key = _identity(run)
            if key not in by_identity:
                fresh = copy.deepcopy(run)
                fresh["results"] = []
                fresh["invocations"] = []
                fresh.get("tool", {}).get("driver", {})["rules"] = []
                fresh.pop("artifacts", None)
                if "properties" in fresh and "sastflow" in fresh["properties"]:
                    fresh["properties"]["sastflow"] = {}
                by_identity[key] = fresh
                merged.append(fresh)
            _fold(by_identity[key], run)
    for run in merged:
        meta = run.get("properties", {}).get("sastflow")
        if meta is not None and "shards" in meta:
            meta["shard"] = _coverage(meta.pop("shards"))
        if not run["tool"]["driver"].get("rules"):
            run["tool"]["driver"].pop("rules", None)
        if not run.get("invocations"):
            run.pop("invocations", None)
        if run.get("properties", {}).get("sastflow") == {}:
            del run["properties"]["sastflow"]
            if not run["properties"]:
                del run["properties"]
    return {"version": "2.1.0", "$schema": schema, "runs": merged}
