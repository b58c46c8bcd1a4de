"""Clean code: fixed versions of widely used libraries, downloaded as wheels from the package
index at bench time (never vendored), unpacked into one git repository and scanned with
``sastflow scan`` at the default gate. Every blocking finding there is a candidate false alarm
a team would meet on day one, so each is listed.
"""

from __future__ import annotations

import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import VENV_BIN, WORK, BenchError

from detection import tools
from detection.repo import make_repo

Log = Callable[[str], None]

# Exact versions, so every run scans the same code.
LIBRARIES: tuple[tuple[str, str], ...] = (
    ("requests", "2.32.3"),
    ("flask", "3.1.0"),
    ("click", "8.1.8"),
    ("rich", "13.9.4"),
    ("httpx", "0.28.1"),
    ("PyGithub", "2.5.0"),
    ("urllib3", "2.3.0"),
)
TARGET_BLOCKING = 5


def _wheel(name: str, version: str, downloads: Path, log: Log) -> Path:
    stem = name.lower().replace("-", "_")
    found = [p for p in downloads.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
    if found:
        return found[0]
    log(f"downloading {name}=={version} (wheel) from the package index")
    done = subprocess.run(
        [
            str(VENV_BIN / "python"), "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary", ":all:", "--dest", str(downloads), f"{name}=={version}",
        ],
        capture_output=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    found = [p for p in downloads.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
    if done.returncode != 0 or not found:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise BenchError(f"pip download {name}=={version} failed: {' | '.join(tail)}")
    return found[0]


def _unpack(wheel: Path, dest: Path) -> dict[str, bytes]:
    """The wheel's files (its metadata folder left out), keyed by their path in the repo."""
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or ".dist-info/" in name or name.startswith("/") or ".." in name:
                continue
            files[f"{dest.name}/{name}"] = archive.read(info)
    return files


def run(*, timeout: float, log: Log, out: Path) -> dict[str, Any]:
    downloads = WORK / "clean"
    downloads.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    libraries: list[dict[str, Any]] = []
    for name, version in LIBRARIES:
        wheel = _wheel(name, version, downloads, log)
        unpacked = _unpack(wheel, Path(f"{name}-{version}"))
        python = {k: v for k, v in unpacked.items() if k.endswith(".py")}
        libraries.append(
            {
                "name": name,
                "version": version,
                "wheel": wheel.name,
                "prefix": f"{name}-{version}/",
                "python_files": len(python),
                "python_lines": sum(v.count(b"\n") for v in python.values()),
            }
        )
        files.update(unpacked)
    repo = make_repo(out / "clean-repo", files)
    lines = sum(x["python_lines"] for x in libraries)
    log(f"clean code: {len(libraries)} libraries, {lines:,} lines of Python")
    run = tools.sastflow(repo, out, timeout=timeout)
    for lib in libraries:
        mine = [h for h in run.hits if h.path.startswith(lib["prefix"])]
        lib["findings"] = len(mine)
        lib["blocking"] = sum(h.blocking for h in mine)
        lib["by_severity"] = dict(Counter(h.severity for h in mine))
    return {
        "libraries": libraries,
        "seconds": run.seconds,
        "notes": list(run.notes),
        "blocking": [h.as_dict() for h in run.hits if h.blocking],
        "by_rule": dict(Counter(h.rule for h in run.hits).most_common()),
    }
