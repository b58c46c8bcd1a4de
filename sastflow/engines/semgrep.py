"""Semgrep, run on sastflow's targets with local rule packs only, read through its JSON output.

Semgrep prefixes rule ids with the config's directory relative to the working directory
(``--config /a/b/rules`` gives ``a.b.rules.my-rule``), so ids are normalised against the ids the
pack files declare: ``<pack>.<rule-id>``, the same wherever sastflow runs.
"""

from __future__ import annotations

import enum
import json
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sastflow.engines import _exec
from sastflow.engines.interface import EngineRequest, RulePack
from sastflow.engines.source import SourceCache, collapse_spaces, relative
from sastflow.errors import ConfigError, RuleError
from sastflow.model import (
    Confidence,
    EngineFailure,
    EngineRun,
    Finding,
    Location,
    Rule,
    Severity,
)

NAME = "semgrep"
SUFFIXES = (".py", ".pyi", ".yml", ".yaml")
PER_FILE_TIMEOUT = 30  # seconds per rule per file before Semgrep gives up on that file
CLI_VARIABLE = "SASTFLOW_SEMGREP_CLI"


class Cli(enum.Enum):
    """Which of Semgrep's two command-line front ends runs the scan.

    Both drive the same ``semgrep-core`` and print the same JSON for every flag sastflow passes
    (checked on Django's 2,823 files: identical results and scanned paths once the config
    prefix of rule ids is normalised, which ``MergedPack.normalise`` does anyway). The OCaml one
    (``--experimental``, "osemgrep") skips the Python CLI's start-up and rule-schema pass: a
    one-file scan with the default pack takes ~0.4 s instead of ~3.7 s, which is most of a PR
    scan (bench/RESULTS.md). ``SASTFLOW_SEMGREP_CLI`` picks one; when the OCaml one fails
    without JSON, the batch is rerun with the Python one and a warning says so.
    """

    OSEMGREP = "osemgrep"
    PYSEMGREP = "pysemgrep"


# The OCaml CLI is the default: a PR scan's cost is mostly Semgrep's start-up, and the results
# are the same (see the class docstring). SASTFLOW_SEMGREP_CLI=pysemgrep goes back.
DEFAULT_CLI = Cli.OSEMGREP

# Below this much source per process, another Semgrep costs more start-up than it saves
# (~0.3 s for the OCaml CLI, ~3.5 s for the Python one; ~6 s of CPU per MB of Python to scan).
MIN_CHUNK_BYTES = {Cli.OSEMGREP: 256 * 1024, Cli.PYSEMGREP: 2 * 1024 * 1024}


def cli_from_env() -> Cli:
    value = os.environ.get(CLI_VARIABLE, "").strip().lower() or DEFAULT_CLI.value
    try:
        return Cli(value)
    except ValueError:
        choices = ", ".join(c.value for c in Cli)
        raise ConfigError(f"{CLI_VARIABLE}={value!r}: expected one of {choices}") from None


def command(binary: str, config: Path, jobs: int, *, cli: Cli) -> list[str]:
    """Semgrep's command line without the targets (the bench runs bare Semgrep with it too)."""
    return [
        binary, "scan",
        *(["--experimental"] if cli is Cli.OSEMGREP else []),
        "--json", "--quiet",
        "--metrics=off", "--disable-version-check",
        # sastflow decides about inline suppressions itself (DESIGN: Ledger -> Trust).
        "--disable-nosem",
        # Targets are explicit; git-ignore and .semgrepignore must not filter them again.
        "--no-git-ignore",
        "--jobs", str(max(1, jobs)),
        "--timeout", str(PER_FILE_TIMEOUT),
        "--max-target-bytes", "0",
        "--config", str(config),
    ]  # fmt: skip


_NATIVE_SEVERITY = {
    "CRITICAL": Severity.CRITICAL,
    "ERROR": Severity.HIGH,
    "HIGH": Severity.HIGH,
    "WARNING": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "INFO": Severity.LOW,
    "LOW": Severity.LOW,
    "INVENTORY": Severity.INFO,
    "EXPERIMENT": Severity.INFO,
}


