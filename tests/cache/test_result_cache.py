"""The result cache with the real engines on fixture repositories: a cached scan's SARIF results
equal an uncached scan's, whatever changed; anything that decides results misses; a bad entry
is a miss; concurrent scans share a folder safely; an engine failure is never cached."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sastflow.cache import entry
from sastflow.engines import bandit as bandit_engine
from tests.cache.helpers import (
    FILES,
    VENV_BIN,
    comparable_results,
    entries,
    entry_paths,
    scan,
)
from tests.conftest import GitRepo, RepoFactory

PYTHON_FILES = sum(1 for p in FILES if p.endswith(".py"))  # Bandit's targets
SEMGREP_FILES = PYTHON_FILES + 1  # and the workflow


@pytest.fixture
def repo(git_repo_factory: RepoFactory) -> GitRepo:
    return git_repo_factory(FILES)


def wrapper(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_unchanged_rescan_is_all_cached_and_equals_an_uncached_scan(
    repo: GitRepo, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold = scan(repo.path, tmp_path / "cold.sarif", "--cache-dir", str(cache))
    warm = scan(repo.path, tmp_path / "warm.sarif", "--cache-dir", str(cache))
    plain = scan(repo.path, tmp_path / "plain.sarif", "--no-cache")

    assert {r[0] for r in plain.results} == {"Semgrep", "Bandit"}
    assert any(r[6] != "null" for r in plain.results), "the # nosec suppression is kept"
    assert cold.results == plain.results
    assert warm.results == plain.results
    assert warm.rules == plain.rules
    assert cold.progress("semgrep") == (SEMGREP_FILES, 0)
    assert warm.progress("semgrep") == (0, SEMGREP_FILES)
    assert warm.progress("bandit") == (0, PYTHON_FILES)
    assert plain.progress("semgrep") is None  # no cache, no cache line
    assert len(entries(cache)) == SEMGREP_FILES + PYTHON_FILES


@pytest.mark.parametrize(
    ("change", "analysed"),
    [
        ({"app/views.py": str(FILES["app/views.py"]) + "    eval(request.args['x'])\n"}, 1),
        ({"lib/evil.py": None, "lib/renamed.py": FILES["lib/evil.py"]}, 1),
        ({"lib/evil.py": None}, 0),
    ],
    ids=["edited", "renamed", "deleted"],
)
def test_after_a_change_the_cached_scan_equals_an_uncached_one(
    repo: GitRepo, tmp_path: Path, change: dict[str, str | None], analysed: int
) -> None:
    cache = tmp_path / "cache"
    before = scan(repo.path, tmp_path / "before.sarif", "--cache-dir", str(cache))
    repo.commit(change)
    after = scan(repo.path, tmp_path / "after.sarif", "--cache-dir", str(cache))
    plain = scan(repo.path, tmp_path / "plain.sarif", "--no-cache")

    assert after.results == plain.results
    assert after.rules == plain.rules
    assert after.results != before.results  # the change shows
    bandit_analysed, bandit_cached = after.progress("bandit") or (-1, -1)
    assert bandit_analysed == analysed
    assert bandit_cached == PYTHON_FILES - 1


def test_nothing_runs_when_every_file_hits(repo: GitRepo, tmp_path: Path) -> None:
    log = tmp_path / "engine-calls.log"
    env = {
        "SASTFLOW_SEMGREP": str(
            wrapper(
                tmp_path / "semgrep", f'echo "semgrep $*" >> {log}\nexec {VENV_BIN}/semgrep "$@"\n'
            )
        ),
        "SASTFLOW_BANDIT": str(
            wrapper(
                tmp_path / "bandit", f'echo "bandit $*" >> {log}\nexec {VENV_BIN}/bandit "$@"\n'
            )
        ),
    }
    cache = ("--cache-dir", str(tmp_path / "cache"))
    scan(repo.path, tmp_path / "1.sarif", *cache, env=env)
    calls = log.read_text(encoding="utf-8").splitlines()
    assert {line.split()[0] for line in calls} == {"semgrep", "bandit"}

    again = scan(repo.path, tmp_path / "2.sarif", *cache, env=env)
    assert log.read_text(encoding="utf-8").splitlines() == calls, "an engine ran on a full hit"
    assert again.progress("semgrep") == (0, SEMGREP_FILES)

    repo.commit({"app/clean.py": "def add(a, b):\n    return b + a\n"})
    scan(repo.path, tmp_path / "3.sarif", *cache, env=env)
    new_calls = log.read_text(encoding="utf-8").splitlines()[len(calls) :]
    assert len(new_calls) == 2  # one invocation per engine, on the one changed file only
    for line in new_calls:
        targets = line.split(" -- ", 1)[1].split()
        assert [t.removeprefix("./") for t in targets] == ["app/clean.py"]


def test_a_rule_file_change_misses_for_semgrep_only(
    git_repo_factory: RepoFactory, tmp_path: Path
) -> None:
    rule = (
        "rules:\n  - id: no-eval\n    message: {message}\n    severity: ERROR\n"
        "    languages: [python]\n    pattern: eval(...)\n"
    )
    repo = git_repo_factory(
        {
            **FILES,
            ".sastflow.toml": 'rules = ["security-rules"]\n',
            "security-rules/no-eval.yaml": rule.format(message="eval of data"),
        }
    )
    cache = ("--cache-dir", str(tmp_path / "cache"))
    first = scan(repo.path, tmp_path / "1.sarif", *cache)
    assert any(r[1] == "security-rules.no-eval" and r[5] == "eval of data" for r in first.results)
    repo.commit({"security-rules/no-eval.yaml": rule.format(message="eval reached")})
    second = scan(repo.path, tmp_path / "2.sarif", *cache)
    assert second.progress("semgrep") == (SEMGREP_FILES + 1, 0)  # the rule file is a target too
    assert second.progress("bandit") == (0, PYTHON_FILES)
    messages = {r[5] for r in second.results if r[1] == "security-rules.no-eval"}
    assert messages == {"eval reached"}


def test_a_bandit_profile_change_misses(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    first = scan(repo.path, tmp_path / "1.sarif", *cache)
    assert any(r[1] == "bandit.B105" for r in first.results)
    profile = tmp_path / "bandit.yml"
    original = bandit_engine.profile().read_text(encoding="utf-8")
    profile.write_text(original.replace("skips:\n", "skips:\n  - B105\n"), encoding="utf-8")
    monkeypatch.setattr(bandit_engine, "profile", lambda: profile)

    second = scan(repo.path, tmp_path / "2.sarif", *cache)
    assert second.progress("bandit") == (PYTHON_FILES, 0)
    assert second.progress("semgrep") == (0, SEMGREP_FILES)
    assert not any(r[1] == "bandit.B105" for r in second.results)


def test_an_engine_version_change_misses(repo: GitRepo, tmp_path: Path) -> None:
    bandit = wrapper(tmp_path / "bandit", f'exec {VENV_BIN}/bandit "$@"\n')
    cache = ("--cache-dir", str(tmp_path / "cache"))
    env = {"SASTFLOW_BANDIT": str(bandit)}
    scan(repo.path, tmp_path / "1.sarif", *cache, env=env)
    assert scan(repo.path, tmp_path / "2.sarif", *cache, env=env).progress("bandit") == (
        0,
        PYTHON_FILES,
    )
    wrapper(bandit, f'# bandit 1.9.5\nexec {VENV_BIN}/bandit "$@"\n')  # "upgraded"
    third = scan(repo.path, tmp_path / "3.sarif", *cache, env=env)
    assert third.progress("bandit") == (PYTHON_FILES, 0)
    assert third.progress("semgrep") == (0, SEMGREP_FILES)


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _corrupt(data: bytes) -> bytes:
    return data[:10] + bytes(b ^ 0x5A for b in data[10:])


@pytest.mark.parametrize(
    "damage", [_truncate, _corrupt, None], ids=["truncated", "corrupted", "foreign"]
)
def test_a_bad_entry_is_a_miss_never_an_error_or_a_lost_finding(
    repo: GitRepo, tmp_path: Path, damage: Callable[[bytes], bytes] | None
) -> None:
    cache = tmp_path / "cache"
    scan(repo.path, tmp_path / "1.sarif", "--cache-dir", str(cache))
    stored = entries(cache)
    if damage is None:
        # Each file holds another key's whole, valid entry (a copy, a hash mix-up).
        blobs = [path.read_bytes() for path, _ in stored]
        for (path, _), blob in zip(stored, blobs[1:] + blobs[:1], strict=True):
            path.write_bytes(blob)
    else:
        for path, _ in stored:
            path.write_bytes(damage(path.read_bytes()))

    again = scan(repo.path, tmp_path / "2.sarif", "--cache-dir", str(cache))
    plain = scan(repo.path, tmp_path / "plain.sarif", "--no-cache")
    assert again.code == 0, again.err
    assert again.results == plain.results
    assert again.progress("semgrep") == (SEMGREP_FILES, 0)
    assert again.progress("bandit") == (PYTHON_FILES, 0)
    # ...and the entries were written again, whole.
    third = scan(repo.path, tmp_path / "3.sarif", "--cache-dir", str(cache))
    assert third.progress("semgrep") == (0, SEMGREP_FILES)
    assert third.results == plain.results


def test_an_entry_for_another_key_or_path_is_refused() -> None:
    from sastflow.model import FileOutcome

    blob = entry.encode("k1", "bandit", FileOutcome("a.py"), [])
    assert entry.decode(blob, "k1", "a.py") is not None
    assert entry.decode(blob, "k2", "a.py") is None
    assert entry.decode(blob, "k1", "b.py") is None
    assert entry.decode(b"", "k1", "a.py") is None


def test_two_scans_at_once_on_one_cache_folder(repo: GitRepo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "SASTFLOW_CACHE_DIR": str(cache)}
    sarifs = [tmp_path / "a.sarif", tmp_path / "b.sarif"]
    procs = [
        subprocess.Popen(
            [
                str(VENV_BIN / "sastflow"),
                "scan",
                ".",
                "--fail-on",
                "never",
                "-q",
                "--sarif",
                str(s),
            ],
            cwd=repo.path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for s in sarifs
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    plain = scan(repo.path, tmp_path / "plain.sarif", "--no-cache")
    for sarif in sarifs:
        assert comparable_results(json.loads(sarif.read_text(encoding="utf-8"))) == plain.results
    for path, document in entries(cache):  # every entry whole and decodable
        assert entry.decode(path.read_bytes(), document["key"], document["path"]) is not None
    assert not list(cache.rglob(".tmp-*"))
    warm = scan(repo.path, tmp_path / "warm.sarif", "--cache-dir", str(cache))
    assert warm.progress("semgrep") == (0, SEMGREP_FILES)
    assert warm.results == plain.results


def test_an_engine_that_crashes_on_a_file_leaves_no_entry_for_it(
    repo: GitRepo, tmp_path: Path
) -> None:
    crashing = wrapper(
        tmp_path / "bandit",
        'case "$*" in *evil.py*) echo "bandit: internal error" >&2; exit 2;; esac\n'
        f'exec {VENV_BIN}/bandit "$@"\n',
    )
    cache = tmp_path / "cache"
    failed = scan(
        repo.path, tmp_path / "1.sarif", "--cache-dir", str(cache),
        env={"SASTFLOW_BANDIT": str(crashing)},
    )  # fmt: skip
    assert failed.code == 3, failed.err
    assert "lib/evil.py" not in entry_paths(cache, "bandit")
    assert "lib/evil.py" in entry_paths(cache, "semgrep")  # the other engine's are kept
    assert any(r[0] == "Semgrep" for r in failed.results)

    healthy = scan(repo.path, tmp_path / "2.sarif", "--cache-dir", str(cache))
    assert healthy.code == 0
    assert any(r[1] == "bandit.B307" and r[2] == "lib/evil.py" for r in healthy.results)


def test_the_pr_baseline_is_served_from_the_nightly_cache(repo: GitRepo, tmp_path: Path) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    scan(repo.path, tmp_path / "nightly.sarif", *cache)
    repo.checkout("feature", new=True)
    repo.commit({"app/views.py": str(FILES["app/views.py"]) + "    eval(request.args['x'])\n"})
    pr = scan(repo.path, tmp_path / "pr.sarif", "--base", "main", *cache)
    plain = scan(repo.path, tmp_path / "plain.sarif", "--base", "main", "--no-cache")
    assert pr.progress("semgrep (base)") == (0, 1)
    assert pr.progress("bandit (base)") == (0, 1)
    assert pr.progress("bandit") == (1, 0)  # the head's bytes are new
    assert pr.results == plain.results
    assert {r[7] for r in pr.results} == {"new", "unchanged"}


def test_no_cache_and_the_environment_switch_write_nothing(repo: GitRepo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    scan(repo.path, tmp_path / "1.sarif", "--cache-dir", str(cache), "--no-cache")
    assert not cache.exists()
    scan(
        repo.path, tmp_path / "2.sarif",
        env={"SASTFLOW_CACHE_DIR": str(cache), "SASTFLOW_NO_CACHE": "1"},
    )  # fmt: skip
    assert not cache.exists()
    scan(repo.path, tmp_path / "3.sarif", env={"SASTFLOW_CACHE_DIR": str(cache)})
    assert entries(cache)


def test_the_default_folder_is_under_xdg_cache_home(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    scan(repo.path, tmp_path / "1.sarif")  # run_cli drops SASTFLOW_CACHE_DIR
    assert entries(tmp_path / "xdg" / "sastflow")


def test_cache_max_mb_bounds_the_folder(git_repo_factory: RepoFactory, tmp_path: Path) -> None:
    repo = git_repo_factory({**FILES, ".sastflow.toml": "cache_max_mb = 0\n"})
    cache = tmp_path / "cache"
    first = scan(repo.path, tmp_path / "1.sarif", "--cache-dir", str(cache))
    assert first.code == 0
    assert entries(cache) == []  # a zero bound keeps nothing
    bad = git_repo_factory({**FILES, ".sastflow.toml": 'cache_max_mb = "lots"\n'})
    refused = scan(bad.path, tmp_path / "2.sarif", "--cache-dir", str(cache))
    assert refused.code == 2
    assert "cache_max_mb" in refused.err


def test_what_engines_could_not_parse_is_served_from_the_cache_too(
    git_repo_factory: RepoFactory, tmp_path: Path
) -> None:
    from sastflow.pipeline import ScanOptions, run_scan

    repo = git_repo_factory(
        {
            **FILES,
            "app/modern.py": "type Digest = str\nimport os\nos.system(input())\n",  # 3.12 syntax
            "deploy/deep.yml": "[" * 300 + "]" * 300 + "\n",  # kept from Semgrep
        }
    )
    options = ScanOptions(root=repo.path, cache_dir=tmp_path / "cache")
    cold, warm = run_scan(options), run_scan(options)
    plain = run_scan(ScanOptions(root=repo.path, use_cache=False))
    expected = (
        ("bandit", ("app/modern.py",), PYTHON_FILES + 1),
        ("semgrep", ("deploy/deep.yml",), SEMGREP_FILES + 2),
    )
    for engine, unparsed, targets in expected:
        runs = [
            next(r for r in report.runs if r.engine == engine) for report in (cold, warm, plain)
        ]
        assert [r.unparsed for r in runs] == [unparsed] * 3
        assert runs[1].cached_files == targets  # the unparsed files too: nothing ran
        assert sorted(runs[1].warnings) == sorted(runs[2].warnings)
        assert runs[1].scanned_files == runs[2].scanned_files
    assert [f.fingerprint for f in warm.findings] == [f.fingerprint for f in plain.findings]
