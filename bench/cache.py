"""Target 6 (issue 16): the result cache on a full scan, side by side in one run.

Cases, all ``sastflow scan`` of the same repository through the console script:
- cold, ``--no-cache``; cold with an empty cache folder (interleaved: writing the cache must be
  nearly free);
- an unchanged rescan (every file a hit: sastflow's own fixed cost);
- one file changed (a different edit per repetition, so it always misses), against bare Semgrep
  on that one file;
- the cache's size on disk, and its growth over simulated nightly scans, each changing 1 % of
  the files (real scans with real edits; the edits are undone afterwards).
Every cached scan's SARIF results are compared with an uncached scan's of the same tree.
"""

from __future__ import annotations

import json
import random
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import (
    VENV_BIN,
    WORK,
    Stats,
    Timing,
    interleaved,
    markdown_table,
    out_dir,
    run_timed,
    seconds,
    section,
    spread,
    text_table,
    verdict,
)
from corpus import Repo, scan_targets
from full_scan import merged_rules, semgrep_argv

Log = Callable[[str], None]
SCANNED = (".py", ".pyi", ".pyw", ".yml", ".yaml")


def _results(sarif: Path) -> list[tuple[Any, ...]]:
    """What a user compares: rule, place, fingerprint, message, suppressions, per engine."""
    log = json.loads(sarif.read_bytes())
    found: list[tuple[Any, ...]] = []
    for run in log["runs"]:
        for r in run["results"]:
            place = r["locations"][0]["physicalLocation"]
            found.append(
                (
                    run["tool"]["driver"]["name"],
                    r["ruleId"],
                    place["artifactLocation"]["uri"],
                    json.dumps(place["region"], sort_keys=True),
                    r["partialFingerprints"]["sastflow/v1"],
                    r["message"]["text"],
                    json.dumps(r.get("suppressions"), sort_keys=True),
                )
            )
    return found


def _usage(folder: Path) -> dict[str, int]:
    """Entries, their bytes, and the disk blocks they take."""
    entries = size = blocks = 0
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            entries += 1
            size += stat.st_size
            blocks += stat.st_blocks * 512
    return {"entries": entries, "bytes": size, "disk_bytes": blocks}


def _write_cost(cache: Path, into: Path) -> dict[str, float]:
    """CPU of writing a whole cold scan's entries again (encode + atomic write), in this
    process: the cache's own cost in a cold scan, free of the engines' run-to-run noise."""
    import resource

    from sastflow.cache import entry
    from sastflow.cache.store import ResultStore

    loaded = []
    for path in sorted(cache.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            document = json.loads(zlib.decompress(data[data.index(b"\n") + 1 :]))
            decoded = entry.decode(data, document["key"], document["path"])
            if decoded is not None:
                loaded.append((document["key"], document["engine"], *decoded))
    shutil.rmtree(into, ignore_errors=True)
    store = ResultStore(into, 1 << 40)
    before = resource.getrusage(resource.RUSAGE_SELF)
    for key, engine, outcome, findings in loaded:
        store.put(key, entry.encode(key, engine, outcome, findings))
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"entries": len(loaded), "cpu": cpu}


def _edit(path: Path, tag: str) -> None:
    """A change that keeps the file valid: a comment line (Python and YAML alike)."""
    path.write_bytes(path.read_bytes() + f"\n# {tag}\n".encode())


