"""Attack 8: file and branch names with shell metacharacters, newlines and unicode are data.

One repository whose files carry hostile names, on hostile branch names, scanned in full and
against the base (both engines); every name must come back exact, nothing may run, and the
SARIF must stay valid. Plus a tree-wide check that sastflow starts processes in one place only,
and never through a shell.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sastflow.model import BaselineState, ScanReport
from sastflow.sarif.read import read_report
from tests.adversarial import hostile, inert
from tests.conftest import GitRepo, RepoFactory, assert_valid_sarif

REPO_ROOT = Path(__file__).resolve().parents[2]
VULNERABLE = "def run(x):\n    return eval(x)\n"
BASE_BRANCH = "base/$(touch${IFS}PWNED_base)`touch${IFS}PWNED_bt`;x|y&z>w-ünï"

HOSTILE_NAMES = (
    "app/$(touch PWNED_1);echo x.py",
    "app/`touch PWNED_2`.py",
    "app/a;touch PWNED_3;.py",
    "app/new\nline.py",
    "app/tab\there.py",
    "app/quote'\"q.py",
    "app/back\\slash.py",
    "app/ünï\u202ecode\u200b.py",
    "app/100% #1 @octocat [x](e.x) <b>.py",
    "app/pipe|name & more>out.py",
    "app/star*?[ab].py",
    "app/ lead and trail .py",
    "app/-rf.py",
    "-rf.py",
    "--config=evil.py",
    "app/" + "é" * 120 + ".py",
)
MODIFIED = "app/$(touch PWNED_m) m.py"  # exists at the base: the baseline reads it back from git


@dataclass(frozen=True)
class NamedScan:
    repo: GitRepo
    full: hostile.CliRun
    full_report: ScanReport
    pr: hostile.CliRun
    pr_report: ScanReport


@pytest.fixture(scope="session")
def names_scan(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> NamedScan:
    repo = git_repo_factory(
        {
            ".sastflow.toml": hostile.CONFIG,
            "security-rules/python.yaml": hostile.RULES_TEXT,
            MODIFIED: VULNERABLE,
        }
    )
    repo.git("branch", BASE_BRANCH)
    repo.checkout(hostile.PR_BRANCH, new=True)
    files: dict[str, str | bytes | None] = {name: VULNERABLE for name in HOSTILE_NAMES}
    files[MODIFIED] = VULNERABLE + "\n\ndef again(y):\n    return eval(y)\n"
    repo.commit(files, "names")
    out = tmp_path_factory.mktemp("names-out")
    full_files, env = hostile.actions_outputs(out / "full")
    full = hostile.run_cli(
        ["scan", ".", "--engine", "bandit", *hostile.scan_args(full_files)],
        cwd=repo.path,
        env=env,
        outputs=full_files,
    )
    pr_files, env = hostile.actions_outputs(out / "pr")
    pr = hostile.run_cli(
        ["scan", ".", "--base", BASE_BRANCH, *hostile.scan_args(pr_files)],
        cwd=repo.path,
        env=env,
        outputs=pr_files,
    )
    for run in (full, pr):
        assert run.outputs["sarif"].is_file(), run.stderr
    return NamedScan(
        repo, full, read_report(full_files["sarif"]), pr, read_report(pr_files["sarif"])
    )


def _pwned(*roots: Path) -> list[str]:
    return sorted(str(p) for root in roots for p in root.rglob("PWNED*"))


def test_attack08_hostile_names_run_nothing(names_scan: NamedScan) -> None:
    assert _pwned(names_scan.repo.path, Path.cwd()) == []
    # Bandit rates eval() medium (below the gate); Semgrep's eval-call rule is high.
    assert names_scan.full.returncode == 0, names_scan.full.stderr
    assert names_scan.pr.returncode == 1, names_scan.pr.stderr


@pytest.mark.parametrize("scan", ["full", "pr"])
def test_attack08_every_hostile_name_comes_back_exact(names_scan: NamedScan, scan: str) -> None:
    report = names_scan.full_report if scan == "full" else names_scan.pr_report
    assert not report.incomplete, report.failures
    assert report.notes == () or not any("not scanned" in n for n in report.notes), report.notes
    paths = {f.path for f in report.findings}
    assert set(HOSTILE_NAMES) <= paths, sorted(set(HOSTILE_NAMES) - paths)
    engines = {"bandit"} if scan == "full" else {"bandit", "semgrep"}
    for name in HOSTILE_NAMES:
        assert {f.engine for f in report.findings if f.path == name} == engines, name


def test_attack08_the_baseline_reads_a_hostile_name_back_from_git(names_scan: NamedScan) -> None:
    states = sorted(
        (f.line, f.baseline)
        for f in names_scan.pr_report.findings
        if f.path == MODIFIED and f.engine == "semgrep"
    )
    assert states == [(2, BaselineState.UNCHANGED), (6, BaselineState.NEW)]


def test_attack08_sarif_stays_valid_and_reports_stay_inert(names_scan: NamedScan) -> None:
    import json

    for run in (names_scan.full, names_scan.pr):
        texts = run.texts()
        assert_valid_sarif(json.loads(texts["sarif"]))
        assert inert.active_tokens(texts["markdown"]) == []
        assert inert.live_text(texts["markdown"]) == []
        found = inert.commands(run.stdout)
        assert {name for name, _, _ in found} <= {"error", "warning", "notice"}
        assert inert.commands(run.stderr) == []


@pytest.mark.parametrize("flag", ["--base", "--head"])
def test_attack08_a_ref_cannot_smuggle_git_options(
    names_scan: NamedScan, tmp_path: Path, flag: str
) -> None:
    """`--upload-pack=...` as a ref made `git fetch` run a command (FINDINGS.md H5, fixed)."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", str(names_scan.repo.path), str(clone)],
        check=True,
        capture_output=True,
    )
    marker = tmp_path / "PWNED_upload_pack"
    refs = ["--base", "main"] if flag == "--head" else []
    run = hostile.run_cli(
        ["scan", ".", *refs, f"{flag}=--upload-pack=touch {marker};false", "-q"], cwd=clone
    )
    assert not marker.exists(), "git ran the command smuggled in the ref"
    assert run.returncode == 2
    assert "Traceback" not in run.stderr


