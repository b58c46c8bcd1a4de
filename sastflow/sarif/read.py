"""SARIF → ScanReport, for ``sastflow report`` and ``triage``: sastflow's own logs round-trip;
other tools' runs are read as far as SARIF allows (rules, levels, locations, fingerprints)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from sastflow.errors import UsageError
from sastflow.fingerprint import SCHEME
from sastflow.model import (
    BaselineState,
    Confidence,
    ContextRegion,
    EngineFailure,
    EngineRun,
    Finding,
    LedgerEntry,
    LedgerOutcome,
    LedgerStatus,
    Location,
    Rule,
    ScanReport,
    Severity,
    Suppression,
    SuppressionKind,
    SuppressionStatus,
)
from sastflow.sarif import shape

# 20 runs of 25,000 results (GitHub's upload limits) are some 200 MB of JSON; a device such as
# /dev/zero given by mistake must not be read until memory runs out.
MAX_SARIF_BYTES = 256 * 2**20

_LEVEL = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW}


def load(path: Path) -> dict[str, Any]:
    """Read a SARIF log and check the shape of what sastflow reads from it (sarif.shape):
    every problem is a :class:`UsageError` naming the file and the JSON path."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SARIF_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such SARIF file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_SARIF_BYTES:
        raise UsageError(f"{path}: larger than {MAX_SARIF_BYTES // 2**20} MiB; not read")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = f"byte 0x{raw[exc.start]:02x} at byte offset {exc.start}"
        raise UsageError(f"{path}:{line}: not valid UTF-8 ({byte})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: not a SARIF log: JSON nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        raise UsageError(f"{path}: not a SARIF log (no 'runs' list)")
    if data.get("version") != "2.1.0":
        raise UsageError(f"{path}: SARIF version {data.get('version')!r}, expected '2.1.0'")
    try:
        problem = shape.depth_problem(data)
        if problem is not None:
            raise shape.ShapeError(problem)
        shape.check(data)
    except shape.ShapeError as exc:
        raise UsageError(f"{path}: malformed SARIF: {exc}") from None
    return data


def _engine(run: dict[str, Any]) -> str:
    driver = run.get("tool", {}).get("driver", {})
    return str(driver.get("properties", {}).get("sastflow-engine") or driver.get("name", "tool"))


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _rule(engine: str, descriptor: dict[str, Any]) -> Rule:
    props = descriptor.get("properties", {}) or {}
    ours = props.get("sastflow", {}) or {}
    score = props.get("security-severity")
    try:
        severity = Severity.from_score(float(score)) if score is not None else None
    except (TypeError, ValueError):
        severity = None
    if severity is None:
        level = descriptor.get("defaultConfiguration", {}).get("level", "warning")
        severity = _LEVEL.get(level, Severity.MEDIUM)
    cwe = tuple(int(c) for c in ours.get("cwe", []))
    if not cwe:
        cwe = tuple(
            int(t.rsplit("-", 1)[1])
            for t in props.get("tags", [])
            if str(t).startswith("external/cwe/cwe-") and t.rsplit("-", 1)[1].isdigit()
        )
    return Rule(
        id=str(descriptor["id"]),
        engine=engine,
        name=str(descriptor.get("name") or descriptor["id"]),
        short_description=_text(descriptor.get("shortDescription")) or str(descriptor["id"]),
        help_text=_text(descriptor.get("help")) or _text(descriptor.get("fullDescription")),
        help_uri=descriptor.get("helpUri"),
        default_severity=severity,
        cwe=cwe,
        tags=tuple(t for t in props.get("tags", []) if not str(t).startswith("external/")),
        equivalent=tuple(ours.get("equivalent", [])),
    )


def _suppression(data: dict[str, Any]) -> Suppression:
    props = data.get("properties", {}) or {}
    expires = props.get("expires")
    return Suppression(
        kind=SuppressionKind(data.get("kind", "external")),
        status=SuppressionStatus(data.get("status", "accepted")),
        justification=str(data.get("justification", "")),
        approved_by=props.get("approved_by"),
        expires=dt.date.fromisoformat(expires) if expires else None,
        ticket=props.get("ticket"),
    )


def _finding(result: dict[str, Any], rules: dict[str, Rule], engine: str) -> Finding | None:
    locations = result.get("locations") or []
    if not locations:
        return None
    physical = locations[0].get("physicalLocation", {})
    uri = physical.get("artifactLocation", {}).get("uri", "")
    # surrogateescape: the inverse of build.uri_for for a file name that is not UTF-8.
    path = unquote(urlparse(uri).path if uri.startswith("file:") else uri, errors="surrogateescape")
    region = physical.get("region", {})
    rule_id = str(result.get("ruleId") or result.get("rule", {}).get("id") or "unknown")
    rule = rules.get(rule_id) or Rule(rule_id, engine, rule_id, rule_id, "")
    props = result.get("properties", {}) or {}
    try:
        severity = Severity.parse(str(props["severity"]))
    except (KeyError, ValueError):
        severity = _LEVEL.get(str(result.get("level", "")), rule.default_severity)
    baseline = result.get("baselineState")
    fingerprints = result.get("partialFingerprints", {}) or {}
    return Finding(
        rule=rule,
        message=_text(result.get("message")),
        severity=severity,
        confidence=Confidence.parse(props.get("confidence")),
        location=Location(
            path=path,
            start_line=int(region.get("startLine", 1)),
            start_column=int(region.get("startColumn", 1)),
            end_line=int(region.get("endLine", region.get("startLine", 1))),
            end_column=int(region.get("endColumn", 0)),
        ),
        snippet=_text(region.get("snippet")),
        context=_context_region(physical.get("contextRegion")),
        fingerprint=str(fingerprints.get(SCHEME) or next(iter(fingerprints.values()), "")),
        suppressions=tuple(_suppression(s) for s in result.get("suppressions", []) or []),
        baseline=BaselineState(baseline) if baseline in ("new", "unchanged", "absent") else None,
        correlation=result.get("correlationGuid"),
    )


def _context_region(region: Any) -> ContextRegion | None:
    """A ``contextRegion`` with its text (sastflow writes the lines around a finding there)."""
    if not isinstance(region, dict):
        return None
    text = _text(region.get("snippet"))
    start = region.get("startLine")
    if not text or isinstance(start, bool) or not isinstance(start, int) or start < 1:
        return None
    return ContextRegion(start, text)


def _ledger(items: list[dict[str, Any]]) -> list[LedgerOutcome]:
    out = []
    for item in items:
        entry = LedgerEntry(
            fingerprint=item["fingerprint"],
            rule=item["rule"],
            path=item["path"],
            reason=item["reason"],
            approved_by=item["approved_by"],
            expires=dt.date.fromisoformat(item["expires"]),
            ticket=item.get("ticket"),
            line=int(item.get("line", 0)),
            group=tuple((str(m["fingerprint"]), str(m["rule"])) for m in item.get("group", ())),
        )
        out.append(LedgerOutcome(entry, LedgerStatus(item["status"]), int(item["matched"])))
    return out


def report_from_log(log: dict[str, Any], source: str = "SARIF") -> ScanReport:
    runs: list[EngineRun] = []
    findings: list[Finding] = []
    notes: list[str] = []
    ledger: list[LedgerOutcome] = []
    meta: dict[str, Any] = {}
    for run in log["runs"]:
        engine = _engine(run)
        driver = run.get("tool", {}).get("driver", {})
        rules = {str(d["id"]): _rule(engine, d) for d in driver.get("rules", []) if "id" in d}
        ours = (run.get("properties") or {}).get("sastflow", {}) or {}
        meta = meta or ours
        notes += ours.get("notes", [])
        ledger += _ledger(ours.get("ledger", []))
        run_findings = [
            f for r in run.get("results", []) or [] if (f := _finding(r, rules, engine))
        ]
        findings += run_findings
        failure = None
        for invocation in run.get("invocations", []) or []:
            if invocation.get("executionSuccessful") is False:
                detail = next(
                    (
                        _text(n.get("message"))
                        for n in invocation.get("toolExecutionNotifications", []) or []
                        if n.get("level") == "error"
                    ),
                    f"{engine} did not complete",
                )
                failure = EngineFailure(engine, "errors", detail)
        runs.append(
            EngineRun(
                engine=engine,
                version=str(driver.get("version", "")),
                findings=tuple(run_findings),
                rules=tuple(rules.values()),
                failure=failure,
            )
        )
    fail_on_text = meta.get("fail_on", "high")
    root_uri = ""
    if log["runs"]:
        base_ids = log["runs"][0].get("originalUriBaseIds", {}) or {}
        root_uri = base_ids.get("%SRCROOT%", {}).get("uri", "")
    return ScanReport(
        root=unquote(urlparse(root_uri).path, errors="surrogateescape") if root_uri else source,
        runs=tuple(runs),
        findings=tuple(findings),
        fail_on=None if fail_on_text == "never" else Severity.parse(fail_on_text),
        ledger=tuple(ledger),
        base_ref=meta.get("base"),
        head_ref=meta.get("head"),
        targets=int(meta.get("targets", 0)),
        shard=meta.get("shard"),
        notes=tuple(notes),
    )


def read_report(path: Path) -> ScanReport:
    try:
        return report_from_log(load(path), str(path))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # What sarif.shape does not describe (a value the right type but not meaningful).
        raise UsageError(f"{path}: malformed SARIF: {' '.join(str(exc).split())[:200]}") from None
