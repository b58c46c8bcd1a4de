"""Target 1: a full scan with ``sastflow scan`` against the bare engines, same rules, same
targets, same flags, interleaved in one process.

The bare command lines come from the engine modules themselves (``semgrep.command``,
``bandit.command``), so "same flags" holds by construction. "Sequential" is, per repetition,
bare Semgrep's run plus bare Bandit's run: the two one after the other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import (
    VENV_BIN,
    WORK,
    Stats,
    Timing,
    interleaved,
    out_dir,
    own_peak_rss_mb,
    run_timed,
    seconds,
    section,
    spread,
    summed,
    verdict,
)
from corpus import Repo, scan_targets

Log = Callable[[str], None]


def merged_rules(workdir: Path) -> Path:
    """sastflow's default pack as the single config file sastflow itself hands Semgrep."""
    from sastflow import rulepack
    from sastflow.config import DEFAULT_PACK_NAME
    from sastflow.engines.interface import RulePack
    from sastflow.engines.semgrep import MergedPack

    workdir.mkdir(parents=True, exist_ok=True)
    pack = MergedPack((RulePack(DEFAULT_PACK_NAME, rulepack.default_pack_dir()),), workdir)
    assert pack.path is not None, "the default pack has no rules"
    return pack.path


def semgrep_argv(config: Path, jobs: int, cli: str) -> list[str]:
    from sastflow.engines import semgrep

    return semgrep.command(str(VENV_BIN / "semgrep"), config, jobs, cli=semgrep.Cli(cli))


def bandit_argv() -> list[str]:
    from sastflow import rulepack
    from sastflow.engines import bandit

    return bandit.command(str(VENV_BIN / "bandit"), rulepack.default_bandit_profile())


def count_semgrep(path: Path) -> int:
    return len(json.loads(path.read_bytes())["results"])


def semgrep_keys(path: Path) -> set[tuple[str, str, int, int]]:
    """What a Semgrep run found, independent of the config-path prefix of rule ids."""
    return {
        (
            r["check_id"].rsplit(".", 1)[-1],
            r["path"].removeprefix("./"),
            r["start"]["line"],
            r["end"]["line"],
        )
        for r in json.loads(path.read_bytes())["results"]
    }


def count_bandit(path: Path) -> int:
    return len(json.loads(path.read_bytes())["results"])


def count_sarif(path: Path) -> dict[str, int]:
    log = json.loads(path.read_bytes())
    return {
        run["tool"]["driver"]["properties"]["sastflow-engine"]: len(run["results"])
        for run in log["runs"]
    }


def _warm_page_cache(repo: Path, files: list[str]) -> None:
    for rel in files:
        (repo / rel).read_bytes()


def run(repo: Repo, *, reps: int, timeout: float, log: Log, extra: bool = True) -> dict[str, Any]:
    jobs = os.cpu_count() or 1
    out = out_dir("full")
    out.mkdir(parents=True, exist_ok=True)
    config = merged_rules(WORK / "rules")
    from sastflow.engines import bandit, semgrep

    # The suffixes each engine takes, from the engines themselves (templates included).
    semgrep_targets = scan_targets(repo.path, semgrep.SUFFIXES)
    bandit_targets = scan_targets(repo.path, bandit.SUFFIXES)
    _warm_page_cache(repo.path, semgrep_targets)
    log(
        f"full scan: {repo.path.name}, {repo.python_lines:,} lines of Python, "
        f"{len(semgrep_targets)} Semgrep / {len(bandit_targets)} Bandit targets, jobs={jobs}"
    )

    def sastflow_case(name: str, *flags: str, env: dict[str, str] | None = None) -> Timing:
        target = out / name
        return run_timed(
            [str(VENV_BIN / "sastflow"), "scan", str(repo.path), "--quiet",
             "--out-dir", str(target), *flags],
            timeout=timeout,
            env=env,
        )  # fmt: skip

    cases: dict[str, Callable[[], Timing]] = {
        "sastflow scan": lambda: sastflow_case("sastflow"),
        "sastflow scan, pysemgrep": lambda: sastflow_case(
            "sastflow-pysemgrep", env={"SASTFLOW_SEMGREP_CLI": "pysemgrep"}
        ),
        "semgrep (bare)": lambda: run_timed(
            [*semgrep_argv(config, jobs, "pysemgrep"), "--", *semgrep_targets],
            cwd=repo.path,
            timeout=timeout,
            stdout=out / "semgrep.json",
        ),
        "bandit (bare)": lambda: run_timed(
            [*bandit_argv(), "--", *(f"./{t}" for t in bandit_targets)],
            cwd=repo.path,
            timeout=timeout,
            stdout=out / "bandit.json",
        ),
    }
    if extra:
        cases["semgrep (bare, --experimental)"] = lambda: run_timed(
            [*semgrep_argv(config, jobs, "osemgrep"), "--", *semgrep_targets],
            cwd=repo.path,
            timeout=timeout,
            stdout=out / "osemgrep.json",
        )
        cases["sastflow scan --engine bandit"] = lambda: sastflow_case(
            "sastflow-bandit", "--engine", "bandit"
        )

    stats = interleaved(cases, reps, log=log, warmup=False)
    stats["sequential (bare semgrep, then bare bandit)"] = summed(
        "sequential", [stats["semgrep (bare)"], stats["bandit (bare)"]]
    )

    counts = {
        "sastflow scan": count_sarif(out / "sastflow" / "sastflow.sarif"),
        "sastflow scan, pysemgrep": count_sarif(out / "sastflow-pysemgrep" / "sastflow.sarif"),
        "semgrep (bare)": {"semgrep": count_semgrep(out / "semgrep.json")},
        "bandit (bare)": {"bandit": count_bandit(out / "bandit.json")},
    }
    if extra:
        counts["semgrep (bare, --experimental)"] = {"semgrep": count_semgrep(out / "osemgrep.json")}
        counts["sastflow scan --engine bandit"] = count_sarif(
            out / "sastflow-bandit" / "sastflow.sarif"
        )

    agree = None
    if extra:
        agree = semgrep_keys(out / "semgrep.json") == semgrep_keys(out / "osemgrep.json")
    return {
        "bench_rss_mb": own_peak_rss_mb(),
        "semgrep_clis_agree": agree,
        "repo": repo.path.name,
        "python_lines": repo.python_lines,
        "semgrep_targets": len(semgrep_targets),
        "bandit_targets": len(bandit_targets),
        "jobs": jobs,
        "reps": reps,
        "stats": {name: s.as_dict() for name, s in stats.items()},
        "counts": counts,
    }


