"""Bandit, read through its JSON output, split across cores.

Bandit is single-threaded, so targets are split into size-balanced chunks run as concurrent
processes; a chunk's timeout then bounds the damage of one pathological file to that chunk.

Rule metadata (name, title, documentation) comes from Bandit's own description of each test
(:mod:`sastflow.engines.bandit_catalog`), never from a result's message: B105's message quotes
the password it found, which must not become every alert's title.
"""

from __future__ import annotations

import functools
import hashlib
import platform
import re
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from sastflow.engines import _exec
from sastflow.engines import _shape as shape
from sastflow.engines.bandit_catalog import TESTS
from sastflow.engines.interface import (
    EngineIdentity,
    EngineRequest,
    SuppressionSyntax,
    finding_order,
)
from sastflow.engines.source import SourceCache, collapse_spaces
from sastflow.model import (
    Confidence,
    EngineFailure,
    EngineRun,
    FileOutcome,
    Finding,
    InlineMarker,
    Location,
    Rule,
    Severity,
)

NAME = "bandit"
SUFFIXES = (".py", ".pyw")
_SEVERITY = {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW}
# Below this much source, a second process costs more start-up than it saves.
MIN_CHUNK_BYTES = 256 * 1024
# Bandit's reason for a file it could not parse as Python (deterministic for the same bytes).
_SYNTAX_ERROR = "syntax error"


def _version() -> str:
    try:
        return metadata.version("bandit")
    except metadata.PackageNotFoundError:
        return ""


def profile() -> Path:
    """The Bandit profile sastflow runs with (``rules/bandit.yml`` of its own rule pack)."""
    from sastflow import rulepack

    return rulepack.default_bandit_profile()


def command(binary: str, profile: Path | None) -> list[str]:
    """Bandit's command line without the targets (the bench runs bare Bandit with it too)."""
    # sastflow decides about `# nosec` itself (DESIGN: Ledger -> Trust).
    argv = [binary, "--format", "json", "--quiet", "--ignore-nosec"]
    if profile is not None:
        argv += ["--configfile", str(profile)]
    return argv


# --- `# nosec` ----------------------------------------------------------------------------

_NOSEC = re.compile(r"#\s*nosec\b([^#]*)", re.IGNORECASE)  # a justification follows a second #
_IDS = re.compile(r"[\w.\-/]+")


class NosecSyntax:
    """``# nosec [B602, ...]`` on any line of the finding, as Bandit reads it: the words after
    the marker are test ids or names."""

    comment: ClassVar[re.Pattern[str]] = re.compile(r"#\s*nosec\b", re.IGNORECASE)

    def marker(self, finding: Finding, source: SourceCache) -> InlineMarker | None:
        loc = finding.location
        for number in range(loc.start_line, loc.end_line + 1):
            match = _NOSEC.search(source.line(finding.path, number))
            if match:
                ids = tuple(_IDS.findall(match.group(1)))
                if _covers(ids, finding):
                    return InlineMarker(NAME, ids, number)
        return None

    def describe(self, marker: InlineMarker) -> str:
        named = f" {', '.join(marker.rule_ids)}" if marker.rule_ids else ""
        return f"# nosec{named} at line {marker.line}"


def _covers(ids: tuple[str, ...], finding: Finding) -> bool:
    if not ids:
        return True
    test_id = finding.rule_id.split(".", 1)[-1]
    test_name = finding.rule.name.split("-", 1)[-1]
    return any(i.upper() == test_id.upper() or i == test_name for i in ids)


# --- the engine -------------------------------------------------------------------------------


