"""The default pack: semgrep --test passes, every rule is well tested and fully described."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

from sastflow import rulepack
from sastflow.model import Severity
from tests.rules.conftest import BIN, CliRun

# What issues 3 and 13 ask the pack to cover, and the rules that do.
COVERAGE = {
    "command injection": [
        "command-injection",
        "subprocess-shell-nonliteral",
        "shell-function-nonliteral",
    ],
    "argument injection": ["request-data-in-subprocess-argv"],
    "code injection": ["code-injection", "eval-exec-nonliteral", "compile-nonliteral"],
    "unsafe deserialisation": [
        "insecure-deserialization",
        "unsafe-deserialization",
        "yaml-unsafe-load",
        "jsonpickle-decode",
    ],
    "SQL injection": ["sql-injection", "sql-execute-formatted", "django-raw-sql-formatted"],
    "LDAP injection": ["ldap-injection"],
    "XPath injection": ["xpath-injection"],
    "server-side template injection": ["template-string-injection"],
    "XSS": ["reflected-xss", "template-autoescape-bypass", "jinja2-autoescape-disabled"],
    "XXE": ["xml-parse-untrusted"],
    "trust boundary": ["session-trust-boundary"],
    "insecure cookies": ["insecure-cookie"],
    "CSRF exemption": ["csrf-exemption"],
    "TLS verification off": ["tls-verify-disabled", "ssl-unverified-context"],
    "requests without timeout": ["request-without-timeout"],
    "weak hashes": ["weak-hash-algorithm", "weak-hash-for-password"],
    "insecure randomness": ["insecure-random-for-secret"],
    "hard-coded credentials and keys": [
        "hardcoded-credential",
        "private-key-in-source",
        "hardcoded-signing-key",
    ],
    "tempfile.mktemp": ["tempfile-mktemp"],
    "debug on / SECRET_KEY": [
        "flask-debug-enabled",
        "django-debug-enabled",
        "app-debug-enabled",
        "secret-key-in-source",
    ],
    "path traversal": ["path-traversal-file-access"],
    "SSRF": ["ssrf-request-url"],
    "open redirect": ["open-redirect"],
    "assert for authorisation": ["assert-for-authorization"],
    "logging secrets": ["secret-in-log"],
    "permissive modes": ["permissive-file-mode"],
    "workflow: untrusted context in run": ["gha-untrusted-context-in-run"],
    "workflow: pull_request_target head": ["gha-pull-request-target-checkout-head"],
    "workflow: write-all": ["gha-permissions-write-all"],
}

# The classes of issue 13 whose taint rule must cover every framework's request sources.
TAINT_RULES = (
    "command-injection",
    "code-injection",
    "insecure-deserialization",
    "sql-injection",
    "ldap-injection",
    "xpath-injection",
    "path-traversal-file-access",
    "open-redirect",
    "reflected-xss",
    "xml-parse-untrusted",
    "ssrf-request-url",
    "template-string-injection",
    "session-trust-boundary",
)
# Pattern rules that stay high: the code is exploitable as written, with no input involved.
# Workflow rules match attacker-controlled contexts by name (`github.event.issue.title`), so
# the pattern is the evidence; Flask's debugger serves a Python console on every error page.
# Taint rules whose sources are local (parameters, argv, stdin, environment, files, other calls):
# evidence that the value is computed outside, not that an attacker controls it; medium.
LOCAL_TAINT_RULES = {
    "shell-function-nonliteral",
    "subprocess-shell-nonliteral",
    "eval-exec-nonliteral",
    "compile-nonliteral",
    "sql-execute-formatted",
    "django-raw-sql-formatted",
    "sqlalchemy-text-formatted",
}
SELF_EVIDENT = {
    "gha-untrusted-context-in-run",
    "gha-untrusted-context-in-script",
    "gha-pull-request-target-checkout-head",
    "flask-debug-enabled",
}
# Injection and deserialisation: request data reaching them must block at the default gate.
INJECTION_CWES = {78, 88, 89, 90, 94, 95, 502, 643, 1336, 79, 22, 611, 918}


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
    assert languages["python"] >= 25 and languages["yaml"] >= 3 and languages["generic"] >= 1


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


def test_severity_follows_the_evidence(pack: tuple[rulepack.PackRule, ...]) -> None:
    """Taint flows into injection or deserialisation sinks block at the default gate (high);
    a pattern rule with an input-dependent sink (no evidence of attacker control) is at most
    medium."""
    by_id = {rule.id: rule for rule in pack}
    for rule in pack:
        assert rule.kind in ("taint", "pattern"), rule.id
        score = float(rule.security_severity or 0)
        if rule.kind == "taint":
            assert rule.sources, rule.id
            if rule.id in LOCAL_TAINT_RULES:
                assert score < 7.0, rule.id
            elif set(rule.cwe) & INJECTION_CWES and rule.id != "open-redirect":
                assert score >= 7.0, rule.id
        elif set(rule.cwe) & INJECTION_CWES and rule.id not in SELF_EVIDENT:
            assert score < 7.0, rule.id
    for rule_id in TAINT_RULES:
        rule = by_id[rule_id]
        assert rule.kind == "taint" and rule.sanitizers, rule_id
        assert any("Flask" in s and "aiohttp" in s for s in rule.sources), rule_id
    # The pattern rules the taint rules stand beside stay below the gate.
    for rule_id in ("subprocess-shell-nonliteral", "eval-exec-nonliteral", "sql-execute-formatted"):
        assert float(by_id[rule_id].security_severity or 0) < 7.0, rule_id


def test_taint_rules_confirm_the_bandit_tests_they_cover(
    pack: tuple[rulepack.PackRule, ...],
) -> None:
    by_id = {rule.id: rule for rule in pack}
    confirms = {
        "command-injection": {"B602", "B605"},
        "code-injection": {"B307", "B102"},
        "sql-injection": {"B608", "B610", "B611"},
        "insecure-deserialization": {"B301", "B302", "B506"},
        "xml-parse-untrusted": {"B314", "B318"},
        "ssrf-request-url": {"B310"},
        "reflected-xss": {"B703", "B704"},
    }
    for rule_id, tests in confirms.items():
        assert tests <= set(by_id[rule_id].bandit_equivalent), rule_id


def test_a_nested_call_is_not_reported_as_a_second_finding(tmp_path: Path) -> None:
    """`os.system(input())` is one weakness: one result, for the outer call (semgrep --test
    only compares lines, so it cannot see a second result on the same line)."""
    source = tmp_path / "cli.py"
    source.write_text("import os\n\nos.system(input())\neval(input())\nexec(input())\n")
    argv = [
        str(BIN / "semgrep"), "scan", "--experimental", "--json", "--quiet", "--metrics=off",
        "--disable-version-check", "--config", str(rulepack.default_pack_dir()), str(source),
    ]  # fmt: skip
    report = json.loads(subprocess.run(argv, capture_output=True, check=False).stdout)
    found = sorted(
        (r["start"]["line"], r["start"]["col"], r["check_id"].rsplit(".", 1)[-1])
        for r in report["results"]
    )
    assert found == [
        (3, 1, "shell-function-nonliteral"),
        # eval/exec report the code argument (globals and locals are not code).
        (4, 6, "eval-exec-nonliteral"),
        (5, 6, "eval-exec-nonliteral"),
    ]
