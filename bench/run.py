"""sastflow's benchmarks (issue 7): ``python bench/run.py`` (everything, ~30 min on 2 cores) or
``python bench/run.py --quick`` (tiny inputs, one repetition, no timing verdicts: proves the
bench still runs; CI).

Each section writes its numbers to ``bench/work/results/<section>.json``; ``bench/RESULTS.md``
is rebuilt from all of them, so one section can be rerun alone (``--only pr``). The hand-written
analysis between the ``analysis`` markers of RESULTS.md is kept. Quick mode writes under
``bench/work/quick/`` and never touches RESULTS.md.

Beyond timing, every section checks that the comparison is fair (sastflow reports as many
results as the bare engines on the same files, both Semgrep CLIs agree, the PR run finds the
PR's new finding, the GitHub calls stay O(1)); a failed check fails the run, in quick mode too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, REPO, WORK, BenchError, Environment, save_json, use_outputs

SECTIONS = ("startup", "post", "pr", "full", "github", "cache")
TITLES = {
    "full": "1. Full scan: sastflow vs the bare engines",
    "pr": "2. PR scan: one changed file, three repository sizes",
    "post": "3. Post-processing: normalise → fingerprint → dedupe → ledger → SARIF/Markdown/HTML",
    "github": "4. GitHub calls of a PR run",
    "startup": "5. Start-up time",
    "cache": "6. Result cache: cold, unchanged, one file changed, size and growth",
}
ANALYSIS_START = "<!-- analysis -->"
ANALYSIS_END = "<!-- /analysis -->"


def _log(message: str) -> None:
    print(message, flush=True)


def run_section(name: str, quick: bool, reps: int | None, timeout: float) -> dict[str, Any]:
    import corpus

    if name == "startup":
        import startup

        return startup.run(reps=reps or (3 if quick else 15), timeout=timeout, log=_log)
    if name == "post":
        import postprocess

        source = corpus.examples() if quick else corpus.django(_log)
        sizes = [200, 2_000] if quick else [2_000, 20_000, 100_000]
        return postprocess.run(
            source.root, sizes, reps=reps or (1 if quick else 7), timeout=timeout, log=_log
        )
    if name == "pr":
        import pr_scan

        if quick:
            source = corpus.examples()
            repos = [
                corpus.build_repo(source, "quick-small", 100, _log),
                corpus.build_repo(source, "quick-all", None, _log),
            ]
        else:
            source = corpus.django(_log)
            repos = [
                corpus.build_repo(source, "django-10k", 10_000, _log),
                corpus.build_repo(source, "django-100k", 100_000, _log),
                corpus.build_repo(source, "django-full", None, _log),
            ]
        return pr_scan.run(repos, reps=reps or (1 if quick else 5), timeout=timeout, log=_log)
    if name == "full":
        import full_scan

        if quick:
            repo = corpus.build_repo(corpus.examples(), "quick-all", None, _log)
        else:
            repo = corpus.build_repo(corpus.django(_log), "django-full", None, _log)
        return full_scan.run(repo, reps=reps or (1 if quick else 3), timeout=timeout, log=_log)
    if name == "github":
        import github_calls

        return github_calls.run(quick=quick, timeout=timeout, log=_log)
    if name == "cache":
        import cache

        if quick:
            repo = corpus.build_repo(corpus.examples(), "quick-all", None, _log)
            return cache.run(repo, reps=reps or 1, timeout=timeout, log=_log, nights=3)
        repo = corpus.build_repo(corpus.django(_log), "django-full", None, _log)
        return cache.run(repo, reps=reps or 3, timeout=timeout, log=_log)
    raise BenchError(f"unknown section {name!r}")


def render(name: str, data: dict[str, Any]) -> tuple[str, str]:
    module: Any
    if name == "startup":
        import startup as module
    elif name == "post":
        import postprocess as module
    elif name == "pr":
        import pr_scan as module
    elif name == "full":
        import full_scan as module
    elif name == "cache":
        import cache as module
    else:
        import github_calls as module
    return module.report(data)  # type: ignore[no-any-return]


def problems_of(name: str, data: dict[str, Any]) -> list[str]:
    module: Any
    if name == "full":
        import full_scan as module
    elif name == "pr":
        import pr_scan as module
    elif name == "post":
        import postprocess as module
    elif name == "github":
        import github_calls as module
    elif name == "cache":
        import cache as module
    else:
        return []
    check: Callable[[dict[str, Any]], list[str]] | None = getattr(module, "problems", None)
    return check(data) if check else []


def _previous_section(text: str, name: str) -> str:
    """Section ``name`` as the current RESULTS.md has it (heading to the next heading)."""
    heading = f"## {TITLES[name]}\n"
    start = text.find(heading)
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else len(text)].strip()


def write_results(results_dir: Path, target: Path) -> None:
    previous = target.read_text(encoding="utf-8") if target.is_file() else ""
    analysis = ""
    if ANALYSIS_START in previous and ANALYSIS_END in previous:
        start = previous.index(ANALYSIS_START)
        analysis = previous[start : previous.index(ANALYSIS_END) + len(ANALYSIS_END)]
    parts = [
        "# sastflow benchmarks (issue 7)",
        "Generated by `python bench/run.py` (see bench/README.md); numbers are from the runs "
        "described under each section. Wall times are medians of interleaved repetitions with "
        "(min–max); CPU is user + system time of the whole process tree.",
    ]
    if analysis:
        parts.append(analysis)
    for name in ("full", "pr", "post", "github", "startup", "cache"):
        path = results_dir / f"{name}.json"
        if not path.is_file():
            # Not run here: keep what RESULTS.md already says (one section rerun alone must
            # not wipe the others' numbers), else say so.
            parts.append(_previous_section(previous, name) or f"## {TITLES[name]}\n\nNot run yet.")
            continue
        saved = json.loads(path.read_text(encoding="utf-8"))
        raw = saved["environment"]
        env = Environment(
            **{
                **raw,
                "load_start": tuple(raw["load_start"]),
                "load_end": tuple(raw["load_end"]),
                "notes": tuple(raw.get("notes", ())),
            }
        )
        _text, md = render(name, saved["data"])
        parts.append(
            f"## {TITLES[name]}\n\n*Run:* {env.describe()}; took {saved['seconds']:.0f} s.\n\n{md}"
        )
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny inputs, one repetition")
    parser.add_argument(
        "--only", help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})"
    )
    parser.add_argument("--reps", type=int, help="repetitions (default per section)")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds any one process may take"
    )
    parser.add_argument(
        "--results-only", action="store_true", help="rebuild RESULTS.md from saved numbers"
    )
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown sections: {', '.join(unknown)} (known: {', '.join(SECTIONS)})")
    base = WORK / "quick" if args.quick else WORK
    use_outputs(base / "out")
    results_dir = base / "results"
    target = base / "RESULTS.md" if args.quick else BENCH / "RESULTS.md"
    failed: list[str] = []
    if not args.results_only:
        for name in chosen:
            _log(f"== {TITLES[name]}")
            env = Environment.capture()
            started = time.monotonic()
            try:
                data = run_section(name, args.quick, args.reps, args.timeout)
            except BenchError as exc:
                failed.append(f"{name}: {exc}")
                _log(f"!! {name}: {exc}")
                continue
            except Exception:  # a bug in the bench itself: say where, carry on with the rest
                failed.append(f"{name}: {traceback.format_exc().strip().splitlines()[-1]}")
                traceback.print_exc()
                continue
            seconds = time.monotonic() - started
            save_json(
                results_dir / f"{name}.json",
                {"environment": asdict(env.finished()), "seconds": seconds, "data": data},
            )
            text, _md = render(name, data)
            _log(text)
            for problem in problems_of(name, data):
                failed.append(f"{name}: {problem}")
                _log(f"!! {name}: {problem}")
    write_results(results_dir, target)
    _log(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
    if failed:
        _log("bench FAILED:\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
