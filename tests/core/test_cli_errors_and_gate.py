"""Exit codes, the gate, bad input, engine failures, sharding and merging, through the CLI.

Most cases run Bandit alone (half a second) so that each exit path can have its own scan.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from sastflow.cli import main
from tests.conftest import FIXTURES, GitRepo, RepoFactory, assert_valid_sarif, copy_tree


@pytest.fixture(scope="module")
def repo(git_repo_factory: RepoFactory) -> GitRepo:
    return git_repo_factory(copy_tree(FIXTURES / "core"))


def scan(repo: GitRepo, tmp: Path, *args: str) -> tuple[int, dict[str, Any] | None]:
    sarif = tmp / "out.sarif"
    code = main(["scan", str(repo.path), "--quiet", "--sarif", str(sarif), *args])
    log = json.loads(sarif.read_text(encoding="utf-8")) if sarif.exists() else None
    return code, log


def fake_engine(tmp: Path, body: str) -> str:
    script = tmp / "engine.sh"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("critical", 0), ("high", 1), ("medium", 1), ("low", 1), ("never", 0)],
)
def test_gate_levels(repo: GitRepo, tmp_path: Path, level: str, expected: int) -> None:
    code, log = scan(repo, tmp_path, "--engine", "bandit", "--fail-on", level)
    assert code == expected
    assert log is not None and log["runs"][0]["results"]


def test_bad_fail_on_is_a_usage_error(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, log = scan(repo, tmp_path, "--fail-on", "severe")
    assert code == 2 and log is None
    err = capsys.readouterr().err
    assert "--fail-on" in err and "severe" in err
    assert "Traceback" not in err


def test_bad_config_names_file_line_and_key(
    git_repo_factory: RepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = git_repo_factory(
        {"a.py": "x = 1\n", ".sastflow.toml": 'engines = ["bandit"]\ntimout = 5\n'}
    )
    code, _ = scan(bad, tmp_path)
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == "sastflow: error: .sastflow.toml:2: unknown key 'timout'"


def test_bad_config_value(
    git_repo_factory: RepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = git_repo_factory(
        {"a.py": "x = 1\n", "pyproject.toml": '[tool.sastflow]\nfail_on = "urgent"\n'}
    )
    code, _ = scan(bad, tmp_path)
    err = capsys.readouterr().err
    assert code == 2
    assert "pyproject.toml:2: fail_on:" in err and "urgent" in err


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(tmp_path / "nope"), "--quiet"])
    assert code == 2
    assert "nope" in capsys.readouterr().err


def test_missing_engine_exit_3_other_results_kept(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SASTFLOW_SEMGREP", str(tmp_path / "no-semgrep-here"))
    code, log = scan(repo, tmp_path, "--markdown", str(tmp_path / "r.md"))
    assert code == 3
    assert log is not None
    assert_valid_sarif(log)
    runs = {r["tool"]["driver"]["properties"]["sastflow-engine"]: r for r in log["runs"]}
    assert runs["semgrep"]["invocations"][0]["executionSuccessful"] is False
    assert runs["bandit"]["invocations"][0]["executionSuccessful"] is True
    assert runs["bandit"]["results"], "Bandit's findings must survive Semgrep's absence"
    assert "semgrep is not installed" in capsys.readouterr().err
    assert "semgrep" in (tmp_path / "r.md").read_text(encoding="utf-8").lower()


def test_engine_crash_is_reported_with_stderr(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "SASTFLOW_BANDIT", fake_engine(tmp_path, 'echo "segfault in ast" >&2; exit 139')
    )
    code, log = scan(repo, tmp_path, "--engine", "bandit")
    err = capsys.readouterr().err
    assert code == 3
    assert "bandit exited with status 139: segfault in ast" in err
    assert log is not None and log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_unparsable_engine_output_is_not_no_findings(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SASTFLOW_BANDIT", fake_engine(tmp_path, "echo 'Run started'; exit 0"))
    code, _ = scan(repo, tmp_path, "--engine", "bandit")
    assert code == 3
    assert "bandit printed no JSON" in capsys.readouterr().err


def test_real_engine_timeout(
    git_repo_factory: RepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A huge set literal takes Bandit many seconds (DESIGN.md): a real timeout of the real
    # binary, whatever the machine's speed. The other chunk's findings are still reported.
    # 620k items (4.3 MB, under the 5 MB target limit) take Bandit ~8 s on an idle core; 5 s
    # leaves the small chunk room to finish on a loaded 2-core runner (Bandit needs ~1 s to
    # start), where 3 s did not.
    slow = "X = {" + ", ".join(str(i) for i in range(620_000)) + "}\n"
    repo = git_repo_factory(
        {"slow.py": slow, "app.py": "import subprocess\nsubprocess.call(cmd, shell=True)\n"}
    )
    code, log = scan(repo, tmp_path, "--engine", "bandit", "--timeout", "5", "--jobs", "2")
    assert code == 3
    assert "bandit timed out after 5 s" in capsys.readouterr().err
    assert log is not None
    assert log["runs"][0]["properties"]["sastflow"]["incomplete"] is True
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["bandit.B602"]


def test_shards_cover_every_file_once_and_merge_to_the_full_scan(
    repo: GitRepo, tmp_path: Path
) -> None:
    _, full = scan(repo, tmp_path, "--engine", "bandit", "--fail-on", "never")
    assert full is not None
    shard_files = []
    for k in (1, 2, 3):
        path = tmp_path / f"shard{k}.sarif"
        code = main(["scan", str(repo.path), "-q", "--engine", "bandit", "--shard", f"{k}/3",
                     "--fail-on", "never", "--sarif", str(path)])  # fmt: skip
        assert code == 0
        shard_files.append(path)
    merged_path = tmp_path / "merged.sarif"
    assert main(["merge", *map(str, shard_files), "-o", str(merged_path)]) == 0
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    assert_valid_sarif(merged)
    assert len(merged["runs"]) == 1  # shards of one tool fold into one run

    def fingerprints(log: dict[str, Any]) -> list[str]:
        return sorted(
            r["partialFingerprints"]["sastflow/v1"] for run in log["runs"] for r in run["results"]
        )

    assert fingerprints(merged) == fingerprints(full)
    paths = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for p in shard_files
        for r in json.loads(p.read_text(encoding="utf-8"))["runs"][0]["results"]
    ]
    per_shard = [
        {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
         for r in json.loads(p.read_text(encoding="utf-8"))["runs"][0]["results"]}
        for p in shard_files
    ]  # fmt: skip
    assert sum(len(s) for s in per_shard) == len(set(paths)), "a file landed in two shards"
    # One shard alone is labelled partial (triage refuses to prune from it); all three merged
    # are a whole scan again.
    first = json.loads(shard_files[0].read_text(encoding="utf-8"))
    assert first["runs"][0]["properties"]["sastflow"]["shard"] == "1/3"
    assert merged["runs"][0]["properties"]["sastflow"].get("shard") is None
    ledger = tmp_path / "ledger.yml"
    import datetime as dt
    from urllib.parse import unquote

    result = merged["runs"][0]["results"][0]
    path = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    ledger.write_text(
        "version: 1\naccepted:\n"
        f"  - fingerprint: {result['partialFingerprints']['sastflow/v1']}\n"
        f"    rule: {result['ruleId']}\n    path: {path}\n    reason: reviewed\n"
        f"    approved_by: alice\n    expires: {expires}\n",
        encoding="utf-8",
    )
    partial = main(["triage", "check", "--ledger", str(ledger), "--sarif", str(shard_files[0])])
    assert partial == 2
    assert main(["triage", "check", "--ledger", str(ledger), "--sarif", str(merged_path)]) == 0
    rules = merged["runs"][0]["tool"]["driver"]["rules"]
    for result in merged["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_bad_shard(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(repo.path), "--shard", "4/3"]) == 2
    assert "--shard '4/3'" in capsys.readouterr().err


def test_report_renders_from_sarif(repo: GitRepo, tmp_path: Path) -> None:
    _, log = scan(repo, tmp_path, "--engine", "bandit")
    assert log is not None
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    assert (
        main(["report", str(tmp_path / "out.sarif"), "--html", str(html), "--markdown", str(md)])
        == 0
    )
    text = md.read_text(encoding="utf-8")
    assert "B602" in text
    assert "B602" in html.read_text(encoding="utf-8")


def test_report_rejects_non_sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "x.sarif"
    bogus.write_text("{not json", encoding="utf-8")
    assert main(["report", str(bogus), "--markdown", str(tmp_path / "m.md")]) == 2
    assert f"{bogus}:1: not valid JSON" in capsys.readouterr().err


def test_github_outputs_written_when_in_actions(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, summary = tmp_path / "output", tmp_path / "summary"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _ = scan(repo, tmp_path, "--engine", "bandit")
    assert code == 1
    values = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    assert int(values["blocking-findings"]) >= 1
    assert values["sarif-file"].endswith("out.sarif")
    assert "B602" in summary.read_text(encoding="utf-8")
    assert os.environ["GITHUB_OUTPUT"] == str(output)


def test_merge_refuses_a_log_code_scanning_would_reject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [
        {
            "tool": {"driver": {"name": f"tool-{i}"}},
            "automationDetails": {"id": f"t{i}/"},
            "results": [],
        }
        for i in range(21)
    ]
    source = tmp_path / "many.sarif"
    source.write_text(json.dumps({"version": "2.1.0", "runs": runs}), encoding="utf-8")
    out = tmp_path / "merged.sarif"
    assert main(["merge", str(source), "-o", str(out)]) == 2
    assert "21 runs" in capsys.readouterr().err
    assert not out.exists(), "an upload GitHub would reject must not be written"
