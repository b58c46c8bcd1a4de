"""Attack 7 as a property: whole reports whose every message, snippet, path and note is drawn
from fragments of known break-outs mixed with arbitrary text render inert (Markdown) and as
data (workflow commands). The escapers' own properties are in ``tests/render``; these check
what reaches GitHub after a whole report is rendered.
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
from tests.adversarial import inert

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
    inert.assert_inert_markdown(markdown)
    # One fence per finding with code, of numbered lines only: no text escaped a fence.
    assert len(inert.only_numbered_code(markdown)) == sum(1 for f in report.findings if f.snippet)
    table = inert.tables(markdown)[-1]
    assert table[0] == inert.FINDINGS_HEADER
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
