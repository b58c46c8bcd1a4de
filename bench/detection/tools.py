"""The three tools the detection bench compares, each run once over the same git repository
and read into the same shape: what each tool reported, per file.

- ``sastflow scan`` with its default pack, profile and gate, read from its SARIF through
  sastflow's own reader, so "unsuppressed" and "blocking" mean what the gate means;
- bare Bandit with its stock tests (``bandit -r -f json``, no profile);
- bare Semgrep with the merged rule file sastflow itself hands Semgrep, on the same files.

A tool whose output cannot be read is a broken bench (``BenchError``), never zero findings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import VENV_BIN, BenchError, run_timed

from detection.corpus import classes_of

Log = Callable[[str], None]
GATE = "high"  # sastflow's default --fail-on (sastflow.config.Config.fail_on)


@dataclass(frozen=True, slots=True)
class Hit:
    """One reported result, reduced to what the bench counts."""

    rule: str
    path: str
    line: int
    cwes: tuple[int, ...]
    severity: str
    blocking: bool  # sastflow only: unsuppressed and at or above the default gate
    message: str = ""

    @property
    def classes(self) -> frozenset[str]:
        return classes_of(self.rule, self.cwes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "cwes": list(self.cwes),
            "severity": self.severity,
            "blocking": self.blocking,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ToolRun:
    name: str
    hits: tuple[Hit, ...]
    seconds: float
    notes: tuple[str, ...] = ()


def _json(path: Path, tool: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise BenchError(f"{tool} produced no parsable output in {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise BenchError(f"{tool} output {path} has no results list")
    return data


def sastflow(repo: Path, out: Path, *, timeout: float) -> ToolRun:
    """``sastflow scan`` as a user runs it; exit 1 (findings at the gate) is the normal case."""
    from sastflow.errors import UsageError
    from sastflow.model import Severity
    from sastflow.sarif.read import read_report

    sarif = out / "sastflow.sarif"
    sarif.unlink(missing_ok=True)
    timing = run_timed(
        [str(VENV_BIN / "sastflow"), "scan", str(repo), "--sarif", str(sarif), "--quiet"],
        timeout=timeout,
        # A fresh scan every time: a re-run after a rule change measures the new rules.
        env={"SASTFLOW_NO_CACHE": "1"},
    )
    try:
        report = read_report(sarif)
    except UsageError as exc:
        raise BenchError(f"sastflow produced no parsable SARIF: {exc}") from None
    engines = {run.engine for run in report.runs}
    if not {"semgrep", "bandit"} <= engines:
        raise BenchError(f"sastflow's SARIF has runs for {sorted(engines)}, not both engines")
    notes = tuple(
        f"{run.engine} failed: {run.failure.detail}" for run in report.runs if run.failure
    )
    gate = Severity.parse(GATE)
    hits = tuple(
        Hit(
            rule=f.rule.id,
            path=f.path,
            line=f.line,
            cwes=tuple(f.rule.cwe),
            severity=f.severity.label,
            blocking=f.blocks(gate),
            message=f.message,
        )
        for f in report.findings
        if not f.suppressed
    )
    return ToolRun("sastflow", hits, timing.wall, notes)


def bandit(repo: Path, out: Path, *, timeout: float) -> ToolRun:
    """Bandit as its documentation starts it: every stock test, no profile, recursive."""
    target = out / "bandit.json"
    timing = run_timed(
        [str(VENV_BIN / "bandit"), "-r", "-f", "json", "-q", "-o", str(target), "."],
        cwd=repo,
        timeout=timeout,
    )
    data = _json(target, "bandit")
    hits = tuple(
        Hit(
            rule=str(r["test_id"]),
            path=str(r["filename"]).removeprefix("./"),
            line=int(r["line_number"]),
            cwes=(int(r["issue_cwe"]["id"]),) if r.get("issue_cwe") else (),
            severity=str(r["issue_severity"]).lower(),
            blocking=False,
            message=str(r.get("issue_text", "")),
        )
        for r in data["results"]
    )
    notes = tuple(f"bandit error: {e.get('filename')}: {e.get('reason')}" for e in data["errors"])
    return ToolRun("bandit", hits, timing.wall, notes)


def semgrep(repo: Path, out: Path, files: Iterable[str], *, timeout: float) -> ToolRun:
    """Semgrep with sastflow's merged default pack and sastflow's own flags, same files."""
    from sastflow import rulepack
    from sastflow.config import DEFAULT_PACK_NAME
    from sastflow.engines import semgrep as engine
    from sastflow.engines.interface import RulePack

    workdir = out / "rules"
    workdir.mkdir(parents=True, exist_ok=True)
    pack = engine.MergedPack((RulePack(DEFAULT_PACK_NAME, rulepack.default_pack_dir()),), workdir)
    if pack.path is None:
        raise BenchError("sastflow's default pack has no Semgrep rules")
    argv = engine.command(
        str(VENV_BIN / "semgrep"), pack.path, os.cpu_count() or 1, cli=engine.cli_from_env()
    )
    target = out / "semgrep.json"
    timing = run_timed([*argv, "--", *files], cwd=repo, timeout=timeout, stdout=target)
    data = _json(target, "semgrep")
    hits = []
    for r in data["results"]:
        meta = r.get("extra", {}).get("metadata", {}) or {}
        hits.append(
            Hit(
                rule=pack.normalise(str(r["check_id"])),
                path=str(r["path"]).removeprefix("./"),
                line=int(r["start"]["line"]),
                cwes=_cwe_ids(meta.get("cwe")),
                severity=engine.severity_of(
                    str(r.get("extra", {}).get("severity", "")), meta
                ).label,
                blocking=False,
                message=str(r.get("extra", {}).get("message", "")),
            )
        )
    notes = tuple(
        f"semgrep {e.get('level', 'error')}: {e.get('message', e.get('type', ''))}"[:300]
        for e in data.get("errors", [])
    )
    return ToolRun("semgrep", tuple(hits), timing.wall, notes)


def _cwe_ids(values: Any) -> tuple[int, ...]:
    """``["CWE-78: Improper ..."]`` (Semgrep rule metadata) -> ``(78,)``."""
    if isinstance(values, str):
        values = [values]
    ids: list[int] = []
    for value in values or ():
        digits = str(value).upper().removeprefix("CWE-").split(":")[0].strip()
        if digits.isdigit():
            ids.append(int(digits))
    return tuple(dict.fromkeys(ids))
