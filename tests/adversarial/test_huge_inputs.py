"""Attack 10: huge inputs. A 50 MB file, a 100,000-line file and 5,000 changed files in one PR
(one scan, both engines); 10,000 findings through every renderer; and files the scan cannot
read (oversized, symlinked) used to smuggle code past the gate.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import pytest

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
from sastflow.render.html import html_chunks
from sastflow.render.markdown import render_markdown
from sastflow.render.view import summarise
from sastflow.sarif.build import build_sarif
from sastflow.sarif.read import read_report
from tests.adversarial import hostile, inert
from tests.conftest import GitRepo, RepoFactory


def _html_page(report: ScanReport) -> str:
    """The whole report as one HTML document, as `scan --html` writes it in pieces."""
    return "".join(html_chunks(summarise(report)))


GITHUB_BODY_BYTES = 65_536
MANY_FILES = 5_000
HUGE_BYTES = 50 * 1024 * 1024
LONG_LINES = 100_000
VULNERABLE = "import os\n\n\ndef handler(cmd):\n    os.system(cmd)\n"


def _huge_file() -> bytes:
    line = b"# " + b"padding " * 12 + b"\n"
    return VULNERABLE.encode() + line * (HUGE_BYTES // len(line) + 1)


def _long_file() -> str:
    body = "".join(f"line {i} of a long literal\n" for i in range(LONG_LINES))
    return f'DOC = """\n{body}"""\n\n\ndef run(x):\n    return eval(x)\n'


LONG_EVAL_LINE = LONG_LINES + 6


@dataclass(frozen=True)
class HugeScan:
    repo: GitRepo
    run: hostile.CliRun
    report: ScanReport
    seconds: float


@pytest.fixture(scope="session")
def huge_scan(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> HugeScan:
    built = time.monotonic()
    repo = git_repo_factory(
        {".sastflow.toml": hostile.CONFIG, "security-rules/python.yaml": hostile.RULES_TEXT}
    )
    repo.checkout("huge", new=True)
    # Long names: 5,000 paths of ~125 bytes overflow one command line's budget (512 KiB), so
    # the engines' argv batching is exercised too.
    files: dict[str, str | bytes | None] = {
        f"many/pkg{i // 500}/{'m' * 100}_{i}.py": f"def f{i}(x):\n    return x + {i}\n"
        for i in range(MANY_FILES)
    }
    files["big/huge.py"] = _huge_file()
    files["app/long.py"] = _long_file()
    repo.commit(files, "huge")
    out, env = hostile.actions_outputs(tmp_path_factory.mktemp("huge-out"))
    print(f"huge repo built in {time.monotonic() - built:.1f} s")
    started = time.monotonic()
    run = hostile.run_cli(
        ["scan", ".", "--base", "main", *hostile.scan_args(out)],
        cwd=repo.path,
        env=env,
        outputs=out,
    )
    seconds = time.monotonic() - started
    assert out["sarif"].is_file(), run.stderr
    return HugeScan(repo, run, read_report(out["sarif"]), seconds)


def test_attack10_a_50mb_file_is_listed_not_scanned(huge_scan: HugeScan) -> None:
    notes = [n for n in huge_scan.report.notes if "big/huge.py" in n]
    assert len(notes) == 1 and "not scanned" in notes[0] and "too large" in notes[0]
    assert "big/huge.py" in huge_scan.run.texts()["markdown"]
    assert not [
        f
        for f in huge_scan.report.findings
        if f.path == "big/huge.py" and f.engine in ("semgrep", "bandit")
    ]


def test_attack10_a_100k_line_file_is_scanned_to_its_end(huge_scan: HugeScan) -> None:
    found = [(f.rule_id, f.line) for f in huge_scan.report.findings if f.path == "app/long.py"]
    assert (hostile.EVAL_RULE, LONG_EVAL_LINE) in found
    assert ("bandit.B307", LONG_EVAL_LINE) in found


def test_attack10_5000_changed_files_scan_completely(huge_scan: HugeScan) -> None:
    from sastflow.engines._exec import ARGV_BUDGET

    paths = [p for p in huge_scan.repo.git("ls-files").splitlines() if p.startswith("many/")]
    assert sum(len(p.encode()) + 1 for p in paths) > ARGV_BUDGET  # more than one batch
    report = huge_scan.report
    assert not report.incomplete, report.failures
    assert report.targets == MANY_FILES + 1  # + app/long.py; big/huge.py is listed instead
    assert huge_scan.run.returncode == 1  # the eval at the end of app/long.py
    print(f"5,000-file PR scan (+50 MB, +100k lines): {huge_scan.seconds:.1f} s")


# --- 10,000 findings through the renderers ----------------------------------------------------

_RULE = Rule(
    id="security-rules.echo-to-log",
    engine="semgrep",
    name="echo-to-log",
    short_description="unvalidated text logged",
    help_text="Neutralise text before logging it.",
    default_severity=Severity.HIGH,
    cwe=(117,),
)
MANY_FINDINGS = 10_000


@pytest.fixture(scope="module")
def ten_thousand() -> ScanReport:
    # Multi-byte, escaping-heavy text: the byte budget must hold after escaping, not before.
    message = "écho `x` | @octocat <b> " * 4
    findings = tuple(
        Finding(
            rule=_RULE,
            message=f"{message}{i}",
            severity=Severity.HIGH if i % 3 else Severity.MEDIUM,
            confidence=Confidence.HIGH,
            location=Location(f"app/módulo_{i // 100}.py", i % 100 + 1),
            snippet=f"echo_to_log(text_{i})",
            fingerprint=f"{i:032x}",
            baseline=BaselineState.NEW,
        )
        for i in range(MANY_FINDINGS)
    )
    run = EngineRun("semgrep", "1.182.0", findings, rules=(_RULE,))
    return ScanReport(
        root="/repo",
        runs=(run,),
        findings=findings,
        fail_on=Severity.HIGH,
        base_ref="0" * 40,
        head_ref="1" * 40,
        targets=100,
    )


def test_attack10_10000_findings_keep_every_body_in_budget(ten_thousand: ScanReport) -> None:
    body = render_markdown(ten_thousand, max_bytes=GITHUB_BODY_BYTES)
    assert len(body.encode("utf-8")) <= GITHUB_BODY_BYTES
    assert inert.active_tokens(body) == []
    table = inert.tables(body)[-1]
    shown = len(table) - 1
    assert 0 < shown < MANY_FINDINGS
    assert f"{MANY_FINDINGS - shown} more findings not shown" in body  # the rest summarised
    lines = workflow_commands(ten_thousand)
    assert len(lines) <= 21  # 10 errors + 10 warnings + one notice counting the rest
    assert "9980 more finding(s) not annotated" in lines[-1]


def test_attack10_10000_findings_are_all_kept_in_sarif_and_html(ten_thousand: ScanReport) -> None:
    log = build_sarif(ten_thousand)
    results = [r for run in log["runs"] for r in run["results"]]
    assert len(results) == MANY_FINDINGS
    assert len({r["partialFingerprints"]["sastflow/v1"] for r in results}) == MANY_FINDINGS
    # (Schema validity is checked on the real scans; on 10,000 results it costs 7 s.)
    html = _html_page(ten_thousand)
    assert html.count('<details class="finding') == MANY_FINDINGS


# --- unscannable files used to hide code from the gate ------------------------------------


@pytest.fixture(scope="session")
def hidden_code_scan(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> hostile.CliRun:
    """A PR whose only code sastflow cannot read: a symlinked module (the code in a .txt file,
    which Python imports through the link) and a module padded past the size limit."""
    repo = git_repo_factory(
        {".sastflow.toml": hostile.CONFIG, "security-rules/python.yaml": hostile.RULES_TEXT}
    )
    repo.checkout("hide", new=True)
    repo.write({"app/impl.txt": VULNERABLE, "app/big.py": VULNERABLE + "#" * 6_000_000 + "\n"})
    os.symlink("impl.txt", repo.path / "app" / "handler.py")
    repo.commit({}, "hide code")
    out, env = hostile.actions_outputs(tmp_path_factory.mktemp("hide-out"))
    return hostile.run_cli(
        ["scan", ".", "--base", "main", *hostile.scan_args(out)],
        cwd=repo.path,
        env=env,
        outputs=out,
    )


def test_attack10_unscannable_changed_files_are_listed(hidden_code_scan: hostile.CliRun) -> None:
    report = read_report(hidden_code_scan.outputs["sarif"])
    notes = "\n".join(report.notes)
    assert "app/handler.py: symlink" in notes
    assert "app/big.py: too large" in notes


def test_attack10_code_sastflow_could_not_scan_does_not_pass_the_gate(
    hidden_code_scan: hostile.CliRun,
) -> None:
    """Skipped and listed was not enough: the gate passed (FINDINGS.md H3/H4, fixed)."""
    assert hidden_code_scan.returncode == 1, hidden_code_scan.stdout
