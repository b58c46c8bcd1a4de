"""The SARIF file is written a piece at a time, results as text made directly: every finding
must come through whole, in valid SARIF, exactly as the JSON encoder would have written it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from render_records import (
    ACCEPTED,
    BANDIT_B101,
    SEMGREP_SHELL,
    make_finding,
    make_report,
    with_message,
)

from sastflow import report_files
from sastflow.model import BaselineState, Finding, ScanReport
from sastflow.sarif.build import ENCODER, RESULTS_PER_CHUNK, iter_sarif_json, uri_for
from sastflow.sarif.read import read_report
from tests.conftest import assert_valid_sarif


def _expected(finding: Finding) -> dict[str, Any]:
    """What a result says about its finding, written out by hand from the record."""
    loc = finding.location
    region: dict[str, Any] = {
        "startLine": loc.start_line,
        "startColumn": max(1, loc.start_column),
        "endLine": loc.end_line,
        "snippet": {"text": finding.snippet},
    }
    if loc.end_column > 0:
        region["endColumn"] = loc.end_column
    expected: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "message": {"text": finding.message or finding.rule.short_description},
        "level": finding.severity.sarif_level,
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_for(finding.path), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"sastflow/v1": finding.fingerprint},
        "properties": {
            "severity": finding.severity.label,
            "confidence": finding.confidence.label,
            "security-severity": finding.severity.score,
        },
    }
    if finding.baseline is not None:
        expected["baselineState"] = finding.baseline.value
    if finding.suppressions:
        expected["suppressions"] = [
            {"kind": s.kind.value, "status": s.status.value, "justification": s.justification}
            for s in finding.suppressions
        ]
    if finding.correlation is not None:
        expected["correlationGuid"] = finding.correlation
    return expected


def _results(log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        run["tool"]["driver"]["properties"]["sastflow-engine"]: run["results"]
        for run in log["runs"]
    }


def test_every_finding_comes_through_in_valid_sarif(
    mixed_report: ScanReport, tmp_path: Path
) -> None:
    target = tmp_path / "out.sarif"
    report_files.write_outputs(mixed_report, sarif=target, markdown=None, html=None)
    text = target.read_text(encoding="utf-8")
    log = json.loads(text)
    assert_valid_sarif(log)
    # Key for key what the JSON encoder writes for the same object: no hand-written quirks.
    assert text == ENCODER.encode(log) + "\n"
    by_engine = _results(log)
    for engine in ("semgrep", "bandit"):
        findings = [f for f in mixed_report.findings if f.engine == engine]
        results = by_engine[engine]
        assert len(results) == len(findings)
        rules = [
            r["id"]
            for r in next(
                run
                for run in log["runs"]
                if run["tool"]["driver"]["properties"]["sastflow-engine"] == engine
            )["tool"]["driver"]["rules"]
        ]
        for finding, result in zip(findings, results, strict=True):
            expected = _expected(finding)
            got = {k: v for k, v in result.items() if k in expected}
            for suppression in got.get("suppressions", []):
                suppression.pop("properties", None)
            assert got == expected
            assert rules[result["ruleIndex"]] == result["ruleId"]
            if finding.correlation is not None:
                (related,) = result["relatedLocations"]
                twin = next(
                    f
                    for f in mixed_report.findings
                    if f.correlation == finding.correlation and f.engine != engine
                )
                assert (
                    related["message"]["text"]
                    == f"also reported by {twin.engine} as {twin.rule_id}"
                )
                region = related["physicalLocation"]["region"]
                assert region["startLine"] == twin.location.start_line
                assert "snippet" not in region


def test_many_results_and_hostile_text_survive_the_split(tmp_path: Path) -> None:
    # More results than one batch, one run without any, and messages that look like the split
    # markers, close the JSON early, or carry a lone surrogate (an undecodable file name).
    count = RESULTS_PER_CHUNK * 2 + 3
    findings = [
        with_message(
            make_finding(SEMGREP_SHELL, f"app/m{i}.py", i + 1),
            f'sastflow-results-{i:032x}"]}}, \udcff \u202e',
        )
        for i in range(count)
    ]
    report = make_report(findings)
    text = "".join(iter_sarif_json(report))
    assert text.isascii() and text.endswith("}\n")
    log = json.loads(text)
    assert text == ENCODER.encode(log) + "\n"
    by_engine = _results(log)
    assert by_engine["bandit"] == []
    results = by_engine["semgrep"]
    assert len(results) == count
    # Every message and snippet read back exactly, in the order of the findings.
    sent = {f.path: f.message for f in report.findings}
    for result in results:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert result["message"]["text"] == sent[uri]
        assert result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == sent[uri]
    single = make_report([make_finding(BANDIT_B101, "x.py", 1)])
    (only,) = _results(json.loads("".join(iter_sarif_json(single))))["bandit"]
    assert only["ruleId"] == "bandit.B101"


def test_columns_are_made_valid_for_sarif() -> None:
    # Columns are 1-based in SARIF, and an end before the start on one line is no region.
    def at(start_column: int, end_line: int, end_column: int) -> Finding:
        finding = make_finding(SEMGREP_SHELL, f"app/c{start_column}{end_line}{end_column}.py", 4)
        location = replace(
            finding.location, start_column=start_column, end_line=end_line, end_column=end_column
        )
        return replace(finding, location=location)

    cases = {
        at(0, 4, 0): {"startLine": 4, "startColumn": 1, "endLine": 4},
        at(5, 4, 3): {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 5},
        at(5, 6, 2): {"startLine": 4, "startColumn": 5, "endLine": 6, "endColumn": 2},
        at(2, 4, 9): {"startLine": 4, "startColumn": 2, "endLine": 4, "endColumn": 9},
    }
    report = make_report(list(cases))
    log = json.loads("".join(iter_sarif_json(report)))
    assert_valid_sarif(log)
    regions = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["locations"][0][
            "physicalLocation"
        ]["region"]
        for r in _results(log)["semgrep"]
    }
    for finding, expected in cases.items():
        region = dict(regions[finding.path])
        assert region.pop("snippet") == {"text": finding.snippet}
        assert region == expected


# Any text an engine, a file name or a SARIF file read back could carry: lone surrogates
# (undecodable names), controls, quotes and backslashes, and characters outside the BMP.
_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    rule_id=_any_text.filter(bool),
    path=_any_text.filter(bool),
    message=_any_text,
    snippet=_any_text,
    fingerprint=_any_text,
    correlation=_any_text.filter(bool),
    justification=_any_text,
)
def test_any_text_round_trips(
    rule_id: str,
    path: str,
    message: str,
    snippet: str,
    fingerprint: str,
    correlation: str,
    justification: str,
) -> None:
    rule = replace(SEMGREP_SHELL, id=rule_id, short_description="fallback")
    twin_rule = replace(BANDIT_B101, id=rule_id + "\u2028")
    finding = replace(
        make_finding(rule, path, 3, message=message, snippet=snippet, fingerprint="x"),
        fingerprint=fingerprint,
        correlation=correlation,
        baseline=BaselineState.NEW,
        suppressions=(replace(ACCEPTED, justification=justification),),
    )
    twin = replace(make_finding(twin_rule, path, 3, fingerprint="twin"), correlation=correlation)
    report = replace(make_report([]), findings=(finding, twin))
    text = "".join(iter_sarif_json(report))
    assert text.isascii()
    log = json.loads(text)
    assert text == ENCODER.encode(log) + "\n"
    (result,) = _results(log)["semgrep"]
    assert result["ruleId"] == rule_id
    assert result["message"]["text"] == (message or "fallback")
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == uri_for(path)
    assert physical["region"]["snippet"]["text"] == snippet
    assert result["partialFingerprints"]["sastflow/v1"] == fingerprint
    assert result["correlationGuid"] == correlation
    assert result["baselineState"] == "new"
    assert result["suppressions"][0]["justification"] == justification
    (related,) = result["relatedLocations"]
    assert related["message"]["text"] == f"also reported by bandit as {twin_rule.id}"


def test_a_file_name_that_is_not_utf8_keeps_its_bytes(tmp_path: Path) -> None:
    # git and the OS hand sastflow such a name with its bytes as surrogate escapes.
    name = b"app/caf\xe9.py".decode("utf-8", "surrogateescape")
    finding = make_finding(SEMGREP_SHELL, name, 2, fingerprint="ab")
    report = replace(make_report([finding]), root=str(tmp_path / "r\udcff"))
    target = tmp_path / "out.sarif"
    report_files.write_outputs(report, sarif=target, markdown=None, html=None)
    log = json.loads(target.read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    (result,) = _results(log)["semgrep"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/caf%E9.py"
    back = read_report(target)
    assert [f.path for f in back.findings] == [name]
    assert back.root.rstrip("/") == str(tmp_path / "r\udcff")
