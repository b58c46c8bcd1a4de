"""Target 2: a pull request that changes one file, at three repository sizes, against a bare
Semgrep run on that one file (same rules, same flags), interleaved in one process.

The PR run is ``sastflow pr --dry-run`` when that command exists (diff-aware scan of head and
base, baseline, ledger, review and summary rendered, no network): it reads a pull_request event
written here, as GitHub Actions would provide it. Without it, ``sastflow scan --base main``
with a Markdown report stands in, and the result says so.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import (
    REPO,
    VENV_BIN,
    WORK,
    Stats,
    Timing,
    interleaved,
    out_dir,
    run_timed,
    seconds,
    section,
    spread,
    verdict,
)
from corpus import Repo, git
from full_scan import bandit_argv, merged_rules, semgrep_argv

Log = Callable[[str], None]


def has_pr_command() -> bool:
    try:
        import sastflow.commands.pr
        import sastflow.jobs.pr  # noqa: F401
    except ImportError:
        return False
    return True


def _event(repo: Repo, out: Path) -> Path:
    """A real ``pull_request.synchronize`` payload (tests/ghserver's), for this repository."""
    sys.path.insert(0, str(REPO))
    from tests.ghserver import Event, event_payload, write_event

    payload = event_payload(
        Event.SYNCHRONIZE,
        repo=f"bench/{repo.path.name}",
        number=1,
        head_sha=git(repo.path, "rev-parse", "pr").strip(),
        base_sha=git(repo.path, "rev-parse", "main").strip(),
        author="contributor",
        head_ref="pr",
        sender="contributor",
    )
    path: Path = write_event(out / f"event-{repo.path.name}.json", payload)
    return path


def pr_case(
    repo: Repo, out: Path, timeout: float, use_pr: bool, cli: str | None = None
) -> Callable[[], Timing]:
    target = out / (repo.path.name + (f"-{cli}" if cli else ""))
    target.mkdir(parents=True, exist_ok=True)
    chosen = {"SASTFLOW_SEMGREP_CLI": cli} if cli else {}
    if use_pr:
        event = _event(repo, out)
        env = {
            **chosen,
            "GITHUB_ACTIONS": "",
            "GITHUB_API_URL": "http://127.0.0.1:9",  # never contacted in --dry-run
            "GITHUB_REPOSITORY": f"bench/{repo.path.name}",
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_SHA": git(repo.path, "rev-parse", "pr").strip(),
            "GITHUB_WORKSPACE": str(repo.path),
            "GITHUB_STEP_SUMMARY": "",
            "GITHUB_OUTPUT": "",
            "GITHUB_TOKEN": "",
        }
        argv = [str(VENV_BIN / "sastflow"), "pr", "--dry-run", "--sarif", str(target / "pr.sarif")]
        return lambda: run_timed(
            argv, cwd=repo.path, timeout=timeout, env=env, stdout=target / "dry-run.txt"
        )
    argv = [
        str(VENV_BIN / "sastflow"), "scan", str(repo.path), "--base", "main", "--quiet",
        "--sarif", str(target / "pr.sarif"), "--markdown", str(target / "pr.md"),
    ]  # fmt: skip
    return lambda: run_timed(argv, cwd=repo.path, timeout=timeout, env=chosen)


def run(repos: list[Repo], *, reps: int, timeout: float, log: Log) -> dict[str, Any]:
    jobs = os.cpu_count() or 1
    out = out_dir("pr")
    out.mkdir(parents=True, exist_ok=True)
    config = merged_rules(WORK / "rules")
    use_pr = has_pr_command()
    largest = max(repos, key=lambda r: r.python_lines)
    changed = largest.changed
    log(
        f"PR scan: one changed file ({changed}), repositories of "
        + ", ".join(f"{r.python_lines:,}" for r in repos)
        + f" lines; {'sastflow pr --dry-run' if use_pr else 'sastflow scan --base main'}"
    )
    ordered = sorted(repos, key=lambda r: r.python_lines)
    cases: dict[str, Callable[[], Timing]] = {}
    for cli in ("pysemgrep", "osemgrep"):
        for r in ordered:
            cases[f"sastflow PR run, {r.python_lines:,} lines, {cli}"] = pr_case(
                r, out, timeout, use_pr, cli
            )
    cases["semgrep (bare), the changed file"] = lambda: run_timed(
        [*semgrep_argv(config, jobs, "pysemgrep"), "--", changed],
        cwd=largest.path,
        timeout=timeout,
    )
    cases["semgrep (bare, --experimental), the changed file"] = lambda: run_timed(
        [*semgrep_argv(config, jobs, "osemgrep"), "--", changed],
        cwd=largest.path,
        timeout=timeout,
    )
    cases["bandit (bare), the changed file"] = lambda: run_timed(
        [*bandit_argv(), "--", f"./{changed}"], cwd=largest.path, timeout=timeout
    )
    stats = interleaved(cases, reps, log=log)
    found = {
        f"{r.path.name}-{cli}": new_results(out / f"{r.path.name}-{cli}" / "pr.sarif")
        for r in repos
        for cli in ("pysemgrep", "osemgrep")
    }
    return {
        "new_results": found,
        "command": "sastflow pr --dry-run" if use_pr else "sastflow scan --base main --markdown",
        "changed": changed,
        "sizes": [r.python_lines for r in sorted(repos, key=lambda r: r.python_lines)],
        "reps": reps,
        "stats": {name: s.as_dict() for name, s in stats.items()},
    }


def new_results(sarif: Path) -> list[str]:
    """``path:line rule`` of every result the PR run reported as new."""
    log = json.loads(sarif.read_bytes())
    return sorted(
        f"{r['locations'][0]['physicalLocation']['artifactLocation']['uri']}:"
        f"{r['locations'][0]['physicalLocation']['region']['startLine']} {r['ruleId']}"
        for run in log["runs"]
        for r in run["results"]
        if r.get("baselineState") == "new"
    )


def problems(data: dict[str, Any]) -> list[str]:
    """Every repository's PR run must report the PR's finding, and only what is on its file."""
    found: list[str] = []
    for repo, results in data["new_results"].items():
        if not results:
            found.append(f"{repo}: the PR run reported no new finding")
        elif any(not r.startswith(data["changed"] + ":") for r in results):
            found.append(f"{repo}: new findings outside the changed file: {results}")
    if len({tuple(r) for r in data["new_results"].values()}) > 1:
        found.append(f"the repositories disagree on what the PR adds: {data['new_results']}")
    return found


def _stats(data: dict[str, Any], name: str) -> Stats:
    raw = data["stats"][name]
    return Stats(
        name, tuple(raw["walls"]), tuple(raw["cpus"]), tuple(raw["rss_mb"]), tuple(raw["loads"])
    )


def report(data: dict[str, Any]) -> tuple[str, str]:
    names = list(data["stats"])
    stats = {name: _stats(data, name) for name in names}
    bare = stats["semgrep (bare), the changed file"]
    header = ["run", "wall median (min–max)", "× bare semgrep", "CPU median"]
    rows = [
        [name, spread(s), f"{s.median / bare.median:.2f}", seconds(s.cpu)]
        for name, s in stats.items()
    ]
    fast_bare = stats["semgrep (bare, --experimental), the changed file"]
    checks = []
    for cli in ("pysemgrep", "osemgrep"):
        runs = [
            s
            for name, s in stats.items()
            if name.startswith("sastflow PR run") and name.endswith(cli)
        ]
        largest, smallest = runs[-1], runs[0]
        growth = largest.median / smallest.median
        checks += [
            [
                f"{largest.name} ≤ 1.5 × bare Semgrep on the file",
                f"{largest.median / bare.median:.2f}",
                verdict(largest.median <= 1.5 * bare.median),
            ],
            [
                f"{cli}: independent of repository size "
                f"({data['sizes'][0]:,} → {data['sizes'][-1]:,} lines)",
                f"{growth:.2f}",
                verdict(growth <= 1.15),
            ],
        ]
    checks.append(
        [
            "osemgrep PR run vs bare `semgrep --experimental` on the file (information)",
            f"{runs[-1].median / fast_bare.median:.2f}",
            "—",
        ]
    )
    loads = [load for s in stats.values() for load in s.loads]
    head = (
        f"command: `{data['command']}`; changed file `{data['changed']}`; {data['reps']} "
        f"interleaved repetitions after one warm-up each; load average during the runs "
        f"{min(loads):.1f}–{max(loads):.1f}"
    )
    return section(head, header, rows, checks, ("target", "ratio", "result"))