# --- processes start in one place, never through a shell ---------------------------------

_PROCESS_CALLS = {
    ("os", "system"),
    ("os", "popen"),
    ("os", "posix_spawn"),
    ("os", "posix_spawnp"),
    ("pty", "spawn"),
    ("asyncio", "create_subprocess_shell"),
    ("asyncio", "create_subprocess_exec"),
}
_PROCESS_PREFIXES = (("os", "exec"), ("os", "spawn"))
_PROCESS_MODULES = {"subprocess", "pty", "multiprocessing", "pexpect", "sh", "plumbum"}


def _process_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(REPO_ROOT)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for name in [module, *names] if module else names:
                if name and name.split(".")[0] in _PROCESS_MODULES:
                    found.append(f"{where}: imports {name}")
            if module == "os" and any(
                (module, n) in _PROCESS_CALLS or n.startswith(("exec", "spawn")) for n in names
            ):
                found.append(f"{where}: imports a process function from os")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            pair = (node.value.id, node.attr)
            if pair in _PROCESS_CALLS or any(
                node.value.id == m and node.attr.startswith(p) for m, p in _PROCESS_PREFIXES
            ):
                found.append(f"{where}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg == "shell":
            found.append(f"{where}: shell= keyword")
    return found


def test_attack08_processes_start_only_in_proc_py_and_never_through_a_shell() -> None:
    sources = sorted((REPO_ROOT / "sastflow").rglob("*.py"))
    assert len(sources) > 20  # the walk really covers the package
    proc = REPO_ROOT / "sastflow" / "proc.py"
    offenders = [use for path in sources if path != proc for use in _process_uses(path)]
    assert offenders == []
    # proc.py itself: subprocess with argv lists, and no shell anywhere.
    assert not [u for u in _process_uses(proc) if "shell" in u or "os." in u]
    # ruff's S6xx rules (subprocess, shell, os.system, partial paths) agree, tree-wide.
    ruff = Path(sys.executable).parent / "ruff"
    done = subprocess.run(
        [str(ruff), "check", "--no-cache", "--select", "S6", "--output-format", "concise",
         str(REPO_ROOT / "sastflow")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("side", ["head", "base"])
def test_attack08_a_pr_branch_name_cannot_smuggle_git_options(
    names_scan: NamedScan, tmp_path: Path, side: str
) -> None:
    """`sastflow pr` falls back to fetching a commit by its branch name: a fork's branch named
    `--upload-pack=...` (a valid ref name) must stay a name. The head commit is one the clone
    and origin lack, so the fallback is really taken."""
    from tests.ghserver.events import Event, event_payload, write_event

    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", f"file://{names_scan.repo.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    marker = tmp_path / "PWNED_branch_name"
    evil = f"--upload-pack=touch {marker};false"
    head = "f" * 40 if side == "head" else names_scan.repo.head()
    base = names_scan.repo.git("rev-parse", "main") if side == "head" else "e" * 40
    payload = event_payload(
        Event.OPENED,
        repo="acme/app",
        number=3,
        head_sha=head,
        base_sha=base,
        author="mallory",
        head_ref=evil if side == "head" else "feature",
        base_ref=evil if side == "base" else "main",
    )
    event = write_event(tmp_path / "event.json", payload)
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(clone),
        "GITHUB_TOKEN": hostile.TOKEN,
    }
    run = hostile.run_cli(["pr", "--dry-run"], cwd=clone, env=env)
    assert not marker.exists(), "git ran the command smuggled in the branch name"
    assert run.returncode == 2, run.stderr
    assert "is not a valid git revision" in run.stderr  # refused, by name
    assert "Traceback" not in run.stderr
    assert hostile.TOKEN not in run.stdout + run.stderr


def test_attack08_hostile_names_through_sastflow_pr(names_scan: NamedScan, tmp_path: Path) -> None:
    """The same names in a pull request review: inline comments land on the exact paths (or
    the summary lists them), every body stays inert, nothing runs, nothing is rejected."""
    from tests.ghserver import GitHubServer
    from tests.ghserver.events import Event, event_payload, write_event

    repo = names_scan.repo
    head, base = repo.head(), repo.git("rev-parse", BASE_BRANCH)
    with GitHubServer() as server:
        server.add_repo("acme/app")
        server.add_user("mallory")
        server.add_user("github-actions[bot]", "Bot")
        server.add_token(hostile.TOKEN, "github-actions[bot]", "write")
        server.add_pull_from_git(
            "acme/app", 5, repo.path, author="mallory", base=base, head=head,
            base_ref=BASE_BRANCH, head_ref=hostile.PR_BRANCH,
        )  # fmt: skip
        event = write_event(
            tmp_path / "event.json",
            event_payload(
                Event.OPENED, repo="acme/app", number=5, head_sha=head, base_sha=base,
                author="mallory", head_ref=hostile.PR_BRANCH, base_ref=BASE_BRANCH,
                api_url=server.url,
            ),
        )  # fmt: skip
        out, env = hostile.actions_outputs(tmp_path / "out")
        env.update(
            server.actions_env(
                repo="acme/app", token=hostile.TOKEN, event_name="pull_request",
                event_path=event, sha=head, workspace=repo.path,
            )
        )  # fmt: skip
        run = hostile.run_cli(
            ["pr", *hostile.scan_args(out), "--api-write-interval", "0"],
            cwd=repo.path,
            env=env,
            outputs=out,
        )
        comments = server.review_comments("acme/app", 5)
        summaries = [c.body for c in server.issue_comments("acme/app", 5)]
        violations = list(server.schema_violations)
        rejected = [r for r in server.requests if r.is_write and r.status >= 400]  # e.g. 422
    assert run.returncode == 1, run.stderr
    assert _pwned(repo.path, Path.cwd()) == []
    assert violations == [] and rejected == [], rejected
    assert comments, "no inline comment at all"
    assert {c.path for c in comments} <= set(HOSTILE_NAMES) | {MODIFIED}
    for body in [c.body for c in comments] + summaries:
        inert.assert_only_sastflow_markup(body)
    assert hostile.leaks(run) == []
