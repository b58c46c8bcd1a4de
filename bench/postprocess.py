"""Target 3: everything after the engines, for 2k / 20k / 100k findings: normalise (engine JSON
into ``Finding`` records, snippets read from real source), fingerprint, dedupe, inline markers,
a 1,000-entry ledger parsed and applied, and SARIF + Markdown + HTML written.

The engine outputs are synthetic but shaped exactly like Semgrep's and Bandit's JSON, pointing
at real lines of the corpus, with the pack's real rule metadata; one Bandit result in five sits
on a Semgrep result for the same weakness, so dedupe has groups to build. They are generated
once per size into ``bench/work/post/`` and read by a child process per run, which reports its
own stage times and peak RSS (``ru_maxrss``) as JSON: the parent's memory never counts.

Run ``python bench/postprocess.py --child ...`` to see one child's output.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from common import (
    WORK,
    BenchError,
    out_dir,
    run_timed,
    section,
    verdict,
)

Log = Callable[[str], None]
LEDGER_ENTRIES = 1000
LEDGER_MATCHING = 900  # the rest are stale: they match nothing
TODAY = dt.date(2026, 1, 15)
SETUP_STAGE = "setup: merged rule pack (before the engines run)"
NOT_TIMED = ("imports", SETUP_STAGE)  # shown in the table, left out of the total

# Bandit tests as Bandit 1.9 reports them: (id, name, CWE, severity, text).
BANDIT_TESTS = (
    ("B602", "subprocess_popen_with_shell_equals_true", 78, "HIGH",
     "subprocess call with shell=True identified, security issue."),
    ("B608", "hardcoded_sql_expressions", 89, "MEDIUM",
     "Possible SQL injection vector through string-based query construction."),
    ("B105", "hardcoded_password_string", 259, "LOW", "Possible hardcoded password: 'secret'"),
    ("B324", "hashlib", 327, "HIGH",
     "Use of weak MD5 hash for security. Consider usedforsecurity=False"),
    ("B301", "pickle", 502, "MEDIUM",
     "Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data."),
    ("B506", "yaml_load", 20, "MEDIUM",
     "Use of unsafe yaml load. Allows instantiation of arbitrary objects."),
    ("B307", "eval", 78, "MEDIUM",
     "Use of possibly insecure function - consider using safer ast.literal_eval."),
    ("B113", "request_without_timeout", 400, "MEDIUM", "Call to requests without timeout"),
)  # fmt: skip


def _pack_rules() -> list[dict[str, Any]]:
    import yaml
    from full_scan import merged_rules

    data = yaml.safe_load(merged_rules(WORK / "rules").read_text(encoding="utf-8"))
    return [r for r in data["rules"] if "python" in r.get("languages", [])]


def _locations(root: Path, count: int, rng: random.Random) -> list[tuple[str, int, str]]:
    """``count`` (path, line, text) of non-blank lines of real Python, spread over the tree."""
    files = sorted(p for p in root.rglob("*.py") if p.is_file() and not p.is_symlink())
    lines_of: dict[Path, list[str]] = {}
    picked: list[tuple[str, int, str]] = []
    while len(picked) < count:
        path = rng.choice(files)
        lines = lines_of.get(path)
        if lines is None:
            lines = path.read_bytes().decode("utf-8", "replace").splitlines()
            lines_of[path] = lines
        candidates = [i for i in range(len(lines)) if lines[i].strip()]
        if not candidates:
            continue
        for _ in range(min(8, count - len(picked))):
            index = rng.choice(candidates)
            picked.append((path.relative_to(root).as_posix(), index + 1, lines[index]))
    return picked


def generate(root: Path, count: int, dest: Path, seed: int = 7) -> None:
    """Write ``semgrep.json`` and ``bandit.json`` holding ``count`` results together."""
    rng = random.Random(seed)
    rules = _pack_rules()
    by_cwe: dict[int, list[dict[str, Any]]] = {}
    for rule in rules:
        for cwe in rule.get("metadata", {}).get("cwe", []):
            number = int(str(cwe).split(":")[0].removeprefix("CWE-"))
            by_cwe.setdefault(number, []).append(rule)
    semgrep_count = count * 3 // 5
    bandit_count = count - semgrep_count
    paired = bandit_count // 5
    places = _locations(root, semgrep_count + bandit_count - paired, rng)
    semgrep_results: list[dict[str, Any]] = []
    for path, line, text in places[:semgrep_count]:
        rule = rng.choice(rules)
        span = rng.choice((0, 0, 0, 1, 2))
        indent = len(text) - len(text.lstrip())
        semgrep_results.append(
            {
                # Semgrep prefixes the config's directory, as it does for the real merged file.
                "check_id": f"tmp.sastflow-semgrep-x.{rule['id']}",
                "path": path,
                "start": {"line": line, "col": indent + 1, "offset": 0},
                "end": {"line": line + span, "col": len(text) + 1, "offset": 0},
                "extra": {
                    "message": " ".join(str(rule["message"]).split())[:400],
                    "metadata": rule.get("metadata", {}),
                    "severity": rule.get("severity", "WARNING"),
                    "fingerprint": "requires login",
                    "lines": "requires login",
                    "engine_kind": "OSS",
                    "validation_state": "NO_VALIDATOR",
                },
            }
        )
    bandit_places = places[semgrep_count:]
    tests_by_cwe = {test[2]: test for test in BANDIT_TESTS}
    bandit_results: list[dict[str, Any]] = []
    # Pairs: a Bandit result on a Semgrep result of the same weakness (dedupe groups them).
    for result in semgrep_results[:paired]:
        cwes = result["extra"]["metadata"].get("cwe", [])
        numbers = [int(str(c).split(":")[0].removeprefix("CWE-")) for c in cwes]
        test = next((tests_by_cwe[n] for n in numbers if n in tests_by_cwe), BANDIT_TESTS[0])
        bandit_results.append(
            _bandit(test, result["path"], result["start"]["line"], result["end"]["line"])
        )
    for path, line, _text in bandit_places:
        bandit_results.append(_bandit(rng.choice(BANDIT_TESTS), path, line, line))
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "semgrep.json").write_text(
        json.dumps({"version": "1.182.0", "results": semgrep_results, "errors": []}),
        encoding="utf-8",
    )
    (dest / "bandit.json").write_text(
        json.dumps({"results": [{**r, "filename": f"./{r['filename']}"} for r in bandit_results]}),
        encoding="utf-8",
    )


def _bandit(test: tuple[Any, ...], path: str, start: int, end: int) -> dict[str, Any]:
    test_id, name, cwe, severity, text = test
    return {
        "code": "",
        "col_offset": 4,
        "end_col_offset": 40,
        "filename": path,
        "issue_confidence": "HIGH",
        "issue_cwe": {"id": cwe, "link": f"https://cwe.mitre.org/data/definitions/{cwe}.html"},
        "issue_severity": severity,
        "issue_text": text,
        "line_number": start,
        "line_range": list(range(start, end + 1)),
        "more_info": f"https://bandit.readthedocs.io/en/1.9.4/plugins/{test_id.lower()}_{name}.html",
        "test_id": test_id,
        "test_name": name,
    }


def ledger_text(findings: list[Any], rng: random.Random) -> str:
    """1,000 entries: 900 accept real findings, 100 are stale."""
    chosen = rng.sample(findings, min(LEDGER_MATCHING, len(findings)))
    lines = ["version: 1", "accepted:"]
    expires = (TODAY + dt.timedelta(days=90)).isoformat()
    for i in range(LEDGER_ENTRIES):
        if i < len(chosen):
            f = chosen[i]
            fingerprint, rule, path = f.fingerprint, f.rule_id, f.path
        else:
            fingerprint, rule, path = f"{i:032x}", "bandit.B602", f"gone/module_{i}.py"
        lines += [
            f'  - fingerprint: "{fingerprint}"',
            f"    rule: {rule}",
            f'    path: "{path}"',
            f'    reason: "reviewed in the bench, entry {i}: input is a constant"',
            "    approved_by: alice",
            f"    expires: {expires}",
            f"    ticket: SEC-{i}",
        ]
    return "\n".join(lines) + "\n"


# --- the child: one measured run ------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (``VmHWM``).

    Not ``ru_maxrss``: Linux carries that across fork and exec, so a child would report its
    parent's peak (the bench process, which may hold the generated inputs)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: best effort


class Stages:
    """Wall time, CPU time and the memory high-water mark after each stage of the child.

    CPU time is what the stage would take on an idle machine (every stage is one thread), so
    it is the figure that survives the load of a shared machine; wall time is shown too."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.peak: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall[name] = time.perf_counter() - wall
        self.cpu[name] = time.process_time() - cpu
        self.peak[name] = peak_rss_mb()


