"""Every number, pattern and date a user or a file gives is checked at load: exit 2, one line
naming the file, line and key (through the real console script; Bandit alone keeps it fast).

Each case here was a traceback exiting 1 (the "findings" code) before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GitRepo, RepoFactory
from tests.core.console import sastflow

VULNERABLE = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
BANDIT = 'engines = ["bandit"]\n'


def _repo(factory: RepoFactory, config: str, **files: str | bytes) -> GitRepo:
    return factory({"app.py": VULNERABLE, ".sastflow.toml": config, **files})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("timeout = inf", "timeout: must be a finite number of seconds, not inf"),
        ("timeout = nan", "timeout: must be a finite number of seconds, not nan"),
        ("timeout = 9223372036854775808", "timeout: must be more than 0 and at most 86400"),
        ("timeout = 0", "timeout: must be more than 0 and at most 86400 seconds, not 0"),
        ("max_expiry_days = 3000000", "max_expiry_days: must be from 0 to 3650, not 3000000"),
        ("max_expiry_days = -1", "max_expiry_days: must be from 0 to 3650, not -1"),
        ("max_inline_comments = 100000000000", "max_inline_comments: must be from 0 to 10000"),
        ('engines = ["bandit", "bandit"]', "engines: 'bandit' listed more than once"),
        ('exclude = ["!"]', "exclude: '!' is not a valid gitignore pattern"),
    ],
)
def test_a_bad_config_value_is_named_with_its_line(
    git_repo_factory: RepoFactory, line: str, expected: str
) -> None:
    config = BANDIT + line + "\n" if not line.startswith("engines") else line + "\n"
    repo = _repo(git_repo_factory, config)
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    number = 2 if not line.startswith("engines") else 1
    assert done.one_error().startswith(f"sastflow: error: .sastflow.toml:{number}: {expected}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("inf", "must be a finite number of seconds, not inf"),
        ("nan", "must be a finite number of seconds, not nan"),
        ("9223372036854775808", "must be more than 0 and at most 86400 seconds"),
    ],
)
def test_timeout_flag_has_the_config_keys_bounds(
    git_repo_factory: RepoFactory, value: str, expected: str
) -> None:
    repo = _repo(git_repo_factory, BANDIT)
    done = sastflow(repo.path, "scan", ".", "-q", "--timeout", value)
    assert done.code == 2
    assert done.one_error().startswith(f"sastflow: error: --timeout: {expected}")


def test_a_bad_semgrepignore_line_is_named(git_repo_factory: RepoFactory) -> None:
    repo = _repo(git_repo_factory, BANDIT, **{".semgrepignore": "# vendored\nvendor/\n!\n"})
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    assert done.one_error() == (
        "sastflow: error: .semgrepignore:3: '!' is not a valid gitignore pattern "
        "(Invalid git pattern: '!')"
    )


@pytest.mark.parametrize("today", ["9999-12-30", "0001-01-01"])
def test_sastflow_today_is_bounded(git_repo_factory: RepoFactory, today: str) -> None:
    # 9999-12-30 plus max_expiry_days overflowed datetime in the ledger check.
    ledger = "version: 1\naccepted: []\n"
    repo = _repo(git_repo_factory, BANDIT, **{"triage/ledger.yml": ledger})
    done = sastflow(repo.path, "scan", ".", "-q", env={"SASTFLOW_TODAY": today})
    assert done.code == 2
    assert done.one_error() == (
        f"sastflow: error: SASTFLOW_TODAY='{today}': must be between 1970-01-01 and 9000-12-31"
    )


def test_a_folder_named_like_the_config_is_an_error(git_repo_factory: RepoFactory) -> None:
    repo = git_repo_factory({"app.py": VULNERABLE, ".sastflow.toml/keep": ""})
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    assert done.one_error() == (
        "sastflow: error: .sastflow.toml: not a regular file; the config must be a TOML file"
    )


def test_config_bytes_that_are_not_utf8_are_named_by_line(git_repo_factory: RepoFactory) -> None:
    repo = _repo(git_repo_factory, "")
    (repo.path / ".sastflow.toml").write_bytes(b'engines = ["bandit"]\n# caf\xe9\n')
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    assert done.one_error() == (
        "sastflow: error: .sastflow.toml:2: not valid UTF-8 (byte 0xe9 at column 6, byte offset 26)"
    )


def test_ledger_bytes_that_are_not_utf8_are_named_by_line(git_repo_factory: RepoFactory) -> None:
    repo = _repo(git_repo_factory, BANDIT)
    ledger = repo.path / "triage" / "ledger.yml"
    ledger.parent.mkdir()
    ledger.write_bytes(b"version: 1\n# r\xe9vis\xe9\naccepted: []\n")
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    assert done.one_error() == "sastflow: error: triage/ledger.yml:2: not valid UTF-8 (byte 0xe9)"


def test_a_config_over_a_mebibyte_is_refused(git_repo_factory: RepoFactory) -> None:
    repo = _repo(git_repo_factory, BANDIT + "#" * (1024 * 1024) + "\n")
    done = sastflow(repo.path, "scan", ".", "-q")
    assert done.code == 2
    assert done.one_error() == (
        "sastflow: error: .sastflow.toml: too large for a config file (at most 1024 KiB)"
    )


def test_pyproject_config_is_read_from_the_base_commit(git_repo_factory: RepoFactory) -> None:
    # Every `scan --base` exited 2 with "unknown key 'project'": the base's pyproject.toml was
    # read as a flat config file.
    pyproject = '[project]\nname = "app"\n\n[tool.sastflow]\nengines = ["bandit"]\n'
    repo = git_repo_factory({"pyproject.toml": pyproject, "ok.py": "x = 1\n"})
    repo.checkout("feature", new=True)
    repo.commit({"app.py": VULNERABLE}, "add app.py")
    done = sastflow(repo.path, "scan", ".", "--base", "main", "-q", "--sarif", "out.sarif")
    assert "unknown key" not in done.err, done.err
    assert done.code == 1, done.err  # the PR's own B602 blocks
    sarif = (repo.path / "out.sarif").read_text(encoding="utf-8")
    assert '"ruleId":"bandit.B602"' in sarif.replace(" ", "")
    assert '"sastflow-engine":"semgrep"' not in sarif.replace(" ", "")  # the base's engines


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--api-max-wait", "inf", "must be a finite number of seconds, not inf"),
        ("--api-max-wait", "nan", "must be a finite number of seconds, not nan"),
        ("--api-max-wait", "1e12", "must be at least 0 and at most 3600 seconds, not 1e+12"),
        ("--api-write-interval", "inf", "must be a finite number of seconds, not inf"),
    ],
)
def test_pr_wait_flags_are_bounded(tmp_path: Path, flag: str, value: str, expected: str) -> None:
    done = sastflow(tmp_path, "pr", flag, value)
    assert done.code == 2
    assert done.one_error() == f"sastflow: error: {flag}: {expected}"


def test_a_folder_named_like_the_config_at_the_base_is_an_error(
    git_repo_factory: RepoFactory,
) -> None:
    repo = git_repo_factory({"ok.py": "x = 1\n", ".sastflow.toml/keep": ""})
    repo.checkout("feature", new=True)
    repo.commit({"app.py": VULNERABLE}, "add app.py")
    done = sastflow(repo.path, "scan", ".", "--base", "main", "-q")
    assert done.code == 2
    assert done.one_error().startswith("sastflow: error: .sastflow.toml@")
    assert done.one_error().endswith(
        ": a folder, not a regular file; the config must be a TOML file"
    )
