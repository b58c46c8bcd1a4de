"""rules/bandit.yml and rules/bandit-cwe.yml against the installed Bandit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml
from bandit.core import extension_loader

from sastflow import rulepack
from tests.rules.conftest import BIN


def _known_tests() -> set[str]:
    manager = extension_loader.MANAGER
    return set(manager.plugins_by_id) | set(manager.blacklist_by_id)


def test_every_skip_is_a_real_test_with_a_reason() -> None:
    text = rulepack.default_bandit_profile().read_text("utf-8")
    profile = yaml.safe_load(text)
    assert "tests" not in profile  # every test runs unless skipped, new ones included
    assert set(profile["skips"]) <= _known_tests()
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if not re.fullmatch(r"\s*- B\d{3}", line):
            continue
        above = number - 1
        while re.fullmatch(r"\s*- B\d{3}", lines[above]):
            above -= 1
        assert lines[above].strip().startswith("#"), f"no reason above {line.strip()}"


def test_cwe_map_covers_every_bandit_test() -> None:
    mapping = rulepack.bandit_cwe()
    assert set(mapping) == _known_tests()
    assert mapping["B602"] == 78 and mapping["B301"] == 502 and mapping["B608"] == 89


def test_bandit_accepts_the_profile_and_tolerates_extra_keys(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    source.write_text("import subprocess\nsubprocess.call('ls ' + x, shell=True)\nassert x\n")
    profile = tmp_path / "profile.yml"
    profile.write_text(
        rulepack.default_bandit_profile().read_text("utf-8") + "sastflow:\n  note: extra key\n"
    )
    for config in (rulepack.default_bandit_profile(), profile):
        done = subprocess.run(
            [str(BIN / "bandit"), "-c", str(config), "-f", "custom", "--msg-template",
             "{test_id}", str(source)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr  # a finding, not a config error
        assert done.stdout.split() == ["B602"]  # B101 and B404 are skipped
        assert "Unknown test" not in done.stderr
