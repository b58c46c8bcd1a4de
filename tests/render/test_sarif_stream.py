"""The SARIF file is written a piece at a time; it must be the very log `build_sarif` returns."""

from __future__ import annotations

import json
from pathlib import Path

from render_records import BANDIT_B101, SEMGREP_SHELL, make_finding, make_report, with_message

from sastflow import outputs
from sastflow.model import ScanReport
from sastflow.sarif.build import RESULTS_PER_CHUNK, build_sarif


def test_streamed_sarif_is_the_built_log(mixed_report: ScanReport, tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    outputs.write_outputs(mixed_report, sarif=target, markdown=None, html=None)
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == build_sarif(mixed_report)
    # Every run keeps its own results and rule indexes (two engines, two rule tables).
    for run in written["runs"]:
        rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
        assert run["results"]
        assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_many_results_and_hostile_text_survive_the_split(tmp_path: Path) -> None:
    # More results than one encode batch, one run without any, and messages that look like
    # the split markers or close the JSON early.
    count = RESULTS_PER_CHUNK * 2 + 3
    findings = [
        with_message(
            make_finding(SEMGREP_SHELL, f"app/m{i}.py", i + 1),
            f'sastflow-results-{i:032x}"]}}, \udcff \u202e',
        )
        for i in range(count)
    ]
    report = make_report(findings)
    text = outputs.sarif_text(report)
    assert text.isascii() and text.endswith("}\n")
    log = json.loads(text)
    assert log == build_sarif(report)
    by_engine = {run["tool"]["driver"]["name"]: run["results"] for run in log["runs"]}
    assert len(by_engine["Semgrep"]) == count
    assert by_engine["Bandit"] == []
    assert log["runs"][0]["results"][5]["message"]["text"].startswith("sastflow-results-")
    single = make_report([make_finding(BANDIT_B101, "x.py", 1)])
    assert json.loads(outputs.sarif_text(single)) == build_sarif(single)