def _cwe_ids(values: Any) -> tuple[int, ...]:
    if isinstance(values, str):
        values = [values]
    ids: list[int] = []
    for value in values or ():
        text = str(value).upper()
        if text.startswith("CWE-"):
            digits = text[4:].split(":")[0].strip()
            if digits.isdigit():
                ids.append(int(digits))
    return tuple(dict.fromkeys(ids))


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def severity_of(native: str, metadata: Mapping[str, Any]) -> Severity:
    """``security-severity`` (a CVSS-like score) wins; else Semgrep's own level."""
    score = metadata.get("security-severity")
    if score is not None:
        try:
            return Severity.from_score(float(score))
        except (TypeError, ValueError):
            pass
    return _NATIVE_SEVERITY.get(native.upper(), Severity.MEDIUM)


class MergedPack:
    """Every pack's rules in one config file, ids qualified as ``<pack>.<rule-id>``.

    Semgrep pays ~120 ms per ``--config`` argument: one file instead of one per rule cuts a
    39-rule scan of a single file from ~7 s to ~3 s. Qualifying the ids also keeps two packs
    that reuse a rule id apart. Semgrep still prefixes the temp file's directory to every
    ``check_id``; ``normalise`` strips it by matching the qualified ids.

    The merged text is JSON (a YAML document too, which is how both Semgrep CLIs read it):
    ``json.dumps`` takes milliseconds where ``yaml.safe_dump`` took ~0.25 s. It is computed
    once per process for the same rule files (a PR scan merges the same packs for its head and
    base runs, concurrently), keyed by every file's path, size and mtime.
    """

    def __init__(self, packs: tuple[RulePack, ...], workdir: Path) -> None:
        text, ids = _merged(packs)
        self._ids = list(ids)
        self._normalised: dict[str, str] = {}  # check_id -> rule id: one scan per distinct id
        rules = json.loads(text)["rules"] if ids else []
        self.taint = frozenset(r["id"] for r in rules if r.get("mode") == "taint")
        self.path: Path | None = None
        if ids:
            self.path = workdir / "sastflow-rules.yaml"
            self.path.write_text(text, encoding="utf-8")

    def normalise(self, check_id: str) -> str:
        known = self._normalised.get(check_id)
        if known is None:
            known = next(
                (i for i in self._ids if check_id == i or check_id.endswith("." + i)), check_id
            )
            self._normalised[check_id] = known
        return known


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGED_LOCK = threading.Lock()
_MERGED: dict[tuple[object, ...], tuple[str, tuple[str, ...]]] = {}
_MERGED_KEEP = 8


def _pack_key(packs: tuple[RulePack, ...]) -> tuple[object, ...]:
    key: list[object] = []
    for pack in packs:
        key.append((pack.name, str(pack.path)))
        for file in sorted(pack.path.rglob("*")) if pack.path.is_dir() else [pack.path]:
            try:
                stat = file.stat()
            except OSError:
                continue
            key.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(key)


def _merged(packs: tuple[RulePack, ...]) -> tuple[str, tuple[str, ...]]:
    """The merged config text and the qualified ids, longest first (for ``normalise``)."""
    from sastflow import rulepack

    key = _pack_key(packs)
    with _MERGED_LOCK:
        cached = _MERGED.get(key)
        if cached is not None:
            return cached
        rules: list[dict[str, Any]] = []
        ids: list[str] = []
        for pack in packs:
            files = sorted({rule.file for rule in rulepack.read_pack(pack.path)})
            for file in files:
                # read_pack has validated these files; reload them whole to keep every key.
                document = yaml.load(file.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}  # noqa: S506 - a safe loader
                for rule in document.get("rules", []):
                    qualified = f"{pack.name}.{rule['id']}"
                    rules.append({**rule, "id": qualified})
                    ids.append(qualified)
        ids.sort(key=len, reverse=True)
        # default=str: YAML dates in metadata become the ISO strings Semgrep would show.
        text = json.dumps({"rules": rules}, ensure_ascii=False, default=str) + "\n" if rules else ""
        if len(_MERGED) >= _MERGED_KEEP:
            _MERGED.clear()
        _MERGED[key] = (text, tuple(ids))
        return text, tuple(ids)