def run(
    repo: Repo,
    *,
    reps: int,
    timeout: float,
    log: Log,
    nights: int = 30,
    nightly_share: float = 0.01,
) -> dict[str, Any]:
    out = out_dir("cache")
    out.mkdir(parents=True, exist_ok=True)
    caches = WORK / "caches"
    shutil.rmtree(caches, ignore_errors=True)
    caches.mkdir(parents=True)
    targets = scan_targets(repo.path, SCANNED)
    changed = repo.path / repo.changed
    original = changed.read_bytes()
    log(f"cache: {repo.path.name}, {len(targets)} targets, {repo.python_lines:,} lines of Python")

    def sastflow(name: str, *flags: str) -> Timing:
        return run_timed(
            [str(VENV_BIN / "sastflow"), "scan", str(repo.path), "--quiet", "--fail-on", "never",
             "--sarif", str(out / f"{name}.sarif"), *flags],
            timeout=timeout,
        )  # fmt: skip

    counter = {"cold": 0}

    def cold_cached() -> Timing:
        counter["cold"] += 1
        folder = caches / f"cold-{counter['cold']}"
        shutil.rmtree(folder, ignore_errors=True)
        return sastflow("cold-cache", "--cache-dir", str(folder))

    cold = interleaved(
        {
            "cold, --no-cache": lambda: sastflow("cold-nocache", "--no-cache"),
            "cold, empty cache": cold_cached,
        },
        reps,
        log=log,
        warmup=False,
    )
    warm_dir = caches / f"cold-{counter['cold']}"
    size = _usage(warm_dir)
    log(f"  cache after a cold scan: {size['entries']} entries, {size['bytes'] / 1e6:.1f} MB")
    writing = _write_cost(warm_dir, caches / "rewrite")
    log(f"  writing {writing['entries']} entries again: {writing['cpu']:.2f} s CPU")
    reference = _results(out / "cold-nocache.sarif")
    same = {"cold, empty cache": _results(out / "cold-cache.sarif") == reference}

    unchanged = interleaved(
        {"unchanged rescan": lambda: sastflow("warm", "--cache-dir", str(warm_dir))},
        reps,
        log=log,
        warmup=False,
    )
    same["unchanged rescan"] = _results(out / "warm.sarif") == reference

    edits = {"n": 0}

    def one_changed() -> Timing:
        edits["n"] += 1
        changed.write_bytes(original)
        _edit(changed, f"bench edit {edits['n']}")
        return sastflow("one-changed", "--cache-dir", str(warm_dir))

    config = merged_rules(WORK / "rules")
    try:
        changed_stats = interleaved(
            {
                "one file changed": one_changed,
                "semgrep (bare, --experimental) on that file": lambda: run_timed(
                    [*semgrep_argv(config, 1, "osemgrep"), "--", repo.changed],
                    cwd=repo.path,
                    timeout=timeout,
                    stdout=out / "one-file-semgrep.json",
                ),
            },
            reps,
            log=log,
            warmup=False,
        )
        sastflow("one-changed-nocache", "--no-cache")
        same["one file changed"] = _results(out / "one-changed.sarif") == _results(
            out / "one-changed-nocache.sarif"
        )
    finally:
        changed.write_bytes(original)

    growth = _nights(repo, targets, warm_dir, caches, nights, nightly_share, sastflow, log)
    stats = {**cold, **unchanged, **changed_stats}
    return {
        "repo": repo.path.name,
        "python_lines": repo.python_lines,
        "targets": len(targets),
        "reps": reps,
        "stats": {name: s.as_dict() for name, s in stats.items()},
        "size": size,
        "write_cost": writing,
        "same_results": same,
        "growth": growth,
    }


def _nights(
    repo: Repo,
    targets: list[str],
    start: Path,
    caches: Path,
    nights: int,
    share: float,
    sastflow: Callable[..., Timing],
    log: Log,
) -> dict[str, Any]:
    """Nightly scans on one cache, each after editing ``share`` of the files (a fixed random
    choice per night); the files are restored at the end."""
    folder = caches / "nightly"
    shutil.copytree(start, folder)
    chooser = random.Random(16)
    per_night = max(1, round(len(targets) * share))
    saved: dict[str, bytes] = {}
    rows: list[dict[str, Any]] = []
    try:
        for night in range(1, nights + 1):
            for rel in chooser.sample(targets, per_night):
                path = repo.path / rel
                saved.setdefault(rel, path.read_bytes())
                _edit(path, f"night {night}")
            timing = sastflow("nightly", "--cache-dir", str(folder))
            usage = _usage(folder)
            rows.append({"night": night, "wall": timing.wall, "cpu": timing.cpu, **usage})
            log(
                f"  night {night}: {per_night} files changed, {timing.wall:.1f} s, "
                f"{usage['entries']} entries, {usage['bytes'] / 1e6:.1f} MB"
            )
    finally:
        for rel, data in saved.items():
            (repo.path / rel).write_bytes(data)
    return {"per_night": per_night, "nights": rows}


