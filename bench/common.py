"""Shared bench machinery: timed child processes, interleaved repetitions, statistics, tables,
and the facts every result is reported with (machine, versions, load, date).

Every measurement is a child process timed from here: wall time with ``perf_counter``, CPU time
and peak RSS from ``os.wait4`` (Linux folds the reaped grandchildren in, so Semgrep's
``semgrep-core`` counts too). Every child runs in its own session under a deadline; on expiry
the whole process group is killed, so a hung engine cannot hold the bench.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
VENV_BIN = Path(sys.executable).parent
_OUTPUTS = [WORK / "out"]  # quick mode writes elsewhere, so it can run beside a full run


def use_outputs(folder: Path) -> None:
    _OUTPUTS[0] = folder


def out_dir(*parts: str) -> Path:
    """Where a section writes what it produces (bench/work/out/..., or quick/out/...)."""
    path = _OUTPUTS[0].joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


class BenchError(Exception):
    """A bench step could not run (download failed, a child timed out or crashed)."""


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its reaped descendants
    max_rss_mb: float  # the largest single process in the tree
    returncode: int
    load: float  # 1-minute load average when the run started


def run_timed(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float,
    stdout: Path | None = None,
    env: Mapping[str, str] | None = None,
    ok_codes: Sequence[int] = (0, 1),
) -> Timing:
    """Run ``argv`` to completion, timed; raise BenchError on a timeout or an unexpected exit."""
    full_env = {**os.environ, **(env or {})}
    load = os.getloadavg()[0]
    out_handle = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
    err_path = WORK / "logs" / f"stderr-{os.getpid()}.txt"
    err_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with err_path.open("wb") as err_handle:
            started = time.perf_counter()
            child = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=full_env,
                stdin=subprocess.DEVNULL,
                stdout=out_handle,
                stderr=err_handle,
                start_new_session=True,
            )
            expired = threading.Event()

            def kill() -> None:
                expired.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                _pid, status, usage = os.wait4(child.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout is not None and not isinstance(out_handle, int):
            out_handle.close()
    if expired.is_set():
        raise BenchError(f"timed out after {timeout:g} s: {_shown(argv)}")
    code = child.returncode
    if code not in ok_codes:
        tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise BenchError(f"exit {code}: {_shown(argv)}: {' | '.join(tail)}")
    return Timing(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        returncode=code,
        load=load,
    )


def _shown(argv: Sequence[str], limit: int = 12) -> str:
    head = " ".join(str(a) for a in argv[:limit])
    return head + (f" … (+{len(argv) - limit} args)" if len(argv) > limit else "")


# --- repetitions and statistics -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stats:
    name: str
    walls: tuple[float, ...]
    cpus: tuple[float, ...]
    rss_mb: tuple[float, ...]
    loads: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def low(self) -> float:
        return min(self.walls)

    @property
    def high(self) -> float:
        return max(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def rss(self) -> float:
        return max(self.rss_mb)

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "cpu_median": self.cpu,
            "rss_max": self.rss,
        }


Case = Callable[[], Timing]


def interleaved(
    cases: Mapping[str, Case],
    reps: int,
    *,
    log: Callable[[str], None] = print,
    warmup: bool = True,
) -> dict[str, Stats]:
    """Run every case ``reps`` times, round-robin, starting each round one case later so no
    case always runs first (after a cold cache) or last (after the others warmed the CPU)."""
    names = list(cases)
    if warmup:
        # One untimed run of each, so the first timed one does not pay a cold page cache alone.
        for name in names:
            log(f"  warm-up: {name}")
            cases[name]()
    samples: dict[str, list[Timing]] = {name: [] for name in names}
    for rep in range(reps):
        order = names[rep % len(names) :] + names[: rep % len(names)]
        for name in order:
            timing = cases[name]()
            samples[name].append(timing)
            log(
                f"  rep {rep + 1}/{reps} {name}: {timing.wall:.2f} s wall, {timing.cpu:.1f} s CPU,"
                f" load {timing.load:.1f}"
            )
    return {name: stats_of(name, samples[name]) for name in names}


def stats_of(name: str, timings: Sequence[Timing]) -> Stats:
    return Stats(
        name=name,
        walls=tuple(t.wall for t in timings),
        cpus=tuple(t.cpu for t in timings),
        rss_mb=tuple(t.max_rss_mb for t in timings),
        loads=tuple(t.load for t in timings),
    )


def summed(name: str, parts: Sequence[Stats]) -> Stats:
    """Running the parts one after the other: per repetition, the sum of the parts' runs."""
    count = min(len(p.walls) for p in parts)
    return Stats(
        name=name,
        walls=tuple(sum(p.walls[i] for p in parts) for i in range(count)),
        cpus=tuple(sum(p.cpus[i] for p in parts) for i in range(count)),
        rss_mb=tuple(max(p.rss_mb[i] for p in parts) for i in range(count)),
        loads=tuple(max(p.loads[i] for p in parts) for i in range(count)),
    )


# --- tables ---------------------------------------------------------------------------------


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    texts = [[str(v) for v in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in texts) for i in range(len(header))]
    out = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in texts]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def section(
    head: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    checks: Sequence[Sequence[Any]],
    check_header: Sequence[str] = ("target", "value", "result"),
) -> tuple[str, str]:
    """A bench section's head, table and verdicts: as printed, and as written to RESULTS.md."""
    text = "\n".join([head, text_table(header, rows), "", text_table(check_header, checks)])
    md = "\n\n".join([head, markdown_table(header, rows), markdown_table(check_header, checks)])
    return text, md


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.1f} s"


def spread(stats: Stats) -> str:
    return f"{seconds(stats.median)} ({stats.low:.2f}–{stats.high:.2f})"


def verdict(ok: bool) -> str:
    return "**pass**" if ok else "**miss**"


# --- what every result is reported with ------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True, slots=True)
class Environment:
    date: str
    cores: int
    memory_gib: float
    cpu_model: str
    python: str
    sastflow: str
    semgrep: str
    bandit: str
    load_start: tuple[float, float, float]
    load_end: tuple[float, float, float] = (0.0, 0.0, 0.0)
    notes: tuple[str, ...] = field(default=())

    @staticmethod
    def capture() -> Environment:
        return Environment(
            date=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            cores=os.cpu_count() or 1,
            memory_gib=round(_memory_gib(), 1),
            cpu_model=_cpu_model(),
            python=platform.python_version(),
            sastflow=_version("sastflow"),
            semgrep=_version("semgrep"),
            bandit=_version("bandit"),
            load_start=os.getloadavg(),
        )

    def finished(self) -> Environment:
        return Environment(**{**asdict(self), "load_end": os.getloadavg()})

    def describe(self) -> str:
        def loads(values: Sequence[float]) -> str:
            return " / ".join(f"{v:.2f}" for v in values)

        return (
            f"{self.date}; {self.cores} cores ({self.cpu_model}), {self.memory_gib} GiB; "
            f"Python {self.python}, sastflow {self.sastflow}, Semgrep {self.semgrep}, "
            f"Bandit {self.bandit}; load average (1/5/15 min) {loads(self.load_start)} at the "
            f"start, {loads(self.load_end)} at the end"
        )


def own_peak_rss_mb() -> float:
    """This process's peak RSS (``VmHWM``). Children inherit it in their ``ru_maxrss`` (Linux
    keeps the maximum across fork and exec), so it is the floor of every RSS shown."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def save_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
