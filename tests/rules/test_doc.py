"""rules/README.md is generated from the rule files and CI notices when it drifts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sastflow import rulepack
from sastflow.errors import ExitCode
from tests.rules.conftest import REPO, run_cli


def test_readme_is_up_to_date_and_lists_every_rule(
    capsys: pytest.CaptureFixture[str], pack: tuple[rulepack.PackRule, ...]
) -> None:
    run = run_cli(capsys, "rules", "doc", "--check")
    assert run.code == ExitCode.OK, run.out
    readme = (REPO / "rules" / "README.md").read_text("utf-8")
    rows = {line.split("`")[1]: line for line in readme.splitlines() if line.startswith("| [`")}
    assert set(rows) == {rule.id for rule in pack}
    for rule in pack:
        row = rows[rule.id]
        assert all(f"CWE-{n}]" in row for n in rule.cwe)
        assert f"({rule.security_severity})" in row
        assert rule.description.replace("|", "\\|") in row
        assert f"| {rule.kind} |" in row
        assert all(item.replace("|", "\\|") in row for item in rule.sources + rule.sanitizers)
        if rule.bandit_equivalent:
            # Taint rules confirm a Bandit test; pattern rules replace a skipped one or run
            # alongside it.
            verbs = ("confirms",) if rule.kind == "taint" else ("replaces", "alongside")
            assert any(f"{verb} {rule.bandit_equivalent[0]}" in row for verb in verbs), row
    assert "replaces B311" in rows["insecure-random-for-secret"]
    assert "confirms B602" in rows["command-injection"]
    assert "## How to add a rule" in readme


def test_check_catches_drift_and_doc_repairs_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "semgrep" / "crypto", pack / "crypto")
    readme = tmp_path / "README.md"
    argv = ["rules", "doc", "--pack", str(pack), "--output", str(readme)]

    assert run_cli(capsys, *argv, "--check").code == ExitCode.FINDINGS  # missing
    assert run_cli(capsys, *argv).code == ExitCode.OK
    assert run_cli(capsys, *argv, "--check").code == ExitCode.OK

    rule = pack / "crypto" / "jwt-signature-not-verified.yaml"
    rule.write_text(
        rule.read_text().replace('security-severity: "9.1"', 'security-severity: "7.7"')
    )
    stale = run_cli(capsys, *argv, "--check")
    assert stale.code == ExitCode.FINDINGS
    assert "out of date" in stale.out and "sastflow rules doc --pack" in stale.out
    assert run_cli(capsys, *argv).code == ExitCode.OK
    assert "high (7.7)" in readme.read_text()
    assert run_cli(capsys, *argv, "--check").code == ExitCode.OK
