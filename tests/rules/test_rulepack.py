"""rulepack: locating the default pack, reading any folder, the records it returns."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sastflow import rulepack
from sastflow.errors import RuleError
from tests.rules.conftest import REPO


def test_default_locations_are_the_checkouts_rules_folder() -> None:
    assert rulepack.default_pack_dir() == REPO / "rules" / "semgrep"
    assert rulepack.default_bandit_profile() == REPO / "rules" / "bandit.yml"
    assert rulepack.bandit_cwe()["B602"] == 78


def test_missing_default_pack_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if an installation had lost the rule pack (a wheel carries it as sastflow/_rules).
    monkeypatch.setattr(rulepack, "__file__", str(tmp_path / "site" / "sastflow" / "rulepack.py"))
    with pytest.raises(RuleError) as caught:
        rulepack.default_pack_dir()
    message = str(caught.value)
    assert str(tmp_path / "site" / "sastflow" / "_rules" / "semgrep") in message
    assert str(tmp_path / "site" / "rules" / "semgrep") in message
    # Advice that works: reinstalling (no default rules would still need the Bandit profile).
    assert "reinstall it" in message and "\n" not in message
    assert "use_default_rules" not in message and "--no-default-rules" not in message


def test_test_targets_are_not_read_as_rules(tmp_path: Path) -> None:
    rule = REPO / "rules" / "semgrep" / "github-actions" / "gha-permissions-write-all.yaml"
    (tmp_path / "gha").mkdir()
    for suffix in (".yaml", ".test.yaml"):
        source = rule.with_name(rule.stem + suffix)
        (tmp_path / "gha" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "gha" / "notes.md").write_text("# not a rule\n")
    rules = rulepack.read_pack(tmp_path)
    assert [r.id for r in rules] == ["gha-permissions-write-all"]
    assert rules[0].languages == ("yaml",)
    assert rulepack.test_targets(rules[0].file) == (
        tmp_path / "gha" / "gha-permissions-write-all.test.yaml",
    )
    # A single rule file is a pack too (config `rules` may name files).
    assert rulepack.read_pack(rules[0].file) == rules


def test_pack_rules_are_immutable_records(pack: tuple[rulepack.PackRule, ...]) -> None:
    rule = next(r for r in pack if r.id == "subprocess-shell-nonliteral")
    assert rule.line == 2 and rule.severity == "WARNING" and rule.cwe == (78,)
    assert rule.bandit_equivalent == ("B602",) and rule.security_severity == "6.3"
    assert rule.kind == "taint" and "function parameters" in rule.sources
    assert "shlex.quote" in rule.sanitizers
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rule.metadata["security-severity"] = "1.0"  # type: ignore[index]
    assert hash(rule) == hash(dataclasses.replace(rule))
