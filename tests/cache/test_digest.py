"""``sastflow rules digest``: the key the action saves the result cache under changes with the
rules and only with them."""

from __future__ import annotations

import re

from tests.conftest import RepoFactory, run_cli

RULE = (
    "rules:\n  - id: no-eval\n    message: {message}\n    severity: ERROR\n"
    "    languages: [python]\n    pattern: eval(...)\n"
)


def test_the_digest_follows_the_rules(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory(
        {
            ".sastflow.toml": 'rules = ["security-rules"]\n',
            "security-rules/no-eval.yaml": RULE.format(message="eval of data"),
            "app.py": "eval(input())\n",
        }
    )
    first = run_cli(repo.path, "rules", "digest")
    assert first.code == 0, first.err
    digest = first.out.strip()
    assert re.fullmatch(r"[0-9a-f]{16}", digest)

    repo.commit({"app.py": "print(1)\n", "security-rules/README.md": "notes\n"})
    assert run_cli(repo.path, "rules", "digest").out.strip() == digest  # code is not rules

    repo.commit({"security-rules/no-eval.yaml": RULE.format(message="eval reached")})
    assert run_cli(repo.path, "rules", "digest").out.strip() != digest

    bare = git_repo_factory({"app.py": "print(1)\n"})
    assert run_cli(bare.path, "rules", "digest").out.strip() not in ("", digest)


def test_a_missing_rule_folder_is_a_config_error(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory({".sastflow.toml": 'rules = ["nowhere"]\n'})
    done = run_cli(repo.path, "rules", "digest")
    assert done.code == 2
    assert "nowhere" in done.err
