"""Malformed rule files: one line naming file and line (exit 2), never a Semgrep traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sastflow import rulepack
from sastflow.errors import ExitCode, RuleError
from tests.rules.conftest import REPO, run_cli

GOOD = """\
rules:
  - id: no-eval
    message: Do not eval.
    severity: ERROR
    languages: [python]
    pattern: eval($X)
    metadata:
      category: security
      cwe: ["CWE-95: Eval Injection"]
      confidence: HIGH
      references: ["https://example.com"]
      security-severity: "8.0"
"""
GOOD_TARGET = """\
# ruleid: no-eval
eval(a)
# ruleid: no-eval
eval(b)
# ok: no-eval
print(a)
# Near miss
# ok: no-eval
literal_eval(a)
"""

# (name, rule text, line the error must name, words it must contain)
MALFORMED = [
    (
        "bad-yaml",
        GOOD.replace("    pattern: eval($X)", "    pattern: {a: b: c}"),
        6,
        "invalid YAML",
    ),
    ("missing-message", GOOD.replace("    message: Do not eval.\n", ""), 2, "missing 'message'"),
    ("float-score", GOOD.replace('"8.0"', "8.1"), 12, "security-severity"),
    ("unknown-severity", GOOD.replace("severity: ERROR", "severity: SEVERE"), 4, "SEVERE"),
    ("null-value", GOOD.replace("confidence: HIGH", "confidence:\n      likelihood:"), 10, "null"),
    ("dotted-id", GOOD.replace("id: no-eval", "id: team.no-eval"), 2, "no dots"),
    ("bad-cwe", GOOD.replace('["CWE-95: Eval Injection"]', "[95]"), 9, "cwe"),
    ("no-pattern", GOOD.replace("    pattern: eval($X)\n", ""), 2, "no pattern"),
    (
        "duplicate-key",
        GOOD.replace("    languages: [python]\n", "    languages: [python]\n    severity: INFO\n"),
        6,
        "duplicate key",
    ),
    # The README's kind/sources/sanitizers columns: validated, and kind agrees with the mode.
    (
        "unknown-kind",
        GOOD.replace("      category: security\n", "      category: security\n      kind: regex\n"),
        9,
        "'kind' must be one of taint, pattern",
    ),
    (
        "taint-kind-on-pattern-rule",
        GOOD.replace("      category: security\n", "      category: security\n      kind: taint\n"),
        2,
        "not a taint-mode rule",
    ),
    (
        "sources-not-a-list",
        GOOD.replace("      category: security\n", "      category: security\n      sources: 3\n"),
        9,
        "'sources' must be a list",
    ),
    (
        "empty-sanitizer",
        GOOD.replace(
            "      category: security\n", '      category: security\n      sanitizers: [""]\n'
        ),
        9,
        "'sanitizers' must be a list",
    ),
    # PyYAML accepts this, but the libyaml loader `semgrep --test` uses crashes on it.
    (
        "unquoted-url",
        GOOD.replace('["https://example.com"]', "[https://example.com]"),
        11,
        "unexpected ':'",
    ),
]


def _pack(tmp_path: Path, rule_text: str, name: str = "no-eval") -> Path:
    pack = tmp_path / "pack" / "security"
    pack.mkdir(parents=True)
    (pack / f"{name}.yaml").write_text(rule_text)
    (pack / f"{name}.py").write_text(GOOD_TARGET)
    return tmp_path / "pack"


@pytest.mark.parametrize(
    ("case", "text", "line", "words"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_malformed_rule_is_one_line_naming_file_and_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    text: str,
    line: int,
    words: str,
) -> None:
    pack = _pack(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuleError) as caught:
        rulepack.read_pack(pack)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"pack/security/no-eval.yaml:{line}: "), message
    assert words in message
    # Both commands stop there, before Semgrep ever sees the file.
    for argv in (["rules", "test", "--pack", "pack"], ["rules", "doc", "--pack", "pack"]):
        run = run_cli(capsys, *argv)
        assert run.code == ExitCode.USAGE
        assert run.err == f"sastflow: error: {message}\n"
        assert "Traceback" not in run.out + run.err


def test_duplicate_ids_name_both_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = _pack(tmp_path, GOOD)
    other = pack / "other"
    other.mkdir()
    (other / "copy.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuleError, match=r"^pack/security/no-eval.yaml:2: rule 'no-eval': "
                       r"duplicate id \(first defined at pack/other/copy.yaml:2\)$"):  # fmt: skip
        rulepack.read_pack(pack)


def test_empty_and_missing_packs_are_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.py").write_text("x = 1\n")
    with pytest.raises(RuleError, match="no rule files"):
        rulepack.read_pack(tmp_path / "empty")
    with pytest.raises(RuleError, match="rule pack not found"):
        rulepack.read_pack(tmp_path / "nowhere")


def test_a_pattern_semgrep_rejects_is_a_rule_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Valid YAML with every key, but a pattern Semgrep cannot parse: only Semgrep can tell.
    _pack(tmp_path, GOOD.replace("pattern: eval($X)", 'pattern: "eval(("'))
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "rules", "test", "--pack", "pack")
    assert run.code == ExitCode.USAGE
    assert run.err.startswith("sastflow: error: pack/security/no-eval.yaml:2: rule 'no-eval': ")
    assert "eval((" in run.err and "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1


def test_failing_cases_exit_1_naming_rule_and_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _pack(tmp_path, GOOD)
    # A second rule whose file claims a finding on a line it does not match, and too few cases.
    thin = GOOD.replace("no-eval", "no-exec").replace("eval($X)", "exec($X)")
    (pack / "security" / "no-exec.yaml").write_text(thin)
    (pack / "security" / "no-exec.py").write_text(
        "# ruleid: no-exec\nprint(a)\n# ok: no-exec\nexec(b)\n"
    )
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "rules", "test", "--pack", "pack")
    assert run.code == ExitCode.FINDINGS
    failures = [line for line in run.out.splitlines() if line.startswith("FAIL")]
    assert all("no-exec" in line for line in failures) and len(failures) == 3, run.out
    assert any(
        "needs >= 2 '# ruleid: no-exec'" in line and "has 1 and 1" in line for line in failures
    )
    assert any("expected a finding on line(s) 2" in line for line in failures)
    assert any("unexpected finding on line(s) 4" in line for line in failures)
    assert "no-eval" not in run.out.replace("no-exec", "")


def test_a_copy_of_the_default_pack_tests_from_anywhere(tmp_path: Path) -> None:
    # `--pack` takes any folder: a user's own rules, here a slice of the default pack.
    source = REPO / "rules" / "semgrep" / "filesystem"
    shutil.copytree(source, tmp_path / "mine")
    rules = rulepack.read_pack(tmp_path / "mine")
    assert {r.id for r in rules} == {p.stem for p in source.glob("*.yaml")}