class SemgrepEngine:
    name = NAME

    def supports(self, path: str) -> bool:
        return path.endswith(SUFFIXES)

    def run(self, request: EngineRequest) -> EngineRun:
        started = time.monotonic()
        binary = _exec.find_binary("semgrep")
        if binary is None:
            return EngineRun(NAME, "", (), failure=_exec.missing(NAME))
        if not request.targets:
            return EngineRun(NAME, "", (), duration=time.monotonic() - started)
        with tempfile.TemporaryDirectory(prefix="sastflow-semgrep-") as workdir:
            ids = MergedPack(request.packs, Path(workdir))
            if ids.path is None:
                return EngineRun(NAME, "", (), duration=time.monotonic() - started)
            return self._scan(binary, request, ids, ids.path, started)

    def _scan(
        self,
        binary: str,
        request: EngineRequest,
        ids: MergedPack,
        config: Path,
        started: float,
    ) -> EngineRun:
        cli = cli_from_env()
        deadline = started + request.timeout
        chunks = _exec.split(request.root, request.targets, request.jobs, MIN_CHUNK_BYTES[cli])
        # One single-threaded Semgrep per chunk rather than one with --jobs N: Semgrep's own
        # parallelism (OCaml domains) stalls when the cores are shared, with Bandit or with
        # other jobs on the runner. With two busy processes beside it on 2 cores, --jobs 2 took
        # 68 s wall / 45 s CPU where two --jobs 1 processes took 42 s / 28.5 s (bench/).
        jobs = 1 if len(chunks) > 1 else request.jobs

        def scan_chunk(chunk: list[str]) -> _ChunkOutcome:
            return _scan_chunk(binary, config, jobs, cli, chunk, request, deadline)

        if len(chunks) == 1:
            outcomes = [scan_chunk(chunks[0])]
        else:
            with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
                outcomes = list(pool.map(scan_chunk, chunks))

        warnings: list[str] = []
        results: list[dict[str, Any]] = []
        failure: EngineFailure | None = None
        version = ""
        scanned = 0
        for outcome in outcomes:
            warnings.extend(outcome.warnings)
            failure = failure or outcome.failure
            for data, returncode in outcome.outputs:
                version = str(data.get("version", version))
                fatal = _check_errors(data.get("errors", []), warnings, request.root)
                if fatal is not None or returncode not in (0, 1):
                    detail = fatal or f"semgrep exited with status {returncode}"
                    failure = failure or EngineFailure(NAME, "errors", detail)
                    continue  # a run that failed is not a run that found nothing
                scanned += len(data.get("paths", {}).get("scanned", []))
                results.extend(data.get("results", []))
        # The order one Semgrep process prints: by path, then position, then rule.
        results.sort(key=_result_order)
        cache = SourceCache(request.source_root or request.root)
        rules: dict[str, Rule] = {}
        findings = tuple(_finding(r, request.root, ids, cache, rules) for r in results)
        return EngineRun(
            NAME,
            version,
            findings,
            rules=tuple(rules.values()),
            failure=failure,
            duration=time.monotonic() - started,
            scanned_files=scanned,
            warnings=tuple(dict.fromkeys(warnings)),
        )


@dataclass(frozen=True, slots=True)
class _ChunkOutcome:
    outputs: tuple[tuple[dict[str, Any], int], ...]  # (Semgrep's JSON, exit status) per batch
    failure: EngineFailure | None
    warnings: tuple[str, ...]


def _scan_chunk(
    binary: str,
    config: Path,
    jobs: int,
    cli: Cli,
    chunk: list[str],
    request: EngineRequest,
    deadline: float,
) -> _ChunkOutcome:
    outputs: list[tuple[dict[str, Any], int]] = []
    warnings: list[str] = []
    for batch in _exec.batches(chunk):
        outcome = _run_batch(command(binary, config, jobs, cli=cli), batch, request, deadline)
        if (
            isinstance(outcome, EngineFailure)
            and outcome.reason in ("unparsable", "crashed")
            and cli is Cli.OSEMGREP
        ):
            # A Semgrep without a working OCaml CLI: the Python one gives the same JSON.
            cli = Cli.PYSEMGREP
            warnings.append(
                f"semgrep --experimental failed ({outcome.detail[:200]}); "
                "used Semgrep's Python CLI instead"
            )
            outcome = _run_batch(command(binary, config, jobs, cli=cli), batch, request, deadline)
        if isinstance(outcome, EngineFailure):
            return _ChunkOutcome(tuple(outputs), outcome, tuple(warnings))
        outputs.append(outcome)
    return _ChunkOutcome(tuple(outputs), None, tuple(warnings))