class BanditEngine:
    name: ClassVar[str] = NAME
    display_name: ClassVar[str] = "Bandit"
    information_uri: ClassVar[str] = "https://bandit.readthedocs.io"
    ignore_files: ClassVar[tuple[str, ...]] = ()
    suppression: ClassVar[SuppressionSyntax] = NosecSyntax()

    def supports(self, path: str) -> bool:
        return path.endswith(SUFFIXES)

    def identity(self, request: EngineRequest) -> EngineIdentity | None:
        binary = _exec.find_binary(NAME)
        if binary is None:
            return None
        digest = hashlib.sha256()
        # Bandit parses with the interpreter it runs on (Python 3.12 syntax is an error to 3.11).
        stamp = (_exec.binary_stamp(binary), _version(), platform.python_version())
        for part in (*stamp, *command("bandit", None)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(profile().read_bytes())
        return EngineIdentity(NAME, _version(), digest.hexdigest())

    def run(self, request: EngineRequest) -> EngineRun:
        started = time.monotonic()
        binary = _exec.find_binary(NAME)
        if binary is None:
            return EngineRun(NAME, "", (), failure=_exec.missing(NAME))
        version = _version()
        if not request.targets:
            return EngineRun(NAME, version, ())
        base = command(binary, profile())
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

        results: list[dict[str, Any]] = []
        analysed: list[FileOutcome] = []  # finished files, cacheable
        crashed: list[FileOutcome] = []  # files Bandit failed on: reported, never cached
        failure: EngineFailure | None = None
        for chunk, outcome in zip(chunks, outcomes, strict=True):
            if isinstance(outcome, EngineFailure):
                failure = failure or outcome
                continue  # a failed chunk's files are not analysed (and never cached)
            try:
                chunk_results, finished, failed = _read_output(outcome[0], chunk, request.root)
            except shape.ShapeError as exc:
                failure = failure or _exec.unexpected_shape(NAME, str(exc))
                continue
            results.extend(chunk_results)
            analysed.extend(finished)
            crashed.extend(failed)
        cache = SourceCache(request.source_root or request.root)
        try:
            findings = _findings(results, request.root, cache)
        except shape.ShapeError as exc:
            failure = failure or _exec.unexpected_shape(NAME, str(exc))
            findings, analysed = [], []
        rules: dict[str, Rule] = {}
        for finding in findings:
            rules.setdefault(finding.rule.id, finding.rule)
        reported = sorted([*analysed, *crashed], key=lambda o: o.path)
        return EngineRun(
            NAME,
            version,
            tuple(findings),
            rules=tuple(rules.values()),
            failure=failure,
            duration=time.monotonic() - started,
            scanned_files=sum(1 for o in reported if o.scanned),
            warnings=tuple(w for o in reported for w in o.warnings),
            unparsed=tuple(o.path for o in reported if o.unparsed),
            analysed=tuple(analysed),
        )


def _read_output(
    data: dict[str, Any], chunk: list[str], root: Path
) -> tuple[list[dict[str, Any]], list[FileOutcome], list[FileOutcome]]:
    """The results of one chunk, what Bandit concluded about each file it finished, and the
    files it failed on (an exception inside Bandit, an unreadable file)."""
    errors: dict[str, str] = {}
    for i, error in enumerate(shape.items(data.get("errors", []), "errors")):
        error = shape.mapping(error, f"errors[{i}]")
        name = shape.text(shape.field(error, "filename", f"errors[{i}]"), f"errors[{i}].filename")
        reason = collapse_spaces(str(error.get("reason", "")))
        errors[shape.target(root, name, f"errors[{i}].filename")] = reason
    metrics = shape.mapping(data.get("metrics", {}), "metrics")
    measured = {shape.target(root, key, "metrics") for key in metrics if key != "_totals"}
    results = shape.items(data["results"], "results")
    files: list[FileOutcome] = []
    failed: list[FileOutcome] = []
    for path in chunk:
        problem = errors.get(path)
        if problem is None:
            files.append(FileOutcome(path, scanned=path in measured))
        elif _SYNTAX_ERROR in problem:
            warning = f"bandit could not parse {path}: {problem}"
            files.append(FileOutcome(path, scanned=True, unparsed=True, warnings=(warning,)))
        else:
            warning = f"bandit could not analyse {path}: {problem}"
            failed.append(FileOutcome(path, scanned=False, unparsed=True, warnings=(warning,)))
    return [shape.mapping(r, f"results[{i}]") for i, r in enumerate(results)], files, failed


def _findings(results: list[dict[str, Any]], root: Path, cache: SourceCache) -> list[Finding]:
    """Findings in one order whatever the chunking: by place, then rule. Each finding's rule
    is a function of its own result (the default severity is its own), so a file's findings
    do not depend on which other files were scanned with it (the result cache relies on it)."""
    findings = [_finding(result, root, cache) for result in results]
    findings.sort(key=finding_order)
    return findings


def rule_for(test_id: str, result: dict[str, Any], severity: Severity) -> Rule:
    """The SARIF rule for a Bandit test: what Bandit says the test is, not what one result
    said; a test Bandit added after the catalog was generated falls back to its name."""
    more = result.get("more_info")
    cwe = result.get("issue_cwe")
    cwe_id = cwe.get("id") if isinstance(cwe, dict) else None
    return _rule(
        test_id,
        str(result.get("test_name") or test_id),
        more if isinstance(more, str) and more.startswith("https://") else None,
        cwe_id if isinstance(cwe_id, int) and not isinstance(cwe_id, bool) and cwe_id > 0 else 0,
        severity,
    )


@functools.lru_cache(maxsize=1024)
def _rule(test_id: str, test_name: str, url: str | None, cwe: int, severity: Severity) -> Rule:
    known = TESTS.get(test_id)
    name = known.name if known else test_name
    title = known.title if known else name.replace("_", " ")
    url = url or (known.url if known else None)
    description = known.description if known else ""
    help_text = f"Bandit {test_id} ({name}): {title}."
    if description:
        help_text += f"\n\n{description}"
    if url:
        help_text += f"\n\nDocumentation: {url}"
    return Rule(
        id=f"bandit.{test_id}",
        engine=NAME,
        name=f"{test_id}-{name}",
        short_description=title,
        help_text=help_text,
        help_uri=url,
        default_severity=severity,
        cwe=(cwe,) if cwe else (),
        tags=("security",),
    )


def _finding(result: dict[str, Any], root: Path, cache: SourceCache) -> Finding:
    where = f"result {shape.text(result.get('test_id', '?'), 'results[].test_id')}"
    test_id = shape.text(shape.field(result, "test_id", "a result"), f"{where}.test_id")
    severity = _SEVERITY.get(str(result.get("issue_severity", "")).upper(), Severity.MEDIUM)
    message = collapse_spaces(str(result.get("issue_text", "")))
    name = shape.text(shape.field(result, "filename", where), f"{where}.filename")
    path = shape.target(root, name, f"{where}.filename")
    start = shape.whole(
        shape.field(result, "line_number", where), f"{where}.line_number", minimum=1
    )
    span = result.get("line_range") or [start]
    lines = [
        shape.whole(n, f"{where}.line_range[]") for n in shape.items(span, f"{where}.line_range")
    ]
    end = max([start, *lines])
    column = result.get("col_offset") or 0
    end_column = result.get("end_col_offset") or 0
    location = Location(
        path=path,
        start_line=start,
        start_column=shape.whole(column, f"{where}.col_offset") + 1,
        end_line=end,
        end_column=shape.whole(end_column, f"{where}.end_col_offset") + 1,
    )
    code, snippet = cache.region_and_snippet(path, start, end)
    return Finding(
        rule=rule_for(test_id, result, severity),
        message=message,
        severity=severity,
        confidence=Confidence.parse(result.get("issue_confidence")),
        location=location,
        snippet=snippet,
        code=code,
    )
