"""Terminal summary, progress lines and workflow-command annotations."""

from __future__ import annotations

import io

from render_records import (
    ACCEPTED,
    BANDIT_B101,
    BANDIT_B602,
    SEMGREP_YAML,
    make_finding,
    make_report,
)
from rich.console import Console
from workflow_oracle import parse_v2, runner_lines

from sastflow.model import BaselineState, ScanReport, Severity
from sastflow.render.annotations import workflow_commands
from sastflow.render.terminal import engine_status, print_summary


def plain_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=160, force_terminal=False, color_system=None), out


def test_summary_shows_failures_counts_top_findings_and_verdict(mixed_report: ScanReport) -> None:
    console, out = plain_console()
    print_summary(mixed_report, console)
    text = out.getvalue()
    assert text.startswith("incomplete: bandit timed out: timed out after 600 s")
    assert "bandit.B602 + sastflow.subprocess-shell" in text  # the pair is one row
    assert "failed: timeout" in text
    assert "ledger: 1 expired, 1 stale, 1 pending" in text
    last = text.rstrip().splitlines()[-1]
    assert last.startswith("FAIL gate high: 2 blocking, 2 open, 1 accepted, 1 pending")
    assert "(incomplete: bandit failed)" in last


def test_top_findings_are_the_15_most_severe_and_text_is_not_markup() -> None:
    findings = [
        make_finding(BANDIT_B101, "t.py", i, message="[bold red]low[/] ::add-mask::x")
        for i in range(1, 30)
    ]
    findings.append(make_finding(BANDIT_B602, "c.py", 1, severity=Severity.CRITICAL))
    console, out = plain_console()
    print_summary(make_report(findings), console)
    text = out.getvalue()
    assert "… and 15 more in the report" in text
    table = text[text.index("Top findings (15)") :]
    assert table.index("critical") < table.index("[bold red]low[/]")  # literal, most severe first
    for line in runner_lines(text):
        assert parse_v2(line) is None
        assert "::add-mask::" not in line


def test_progress_lines_go_to_the_given_console() -> None:
    console, out = plain_console()
    with engine_status(console) as progress:
        progress("semgrep: started")
        progress("bandit: finished (3 findings)\n::error::forged")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].endswith("] semgrep: started")
    assert lines[1].endswith("bandit: finished (3 findings) :\u200b:error:\u200b:forged")
    assert "done in" in lines[2]


def test_annotations_error_at_the_gate_warning_below_none_for_silenced(
    mixed_report: ScanReport,
) -> None:
    lines = workflow_commands(mixed_report)
    parsed = [parse_v2(line) for line in lines]
    assert [(p[0], p[1]["file"], p[1]["line"]) for p in parsed if p] == [
        ("error", "app/loader.py", "8"),  # critical, suppression only pending: still reported
        ("error", "app/tasks.py", "12"),
        ("warning", "app/checks.py", "40"),
    ]
    assert parsed[1] is not None
    assert parsed[1][1]["title"] == "bandit.B602 + sastflow.subprocess-shell (high)"


def test_annotations_are_capped_per_level_with_a_notice_for_the_rest() -> None:
    findings = [make_finding(BANDIT_B602, "h.py", i) for i in range(1, 26)]
    findings += [make_finding(BANDIT_B101, "l.py", i) for i in range(1, 16)]
    lines = workflow_commands(make_report(findings))
    kinds = [line.split(" ", 1)[0].split("::")[1] for line in lines]
    assert kinds.count("error") == 10
    assert kinds.count("warning") == 10
    notice = parse_v2(lines[-1])
    assert notice is not None
    assert notice[0] == "notice"
    assert "20 more finding(s) not annotated (15 error, 5 warning" in notice[2]


def test_annotations_carry_hostile_text_as_data() -> None:
    message = "x\n::add-mask::secret\r\n::stop-commands::t 100%0A, a:b"
    path = "dir,with:odd%chars\nname.py"
    finding = make_finding(SEMGREP_YAML, path, 3, message=message, severity=Severity.HIGH)
    (line,) = workflow_commands(make_report([finding]))
    assert len(runner_lines(line)) == 1
    parsed = parse_v2(line)
    assert parsed is not None
    name, properties, data = parsed
    assert name == "error"
    assert properties["file"] == path
    assert data.startswith(message + "\n\n")


def test_only_new_unsuppressed_findings_are_annotated() -> None:
    findings = [
        make_finding(BANDIT_B602, "new.py", 1, baseline=BaselineState.NEW),
        make_finding(BANDIT_B602, "old.py", 1, baseline=BaselineState.UNCHANGED),
        make_finding(BANDIT_B602, "ok.py", 1, baseline=BaselineState.NEW, suppressions=(ACCEPTED,)),
    ]
    lines = workflow_commands(make_report(findings, base_ref="main"))
    assert [parse_v2(line)[1]["file"] for line in lines] == ["new.py"]  # type: ignore[index]
    never = workflow_commands(make_report(findings, base_ref="main", fail_on=None))
    assert never[0].startswith("::warning ")
