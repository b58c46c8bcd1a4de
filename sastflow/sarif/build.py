"""ScanReport → SARIF 2.1.0, one run per engine, built with the ``sarif-om`` object model.

Each run carries what GitHub code scanning needs (rules with ``help``, ``security-severity`` and
tags, ``partialFingerprints``, ``automationDetails.id`` per tool) and what ``sastflow report`` needs
to rebuild the report (``properties.sastflow``). Results of different engines at one place share a
``correlationGuid`` and point at each other through ``relatedLocations``.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring_ascii as _json_string
from typing import Any, cast
from urllib.parse import quote

import attr
import sarif_om as om

from sastflow import __version__
from sastflow.engines import registry
from sastflow.fingerprint import SCHEME
from sastflow.model import (
    Confidence,
    EngineRun,
    Finding,
    LedgerOutcome,
    Rule,
    ScanReport,
    Severity,
    Suppression,
)
from sastflow.page_split import placeholder, split_at

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
RESULTS_PER_CHUNK = 256
SRCROOT = "%SRCROOT%"
# Results are written with the C escaper the encoder itself applies under ensure_ascii.
_SRCROOT = _json_string(SRCROOT)
_SCHEME_KEY = _json_string(SCHEME) + ":"
DRIVERS = registry.drivers()  # tool.driver name and URI per engine, as the engines declare


def to_dict(obj: Any) -> Any:
    """Serialise sarif-om objects, leaving out attributes at their default (as the SARIF SDK
    does). Plain dicts and lists pass through, so property bags can be ordinary dicts. Only
    the runs' skeleton and rules come this way; results are written by :class:`_Results`."""
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    if not attr.has(type(obj)):
        return obj
    out: dict[str, Any] = {}
    for spec in attr.fields(type(obj)):
        value = getattr(obj, spec.name)
        if value is None or (spec.default is not attr.NOTHING and value == spec.default):
            continue
        out[spec.metadata.get("schema_property_name", spec.name)] = to_dict(value)
    return out


def uri_for(path: str) -> str:
    """``path`` as a URI reference. A file name that is not UTF-8 reaches sastflow with its
    bytes as surrogate escapes (as git and the OS decode it), and its URI carries those bytes
    (``%FF``; :mod:`sastflow.sarif.read` turns them back). A lone surrogate that no file name
    decodes to can only come from a hand-made SARIF file: it is spelt out."""
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, safe="/", errors="backslashreplace")


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


class _Results:
    """SARIF ``result`` objects of one report, written as JSON text directly.

    Results are the one part of a log that grows with the findings, so they skip sarif-om (an
    attrs object per node, then a walk to serialise it: 1.4 s for 20k results) and even the
    JSON encoder's walk over dicts: most of their text recurs (a rule's message is half of a
    log; paths, rule ids and property bags repeat), so each recurring value is encoded once.
    A result is made when asked for, so a streamed log never holds them all. The text is the
    one :data:`ENCODER` would write for the same object, key for key."""

    def __init__(self, report: ScanReport) -> None:
        # For values that recur (messages, rule ids); each finding's own (snippet, fingerprint)
        # is encoded directly. Bounded: a rule that interpolates the matched code varies its
        # message per finding.
        self._string = functools.lru_cache(maxsize=4096)(_json_string)
        self._uri = functools.cache(_json_uri)  # a few hundred paths, thousands of results each
        self._properties = functools.cache(_properties)
        self._related: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            if finding.correlation is not None:
                self._related[finding.correlation].append(finding)

    def texts(self, findings: list[Finding], index: dict[str, int]) -> Iterator[str]:
        for finding in findings:
            yield self.text(finding, index[finding.rule_id])

    def text(self, finding: Finding, rule_index: int) -> str:
        string = self._string
        parts = [
            '{"message":{"text":',
            string(finding.message or finding.rule.short_description),
            '},"level":"',
            finding.severity.sarif_level,
            '","locations":[{"physicalLocation":',
            self._physical(finding, with_snippet=True),
            '}],"partialFingerprints":{',
            _SCHEME_KEY,
            _json_string(finding.fingerprint),
            '},"properties":',
            self._properties(finding.severity, finding.confidence),
            ',"ruleId":',
            string(finding.rule_id),
            ',"ruleIndex":',
            str(rule_index),
        ]
        if finding.baseline is not None:
            parts += (',"baselineState":', string(finding.baseline.value))
        if finding.suppressions:
            parts += (
                ',"suppressions":',
                ENCODER.encode([_suppression(s) for s in finding.suppressions]),
            )
        if finding.correlation is not None:
            parts += (
                ',"correlationGuid":',
                _json_string(finding.correlation),
                ',"relatedLocations":[',
            )
            others = (o for o in self._related[finding.correlation] if o.engine != finding.engine)
            for i, other in enumerate(others):
                note = f"also reported by {other.engine} as {other.rule_id}"
                parts += (
                    "," if i else "",
                    f'{{"id":{i},"physicalLocation":',
                    self._physical(other, with_snippet=False),
                    ',"message":{"text":',
                    string(note),
                    "}}",
                )
            parts.append("]")
        parts.append("}")
        return "".join(parts)

    def _physical(self, finding: Finding, *, with_snippet: bool) -> str:
        loc = finding.location
        start_column = max(1, loc.start_column)
        text = (
            f'{{"artifactLocation":{{"uri":{self._uri(finding.path)},"uriBaseId":{_SRCROOT}}},'
            f'"region":{{"startLine":{loc.start_line},"startColumn":{start_column},'
            f'"endLine":{loc.end_line}'
        )
        if loc.end_column > 0:
            end_column = loc.end_column
            if loc.end_line == loc.start_line:
                end_column = max(end_column, start_column)
            text += f',"endColumn":{end_column}'
        if with_snippet:
            text += ',"snippet":{"text":' + _json_string(finding.snippet) + "}"
        text += "}"
        if with_snippet and finding.context is not None:
            # The lines around the region, for a reviewer (and for `sastflow report`).
            context = finding.context
            end = context.start_line + context.text.count("\n")
            text += (
                f',"contextRegion":{{"startLine":{context.start_line},"endLine":{end},'
                f'"snippet":{{"text":{_json_string(context.text)}}}}}'
            )
        return text + "}"


