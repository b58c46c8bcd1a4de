"""Locating engine binaries and turning process trouble into ``EngineFailure`` records."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sastflow import proc
from sastflow.model import EngineFailure

# A command line must stay well under ARG_MAX (2 MiB on Linux, shared with the environment).
ARGV_BUDGET = 512 * 1024


def find_binary(name: str) -> str | None:
    """``SASTFLOW_<NAME>`` if set (an explicit path, used as is, even if missing), else the
    engine installed beside sastflow (same venv), else PATH."""
    explicit = os.environ.get(f"SASTFLOW_{name.upper()}")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    return shutil.which(name)


def batches(targets: Sequence[str], budget: int = ARGV_BUDGET) -> list[list[str]]:
    out: list[list[str]] = [[]]
    size = 0
    for target in targets:
        cost = len(target.encode("utf-8", "surrogateescape")) + 1
        if out[-1] and size + cost > budget:
            out.append([])
            size = 0
        out[-1].append(target)
        size += cost
    return out


def split(root: Path, targets: Sequence[str], count: int, min_bytes: int) -> list[list[str]]:
    """At most ``count`` chunks of similar total size (largest files first, each to the
    lightest chunk), each chunk sorted; fewer when there is under ``min_bytes`` per chunk, where
    another process would cost more start-up than it saves."""
    sizes: list[tuple[int, str]] = []
    for target in targets:
        try:
            sizes.append((os.stat(root / target).st_size, target))
        except OSError:
            sizes.append((0, target))
    total = sum(size for size, _ in sizes)
    count = max(1, min(count, len(targets), total // max(1, min_bytes) + 1))
    chunks: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for size, target in sorted(sizes, reverse=True):
        lightest = loads.index(min(loads))
        chunks[lightest].append(target)
        loads[lightest] += size
    return [sorted(chunk) for chunk in chunks if chunk]


def run_json(
    engine: str,
    argv: Sequence[str],
    *,
    cwd: Path,
    timeout: float,
    limit: float,
    env: Mapping[str, str] | None = None,
    key: str | None = None,
) -> tuple[dict[str, Any], int] | EngineFailure:
    """One engine process: the JSON object it printed (holding ``key``, if given) and its exit
    status, or why there is none. ``timeout`` bounds this process; ``limit`` is the engine's
    whole time limit, which a timeout is reported against."""
    try:
        done = proc.run(argv, cwd=cwd, timeout=timeout, env=env, memory_mb=proc.engine_memory_mb())
    except FileNotFoundError:
        return missing(engine)
    if done.timed_out or done.out_of_memory:
        return failure_for(engine, done, limit)
    try:
        data = json.loads(done.stdout)
        if not isinstance(data, dict) or (key is not None and key not in data):
            raise ValueError("not the expected JSON object")
    except ValueError:
        if done.returncode not in (0, 1):
            return failure_for(engine, done, limit)
        return EngineFailure(
            engine, "unparsable", f"{engine} printed no JSON: {done.stderr_tail()}"
        )
    return data, done.returncode


def failure_for(engine: str, done: proc.Completed, timeout: float) -> EngineFailure:
    if done.timed_out:
        return EngineFailure(engine, "timeout", f"{engine} timed out after {timeout:g} s")
    if done.out_of_memory:
        return EngineFailure(
            engine,
            "memory",
            f"{engine} ran out of memory (limit {done.memory_limit_mb} MB per process, "
            f"{proc.MEMORY_VARIABLE}): {done.stderr_tail(lines=2, width=200)}",
        )
    return EngineFailure(
        engine,
        "crashed",
        f"{engine} exited with status {done.returncode}: {done.stderr_tail()}",
    )


def unexpected_shape(engine: str, problem: str) -> EngineFailure:
    """The engine printed JSON, but not the shape sastflow reads: its results are unusable."""
    return EngineFailure(
        engine, "unparsable", f"{engine} printed JSON of an unexpected shape: {problem}"
    )


_STAMPS: dict[tuple[str, int, int], str] = {}
_SCRIPT_BYTES = 64 * 1024  # a console script or wrapper, not a compiled binary


def binary_stamp(binary: str) -> str:
    """The installed binary's identity for cache keys: the digest of its bytes, without a
    script's ``#!`` line (a fresh install of the same version, in any folder, as every CI run
    makes, keeps it; a different wrapper script or a rebuilt binary changes it). Hashed once
    per file and process."""
    try:
        real = os.path.realpath(binary)
        stat = os.stat(real)
    except OSError:
        return binary
    known = (real, stat.st_size, stat.st_mtime_ns)
    stamp = _STAMPS.get(known)
    if stamp is None:
        digest = hashlib.sha256()
        try:
            with open(real, "rb") as handle:
                head = handle.read(_SCRIPT_BYTES)
                if head.startswith(b"#!") and stat.st_size <= _SCRIPT_BYTES:
                    head = head.partition(b"\n")[2]  # the interpreter's path varies by venv
                digest.update(head)
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"
        stamp = _STAMPS[known] = digest.hexdigest()
    return stamp


def missing(engine: str) -> EngineFailure:
    return EngineFailure(
        engine,
        "missing",
        f"{engine} is not installed (not beside {sys.executable} nor on PATH); "
        f"install it with `pip install {engine}` or disable it in config `engines`",
    )