def child(root: Path, inputs: Path, out: Path) -> dict[str, Any]:
    from sastflow.cli import tune_gc

    tune_gc()  # as the `sastflow` command does first
    stage = Stages()
    with stage("imports"):
        from sastflow import dedupe, fingerprint, report_files, suppressions
        from sastflow.config import DEFAULT_PACK_NAME
        from sastflow.engines import bandit, semgrep
        from sastflow.engines.interface import RulePack
        from sastflow.engines.source import SourceCache
        from sastflow.model import EngineRun, ScanReport, Severity
        from sastflow.render.html import html_chunks
        from sastflow.render.markdown import markdown_chunks
        from sastflow.render.view import summarise
        from sastflow.rulepack import default_pack_dir
        from sastflow.sarif.build import iter_sarif_json
        from sastflow.triage.apply import apply_ledger
        from sastflow.triage.ledger import parse_ledger

    # Setup, not post-processing: the merged pack is the config Semgrep runs with, built once
    # before the engine starts; normalising only reads its id map. Shown, left out of the total.
    with stage(SETUP_STAGE):
        workdir = out / "rules"
        workdir.mkdir(parents=True, exist_ok=True)
        ids = semgrep.MergedPack((RulePack(DEFAULT_PACK_NAME, default_pack_dir()),), workdir)

    with stage("read engine JSON"):
        semgrep_data = json.loads((inputs / "semgrep.json").read_bytes())
        bandit_data = json.loads((inputs / "bandit.json").read_bytes())

    with stage("normalise"):
        cache = SourceCache(root)
        semgrep_rules: dict[str, Any] = {}
        bandit_rules: dict[str, Any] = {}
        findings = [
            semgrep._finding(r, root, ids, cache, semgrep_rules) for r in semgrep_data["results"]
        ]
        findings += [bandit._finding(r, root, cache) for r in bandit_data["results"]]
        del semgrep_data, bandit_data

    with stage("fingerprint"):
        findings = fingerprint.assign(findings)

    with stage("dedupe"):
        findings = dedupe.correlate(findings)

    with stage("inline markers"):
        findings = suppressions.find_markers(findings, cache)
        findings = suppressions.apply(findings, honour=True)

    text = ledger_text(findings, random.Random(11))
    with stage("ledger (parse + apply)"):
        entries = parse_ledger(text, "triage/ledger.yml", today=TODAY, max_expiry_days=180)
        findings, outcomes = apply_ledger(
            findings, active=entries, pending=(), approved=False, today=TODAY
        )

    runs = (
        EngineRun("semgrep", "1.182.0", (), rules=tuple(semgrep_rules.values()), duration=1.0),
        EngineRun("bandit", "1.9.4", (), rules=tuple(bandit_rules.values()), duration=1.0),
    )
    report = ScanReport(
        root=str(root),
        runs=runs,
        findings=tuple(findings),
        fail_on=Severity.HIGH,
        ledger=tuple(outcomes),
        targets=len({f.path for f in findings}),
    )
    # The steps of `report_files.write_outputs`, timed one by one: the row view is built once and
    # shared by both reports, as write_outputs does.
    paths = {
        "SARIF": out / "sastflow.sarif",
        "Markdown": out / "report.md",
        "HTML": out / "report.html",
    }
    with stage("write SARIF"):
        report_files.write_chunks(paths["SARIF"], iter_sarif_json(report))
    with stage("rows for the reports (grouped once)"):
        summary = summarise(report)
    with stage("write Markdown"):
        report_files.write_chunks(paths["Markdown"], markdown_chunks(summary))
    with stage("write HTML"):
        report_files.write_chunks(paths["HTML"], html_chunks(summary))
    sizes = {label: path.stat().st_size for label, path in paths.items()}
    entry_fps = {e.fingerprint for e in entries}
    return {
        "findings": len(findings),
        "suppressed": sum(1 for f in findings if f.suppressed),
        # The entries' own findings; "suppressed" also counts their cross-engine row mates,
        # which an entry accepts with them (issue 18).
        "suppressed_by_entry": sum(
            1 for f in findings if f.suppressed and f.fingerprint in entry_fps
        ),
        "correlated": sum(1 for f in findings if f.correlation is not None),
        "ledger_entries": len(entries),
        "times": stage.wall,
        "cpu": stage.cpu,
        "peak_after": stage.peak,
        "total": sum(v for k, v in stage.wall.items() if k not in NOT_TIMED),
        "total_cpu": sum(v for k, v in stage.cpu.items() if k not in NOT_TIMED),
        "rss_after_imports_mb": stage.peak["imports"],
        "peak_rss_mb": peak_rss_mb(),
        "sizes": sizes,
    }