def problems(data: dict[str, Any]) -> list[str]:
    """The comparison is only fair if sastflow reports what the bare engines report."""
    counts = data["counts"]
    found: list[str] = []
    for name, engines in counts.items():
        for engine, count in engines.items():
            bare = counts[f"{engine} (bare)"][engine]
            if count != bare:
                found.append(f"{name}: {count} {engine} results, bare {engine} has {bare}")
    if data.get("semgrep_clis_agree") is False:
        found.append("Semgrep's Python and OCaml CLIs found different results")
    return found


def _stats(data: dict[str, Any], name: str) -> Stats:
    raw = data["stats"][name]
    return Stats(
        name=name,
        walls=tuple(raw["walls"]),
        cpus=tuple(raw["cpus"]),
        rss_mb=tuple(raw["rss_mb"]),
        loads=tuple(raw["loads"]),
    )


def report(data: dict[str, Any]) -> tuple[str, str]:
    """(text for the terminal, Markdown for RESULTS.md)."""
    names = list(data["stats"])
    stats = {name: _stats(data, name) for name in names}
    sastflow = stats["sastflow scan"]
    slower = max(stats["semgrep (bare)"], stats["bandit (bare)"], key=lambda s: s.median)
    sequential = stats["sequential (bare semgrep, then bare bandit)"]
    header = ["run", "wall median (min–max)", "× sastflow", "CPU median", "peak RSS", "findings"]
    rows = []
    for name in names:
        s = stats[name]
        found = data["counts"].get(name, {})
        rows.append(
            [
                name,
                spread(s),
                f"{s.median / sastflow.median:.2f}",
                seconds(s.cpu),
                f"{s.rss:.0f} MB",
                ", ".join(f"{k} {v}" for k, v in found.items()) or "—",
            ]
        )
    checks = []
    for name in ("sastflow scan", "sastflow scan, pysemgrep"):
        if name not in stats:
            continue
        ours = stats[name]
        ratio_slower = ours.median / slower.median
        ratio_sequential = ours.median / sequential.median
        checks += [
            [
                f"{name} ≤ 1.05 × slower bare engine ({slower.name})",
                f"{ratio_slower:.2f}",
                verdict(ratio_slower <= 1.05),
            ],
            [
                f"{name} ≤ 0.6 × sequential",
                f"{ratio_sequential:.2f}",
                verdict(ratio_sequential <= 0.6),
            ],
        ]
    floor = (stats["semgrep (bare)"].cpu + stats["bandit (bare)"].cpu) / data["jobs"]
    checks.append(
        [
            "CPU floor: (bare Semgrep CPU + bare Bandit CPU) / cores, × slower bare engine",
            f"{floor / slower.median:.2f}",
            "—",
        ]
    )
    if "sastflow scan --engine bandit" in stats:
        ours = stats["sastflow scan --engine bandit"]
        bare = stats["bandit (bare)"]
        checks.append(
            [
                "sastflow's Bandit (split across cores) vs bare Bandit",
                f"{ours.median / bare.median:.2f}",
                verdict(ours.median < bare.median),
            ]
        )
    loads = [load for s in stats.values() for load in s.loads]
    head = (
        f"{data['repo']}: {data['python_lines']:,} lines of Python; "
        f"{data['semgrep_targets']} Semgrep targets, {data['bandit_targets']} Bandit targets; "
        f"--jobs {data['jobs']}; {data['reps']} interleaved repetitions; "
        f"load average during the runs {min(loads):.1f}–{max(loads):.1f}; peak RSS includes "
        f"the bench process's own {data.get('bench_rss_mb', 0):.0f} MB (inherited at spawn)"
    )
    return section(head, header, rows, checks, ("target", "ratio", "result"))
