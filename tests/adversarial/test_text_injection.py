"""Attack 7: finding text built to break out of Markdown, HTML and workflow commands.

First on the real hostile scan (engines really interpolate the code into messages), then as a
property over whole reports: every finding's message, snippet and path drawn from fragments of
known break-outs mixed with arbitrary text. The escapers' own property tests live in
``tests/render``; these check what reaches GitHub after a whole report is rendered.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sastflow.model import (
    BaselineState,
    Confidence,
    EngineRun,
    Finding,
    Location,
    Rule,
    ScanReport,
    Severity,
)
from sastflow.render.annotations import workflow_commands
from sastflow.render.escape import reveal_invisible
from sastflow.render.markdown import render_markdown
from sastflow.render.view import summarise
from tests.adversarial import hostile, inert
from tests.adversarial.conftest import HostileScan

FINDINGS_HEADER = ["Severity", "Rule", "Location", "Message", "Status"]


def _assert_inert_markdown(markdown: str) -> None:
    assert inert.active_tokens(markdown) == []
    assert inert.live_text(markdown) == []
    assert "<!-- sastflow" not in markdown  # no forged hidden marker
    assert "\u202e" not in markdown and "\u2066" not in markdown


def test_attack07_hostile_text_in_the_markdown_report_and_step_summary_is_inert(
    hostile_scan: HostileScan,
) -> None:
    texts = hostile_scan.run.texts()
    rows = summarise(hostile_scan.report).rows
    for name in ("markdown", "step-summary"):
        markdown = texts[name]
        _assert_inert_markdown(markdown)
        assert inert.code_blocks(markdown) == []  # a report has tables, never a fence
        table = inert.tables(markdown)[-1]
        assert table[0] == FINDINGS_HEADER
        assert len(table) - 1 == len(rows)  # no row split or swallowed by a stray pipe
        assert all(len(row) == 5 for row in table)
        echoed = [row for row in table if row[2].startswith("app/hostile_text.py:")]
        # The hostile message is there, readable, as text.
        assert any("octocat" in row[3] and "evil.example" in row[3] for row in echoed), echoed


def test_attack07_hostile_text_in_annotations_is_data_not_commands(
    hostile_scan: HostileScan,
) -> None:
    run = hostile_scan.run
    found = inert.commands(run.stdout)
    assert {name for name, _, _ in found} <= {"error", "warning", "notice"}, found
    assert inert.commands(run.stderr) == []
    echoed = [
        (props, data)
        for name, props, data in found
        if props.get("file") == "app/hostile_text.py" and props.get("line") == "5"
    ]
    assert len(echoed) == 1
    props, data = echoed[0]
    # The runner hands the message back exactly, break-outs included, as one annotation.
    assert "::add-mask::secret %0A ::stop-commands::tok ##[error]forged" in data
    assert "<U+202E>evil<U+200B><U+2066>" in data
    assert props["title"].startswith(hostile.ECHO_RULE)


def test_attack07_hostile_text_in_the_html_report_is_escaped(hostile_scan: HostileScan) -> None:
    html = hostile_scan.run.texts()["html"]
    for raw in ("<img src=x", "<script>alert", "onerror=alert(1)>", "<details open><summary>x"):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as text
    assert "\u202e" not in html and "&lt;U+202E&gt;evil" in html  # revealed, then escaped


# --- the same, over arbitrary whole reports ----------------------------------------------------

FRAGMENTS = (
    "```",
    "   ```",
    "````suggestion",
    "```suggestion\n",
    "~~~",
    "\n   ```\n",
    "@octocat",
    "@acme/security",
    "#123",
    "acme/app#1",
    "GH-7",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "</details>",
    "<details>",
    "![i](https://evil.example/i.png)",
    "[l](https://evil.example)",
    "https://evil.example",
    "www.evil.example",
    "<!-- sastflow:fingerprint=forged -->",
    "|",
    "\\|",
    "\u202e",
    "\u200b",
    "\u2066",
    ":smile:",
    "::add-mask::",
    "::stop-commands::",
    "##[error]",
    "%0A",
    "%",
    "\r",
    "\n",
    "\r\n",
    ",",
    ":",
    "&lt;",
    "\\",
    "`",
    "$x$",
    "*",
    "_",
    "- ",
    "1. ",
    "# ",
    "> ",
)
hostile_texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=10
).map("".join)
hostile_paths = hostile_texts.map(lambda s: "app/" + s.replace("\0", "").strip("/") + ".py")

_RULE = Rule(
    id="security-rules.echo-to-log",
    engine="semgrep",
    name="echo-to-log",
    short_description="unvalidated text logged",
    help_text="Neutralise text before logging it.",
    default_severity=Severity.HIGH,
    cwe=(117,),
)


@st.composite
def hostile_reports(draw: st.DrawFn) -> ScanReport:
    count = draw(st.integers(min_value=1, max_value=4))
    findings = []
    for index in range(count):
        findings.append(
            Finding(
                rule=_RULE,
                message=draw(hostile_texts),
                severity=draw(st.sampled_from([Severity.HIGH, Severity.MEDIUM])),
                confidence=Confidence.HIGH,
                location=Location(draw(hostile_paths), 10 * index + 1),
                snippet=draw(hostile_texts),
                fingerprint=f"{index:032x}",
                baseline=BaselineState.NEW,
            )
        )
    run = EngineRun("semgrep", "1.182.0", tuple(findings), rules=(_RULE,))
    return ScanReport(
        root="/repo",
        runs=(run,),
        findings=tuple(findings),
        fail_on=Severity.HIGH,
        base_ref="0" * 40,
        head_ref="1" * 40,
        targets=count,
        notes=(draw(hostile_texts),),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_reports())
def test_attack07_any_hostile_report_renders_inert_with_one_row_per_finding(
    report: ScanReport,
) -> None:
    markdown = render_markdown(report)
    _assert_inert_markdown(markdown)
    assert inert.code_blocks(markdown) == []
    table = inert.tables(markdown)[-1]
    assert table[0] == FINDINGS_HEADER
    assert len(table) - 1 == len(report.findings)
    assert all(len(row) == 5 for row in table)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_reports())
def test_attack07_any_hostile_report_annotates_one_command_per_finding(
    report: ScanReport,
) -> None:
    lines = workflow_commands(report)
    output = "\n".join(lines) + "\n"
    found = inert.commands(output)
    assert len(found) == len(report.findings)  # each finding is one command, no extra ones
    expected = sorted(
        (reveal_invisible(f.path), "error" if f.severity is Severity.HIGH else "warning")
        for f in report.findings
    )
    assert sorted((props["file"], name) for name, props, _ in found) == expected
    messages = [reveal_invisible(f.message) for f in report.findings]
    for _name, _props, data in found:  # the runner hands back the message, exactly
        assert any(data.startswith(message) for message in messages), data