# --- the parent -----------------------------------------------------------------------------


def run(root: Path, sizes: list[int], *, reps: int, timeout: float, log: Log) -> dict[str, Any]:
    results: dict[str, list[dict[str, Any]]] = {str(n): [] for n in sizes}
    for n in sizes:
        inputs = WORK / "post" / f"in-{root.name}-{n}"
        if not (inputs / "bandit.json").is_file():
            log(f"post-processing: generating {n:,} engine results")
            # In a child: the inputs take hundreds of MB the bench process should not keep.
            run_timed(
                [sys.executable, str(Path(__file__)), "--generate", str(n), "--root", str(root),
                 "--inputs", str(inputs), "--out", str(inputs)],
                timeout=timeout,
                ok_codes=(0,),
            )  # fmt: skip
    for rep in range(reps):
        for n in sizes if rep % 2 == 0 else list(reversed(sizes)):
            inputs = WORK / "post" / f"in-{root.name}-{n}"
            out = out_dir("post", f"out-{n}")
            out.mkdir(parents=True, exist_ok=True)
            report_path = out / "child.json"
            timing = run_timed(
                [sys.executable, str(Path(__file__)), "--child", "--root", str(root),
                 "--inputs", str(inputs), "--out", str(out), "--json", str(report_path)],
                timeout=timeout,
                ok_codes=(0,),
            )  # fmt: skip
            data = json.loads(report_path.read_text(encoding="utf-8"))
            data["wall"] = timing.wall
            data["load"] = timing.load
            results[str(n)].append(data)
            log(
                f"  rep {rep + 1}/{reps} {n:,} findings: pipeline {data['total']:.2f} s, "
                f"peak RSS {data['peak_rss_mb']:.0f} MB (process {timing.wall:.2f} s)"
            )
    return {"root": root.name, "sizes": sizes, "reps": reps, "runs": results}


