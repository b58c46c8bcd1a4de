"""A report a reviewer can judge from, on a real two-engine scan: numbered lines with two lines of
context either side in SARIF (``contextRegion``), the Markdown and HTML reports and ``sastflow
report`` from the log alone; links to the file at the scanned commit; rows led by the rule
that says how to fix the finding."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from sastflow.model import ScanReport
from sastflow.render.links import source_links
from sastflow.source_context import attach_context
from tests.conftest import GitRepo, RepoFactory, run_cli
from tests.triage.test_groups import GROUPED, SHELL_LINE

SHA = "0123456789abcdef0123456789abcdef01234567"
ACTIONS = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "acme/app",
    "GITHUB_SHA": SHA,
}
LINK = f"https://github.com/acme/app/blob/{SHA}/app/tasks.py#L{SHELL_LINE}"
SHELL_CODE = "  5 |\n  6 | def run(cmd):\n> 7 |     return subprocess.call(cmd, shell=True)\n"


@dataclass(frozen=True)
class Outputs:
    repo: GitRepo
    sarif: Path
    markdown: str
    html: str
    log: dict[str, Any]


@pytest.fixture(scope="module")
def outputs(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    repo = git_repo_factory({"app/tasks.py": GROUPED})
    out = tmp_path_factory.mktemp("reports")
    run = run_cli(
        repo.path,
        "scan",
        "--sarif", str(out / "s.sarif"),
        "--markdown", str(out / "r.md"),
        "--html", str(out / "r.html"),
        "-q",
        env=ACTIONS,
    )  # fmt: skip
    assert run.code == 1, run.err
    return Outputs(
        repo,
        out / "s.sarif",
        (out / "r.md").read_text(encoding="utf-8"),
        (out / "r.html").read_text(encoding="utf-8"),
        json.loads((out / "s.sarif").read_text(encoding="utf-8")),
    )


def shell_results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r
        for run in log["runs"]
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == SHELL_LINE
    ]


def test_sarif_keeps_two_lines_of_context_either_side(outputs: Outputs) -> None:
    lines = GROUPED.splitlines()
    results = shell_results(outputs.log)
    assert len(results) == 2  # Bandit's and Semgrep's
    for result in results:
        context = result["locations"][0]["physicalLocation"]["contextRegion"]
        assert context["startLine"] == SHELL_LINE - 2 and context["endLine"] == SHELL_LINE + 2
        assert context["snippet"]["text"] == "\n".join(lines[SHELL_LINE - 3 : SHELL_LINE + 2])


def test_the_markdown_report_shows_numbered_code_and_links_it(outputs: Outputs) -> None:
    md = outputs.markdown
    code = md.split("#### Code", 1)[1]
    block = re.search(r"```python\n(.*?)```", code[code.index(LINK) :], re.S)
    assert block is not None
    assert block.group(1).startswith(SHELL_CODE), block.group(1)
    assert f"[`app/tasks.py:{SHELL_LINE}`]({LINK})" in md  # in the table and over the code


def test_a_row_leads_with_the_rule_that_says_how_to_fix_it(outputs: Outputs) -> None:
    rows = [
        line for line in outputs.markdown.splitlines() if f"app/tasks.py:{SHELL_LINE}`]" in line
    ]
    table_row = rows[0]
    assert "| `sastflow.subprocess-shell-nonliteral` + `bandit.B602` |" in table_row
    # The message is the Semgrep rule's (which explains the fix), not Bandit's one-liner.
    assert "Pass an argument list" in table_row
    assert "security issue" not in table_row


def test_the_html_report_marks_the_flagged_line_among_its_neighbours(outputs: Outputs) -> None:
    html = outputs.html
    assert f"<b><i>▶{SHELL_LINE}</i>     return subprocess.call(cmd, shell=True)</b>\n" in html
    assert "<i> 6</i> def run(cmd):\n" in html
    assert f'<a href="{LINK}" rel="noopener noreferrer" target="_blank">' in html


def test_sastflow_report_renders_the_context_from_the_log_alone(
    outputs: Outputs, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "no-checkout"
    elsewhere.mkdir()
    log = elsewhere / "s.sarif"
    shutil.copy(outputs.sarif, log)
    template = "https://git.example.com/app/src/{sha}/{path}?line={line}"
    run = run_cli(
        elsewhere,
        "report", str(log),
        "--markdown", str(elsewhere / "r.md"),
        "--source-url-template", template,
        env={"GITHUB_SHA": SHA},
    )  # fmt: skip
    assert run.code == 0, run.err
    md = (elsewhere / "r.md").read_text(encoding="utf-8")
    assert SHELL_CODE in md
    assert f"(https://git.example.com/app/src/{SHA}/app/tasks.py?line={SHELL_LINE})" in md
    # The template held for that command only: later reports in this process have no links.
    assert source_links(None, {}).template is None


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("ftp://host/{path}", "must be an http(s) URL"),
        ("https://host/blob/main", "must contain {path}"),
        ("https://host/{path}#{column}", "only {path}, {line}, {end_line}, {sha} are filled in"),
    ],
)
def test_a_bad_source_url_template_is_a_usage_error(
    outputs: Outputs, tmp_path: Path, template: str, problem: str
) -> None:
    run = run_cli(
        tmp_path,
        "report", str(outputs.sarif),
        "--html", str(tmp_path / "r.html"),
        "--source-url-template", template,
    )  # fmt: skip
    assert run.code == 2 and problem in run.err
    assert not (tmp_path / "r.html").exists()


def test_no_context_from_a_file_that_changed_since_the_scan(
    outputs: Outputs, tmp_path: Path
) -> None:
    from sastflow.sarif.read import read_report

    report = read_report(outputs.sarif)
    bare = replace(
        report,
        root=str(tmp_path),
        findings=tuple(replace(f, context=None) for f in report.findings),
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "tasks.py").write_text(GROUPED.replace("shell=True", "shell=False"))
    changed: ScanReport = attach_context(bare)
    shell = [f for f in changed.findings if f.line == SHELL_LINE]
    assert shell and all(f.context is None for f in shell)
    (tmp_path / "app" / "tasks.py").write_text(GROUPED)
    same = attach_context(bare)
    assert all(f.context is not None for f in same.findings if f.line == SHELL_LINE)
