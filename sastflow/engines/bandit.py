"""Bandit, read through its JSON output, split across cores.

Bandit is single-threaded, so targets are split into size-balanced chunks run as concurrent
processes; a chunk's timeout then bounds the damage of one pathological file to that chunk.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from sastflow.engines import _exec
from sastflow.engines.interface import EngineRequest
from sastflow.engines.source import SourceCache, collapse_spaces, relative
from sastflow.model import (
    Confidence,
    EngineFailure,
    EngineRun,
    Finding,
    Location,
    Rule,
    Severity,
)

NAME = "bandit"
SUFFIXES = (".py", ".pyw")
_SEVERITY = {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW}
# Below this much source, a second process costs more start-up than it saves.
MIN_CHUNK_BYTES = 256 * 1024


def _version() -> str:
    try:
        return metadata.version("bandit")
    except metadata.PackageNotFoundError:
        return ""


def command(binary: str, profile: Path | None) -> list[str]:
    """Bandit's command line without the targets (the bench runs bare Bandit with it too)."""
    # sastflow decides about `# nosec` itself (DESIGN: Ledger -> Trust).
    argv = [binary, "--format", "json", "--quiet", "--ignore-nosec"]
    if profile is not None:
        argv += ["--configfile", str(profile)]
    return argv


class BanditEngine:
    name = NAME

    def supports(self, path: str) -> bool:
        return path.endswith(SUFFIXES)

    def run(self, request: EngineRequest) -> EngineRun:
        started = time.monotonic()
        binary = _exec.find_binary("bandit")
        if binary is None:
            return EngineRun(NAME, "", (), failure=_exec.missing(NAME))
        version = _version()
        if not request.targets:
            return EngineRun(NAME, version, ())
        base = command(binary, request.bandit_profile)
        chunks = [
            batch
            for chunk in _exec.split(request.root, request.targets, request.jobs, MIN_CHUNK_BYTES)
            for batch in _exec.batches(chunk)
        ]

        def run_chunk(chunk: list[str]) -> tuple[dict[str, Any], int] | EngineFailure:
            # "./" keeps a file named "-x.py" from being read as an option.
            argv = [*base, "--", *(f"./{t}" for t in chunk)]
            return _exec.run_json(
                NAME,
                argv,
                cwd=request.root,
                timeout=request.timeout,
                limit=request.timeout,
                key="results",
            )

        with ThreadPoolExecutor(max_workers=max(1, len(chunks))) as pool:
            outcomes = list(pool.map(run_chunk, chunks))

        cache = SourceCache(request.source_root or request.root)
        rules: dict[str, Rule] = {}
        findings: list[Finding] = []
        warnings: list[str] = []
        unparsed: list[str] = []  # Bandit's errors are files it could not parse (or read)
        failure: EngineFailure | None = None
        scanned = 0
        for outcome in outcomes:
            if isinstance(outcome, EngineFailure):
                failure = failure or outcome
                continue
            data, _status = outcome
            for error in data.get("errors", []):
                path = relative(request.root, str(error.get("filename", "?")))
                reason = collapse_spaces(str(error.get("reason", "")))
                warnings.append(f"bandit could not analyse {path}: {reason}")
                unparsed.append(path)
            scanned += max(0, len(data.get("metrics", {})) - 1)
            for result in data["results"]:
                findings.append(_finding(result, request.root, cache, rules))
        return EngineRun(
            NAME,
            version,
            tuple(findings),
            rules=tuple(rules.values()),
            failure=failure,
            duration=time.monotonic() - started,
            scanned_files=scanned,
            warnings=tuple(warnings),
            unparsed=tuple(unparsed),
        )


def _finding(
    result: dict[str, Any], root: Path, cache: SourceCache, rules: dict[str, Rule]
) -> Finding:
    test_id = str(result["test_id"])
    rule_id = f"bandit.{test_id}"
    severity = _SEVERITY.get(str(result.get("issue_severity", "")).upper(), Severity.MEDIUM)
    message = collapse_spaces(str(result.get("issue_text", "")))
    rule = rules.get(rule_id)
    if rule is None:
        cwe = result.get("issue_cwe") or {}
        cwe_id = cwe.get("id") if isinstance(cwe, dict) else None
        more = result.get("more_info") or None
        name = str(result.get("test_name") or test_id)
        rule = Rule(
            id=rule_id,
            engine=NAME,
            name=f"{test_id}-{name}",
            short_description=message or name,
            help_text=f"Bandit {test_id} ({name}): {message}"
            + (f"\n\nDocumentation: {more}" if more else ""),
            help_uri=more,
            default_severity=severity,
            cwe=(int(cwe_id),) if isinstance(cwe_id, int) and cwe_id > 0 else (),
            tags=("security",),
        )
        rules[rule_id] = rule
    path = relative(root, str(result["filename"]))
    line_range = [int(n) for n in result.get("line_range") or [result["line_number"]]]
    start = int(result["line_number"])
    end = max([start, *line_range])
    location = Location(
        path=path,
        start_line=start,
        start_column=int(result.get("col_offset") or 0) + 1,
        end_line=end,
        end_column=int(result.get("end_col_offset") or 0) + 1,
    )
    code, snippet = cache.region_and_snippet(path, start, end)
    return Finding(
        rule=rule,
        message=message,
        severity=severity,
        confidence=Confidence.parse(result.get("issue_confidence")),
        location=location,
        snippet=snippet,
        code=code,
    )
