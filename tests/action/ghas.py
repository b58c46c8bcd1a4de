"""GitHub's own SARIF ingestion rules, through the SARIF Multitool (npm
``@microsoft/sarif-multitool``, installed with the other test tools in ``tests/action/tools``):
``Sarif.Multitool validate --rule-kind "Sarif;Ghas"`` applies the SARIF schema and the rules
GitHub code scanning applies on upload."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

TOOLS = Path(__file__).resolve().parent / "tools"
MULTITOOL = TOOLS / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"


def ghas_problems(logs: list[Path], out: Path) -> dict[str, list[str]]:
    """File name → ``RULE message-id`` of every error and warning the Multitool reports."""
    assert MULTITOOL.is_file(), (
        f"{MULTITOOL} is missing: npm ci --prefix tests/action/tools --ignore-scripts "
        "--no-audit --no-fund"
    )
    # npm's --ignore-scripts skips the package's own chmod.
    mode = MULTITOOL.stat().st_mode
    if not mode & stat.S_IXUSR:
        MULTITOOL.chmod(mode | stat.S_IXUSR)
    done = subprocess.run(
        [str(MULTITOOL), "validate", *map(str, logs), "--rule-kind", "Sarif;Ghas", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        # The .NET runtime needs ICU unless told to do without.
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    problems: dict[str, list[str]] = defaultdict(list)
    for run in json.loads(out.read_text(encoding="utf-8"))["runs"]:
        for result in run.get("results", []):
            if result.get("level", "warning") not in ("error", "warning"):
                continue
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            name = Path(unquote(urlparse(uri).path)).name
            message = result["message"].get("id") or result["message"].get("text", "")
            problems[name].append(f"{result['ruleId']} {message}")
    return dict(problems)
