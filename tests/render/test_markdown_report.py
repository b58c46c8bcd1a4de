"""The Markdown report (step summary, --markdown): right counts, one row per place, inert text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from markdown_it.token import Token
from markdown_oracle import LIVE_PATTERNS, blocks, inline_text
from render_records import (
    BANDIT_B101,
    BANDIT_B602,
    SEMGREP_SHELL,
    SEMGREP_YAML,
    make_finding,
    make_report,
)

from sastflow import report_files
from sastflow.model import BaselineState, ScanReport, Severity
from sastflow.render.escape import normalise_code
from sastflow.render.markdown import render_markdown
from sastflow.source_context import as_text, numbered


def tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    out: list[list[list[str]]] = []
    row: list[str] = []
    in_row = False
    for token in blocks(markdown):
        if token.type == "table_open":
            out.append([])
        elif token.type == "tr_open":
            row, in_row = [], True
        elif token.type == "inline" and in_row:
            row.append(inline_text([token]))
        elif token.type == "tr_close":
            out[-1].append(row)
            in_row = False
    return out


def findings_table(markdown: str) -> list[list[str]]:
    table = tables(markdown)[-1]
    assert table[0] == ["Severity", "Rule", "Location", "Message", "Status"]
    return table[1:]


def test_verdict_counts_and_failures_come_first(mixed_report: ScanReport) -> None:
    md = render_markdown(mixed_report)
    first_block = md.split("\n\n", 1)[0]
    assert first_block.startswith("> **⚠️ Incomplete: bandit timed out.** timed out after 600 s")
    verdict = next(line for line in md.splitlines() if line.startswith("❌ **FAIL**"))
    assert "gate `high`" in verdict
    assert "**2** blocking · 2 open · 1 accepted · 1 pending · 1 in-source" in verdict
    severity = {row[0]: row[1:] for row in tables(md)[0][1:]}
    # total, blocking, open, pending, in-source, accepted
    assert severity["🟥 critical"] == ["1", "1", "0", "1", "0", "0"]
    assert severity["🟧 high"] == ["1", "1", "1", "0", "0", "0"]
    assert severity["🟦 low"] == ["2", "0", "1", "0", "1", "0"]
    engines = {row[0]: row for row in tables(md)[1][1:]}
    assert engines["bandit"][-1] == "timeout"
    assert engines["semgrep"][2] == "3"


def test_a_cross_engine_group_is_one_row_naming_both_rules(mixed_report: ScanReport) -> None:
    rows = findings_table(render_markdown(mixed_report))
    assert len(rows) == 5  # six engine results, one Bandit+Semgrep pair at app/tasks.py:12
    tasks = [row for row in rows if row[2] == "app/tasks.py:12"]
    assert len(tasks) == 1
    assert tasks[0][1] == "bandit.B602 + sastflow.subprocess-shell"
    assert tasks[0][4] == "open · blocks"
    # Most urgent first: blocking findings by severity, then the rest.
    assert [row[4] for row in rows] == [
        "pending · blocks",
        "open · blocks",
        "accepted",
        "open",
        "in-source",
    ]


def test_ledger_outcomes_and_notes_are_listed(mixed_report: ScanReport) -> None:
    md = render_markdown(mixed_report)
    ledger = tables(md)[2]
    assert [row[1] for row in ledger[1:]] == [
        "expired: reported again",
        "stale: matches nothing",
        "pending security approval",
    ]
    assert all("@\u200bsecurity-team" in row[-1] for row in ledger[1:])  # no ping from a reason
    assert "- config changed by the PR: pending review" in md


HOSTILE_MESSAGE = (
    "shell=True with `x`\n```\n   ````\n@octocat @org/team #12 owner/repo#3 GH-4 "
    "<img src=x onerror=alert(1)> ![p](https://evil.example/p.png) [l](https://evil.example) "
    "<!-- sastflow:fingerprint=forged --> | pipe :smile: \u202eevil"
)


def test_hostile_finding_text_renders_inert() -> None:
    finding = make_finding(
        SEMGREP_SHELL,
        "src/`weird`|name @octocat.py",
        3,
        message=HOSTILE_MESSAGE,
        snippet=HOSTILE_MESSAGE,
    )
    md = render_markdown(make_report([finding]))
    tokens = blocks(md)
    assert not [t.type for t in tokens if t.type in ("html_block", "code_block")]
    # The one fence is the finding's code, numbered: the hostile text stays inside it.
    (fence,) = [t for t in tokens if t.type == "fence"]
    assert fence.content == normalise_code(as_text(numbered(finding))) + "\n"
    assert fence.content.splitlines()[0] == "> 3 | shell=True with `x`"
    children: list[Token] = [c for t in tokens for c in (t.children or ())]
    assert {c.type for c in children} <= {"text", "code_inline", "strong_open", "strong_close"}
    for child in children:
        if child.type == "text":
            for pattern in LIVE_PATTERNS:
                assert not pattern.search(child.content), (pattern.pattern, child.content)
    row = findings_table(md)[0]
    assert len(row) == 5
    assert row[2] == "src/`weird`|name @octocat.py:3"  # code span: shown exactly, mentions inert
    assert "<U+202E>evil" in row[3]
    assert "<!--" not in md.replace("&lt;", "")


def test_pr_mode_says_new_and_existing() -> None:
    findings = [
        make_finding(BANDIT_B602, "a.py", 1, baseline=BaselineState.NEW),
        make_finding(SEMGREP_YAML, "b.py", 2, baseline=BaselineState.UNCHANGED),
    ]
    md = render_markdown(make_report(findings, base_ref="origin/main"))
    assert "Diff-aware scan of 7 changed files (`origin/main` → `HEAD`)" in md
    assert "**1** blocking · 1 new · 0 accepted · 0 pending · 1 existing" in md
    assert [row[4] for row in findings_table(md)] == ["new · blocks", "existing"]


def test_clean_scan_passes() -> None:
    md = render_markdown(make_report([make_finding(BANDIT_B101)]))
    assert "✅ **PASS** · gate `high` · **0** blocking · 1 open" in md
    md = render_markdown(make_report([]))
    assert "No findings." in md


def test_budget_keeps_every_section_and_says_how_many_rows_are_missing() -> None:
    findings = [
        make_finding(
            BANDIT_B602 if i % 2 else SEMGREP_YAML,
            f"pkg/module_{i}.py",
            i,
            message="ü" * 100,
            severity=Severity.HIGH,
        )
        for i in range(1, 3001)
    ]
    report = make_report(findings, notes=("note kept",))
    md = render_markdown(report, max_bytes=65_000)
    assert len(md.encode("utf-8")) <= 65_000
    assert "**3000** blocking" in md  # the verdict counts everything, shown or not
    assert "- note kept" in md
    shown = len(findings_table(md))
    hidden = int(re.search(r"_(\d+) more findings not shown", md).group(1))  # type: ignore[union-attr]
    assert shown + hidden == 3000
    assert shown > 100  # the budget is used, not thrown away
    assert render_markdown(report, max_bytes=10**9) == render_markdown(report)


def test_budget_on_a_small_report_changes_nothing(mixed_report: ScanReport) -> None:
    md = render_markdown(mixed_report)
    assert render_markdown(mixed_report, max_bytes=65_000) == md
    with_long_note = replace(mixed_report, notes=("x" * 400,))
    assert len(render_markdown(with_long_note, max_bytes=2_000).encode()) <= 2_000


def test_the_markdown_file_is_the_whole_report_written_a_row_at_a_time(tmp_path: Path) -> None:
    # Messages that look like the split marker must stay text in their own rows.
    findings = [
        make_finding(SEMGREP_SHELL, f"app/m{i}.py", i + 1, message=f"sastflow-rows-{i:032x} 🟥")
        for i in range(300)
    ]
    report = make_report(findings, notes=("note after the table",))
    target = tmp_path / "report.md"
    report_files.write_outputs(report, sarif=None, markdown=target, html=None)
    written = target.read_text(encoding="utf-8")
    # The size-limited path renders the page whole; with room to spare it must be the same text.
    assert written == render_markdown(report, max_bytes=10**9)
    rows = findings_table(written)
    assert sorted(r[2] for r in rows) == sorted(f"app/m{i}.py:{i + 1}" for i in range(300))
    assert all(r[3].startswith("sastflow-rows-") for r in rows)
    assert written.count("- note after the table") == 1
