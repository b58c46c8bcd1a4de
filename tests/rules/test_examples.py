"""examples/: the real engines find every planted weakness listed in expected.yml."""

from __future__ import annotations

from typing import Any

from sastflow import rulepack
from tests.rules.conftest import Hit, line_of


def _expected_semgrep(expected: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {
        (entry["rule"], entry["path"], line_of(entry["path"], entry["contains"]))
        for entry in expected["semgrep"]
    }


def test_semgrep_reports_exactly_the_planted_weaknesses(
    semgrep_on_examples: list[Hit], expected: dict[str, Any]
) -> None:
    found = {(hit.rule, hit.path, hit.start) for hit in semgrep_on_examples}
    wanted = _expected_semgrep(expected)
    assert wanted - found == set(), "planted but not reported"
    # Nothing else either: expected.yml lists everything the pack reports in the demo.
    assert found - wanted == set(), "reported but not listed in expected.yml"


def test_every_rule_of_the_pack_is_planted_in_the_demo(
    expected: dict[str, Any], pack: tuple[rulepack.PackRule, ...]
) -> None:
    planted = {entry["rule"] for entry in expected["semgrep"]}
    assert planted == {rule.id for rule in pack}


def test_bandit_with_the_profile_reports_its_share(
    bandit_on_examples: list[Hit], semgrep_on_examples: list[Hit], expected: dict[str, Any]
) -> None:
    def bandit_at(test: str, path: str, first: int, last: int) -> list[Hit]:
        return [
            hit for hit in bandit_on_examples
            if hit.rule == test and hit.path == path and hit.start <= last and first <= hit.end
        ]  # fmt: skip

    for entry in expected["bandit"]:
        line = line_of(entry["path"], entry["contains"])
        assert bandit_at(entry["test"], entry["path"], line, line), entry
    pairs = 0
    for entry in expected["semgrep"]:
        line = line_of(entry["path"], entry["contains"])
        semgrep_hit = next(
            h for h in semgrep_on_examples
            if (h.rule, h.path, h.start) == (entry["rule"], entry["path"], line)
        )  # fmt: skip
        for test in entry.get("bandit", []):
            # On lines overlapping the Semgrep finding: what dedupe needs to group them.
            assert bandit_at(test, entry["path"], semgrep_hit.start, semgrep_hit.end), (
                entry,
                test,
            )
            pairs += 1
    assert pairs >= 15  # the demo shows cross-engine dedupe many times over


def test_bandit_pairs_are_linked_for_dedupe(
    expected: dict[str, Any], pack: tuple[rulepack.PackRule, ...]
) -> None:
    by_id = {rule.id: rule for rule in pack}
    cwe_of = rulepack.bandit_cwe()
    for entry in expected["semgrep"]:
        rule = by_id[entry["rule"]]
        for test in entry.get("bandit", []):
            shared_cwe = cwe_of[test] in rule.cwe
            assert shared_cwe or test in rule.bandit_equivalent, (rule.id, test)


def test_profile_skips_are_respected_and_cwe_map_matches_bandit(
    bandit_on_examples: list[Hit],
) -> None:
    import yaml

    profile = yaml.safe_load(rulepack.default_bandit_profile().read_text("utf-8"))
    reported = {hit.rule for hit in bandit_on_examples}
    # The demo has asserts (B101), random (B311) and subprocess imports (B404): all skipped.
    assert reported.isdisjoint(profile["skips"])
    cwe_of = rulepack.bandit_cwe()
    for hit in bandit_on_examples:
        assert cwe_of[hit.rule] == hit.cwe, hit
