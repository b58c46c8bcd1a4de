"""Bounded cost for the YAML sastflow reads: size, nesting and alias expansion are checked on
the raw text before any parser sees it (``sastflow.yamlguard``), with a message naming the file
and line. A PR's ledger of nested brackets kept the scan busy for minutes; a 500-byte alias
bomb expands to gigabytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sastflow import rulepack, yamlguard
from sastflow.triage.ledger import MAX_LEDGER_BYTES
from tests.conftest import RepoFactory
from tests.core.console import sastflow

VULNERABLE = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
ROOT = Path(__file__).resolve().parents[2]


def _check(text: str, *, depth: int = 32, aliases: int = 1000, size: int = 1 << 20) -> str | None:
    try:
        yamlguard.check(text, "f.yml", max_bytes=size, max_depth=depth, max_aliases=aliases)
    except yamlguard.YamlLimitError as exc:
        return str(exc)
    return None


def _bomb(levels: int, fanout: int = 9, *, flow: bool = True) -> str:
    lines = ['a0: &a0 ["lol", "lol"]']
    for level in range(1, levels + 1):
        refs = [f"*a{level - 1}"] * fanout
        if flow:
            lines.append(f"a{level}: &a{level} [{', '.join(refs)}]")
        else:
            lines.append(f"a{level}: &a{level}")
            lines += [f"  - {ref}" for ref in refs]
    return "\n".join(lines) + "\n"


def test_nested_brackets_are_refused_at_the_depth_limit() -> None:
    assert (
        _check("k: " + "[" * 50_000 + "]" * 50_000)
        == "f.yml:1: YAML nested more than 32 levels deep"
    )
    assert (
        _check("k: " + "{a: " * 40 + "1" + "}" * 40)
        == "f.yml:1: YAML nested more than 32 levels deep"
    )
    assert _check("k: " + "[" * 31 + "]" * 31) is None


def test_deep_indentation_and_compact_sequences_count_as_nesting() -> None:
    deep = "".join(" " * (2 * i) + "k:\n" for i in range(40))
    assert _check(deep) == "f.yml:33: YAML nested more than 32 levels deep"
    assert _check("- " * 40 + "x\n") == "f.yml:1: YAML nested more than 32 levels deep"


@pytest.mark.parametrize("flow", [True, False])
def test_alias_bombs_are_refused_by_what_they_expand_to(flow: bool) -> None:
    assert _check(_bomb(2, flow=flow)) is None  # 9 + 81 expansions: fine
    refused = _check(_bomb(9, flow=flow))
    assert refused is not None
    assert "YAML aliases expand to more than 1,000 nodes" in refused


def test_text_is_not_structure() -> None:
    # Brackets inside quotes, comments, block scalars and plain words are text.
    text = (
        "reason: 'it''s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ fine'\n"
        'other: "a \\" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n'
        "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
        "pattern: |\n"
        "  x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
        "  y = *notanalias *again\n"
        "note: see [ref\n" * 40
    )
    assert _check(text, aliases=0) is None


def test_size_is_counted_in_utf8_bytes() -> None:
    assert (
        _check("é" * 600, size=1000)
        == "f.yml: 1,200 bytes is too large (at most 1,000 bytes are read)"
    )


def test_every_rule_file_sastflow_ships_is_within_the_rule_limits() -> None:
    files = sorted((ROOT / "rules").rglob("*.y*ml"))
    assert files
    for path in files:
        yamlguard.check(
            path.read_text(encoding="utf-8"),
            str(path),
            max_bytes=rulepack.MAX_RULE_FILE_BYTES,
            max_depth=rulepack.MAX_RULE_DEPTH,
            max_aliases=rulepack.MAX_RULE_ALIASES,
        )


def test_a_ledger_of_nested_brackets_is_refused_before_parsing(
    git_repo_factory: RepoFactory,
) -> None:
    ledger = "version: 1\naccepted: " + "[" * 175_000 + "]" * 175_000 + "\n"  # 350 KB
    repo = git_repo_factory(
        {
            "app.py": VULNERABLE,
            ".sastflow.toml": 'engines = ["bandit"]\n',
            "triage/ledger.yml": ledger,
        }
    )
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    assert done.one_error() == (
        "sastflow: error: triage/ledger.yml:2: YAML nested more than 32 levels deep "
        "(a ledger's limit)"
    )


def test_a_pull_request_ledger_is_bounded_too(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory({"ok.py": "x = 1\n", ".sastflow.toml": 'engines = ["bandit"]\n'})
    repo.checkout("feature", new=True)
    padding = "# " + "x" * 98 + "\n"
    big = "version: 1\naccepted: []\n" + padding * (MAX_LEDGER_BYTES // len(padding) + 1)
    repo.commit({"app.py": VULNERABLE, "triage/ledger.yml": big}, "a large ledger")
    done = sastflow(repo.path, "scan", ".", "--base", "main", "-q")
    assert done.code == 2
    # Named as the PR author wrote it: the pull request's own ledger file.
    assert done.one_error().startswith("sastflow: error: triage/ledger.yml: ")
    assert done.one_error().endswith(
        f"bytes is too large for a ledger (at most {MAX_LEDGER_BYTES:,})"
    )


def test_a_rule_file_alias_bomb_is_refused(git_repo_factory: RepoFactory) -> None:
    rule = (
        "rules:\n- id: boom\n  languages: [python]\n  severity: ERROR\n"
        "  message: boom\n  pattern: os.system(...)\n  metadata:\n"
        + "".join("    " + line + "\n" for line in _bomb(8).splitlines())
    )
    repo = git_repo_factory({"app.py": VULNERABLE, "myrules/boom.yml": rule})
    done = sastflow(repo.path, "scan", ".", "-q", "--rules", "myrules", "--engine", "semgrep")
    assert done.code == 2
    assert done.one_error().startswith("sastflow: error: myrules/boom.yml:")
    assert done.one_error().endswith(
        "YAML aliases expand to more than 1,000 nodes (anchors and aliases nested into each "
        "other) (a rule file's limit)"
    )
