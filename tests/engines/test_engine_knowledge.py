"""What each engine declares, and everything else derives from: the engine list, SARIF
drivers, suppression comments, ignore files, supported files, and per-file verdicts
(``unparsed``), checked on one real scan of a fixture repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sastflow import config, fingerprint, suppressions
from sastflow.engines import registry
from sastflow.engines.source import SourceCache
from sastflow.model import Confidence, EngineRun, Finding, Location, Rule, ScanReport, Severity
from sastflow.pipeline import ScanOptions, run_scan
from sastflow.sarif.build import DRIVERS
from tests.cache.helpers import VENV_BIN
from tests.conftest import RepoFactory, run_cli

FILES: dict[str, str | bytes | None] = {
    "app/settings.py": 'SECRET_KEY = "your-secret-key-here"\npassword = "hunter2"\n',
    # Python 3.12 syntax: Bandit (on 3.11) cannot parse it; Semgrep can.
    "app/modern.py": "type Digest = str\nimport os\nos.system(input())\n",
    "deploy/broken.yml": "jobs: [unclosed\n",
    "templates/page.html": "<p>{{ name }}</p>\n",
    "lib/skipped.py": "eval(input())\n",
    ".semgrepignore": "lib/\n",
}


@pytest.fixture(scope="module")
def report(git_repo_factory: RepoFactory) -> ScanReport:
    repo = git_repo_factory(FILES)
    return run_scan(ScanOptions(root=repo.path, use_cache=False))


def _run(report: ScanReport, engine: str) -> EngineRun:
    return next(r for r in report.runs if r.engine == engine)


def test_every_engine_list_is_the_registry() -> None:
    assert config.KNOWN_ENGINES == registry.NAMES == ("semgrep", "bandit")
    assert config.Config().engines == registry.NAMES
    assert set(DRIVERS) == set(registry.NAMES)
    assert DRIVERS["bandit"] == ("Bandit", "https://bandit.readthedocs.io")
    with pytest.raises(config.ConfigError, match="known: semgrep, bandit"):
        config.parse('engines = ["codeql"]\n', ".sastflow.toml")


def test_scan_offers_the_registered_engines(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(VENV_BIN / "sastflow"), "scan", ".", "--engine", "codeql"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "'semgrep', 'bandit'" in done.stderr


def test_supported_files_are_the_engines_own() -> None:
    semgrep, bandit = registry.create(("semgrep", "bandit"))
    for name in (
        "a.py",
        "a.pyi",
        "w.yml",
        "w.yaml",
        "p.html",
        "p.htm",
        "p.jinja",
        "p.jinja2",
        "p.j2",
    ):
        assert semgrep.supports(name), name
    assert not semgrep.supports("a.PY")  # case-sensitive: the pipeline presents views
    assert bandit.supports("a.pyw")
    assert not bandit.supports("p.html")


def test_the_semgrep_ignore_file_is_declared_by_semgrep(report: ScanReport) -> None:
    assert registry.ignore_files() == (".semgrepignore",)
    assert all(not f.path.startswith("lib/") for f in report.findings)  # both engines skip it


def test_unparsed_files_are_each_engines_own_verdict(report: ScanReport) -> None:
    bandit, semgrep = _run(report, "bandit"), _run(report, "semgrep")
    assert bandit.unparsed == ("app/modern.py",)
    assert semgrep.unparsed == ("deploy/broken.yml",)
    assert any("app/modern.py" in w for w in bandit.warnings)
    # Semgrep parses the new syntax, so its checks still cover the file.
    assert any(f.path == "app/modern.py" and f.engine == "semgrep" for f in report.findings)


def test_bandit_rule_metadata_is_static_never_a_results_message(
    git_repo_factory: RepoFactory, tmp_path: Path
) -> None:
    repo = git_repo_factory({"app/settings.py": FILES["app/settings.py"]})
    sarif = tmp_path / "out.sarif"
    assert run_cli(repo.path, "scan", ".", "--sarif", str(sarif), "--fail-on", "never").code == 0
    log = json.loads(sarif.read_text(encoding="utf-8"))
    bandit = next(r for r in log["runs"] if r["tool"]["driver"]["name"] == "Bandit")
    rule = next(r for r in bandit["tool"]["driver"]["rules"] if r["id"] == "bandit.B105")
    assert rule["shortDescription"]["text"] == "Test for use of hard-coded password strings"
    assert rule["name"] == "B105-hardcoded_password_string"
    text = json.dumps(rule)
    assert "your-secret-key-here" not in text
    assert "hunter2" not in text
    assert "hard-coded passwords increases the possibility" in rule["help"]["text"]
    messages = [r["message"]["text"] for r in bandit["results"] if r["ruleId"] == "bandit.B105"]
    assert any("your-secret-key-here" in m for m in messages)  # the result still says which


def _finding(engine: str, line: int = 1) -> Finding:
    rule = Rule(id=f"{engine}.X1", engine=engine, name="X1-x", short_description="x", help_text="x")
    return Finding(rule, "m", Severity.HIGH, Confidence.HIGH, Location("a.py", line), "")


def test_suppression_comments_are_read_the_way_each_engine_reads_them(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "call()  # nosemgrep\n# nosec\ncall()  # nosec\n", encoding="utf-8"
    )
    source = SourceCache(tmp_path)
    # Semgrep honours its comment on the line and the one before; Bandit on the line only.
    assert suppressions.marker_for(_finding("semgrep", 1), source) is not None
    assert suppressions.marker_for(_finding("bandit", 1), source) is None
    assert suppressions.marker_for(_finding("bandit", 3), source) is not None
    assert suppressions.marker_for(_finding("semgrep", 3), source) is None
    # sastflow's own findings (an unscannable file) are silenced by no comment.
    assert suppressions.marker_for(_finding("sastflow", 1), source) is None


def test_every_engines_comment_leaves_the_fingerprint_alone() -> None:
    plain = fingerprint.normalise("x = eval(data)")
    for comment in ("# nosec B307", "# nosemgrep: no-eval", "# NOSEM"):
        assert fingerprint.normalise(f"x = eval(data)  {comment}") == plain
    assert fingerprint.normalise('x = "# nosec"') != fingerprint.normalise('x = ""')