def _json_uri(path: str) -> str:
    return _json_string(uri_for(path))


def _properties(severity: Severity, confidence: Confidence) -> str:
    return ENCODER.encode(
        {
            "severity": severity.label,
            "confidence": confidence.label,
            "security-severity": severity.score,
        }
    )


def _ledger_data(outcome: LedgerOutcome) -> dict[str, Any]:
    return {"status": outcome.status.value, "matched": outcome.matched, **outcome.entry.as_json()}


def _run(report: ScanReport, run: EngineRun, rules: dict[str, Rule], first: bool) -> om.Run:
    """The run without its results (see :class:`_Results`)."""
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
    root_uri = "file://" + uri_for(report.root.rstrip("/") + "/")
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
        results=[],
        column_kind="unicodeCodePoints",
        properties=properties,
    )


def _parts(
    report: ScanReport, results: Callable[[Finding], bool] | None
) -> tuple[dict[str, Any], list[Iterator[str]]]:
    """The log without results, and for each of its runs an iterator over that run's results
    as JSON text: those ``results`` keeps, when given (the rules stay those of every finding)."""
    by_engine: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_engine[finding.engine].append(finding)
    texts = _Results(report)
    runs: list[om.Run] = []
    streams: list[Iterator[str]] = []
    for i, run in enumerate(report.runs):
        findings = by_engine.get(run.engine, [])
        rules: dict[str, Rule] = {}
        for finding in findings:
            rules.setdefault(finding.rule_id, finding.rule)
        index = {rule_id: n for n, rule_id in enumerate(rules)}
        runs.append(_run(report, run, rules, first=i == 0))
        kept = findings if results is None else [f for f in findings if results(f)]
        streams.append(texts.texts(kept, index))
    log: dict[str, Any] = to_dict(om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=runs))
    return log, streams


def build_sarif(
    report: ScanReport, *, results: Callable[[Finding], bool] | None = None
) -> dict[str, Any]:
    """The whole log as one JSON-ready dict, for checks and rewrites. It is the file's own
    text read back, so the log has one serialisation (files are written through
    :func:`iter_sarif_json`)."""
    return cast(dict[str, Any], json.loads("".join(iter_sarif_json(report, results=results))))


def iter_sarif_json(
    report: ScanReport, *, results: Callable[[Finding], bool] | None = None
) -> Iterator[str]:
    """The log as compact JSON, in pieces of a few hundred results, never the whole text: the
    log is serialised with a placeholder for each run's results (:mod:`sastflow.page_split`).
    ``results``: which findings become results (all of them by default)."""
    log, streams = _parts(report, results)
    marks = [placeholder("results") for _ in streams]
    for run, mark in zip(log["runs"], marks, strict=True):
        run["results"] = mark
    pieces = split_at(ENCODER.encode(log), [ENCODER.encode(mark) for mark in marks])
    for before, stream in zip(pieces[:-1], streams, strict=True):
        yield before
        yield "["
        # A few hundred results per piece: a write per result costs more, one for all would
        # hold the whole text.
        comma = ""
        while batch := list(itertools.islice(stream, RESULTS_PER_CHUNK)):
            yield comma + ",".join(batch)
            comma = ","
        yield "]"
    yield pieces[-1]
    yield "\n"


# Compact separators keep json on its C encoder (any indent falls back to the pure-Python one):
# 20k findings 1.20 s -> 0.41 s, 21.9 MB -> 15.5 MB (2.29 -> 1.97 MB gzipped, which is what
# GitHub's 10 MB upload limit counts). Readers of SARIF are tools. ASCII output is the C
# encoder's fast path (0.37 s -> 0.19 s for 20k results, 1.5 KB larger for Django's non-ASCII
# snippets), and a lone surrogate from an undecodable file name is written as its escape
# instead of failing the UTF-8 write.
ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