def problems(data: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for size, runs in data["runs"].items():
        for run in runs:
            if run["findings"] != int(size):
                found.append(f"{size}: {run['findings']} findings came out")
            direct = run.get("suppressed_by_entry", run["suppressed"])
            if direct != min(LEDGER_MATCHING, int(size)):
                found.append(f"{size}: the ledger's entries suppressed {direct} of their findings")
            if run["correlated"] == 0:
                found.append(f"{size}: dedupe grouped nothing")
    return found


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def report(data: dict[str, Any]) -> tuple[str, str]:
    sizes = [str(n) for n in data["sizes"]]
    runs = data["runs"]
    stages = list(runs[sizes[0]][0]["times"])
    has_cpu = all("cpu" in r for n in sizes for r in runs[n])

    def med(n: str, key: str, stage: str | None = None) -> float:
        return _median([r[key][stage] if stage else r[key] for r in runs[n]])

    header = ["stage", *(f"{int(n):,} findings" for n in sizes)]
    rows = []
    for stage in stages:
        cells = []
        for n in sizes:
            wall = med(n, "times", stage)
            if has_cpu:
                peak = max(r["peak_after"][stage] for r in runs[n])
                cells.append(
                    f"{med(n, 'cpu', stage):.3f} s CPU · {wall:.3f} s wall · {peak:.0f} MB"
                )
            else:
                cells.append(f"{wall:.3f} s")
        rows.append([stage, *cells])
    totals = {n: med(n, "total") for n in sizes}
    cpus = {n: med(n, "total_cpu") for n in sizes} if has_cpu else totals
    peaks = {n: max(r["peak_rss_mb"] for r in runs[n]) for n in sizes}
    spans = {n: (min(r["total"] for r in runs[n]), max(r["total"] for r in runs[n])) for n in sizes}
    cpu_spans = {
        n: (min(r["total_cpu"] for r in runs[n]), max(r["total_cpu"] for r in runs[n]))
        for n in sizes
    }
    rows.append(
        ["**total (without imports and setup)**"]
        + [
            f"**{cpus[n]:.2f} s CPU** ({cpu_spans[n][0]:.2f}–{cpu_spans[n][1]:.2f}) · "
            f"{totals[n]:.2f} s wall ({spans[n][0]:.2f}–{spans[n][1]:.2f})"
            for n in sizes
        ]
    )
    rows.append(["peak RSS (VmHWM, whole process)", *(f"{peaks[n]:.0f} MB" for n in sizes)])
    rows.append(
        ["RSS after imports", *(f"{runs[n][0]['rss_after_imports_mb']:.0f} MB" for n in sizes)]
    )
    rows.append(["CPU per 1k findings", *(f"{cpus[n] / int(n) * 1000:.3f} s" for n in sizes)])
    for label in ("SARIF", "Markdown", "HTML"):
        rows.append(
            [f"{label} size", *(f"{runs[n][0]['sizes'][label] / 1e6:.1f} MB" for n in sizes)]
        )
    rows.append(["suppressed by the ledger", *(str(runs[n][0]["suppressed"]) for n in sizes)])
    rows.append(["in a cross-engine group", *(str(runs[n][0]["correlated"]) for n in sizes)])
    key = "20000" if "20000" in totals else sizes[len(sizes) // 2]
    checks = [
        [f"{int(key):,} findings ≤ 2 s (CPU)", f"{cpus[key]:.2f} s", verdict(cpus[key] <= 2.0)],
        [
            f"{int(key):,} findings ≤ 2 s (wall)",
            f"{totals[key]:.2f} s",
            verdict(totals[key] <= 2.0),
        ],
        [
            f"{int(key):,} findings ≤ 300 MB peak",
            f"{peaks[key]:.0f} MB",
            verdict(peaks[key] <= 300),
        ],
    ]
    checks.append(
        [
            # Not a verdict: on a shared host the fastest run is the one least disturbed, which
            # is the usual estimate of what code costs (Python's timeit takes the minimum).
            f"{int(key):,} findings, fastest of {len(runs[key])} runs (CPU)",
            f"{cpu_spans[key][0]:.2f} s",
            "—",
        ]
    )
    # Linear: the marginal cost per finding stays the same from one size to the next (the
    # ledger and the rule pack are fixed costs, so time per finding alone would not be).
    slopes = [(cpus[b] - cpus[a]) / (int(b) - int(a)) for a, b in itertools.pairwise(sizes)]
    if len(slopes) >= 2 and min(slopes) > 0:
        ratio = max(slopes) / min(slopes)
        checks.append(
            [
                "linear (marginal CPU per finding, steepest / flattest interval)",
                f"{ratio:.2f} ({', '.join(f'{x * 1000:.3f}' for x in slopes)} s per 1k)",
                verdict(ratio <= 1.5),
            ]
        )
    head = (
        f"corpus: {data['root']}; {data['reps']} repetitions per size, alternating order; each "
        "run a fresh child process; medians; each stage cell is CPU time · wall time · the "
        "process's peak RSS after that stage"
    )
    return section(head, header, rows, checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--child", action="store_true", help="run one measured pass")
    parser.add_argument("--generate", type=int, metavar="N", help="write N engine results")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--inputs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.generate:
        generate(args.root.resolve(), args.generate, args.inputs)
        return 0
    if not args.child:
        raise BenchError("use bench/run.py; this script's own entry points are its children")
    data = child(args.root.resolve(), args.inputs, args.out)
    text = json.dumps(data, indent=1)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