def problems(data: dict[str, Any]) -> list[str]:
    return [
        f"{name}: the cached scan's results differ from an uncached scan's"
        for name, same in data["same_results"].items()
        if not same
    ]


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
    stats = {name: _stats(data, name) for name in data["stats"]}
    uncached = stats["cold, --no-cache"]
    header = ["run", "wall median (min–max)", "× cold uncached", "CPU median", "peak RSS"]
    rows = [
        [name, spread(s), f"{s.median / uncached.median:.3f}", seconds(s.cpu), f"{s.rss:.0f} MB"]
        for name, s in stats.items()
    ]
    empty = stats["cold, empty cache"]
    unchanged = stats["unchanged rescan"]
    one = stats["one file changed"]
    bare = stats["semgrep (bare, --experimental) on that file"]
    allowed = 1.5 * bare.median + unchanged.median
    checks = [
        ["cold with an empty cache ≤ 1.03 × uncached", f"{empty.median / uncached.median:.3f}",
         verdict(empty.median <= 1.03 * uncached.median)],
        ["unchanged rescan ≤ 0.10 × cold", f"{unchanged.median / uncached.median:.3f}",
         verdict(unchanged.median <= 0.10 * uncached.median)],
        ["one file changed ≤ 0.15 × cold", f"{one.median / uncached.median:.3f}",
         verdict(one.median <= 0.15 * uncached.median)],
        [f"one file changed ≤ 1.5 × bare Semgrep on it ({bare.median:.2f} s) + sastflow's fixed "
         f"cost (the unchanged rescan, {unchanged.median:.2f} s) = {allowed:.2f} s",
         f"{one.median:.2f} s", verdict(one.median <= allowed)],
    ]  # fmt: skip
    writing = data.get("write_cost")
    if writing:
        share = writing["cpu"] / uncached.cpu
        checks.append(
            [f"the cache's own cost in a cold scan: writing its {writing['entries']:,} entries, "
             f"{writing['cpu']:.2f} s CPU, as a share of the uncached scan's CPU",
             f"{share:.3f}", verdict(share <= 0.03)]
        )  # fmt: skip
    for name, same in data["same_results"].items():
        checks.append([f"{name}: SARIF results equal an uncached scan's", "", verdict(same)])
    size = data["size"]
    nights = data["growth"]["nights"]
    growth_rows = [
        [
            str(n["night"]),
            f"{n['wall']:.1f} s",
            str(n["entries"]),
            f"{n['bytes'] / 1e6:.1f} MB",
            f"{n['disk_bytes'] / 1e6:.1f} MB",
        ]
        for n in nights
        if n["night"] in (1, 2, 5, 10, 15, 20, 25, 30) or n is nights[-1]
    ]
    head = (
        f"{data['repo']}: {data['python_lines']:,} lines of Python, {data['targets']} targets; "
        f"{data['reps']} interleaved repetitions. Cache after one cold scan: "
        f"{size['entries']:,} entries, {size['bytes'] / 1e6:.1f} MB of data "
        f"({size['disk_bytes'] / 1e6:.1f} MB on disk in 4 KiB blocks)."
    )
    text, md = section(head, header, rows, checks, ("target", "value", "result"))
    growth_head = (
        f"Growth over {len(nights)} simulated nightly scans, {data['growth']['per_night']} files "
        "(1 %) edited each night, one cache folder (no eviction at the default 500 MB bound):"
    )
    growth_header = ["night", "scan wall", "entries", "data", "on disk"]
    g_text = growth_head + "\n" + text_table(growth_header, growth_rows)
    g_md = growth_head + "\n\n" + markdown_table(growth_header, growth_rows)
    return text + "\n\n" + g_text, md + "\n\n" + g_md
