"""`sastflow triage` on bad input and in its other modes: one clear line, the right exit code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo, RepoFactory, run_cli
from tests.triage.conftest import (
    BANDIT_ONLY,
    TODAY,
    VULNERABLE,
    entry_yaml,
    fp,
    sarif_results,
)

ENV = {"SASTFLOW_TODAY": TODAY.isoformat()}


@pytest.fixture(scope="module")
def scanned(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> tuple[GitRepo, Path]:
    """A repository with findings and one real scan's SARIF of it."""
    repo = git_repo_factory({".sastflow.toml": BANDIT_ONLY, "app/tasks.py": VULNERABLE})
    sarif = tmp_path_factory.mktemp("sarif") / "scan.sarif"
    assert run_cli(repo.path, "scan", ".", "--quiet", "--sarif", str(sarif), env=ENV).code == 1
    return repo, sarif


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with a config and no ledger yet (accept/list/check need no git)."""
    (tmp_path / ".sastflow.toml").write_text(BANDIT_ONLY, encoding="utf-8")
    return tmp_path


def accept_args(*extra: str) -> list[str]:
    return [
        "triage", "accept", fp(1), "--rule", "bandit.B602", "--path", "app/tasks.py",
        "--reason", "constant argv", *extra,
    ]  # fmt: skip


def test_an_invalid_ledger_exits_2_with_every_problem_and_no_traceback(project: Path) -> None:
    ledger = project / "triage" / "ledger.yml"
    ledger.parent.mkdir()
    ledger.write_text(
        "version: 2\naccepted:\n" + entry_yaml(1, approved_by='"@alice"', expires="2026-13-01"),
        encoding="utf-8",
    )
    sastflow = Path(sys.executable).parent / "sastflow"
    done = subprocess.run(
        [str(sastflow), "triage", "check", "--no-scan"],
        cwd=project,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "sastflow: error: triage/ledger.yml:1: version must be 1; found '2'",
        "sastflow: error: triage/ledger.yml:7: approved_by '@alice' is not a GitHub login "
        "(write it without '@')",
        "sastflow: error: triage/ledger.yml:8: expires '2026-13-01' is not a date (YYYY-MM-DD)",
    ]
    assert done.stdout == ""


def test_accept_needs_an_approver(project: Path) -> None:
    run = run_cli(project, *accept_args("--expires", "+30d"), env=ENV)
    assert (run.code, run.err) == (
        2,
        "sastflow: error: --by LOGIN is required (the security code owner accepting this)\n",
    )
    assert not (project / "triage").exists()
    with_actor = run_cli(
        project, *accept_args("--expires", "+30d"), env={**ENV, "GITHUB_ACTOR": "octocat"}
    )
    assert with_actor.code == 0
    assert "approved_by: octocat\n" in (project / "triage" / "ledger.yml").read_text()


def test_accept_checks_every_field_like_the_ledger_does(project: Path) -> None:
    (project / ".sastflow.toml").write_text(
        BANDIT_ONLY + "max_expiry_days = 30\n", encoding="utf-8"
    )
    run = run_cli(
        project,
        "triage", "accept", "9C1E", "--rule", "bandit B602", "--path", "../app.py",
        "--reason", " ", "--expires", "+31d", "--by", "@alice",
        env=ENV,
    )  # fmt: skip
    assert run.code == 2
    assert run.err.splitlines() == [
        "sastflow: error: FINGERPRINT: fingerprint '9C1E' is not a sastflow/v1 fingerprint "
        "(32 lowercase hex characters)",
        "sastflow: error: --rule: rule 'bandit B602' is not a rule id (no spaces)",
        "sastflow: error: --path: path '../app.py' is not a repository-relative path "
        "('/' separators, no leading '/', no '.' or '..' parts)",
        "sastflow: error: --reason: 'reason' must not be empty",
        "sastflow: error: --by: approved_by '@alice' is not a GitHub login (write it without '@')",
        "sastflow: error: --expires: expires 2026-06-01 is more than 30 days after today "
        "(2026-05-01); the latest allowed is 2026-05-31 (max_expiry_days)",
    ]
    assert not (project / "triage").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--expires", "2026-04-30"], "--expires 2026-04-30: already past (today is 2026-05-01)"),
        (["--expires", "+0d"], "--expires +0d: at least +1d"),
        (["--expires", "soon"], "--expires: expires 'soon' is not a date (YYYY-MM-DD)"),
        (
            ["--expires", "+1d", "--line", "3"],
            "--line needs --sarif FILE (the log to look the finding up in)",
        ),
    ],
    ids=["past", "zero-days", "words", "line-without-sarif"],
)
def test_accept_rejects_bad_flags(project: Path, args: list[str], message: str) -> None:
    run = run_cli(project, *accept_args("--by", "alice", *args), env=ENV)
    assert (run.code, run.err) == (2, f"sastflow: error: {message}\n")


def test_sastflow_today_must_be_a_date(project: Path) -> None:
    run = run_cli(project, "triage", "check", "--no-scan", env={"SASTFLOW_TODAY": "tomorrow"})
    assert run.code == 2
    assert (
        run.err == "sastflow: error: SASTFLOW_TODAY='tomorrow': expected a date like 2026-03-01\n"
    )


def test_accept_by_fingerprint_alone_looks_it_up(
    scanned: tuple[GitRepo, Path], tmp_path: Path
) -> None:
    repo, sarif = scanned
    (result,) = [r for r in sarif_results(sarif) if r["ruleId"] == "bandit.B307"]
    fingerprint = result["partialFingerprints"]["sastflow/v1"]
    ledger = tmp_path / "ledger.yml"
    common = [
        "--reason",
        "eval of a literal",
        "--expires",
        "+7d",
        "--by",
        "alice",
        "--ledger",
        str(ledger),
    ]
    from_sarif = run_cli(
        repo.path, "triage", "accept", fingerprint, "--sarif", str(sarif), *common, env=ENV
    )
    assert from_sarif.code == 0, from_sarif.err
    assert from_sarif.out.startswith(f"accepted bandit.B307 in app/tasks.py ({fingerprint[:12]})")
    ledger.unlink()
    by_scan = run_cli(repo.path, "triage", "accept", fingerprint, *common, env=ENV)
    assert by_scan.code == 0, by_scan.err
    assert "scanning" in by_scan.err
    assert "    rule: bandit.B307\n    path: app/tasks.py\n" in ledger.read_text()
    mismatch = run_cli(
        repo.path, "triage", "accept", fingerprint, "--sarif", str(sarif), "--rule", "bandit.B602",
        *common, env=ENV,
    )  # fmt: skip
    assert mismatch.code == 2
    assert mismatch.err == (
        f"sastflow: error: --rule bandit.B602: the finding {fingerprint} has bandit.B307\n"
    )


def test_accept_by_location_says_where_the_findings_are(scanned: tuple[GitRepo, Path]) -> None:
    repo, sarif = scanned
    base = [
        "triage",
        "accept",
        "--sarif",
        str(sarif),
        "--rule",
        "bandit.B602",
        "--path",
        "app/tasks.py",
    ]
    tail = ["--reason", "r", "--expires", "+1d", "--by", "alice", "--ledger", "unused.yml"]
    wrong_line = run_cli(repo.path, *base, "--line", "6", *tail, env=ENV)
    assert wrong_line.code == 2
    assert wrong_line.err == (
        f"sastflow: error: no finding of bandit.B602 at app/tasks.py:6 in {sarif}; "
        "bandit.B602 findings in app/tasks.py are at line 5, 9, 10\n"
    )
    missing = run_cli(repo.path, *base[:-1], "app/none.py", "--line", "1", *tail, env=ENV)
    assert missing.err.endswith(f"{sarif} has no bandit.B602 finding in app/none.py\n")
    no_file = run_cli(
        repo.path, *base, "--line", "5", *tail[:-2], "--sarif", "absent.sarif", env=ENV
    )
    assert (no_file.code, no_file.err) == (2, "sastflow: error: absent.sarif: no such SARIF file\n")
    assert not (repo.path / "unused.yml").exists()


def test_the_ledger_path_comes_from_config_unless_given(project: Path) -> None:
    (project / ".sastflow.toml").write_text(
        BANDIT_ONLY + 'ledger = "security/accepted.yml"\n', encoding="utf-8"
    )
    run = run_cli(project, *accept_args("--expires", "+30d", "--by", "alice"), env=ENV)
    assert run.out.endswith(": security/accepted.yml:24\n")
    assert (project / "security" / "accepted.yml").is_file()
    listed = run_cli(project, "triage", "list", "--no-scan", "--json", env=ENV).json()
    assert listed["ledger"] == "security/accepted.yml"
    assert [(e["status"], e["days_left"]) for e in listed["entries"]] == [("active", 30)]
    other = run_cli(project, "triage", "list", "--no-scan", "--ledger", "other.yml", env=ENV)
    assert (other.code, other.out) == (0, "other.yml: no entries\n")


def test_list_draws_a_rich_table_on_a_terminal_and_keeps_text_inert(project: Path) -> None:
    reason = "[bold red]not markup[/] ::warning::x"
    args = accept_args("--expires", "+30d", "--by", "alice")
    args[args.index("--reason") + 1] = reason
    assert run_cli(project, *args, env=ENV).code == 0
    ledger = (project / "triage" / "ledger.yml").read_text()
    assert '"[bold red]not markup[/] ::warning::x"' in ledger
    table = run_cli(
        project, "triage", "list", "--no-scan", env={**ENV, "FORCE_COLOR": "1", "COLUMNS": "160"}
    )
    assert table.code == 0
    drawn = re.sub(r"\x1b\[[0-9;]*m", "", table.out)
    assert "\x1b[" in table.out  # coloured: rich thinks it is a terminal
    assert "┃ STATUS ┃ DAYS LEFT ┃ RULE" in drawn
    assert "│ active │        30 │ bandit.B602 │ app/tasks.py │ [bold red]not markup[/]" in drawn
    assert "::warning::" not in drawn  # a CI log must not read it as a workflow command
    plain = run_cli(project, "triage", "list", "--no-scan", env=ENV).out.splitlines()
    assert plain[0].split() == ["STATUS", "DAYS", "LEFT", "RULE", "PATH", "REASON"]
    assert plain[1].startswith(
        "active         30  bandit.B602  app/tasks.py  [bold red]not markup[/]"
    )


def test_check_refuses_to_call_entries_stale_when_an_engine_failed(
    scanned: tuple[GitRepo, Path], tmp_path: Path
) -> None:
    repo, _ = scanned
    ledger = tmp_path / "ledger.yml"
    ledger.write_text("version: 1\naccepted:\n" + entry_yaml(1), encoding="utf-8")
    broken = tmp_path / "bandit.sh"
    broken.write_text("#!/bin/sh\necho 'segfault in ast' >&2\nexit 139\n", encoding="utf-8")
    broken.chmod(0o755)
    env = {**ENV, "SASTFLOW_BANDIT": str(broken)}
    check = run_cli(repo.path, "triage", "check", "--ledger", str(ledger), env=env)
    assert check.code == 3
    assert "is incomplete (bandit:" in check.err and "cannot tell stale entries" in check.err
    prune = run_cli(repo.path, "triage", "prune", "--ledger", str(ledger), env=env)
    assert prune.code == 3
    assert ledger.read_text() == "version: 1\naccepted:\n" + entry_yaml(1)


def test_prune_without_a_ledger_and_triage_without_a_subcommand(project: Path) -> None:
    run = run_cli(project, "triage", "prune", env=ENV)
    assert (run.code, run.out) == (0, "triage/ledger.yml: no entries; nothing to prune\n")
    bare = run_cli(project, "triage", env=ENV)
    assert bare.code == 2
    assert "accept" in bare.out and "prune" in bare.out


def test_accept_refuses_text_that_is_not_utf8_before_writing(project: Path) -> None:
    # A replacement character (pasted from a mangled file) and undecodable argv bytes are both
    # what the ledger refuses; the command names the flag instead of failing on its own write.
    for reason in ("caf\ufffd", "caf\udce9"):
        run = run_cli(project, *accept_args("--expires", "+30d", "--by", "alice"), env=ENV)
        assert run.code == 0  # the control: the same command with a valid reason is accepted
        (project / "triage" / "ledger.yml").unlink()
        args = [reason if a == "constant argv" else a for a in accept_args()]
        run = run_cli(project, *args, "--expires", "+30d", "--by", "alice", env=ENV)
        assert (run.code, run.err) == (2, "sastflow: error: --reason: not valid UTF-8 text\n")
        assert not (project / "triage" / "ledger.yml").exists()
