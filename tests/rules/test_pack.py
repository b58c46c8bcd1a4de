"""The default pack: semgrep --test passes, every rule is well tested and fully described."""

from __future__ import annotations

import re
from collections import Counter

from sastflow import rulepack
from sastflow.model import Severity
from tests.rules.conftest import CliRun

# What issue 3 asks the pack to cover, and the rules that do.
COVERAGE = {
    "command injection": ["subprocess-shell-nonliteral", "shell-function-nonliteral"],
    "code injection": ["eval-exec-nonliteral", "compile-nonliteral"],
    "unsafe deserialisation": ["unsafe-deserialization", "yaml-unsafe-load", "jsonpickle-decode"],
    "SQL by formatting": ["sql-execute-formatted"],
    "TLS verification off": ["tls-verify-disabled", "ssl-unverified-context"],
    "requests without timeout": ["request-without-timeout"],
    "weak hashes for secrets": ["weak-hash-for-password"],
    "insecure randomness": ["insecure-random-for-secret"],
    "hard-coded credentials and keys": ["hardcoded-credential", "private-key-in-source"],
    "tempfile.mktemp": ["tempfile-mktemp"],
    "Jinja2 autoescape / Markup": ["jinja2-autoescape-disabled", "markup-of-user-input"],
    "debug on / SECRET_KEY": [
        "flask-debug-enabled",
        "django-debug-enabled",
        "secret-key-in-source",
    ],
    "XML without defusedxml": ["xml-parse-untrusted"],
    "path traversal": ["path-traversal-file-access"],
    "SSRF": ["ssrf-request-url"],
    "assert for authorisation": ["assert-for-authorization"],
    "logging secrets": ["secret-in-log"],
    "permissive modes": ["permissive-file-mode"],
    "workflow: untrusted context in run": ["gha-untrusted-context-in-run"],
    "workflow: pull_request_target head": ["gha-pull-request-target-checkout-head"],
    "workflow: write-all": ["gha-permissions-write-all"],
}


def test_rules_test_passes_on_the_default_pack(
    rules_test_run: CliRun, pack: tuple[rulepack.PackRule, ...]
) -> None:
    assert rules_test_run.code == 0, rules_test_run.out + rules_test_run.err
    assert f"{len(pack)} rules" in rules_test_run.out
    assert "passed semgrep --test" in rules_test_run.out
    assert "Traceback" not in rules_test_run.err


def test_pack_covers_the_issue(pack: tuple[rulepack.PackRule, ...]) -> None:
    ids = {rule.id for rule in pack}
    assert len(pack) >= 30
    missing = {item: rules for item, rules in COVERAGE.items() if not set(rules) <= ids}
    assert not missing
    languages = Counter(lang for rule in pack for lang in rule.languages)
    assert languages["python"] >= 25 and languages["yaml"] >= 3


def test_every_rule_has_two_positive_and_two_negative_cases_with_a_near_miss(
    pack: tuple[rulepack.PackRule, ...],
) -> None:
    for rule in pack:
        targets = rulepack.test_targets(rule.file)
        assert len(targets) == 1, f"{rule.id}: test targets {targets}"
        cases = rulepack.count_cases(rule)
        assert cases.ruleid >= 2 and cases.ok >= 2, f"{rule.id}: {cases}"
        assert "Near miss" in targets[0].read_text("utf-8"), f"{rule.id}: no near miss"


def test_every_rule_carries_the_metadata_sarif_and_dedupe_need(
    pack: tuple[rulepack.PackRule, ...],
) -> None:
    known_bandit = rulepack.bandit_cwe()
    for rule in pack:
        meta = rule.metadata
        assert meta["category"] == "security", rule.id
        # One plain line for the README and SARIF: no metavariables ($X) to interpolate.
        assert rule.description and not re.search(r"\$[A-Z_]+\b", rule.description), rule.id
        assert rule.cwe and all(re.fullmatch(r"CWE-\d+: \S.*", c) for c in rule.cwe_names)
        assert rule.confidence in ("HIGH", "MEDIUM", "LOW"), rule.id
        assert rule.references and all(u.startswith("https://") for u in rule.references)
        score = rule.security_severity
        assert isinstance(score, str), rule.id
        # Semgrep's level agrees with the score's band, so both engines' views line up.
        band = Severity.from_score(float(score))
        expected = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}
        assert min(band, Severity.HIGH) == expected[rule.severity], (rule.id, score)
        assert all(test in known_bandit for test in rule.bandit_equivalent), rule.id
        if rule.bandit_equivalent:
            # The rule file says, in a comment, why it is not a copy of the Bandit test.
            comments = [
                line for line in rule.file.read_text("utf-8").splitlines()
                if line.strip().startswith("#")
            ]  # fmt: skip
            assert any("Bandit" in line for line in comments), rule.id


def test_ids_are_unique_and_dot_free(pack: tuple[rulepack.PackRule, ...]) -> None:
    ids = [rule.id for rule in pack]
    assert len(ids) == len(set(ids))
    assert all("." not in rule_id for rule_id in ids)
    # One rule per file, named after it, as `semgrep --test` pairs them by file name.
    assert all(rule.file.stem == rule.id for rule in pack)
