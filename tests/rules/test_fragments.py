"""The taint rules' shared sources and sanitizers: one fragment, copied into every rule, and a
check that notices a stale copy."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from sastflow import rulepack
from tests.rules.conftest import REPO
from tests.rules.test_pack import TAINT_RULES

FRAGMENTS = REPO / "rules" / "fragments"


def _sync() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fragment_sync", FRAGMENTS / "sync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_copy_is_current_and_every_web_taint_rule_has_one(
    pack: tuple[rulepack.PackRule, ...],
) -> None:
    sync = _sync()
    assert sync.stale_files() == []
    by_id = {rule.id: rule for rule in pack}
    for rule_id in TAINT_RULES:
        text = by_id[rule_id].file.read_text("utf-8")
        assert "# fragment: request-sources" in text, rule_id
        assert "# fragment: common-sanitizers" in text, rule_id
        # The copy sits under pattern-sources, before the rule's own sanitizers and sinks.
        assert text.index("# fragment: request-sources") < text.index("pattern-sinks:"), rule_id


def test_a_stale_copy_is_reported_and_rewritten(tmp_path: Path) -> None:
    sync = _sync()
    pack = tmp_path / "semgrep"
    shutil.copytree(REPO / "rules" / "semgrep" / "injection", pack / "injection")
    rule = pack / "injection" / "command-injection.yaml"
    current = rule.read_text("utf-8")
    # Someone edits the copy instead of the fragment: a source goes missing.
    edited = current.replace("regex: ^(args|form|values", "regex: ^(form|values", 1)
    assert edited != current
    rule.write_text(edited, "utf-8")
    assert sync.stale_files(pack) == [rule]
    rule.write_text(sync.synced(edited), "utf-8")
    assert rule.read_text("utf-8") == current
    assert sync.stale_files(pack) == []