def _result_order(result: dict[str, Any]) -> tuple[str, int, int, int, int, str]:
    start, end = result.get("start", {}), result.get("end", {})
    return (
        str(result.get("path", "")),
        int(start.get("line", 0)),
        int(start.get("col", 0)),
        int(end.get("line", 0)),
        int(end.get("col", 0)),
        str(result.get("check_id", "")),
    )


def _run_batch(
    base: list[str], batch: list[str], request: EngineRequest, deadline: float
) -> tuple[dict[str, Any], int] | EngineFailure:
    """One Semgrep process on ``batch``: its JSON and exit status, or why there is none."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return EngineFailure(NAME, "timeout", f"semgrep timed out after {request.timeout:g} s")
    return _exec.run_json(
        NAME,
        [*base, "--", *batch],
        cwd=request.root,
        timeout=remaining,
        limit=request.timeout,
        env={"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"},
    )


def _check_errors(errors: list[dict[str, Any]], warnings: list[str], root: Path) -> str | None:
    """Sort Semgrep's errors: a broken rule is the user's (RuleError), a file Semgrep could not
    parse is a warning, anything else at level "error" fails the engine."""
    for error in errors:
        kind = error.get("type")
        kind_text = kind[0] if isinstance(kind, list) and kind else str(kind)
        message = collapse_spaces(str(error.get("message", "")))
        level = str(error.get("level", "error")).lower()
        if "Rule" in kind_text or "InvalidRule" in kind_text or "Pattern" in kind_text:
            where = error.get("spans", [{}])[0].get("file") if error.get("spans") else None
            where = where or error.get("path") or "rule pack"
            raise RuleError(f"{where}: {kind_text}: {message[:300]}")
        path = error.get("path")
        if level in ("warn", "warning", "info") or path:
            shown = relative(root, path) if path else "?"
            warnings.append(f"semgrep skipped part of {shown}: {kind_text}: {message[:200]}")
            continue
        return f"semgrep error: {kind_text}: {message[:300]}"
    return None


def _finding(
    result: dict[str, Any],
    root: Path,
    ids: MergedPack,
    cache: SourceCache,
    rules: dict[str, Rule],
) -> Finding:
    extra = result.get("extra", {})
    metadata = extra.get("metadata") or {}
    rule_id = ids.normalise(str(result["check_id"]))
    native = str(extra.get("severity", "WARNING"))
    severity = severity_of(native, metadata)
    message = collapse_spaces(str(extra.get("message", "")))
    rule = rules.get(rule_id)
    if rule is None:
        references = _as_tuple(metadata.get("references"))
        short = str(metadata.get("shortDescription") or message.split(". ")[0])[:1000]
        help_text = str(metadata.get("help") or message)
        if references:
            help_text += "\n\nReferences:\n" + "\n".join(f"- {r}" for r in references)
        rule = Rule(
            id=rule_id,
            engine=NAME,
            name=rule_id.split(".", 1)[-1],
            short_description=short or rule_id,
            help_text=help_text,
            help_uri=references[0] if references else None,
            default_severity=severity,
            cwe=_cwe_ids(metadata.get("cwe")),
            owasp=_as_tuple(metadata.get("owasp")),
            tags=tuple(dict.fromkeys(("security", *_as_tuple(metadata.get("category"))))),
            equivalent=tuple(f"bandit.{b}" for b in _as_tuple(metadata.get("bandit-equivalent"))),
            taint=rule_id in ids.taint,
        )
        rules[rule_id] = rule
    path = relative(root, str(result["path"]))
    start, end = result["start"], result["end"]
    location = Location(
        path=path,
        start_line=int(start["line"]),
        start_column=int(start.get("col", 1)),
        end_line=int(end["line"]),
        end_column=int(end.get("col", 0)),
    )
    code, snippet = cache.region_and_snippet(path, location.start_line, location.end_line)
    return Finding(
        rule=rule,
        message=message,
        severity=severity,
        confidence=Confidence.parse(metadata.get("confidence")),
        location=location,
        snippet=snippet,
        code=code,
    )
