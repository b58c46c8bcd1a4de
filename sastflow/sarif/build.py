"""ScanReport → SARIF 2.1.0, one run per engine, built with the ``sarif-om`` object model.

Each run carries what GitHub code scanning needs (rules with ``help``, ``security-severity`` and
tags, ``partialFingerprints``, ``automationDetails.id`` per tool) and what ``sastflow report`` needs
to rebuild the report (``properties.sastflow``). Results of different engines at one place share a
``correlationGuid`` and point at each other through ``relatedLocations``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Hashable
from typing import Any, cast
from urllib.parse import quote

import attr
import sarif_om as om

from sastflow import __version__
from sastflow.fingerprint import SCHEME
from sastflow.model import (
    EngineRun,
    Finding,
    LedgerOutcome,
    Rule,
    ScanReport,
    Suppression,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
DRIVERS = {
    "semgrep": ("Semgrep", "https://semgrep.dev"),
    "bandit": ("Bandit", "https://bandit.readthedocs.io"),
}


@functools.cache
def _fields(cls: Hashable) -> tuple[tuple[str, str, Any], ...] | None:
    """(attribute, SARIF property, default) of an attrs class, looked up once per class:
    ``attr.has``/``attr.fields`` and the metadata lookups were a third of building a log."""
    if not isinstance(cls, type) or not attr.has(cls):
        return None
    return tuple(
        (f.name, f.metadata.get("schema_property_name", f.name), f.default)
        for f in attr.fields(cls)
    )


def to_dict(obj: Any) -> Any:
    """Serialise sarif-om objects, leaving out attributes at their default (as the SARIF SDK
    does). Plain dicts and lists pass through, so property bags can be ordinary dicts."""
    cls = type(obj)
    if cls is str or cls is int or cls is float or cls is bool or obj is None:
        return obj
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    spec = _fields(cast(Hashable, cls))
    if spec is None:
        return obj
    out: dict[str, Any] = {}
    for name, key, default in spec:
        value = getattr(obj, name)
        if value is None or (default is not attr.NOTHING and value == default):
            continue
        out[key] = to_dict(value)
    return out


def uri_for(path: str) -> str:
    return quote(path, safe="/")


def _text(text: str, limit: int = 1024) -> om.MultiformatMessageString:
    return om.MultiformatMessageString(text=text[:limit] or "-")


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    tags = list(rule.tags) + [f"external/cwe/cwe-{c}" for c in rule.cwe]
    tags += [f"owasp-{o.split(' ')[0]}" for o in rule.owasp]
    properties: dict[str, Any] = {
        "tags": list(dict.fromkeys(tags))[:20],
        "security-severity": rule.default_severity.score,
        "precision": "high",
        "problem.severity": rule.default_severity.sarif_level,
        "sastflow": {
            "engine": rule.engine,
            "cwe": list(rule.cwe),
            "equivalent": list(rule.equivalent),
        },
    }
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name[:255],
        short_description=_text(rule.short_description),
        full_description=_text(rule.help_text.split("\n\n")[0]),
        help=om.MultiformatMessageString(text=rule.help_text or rule.short_description),
        help_uri=rule.help_uri,
        default_configuration=om.ReportingConfiguration(level=rule.default_severity.sarif_level),
        properties=properties,
    )


def _physical(finding: Finding, with_snippet: bool = True) -> om.PhysicalLocation:
    loc = finding.location
    region = om.Region(
        start_line=loc.start_line,
        start_column=max(1, loc.start_column),
        end_line=loc.end_line,
        end_column=loc.end_column if loc.end_column > 0 else None,
        snippet=om.ArtifactContent(text=finding.snippet) if with_snippet else None,
    )
    if region.end_column is not None and loc.end_line == loc.start_line:
        region.end_column = max(region.end_column, region.start_column)
    return om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri=uri_for(loc.path), uri_base_id=SRCROOT),
        region=region,
    )


def _suppression(s: Suppression) -> dict[str, Any]:
    # sarif-om 1.0.4 predates SARIF's final `suppression.status`, so this one is a plain dict.
    data: dict[str, Any] = {
        "kind": s.kind.value,
        "status": s.status.value,
        "justification": s.justification,
    }
    properties: dict[str, Any] = {}
    if s.approved_by:
        properties["approved_by"] = s.approved_by
    if s.expires:
        properties["expires"] = s.expires.isoformat()
    if s.ticket:
        properties["ticket"] = s.ticket
    if properties:
        data["properties"] = properties
    return data


def _result(finding: Finding, rule_index: int, related: list[Finding]) -> om.Result:
    result = om.Result(
        message=om.Message(text=finding.message or finding.rule.short_description),
        rule_id=finding.rule_id,
        rule_index=rule_index,
        level=finding.severity.sarif_level,
        locations=[om.Location(physical_location=_physical(finding))],
        partial_fingerprints={SCHEME: finding.fingerprint},
        properties={
            "severity": finding.severity.label,
            "confidence": finding.confidence.label,
            "security-severity": finding.severity.score,
        },
    )
    if finding.baseline is not None:
        result.baseline_state = finding.baseline.value
    if finding.suppressions:
        result.suppressions = [_suppression(s) for s in finding.suppressions]
    if finding.correlation is not None:
        result.correlation_guid = finding.correlation
        result.related_locations = [
            om.Location(
                id=i,
                physical_location=_physical(other, with_snippet=False),
                message=om.Message(text=f"also reported by {other.engine} as {other.rule_id}"),
            )
            for i, other in enumerate(related)
        ]
    return result


def _ledger_data(outcome: LedgerOutcome) -> dict[str, Any]:
    return {"status": outcome.status.value, "matched": outcome.matched, **outcome.entry.as_json()}


def _run(report: ScanReport, run: EngineRun, findings: list[Finding], first: bool) -> om.Run:
    rules: dict[str, Rule] = {}
    for finding in findings:
        rules.setdefault(finding.rule_id, finding.rule)
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    by_correlation: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.correlation is not None:
            by_correlation[finding.correlation].append(finding)
    results = [
        _result(
            f,
            index[f.rule_id],
            [o for o in by_correlation.get(f.correlation or "", []) if o.engine != f.engine],
        )
        for f in findings
    ]
    name, uri = DRIVERS.get(run.engine, (run.engine, None))
    notifications = []
    if run.failure is not None:
        notifications.append(
            om.Notification(
                message=om.Message(text=run.failure.detail),
                level="error",
                properties={"reason": run.failure.reason},
            )
        )
    notifications += [
        om.Notification(message=om.Message(text=w), level="warning") for w in run.warnings
    ]
    properties: dict[str, Any] = {
        "sastflow": {
            "version": __version__,
            "engine": run.engine,
            "incomplete": run.failure is not None,
            "fail_on": report.fail_on.label if report.fail_on is not None else "never",
            "base": report.base_ref,
            "head": report.head_ref,
            "targets": report.targets,
            "shard": report.shard,
            "scanned_files": run.scanned_files,
            "duration": round(run.duration, 3),
        }
    }
    if first:
        # Report-wide data lives once, on the first run, so merging never duplicates it.
        properties["sastflow"]["notes"] = list(report.notes)
        properties["sastflow"]["ledger"] = [_ledger_data(o) for o in report.ledger]
    root_uri = "file://" + quote(report.root.rstrip("/") + "/")
    return om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name=name,
                version=run.version or None,
                information_uri=uri,
                rules=[_descriptor(r) for r in rules.values()],
                properties={"sastflow-engine": run.engine},
            )
        ),
        automation_details=om.RunAutomationDetails(id=f"{report.category}/{run.engine}/"),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root_uri)},
        invocations=[
            om.Invocation(
                execution_successful=run.failure is None,
                tool_execution_notifications=notifications or None,
            )
        ],
        results=results,
        column_kind="unicodeCodePoints",
        properties=properties,
    )


def build_sarif(report: ScanReport) -> dict[str, Any]:
    by_engine: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_engine[finding.engine].append(finding)
    runs = [
        _run(report, run, by_engine.get(run.engine, []), first=i == 0)
        for i, run in enumerate(report.runs)
    ]
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=runs)
    data: dict[str, Any] = to_dict(log)
    return data
