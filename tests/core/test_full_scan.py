"""End to end: `sastflow scan` on a fixture repository with the real engines, scanned once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sastflow.cli import main
from tests.conftest import FIXTURES, GitRepo, RepoFactory, assert_valid_sarif, copy_tree

HUGE = "huge.py"


@dataclass
class Scan:
    repo: GitRepo
    code: int
    sarif: dict[str, Any]
    markdown: str
    html: str
    out: Path

    def results(self, engine: str | None = None) -> list[dict[str, Any]]:
        return [
            r
            for run in self.sarif["runs"]
            if engine is None or run["tool"]["driver"]["properties"]["sastflow-engine"] == engine
            for r in run["results"]
        ]


def _key(result: dict[str, Any]) -> tuple[str, str, int]:
    loc = result["locations"][0]["physicalLocation"]
    from urllib.parse import unquote

    return result["ruleId"], unquote(loc["artifactLocation"]["uri"]), loc["region"]["startLine"]


@pytest.fixture(scope="session")
def core_repo(git_repo_factory: RepoFactory) -> GitRepo:
    files = copy_tree(FIXTURES / "core")
    files[HUGE] = "x = 1\n" * 1_000_000  # 6 MB: over the per-file limit, skipped with a note
    return git_repo_factory(files)


@pytest.fixture(scope="session")
def core_scan(core_repo: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    out = tmp_path_factory.mktemp("out")
    code = main(["scan", str(core_repo.path), "--out-dir", str(out), "--quiet"])
    return Scan(
        repo=core_repo,
        code=code,
        sarif=json.loads((out / "sastflow.sarif").read_text(encoding="utf-8")),
        markdown=(out / "report.md").read_text(encoding="utf-8"),
        html=(out / "report.html").read_text(encoding="utf-8"),
        out=out,
    )


@pytest.fixture(scope="session")
def raw_engines(core_repo: GitRepo) -> dict[str, set[tuple[str, str, int]]]:
    """What the bare engines report on the same files with the same rules."""
    from sastflow import rulepack

    bindir = Path(sys.executable).parent
    root = core_repo.path
    py_targets = [
        "app/tasks.py",
        "app/dir with space/ünïcode.py",
        "app/latin1.py",
        "tests/test_tasks.py",
        "vendor/lib.py",
    ]
    semgrep = subprocess.run(
        [str(bindir / "semgrep"), "scan", "--json", "--quiet", "--metrics=off",
         "--disable-version-check", "--disable-nosem", "--config", "security-rules",
         *py_targets],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    bandit = subprocess.run(
        [str(bindir / "bandit"), "-f", "json", "-q", "--ignore-nosec",
         "-c", str(rulepack.default_bandit_profile()), *py_targets],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    raw_semgrep = {
        (f"security-rules.{r['check_id'].rsplit('.', 1)[-1]}", r["path"], r["start"]["line"])
        for r in json.loads(semgrep.stdout)["results"]
    }
    raw_bandit = {
        (f"bandit.{r['test_id']}", r["filename"].removeprefix("./"), r["line_number"])
        for r in json.loads(bandit.stdout)["results"]
    }
    return {"semgrep": raw_semgrep, "bandit": raw_bandit}


def test_sarif_is_valid_and_has_one_run_per_engine(core_scan: Scan) -> None:
    assert_valid_sarif(core_scan.sarif)
    engines = [
        run["tool"]["driver"]["properties"]["sastflow-engine"] for run in core_scan.sarif["runs"]
    ]
    assert engines == ["semgrep", "bandit"]
    ids = [run["automationDetails"]["id"] for run in core_scan.sarif["runs"]]
    assert len(set(ids)) == len(ids)
    for run in core_scan.sarif["runs"]:
        assert run["tool"]["driver"]["version"]
        assert run["invocations"][0]["executionSuccessful"] is True
        for rule in run["tool"]["driver"]["rules"]:
            assert rule["help"]["text"]
            assert float(rule["properties"]["security-severity"]) >= 0
            assert "security" in rule["properties"]["tags"]


def test_no_result_lost_or_invented(
    core_scan: Scan, raw_engines: dict[str, set[tuple[str, str, int]]]
) -> None:
    for engine in ("semgrep", "bandit"):
        ours = {_key(r) for r in core_scan.results(engine)}
        assert ours == raw_engines[engine], engine
    assert raw_engines["semgrep"] and raw_engines["bandit"]


def test_rule_ids_are_normalised_to_the_pack(core_scan: Scan) -> None:
    semgrep_ids = {r["ruleId"] for r in core_scan.results("semgrep")}
    assert semgrep_ids == {
        "security-rules.shell-true",
        "security-rules.eval-call",
        "security-rules.requests-no-timeout",
    }
    assert all(r["ruleId"].startswith("bandit.B") for r in core_scan.results("bandit"))


def test_engines_see_tests_and_vendor_and_odd_paths(core_scan: Scan) -> None:
    paths = {_key(r)[1] for r in core_scan.results()}
    assert "tests/test_tasks.py" in paths
    assert "vendor/lib.py" in paths
    assert "app/dir with space/ünïcode.py" in paths
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in core_scan.results()
    }
    assert "app/dir%20with%20space/%C3%BCn%C3%AFcode.py" in uris


def test_non_utf8_source_still_reports_with_snippet(core_scan: Scan) -> None:
    latin = [r for r in core_scan.results("semgrep") if _key(r)[1] == "app/latin1.py"]
    assert latin, "the Latin-1 file's eval() must be found"
    snippet = latin[0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert "eval(x)" in snippet


def test_unscannable_files_are_listed_not_dropped(core_scan: Scan) -> None:
    notes = core_scan.sarif["runs"][0]["properties"]["sastflow"]["notes"]
    assert any("app/blob.py" in n and "binary" in n for n in notes)
    assert any(HUGE in n and "too large" in n for n in notes)
    assert "app/blob.py" in core_scan.markdown


def test_fingerprints_present_unique_and_snippets_from_source(core_scan: Scan) -> None:
    fingerprints = [r["partialFingerprints"]["sastflow/v1"] for r in core_scan.results()]
    assert all(len(fp) == 32 for fp in fingerprints)
    assert len(set(fingerprints)) == len(fingerprints)
    for result in core_scan.results():
        snippet = result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
        assert snippet and "requires login" not in snippet


def test_cross_engine_duplicates_are_linked(core_scan: Scan) -> None:
    shell_semgrep = [r for r in core_scan.results("semgrep") if r["ruleId"].endswith("shell-true")]
    shell_bandit = [r for r in core_scan.results("bandit") if r["ruleId"] == "bandit.B602"]
    assert shell_semgrep and shell_bandit
    by_line = {(_key(r)[1], _key(r)[2]): r for r in shell_bandit}
    for result in shell_semgrep:
        twin = by_line[(_key(result)[1], _key(result)[2])]
        assert result["correlationGuid"] == twin["correlationGuid"]
        related = result["relatedLocations"][0]
        assert "bandit.B602" in related["message"]["text"]
    # B404 (import subprocess) has no Semgrep twin and stays alone.
    assert all(
        "correlationGuid" not in r
        for r in core_scan.results("bandit")
        if r["ruleId"] == "bandit.B404"
    )


def test_inline_nosec_reported_in_source(core_scan: Scan) -> None:
    suppressed = [
        r
        for r in core_scan.results("bandit")
        if r["ruleId"] == "bandit.B602" and r.get("suppressions")
    ]
    assert len(suppressed) == 1
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["status"] == "accepted"
    assert "nosec B602" in suppression["justification"]
    # The Semgrep twin of the same row is accepted with it (docs/triage.md: one row, one
    # acceptance), with the same in-source suppression.
    line = _key(suppressed[0])[2]
    twin = [
        r
        for r in core_scan.results("semgrep")
        if _key(r)[2] == line and _key(r)[1] == "app/tasks.py"
    ]
    assert twin and twin[0]["correlationGuid"] == suppressed[0]["correlationGuid"]
    assert twin[0]["suppressions"] == [suppression]


def test_gate_fails_on_high_findings_exit_1(core_scan: Scan) -> None:
    assert core_scan.code == 1
    assert "eval" in core_scan.markdown


def test_severity_comes_from_security_severity(core_scan: Scan) -> None:
    # tests/ is in the default test_paths: its findings are one level lower (tests/core/
    # test_severity.py), so the rule's own severity is read off application code.
    by_rule = {
        r["ruleId"]: r["properties"]["severity"]
        for r in core_scan.results("semgrep")
        if not _key(r)[1].startswith("tests/")
    }
    assert by_rule["security-rules.shell-true"] == "high"
    assert by_rule["security-rules.eval-call"] == "high"
    assert by_rule["security-rules.requests-no-timeout"] == "low"


def test_html_report_is_self_contained_and_escaped(core_scan: Scan) -> None:
    html = core_scan.html
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "security-rules.shell-true" in html
    assert "<script src=" not in html and "<link " not in html


def test_counts_by_rule(core_scan: Scan) -> None:
    counts = Counter(r["ruleId"] for r in core_scan.results())
    assert counts["security-rules.eval-call"] == 4  # tasks, unicode, latin1, vendor
    assert counts["bandit.B602"] == 3


def test_reports_are_readable_files_not_private_temp_files(core_scan: Scan) -> None:
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    for name in ("sastflow.sarif", "report.md", "report.html"):
        mode = stat.S_IMODE((core_scan.out / name).stat().st_mode)
        assert mode == 0o666 & ~mask, (name, oct(mode))
