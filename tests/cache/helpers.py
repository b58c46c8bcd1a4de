"""Scanning a fixture repository through the real console entry point, and reading back what
a user compares: SARIF results (rule, path, region, fingerprint, message, suppressions) and the
rules' metadata, plus the cache's entries."""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"

# Python for both engines, YAML and a template for Semgrep; findings of both kinds.
FILES: dict[str, str | bytes | None] = {
    "app/views.py": (
        "import hashlib\nimport os\n\n\n"
        "def handler(request):\n"
        "    os.system(request.args['cmd'])\n"
        "    return hashlib.md5(request.data).hexdigest()\n"
    ),
    "app/settings.py": 'SECRET_KEY = "your-secret-key-here"\npassword = "hunter2"\n',
    "app/tasks.py": (
        "import subprocess\n\n\n"
        "def run(cmd):\n"
        "    subprocess.call(cmd, shell=True)  # nosec B602\n"
        "    subprocess.call(cmd, shell=True)\n"
    ),
    "app/clean.py": "def add(a, b):\n    return a + b\n",
    "lib/evil.py": "def calc(expr):\n    return eval(expr)\n",
    ".github/workflows/ci.yml": (
        "on: pull_request_target\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    ),
}


@dataclass(frozen=True)
class Scan:
    code: int
    err: str
    results: list[tuple[Any, ...]]
    rules: dict[str, str]

    def progress(self, engine: str) -> tuple[int, int] | None:
        """(analysed, cached) from the progress line ``semgrep: 3 analysed, 2,820 cached``."""
        match = re.search(rf"{re.escape(engine)}: ([\d,]+) analysed, ([\d,]+) cached", self.err)
        if match is None:
            return None
        return int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))


def scan(repo: Path, sarif: Path, *args: str, env: dict[str, str] | None = None) -> Scan:
    done = run_cli(repo, "scan", ".", "--sarif", str(sarif), "--fail-on", "never", *args, env=env)
    log = json.loads(sarif.read_text(encoding="utf-8")) if sarif.exists() else {"runs": []}
    return Scan(done.code, done.err, comparable_results(log), comparable_rules(log))


def comparable_results(log: dict[str, Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for run in log["runs"]:
        tool = run["tool"]["driver"]["name"]
        for result in run["results"]:
            place = result["locations"][0]["physicalLocation"]
            out.append(
                (
                    tool,
                    result["ruleId"],
                    place["artifactLocation"]["uri"],
                    json.dumps(place["region"], sort_keys=True),
                    result["partialFingerprints"]["sastflow/v1"],
                    result["message"]["text"],
                    json.dumps(result.get("suppressions"), sort_keys=True),
                    result.get("baselineState"),
                )
            )
    return out


def comparable_rules(log: dict[str, Any]) -> dict[str, str]:
    return {
        rule["id"]: json.dumps(rule, sort_keys=True)
        for run in log["runs"]
        for rule in run["tool"]["driver"].get("rules", [])
    }


def entries(cache: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every entry file in the cache with its decoded document."""
    found: list[tuple[Path, dict[str, Any]]] = []
    for path in sorted((cache / "results-v1").glob("*/*")):
        if path.name.startswith(".tmp-"):
            continue
        data = path.read_bytes()
        document = json.loads(zlib.decompress(data[data.index(b"\n") + 1 :]))
        found.append((path, document))
    return found


def entry_paths(cache: Path, engine: str) -> set[str]:
    """The file paths the cache holds results of ``engine`` for."""
    return {document["path"] for _path, document in entries(cache) if document["engine"] == engine}
