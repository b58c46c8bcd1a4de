"""Semgrep, run on sastflow's targets with local rule packs only, read through its JSON output.

Semgrep prefixes rule ids with the config's directory relative to the working directory
(``--config /a/b/rules`` gives ``a.b.rules.my-rule``), so ids are normalised against the ids the
pack files declare: ``<pack>.<rule-id>``, the same wherever sastflow runs.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata as package_metadata
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from sastflow.engines import _exec, yaml_bounds
from sastflow.engines import _shape as shape
from sastflow.engines.interface import EngineIdentity, EngineRequest, RulePack, SuppressionSyntax
from sastflow.engines.source import SourceCache, collapse_spaces
from sastflow.errors import ConfigError, RuleError
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

if TYPE_CHECKING:
    from sastflow.rulepack import PackRule

NAME = "semgrep"
# Python and YAML, plus the templates the generic-mode rules read. Case-sensitive, as Semgrep's
# own language detection is; the pipeline presents other spellings as views.
SUFFIXES = (".py", ".pyi", ".yml", ".yaml", ".html", ".htm", ".jinja", ".jinja2", ".j2")
IGNORE_FILE = ".semgrepignore"
# Semgrep's verdict that it could not parse a file at all (a partial parse is only a warning).
_PARSE_ERRORS = ("Syntax error", "Lexical error", "Other syntax error")
_PARTIAL_PARSE = "PartialParsing"
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
        text, ids, self.rules = merged_config(packs)
        self._ids = list(ids)
        self._normalised: dict[str, str] = {}  # check_id -> rule id: one scan per distinct id
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


_MERGED_LOCK = threading.Lock()
_Merged = tuple[str, tuple[str, ...], Mapping[str, "PackRule"]]
_MERGED: dict[tuple[object, ...], _Merged] = {}
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


def merged_config(packs: tuple[RulePack, ...]) -> _Merged:
    """The merged config text, the qualified ids, longest first (for ``normalise``), and each
    qualified id's rule as its pack declares it (for static rule metadata)."""
    from sastflow import rulepack

    key = _pack_key(packs)
    with _MERGED_LOCK:
        cached = _MERGED.get(key)
        if cached is not None:
            return cached
        rules: list[dict[str, Any]] = []
        ids: list[str] = []
        declared: dict[str, PackRule] = {}
        for pack in packs:
            # The very objects read_pack validated (one YAML loader, YAML 1.2: `message: Off`
            # is the string "Off" to validation and to Semgrep alike).
            for rule in rulepack.read_pack(pack.path):
                qualified = f"{pack.name}.{rule.id}"
                rules.append({**rule.document, "id": qualified})
                ids.append(qualified)
                declared[qualified] = rule
        ids.sort(key=len, reverse=True)
        # default=str: YAML dates in metadata become the ISO strings Semgrep would show.
        text = json.dumps({"rules": rules}, ensure_ascii=False, default=str) + "\n" if rules else ""
        if len(_MERGED) >= _MERGED_KEEP:
            _MERGED.clear()
        merged: _Merged = (text, tuple(ids), MappingProxyType(declared))
        _MERGED[key] = merged
        return merged


# --- `# nosemgrep` ---------------------------------------------------------------------------

_NOSEMGREP = re.compile(r"#\s*nosem(?:grep)?\b\s*(?::\s*([^#]*))?", re.IGNORECASE)
_IDS = re.compile(r"[\w.\-/]+")


class NosemgrepSyntax:
    """``# nosemgrep[: rule-id, ...]`` on the first line of a match or the line before it,
    the two places Semgrep honours it."""

    comment: ClassVar[re.Pattern[str]] = re.compile(r"#\s*(?:nosemgrep|nosem)\b", re.IGNORECASE)

    def marker(self, finding: Finding, source: SourceCache) -> InlineMarker | None:
        start = finding.location.start_line
        for number in (start, start - 1):
            match = _NOSEMGREP.search(source.line(finding.path, number))
            if match:
                ids = tuple(_IDS.findall(match.group(1) or ""))
                if _covers(ids, finding):
                    return InlineMarker(NAME, ids, number)
        return None

    def describe(self, marker: InlineMarker) -> str:
        named = f" {', '.join(marker.rule_ids)}" if marker.rule_ids else ""
        return f"# nosemgrep{named} at line {marker.line}"


def _covers(ids: tuple[str, ...], finding: Finding) -> bool:
    if not ids:
        return True
    full = finding.rule_id
    bare = full.split(".", 1)[-1]
    return any(i in (full, bare) or full.endswith("." + i) or i.endswith("." + bare) for i in ids)


def _version() -> str:
    try:
        return package_metadata.version("semgrep")
    except package_metadata.PackageNotFoundError:
        return ""


class SemgrepEngine:
    name: ClassVar[str] = NAME
    display_name: ClassVar[str] = "Semgrep"
    information_uri: ClassVar[str] = "https://semgrep.dev"
    ignore_files: ClassVar[tuple[str, ...]] = (IGNORE_FILE,)
    suppression: ClassVar[SuppressionSyntax] = NosemgrepSyntax()

    def supports(self, path: str) -> bool:
        return path.endswith(SUFFIXES)

    def identity(self, request: EngineRequest) -> EngineIdentity | None:
        """The rules exactly as Semgrep receives them, the flags and CLI, the binary, and the
        YAML bounds (they decide which files Semgrep sees)."""
        binary = _exec.find_binary(NAME)
        if binary is None:
            return None
        text, _ids, _rules = merged_config(request.packs)
        cli = cli_from_env()
        digest = hashlib.sha256()
        parts = (
            _exec.binary_stamp(binary),
            _version(),
            cli.value,
            *command("semgrep", Path("rules"), 1, cli=cli),
            f"yaml:{yaml_bounds.MAX_DEPTH}:{yaml_bounds.MAX_EXPANDED_NODES}:{yaml_bounds.ALIAS_FACTOR}",
        )
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return EngineIdentity(NAME, _version(), digest.hexdigest())

    def run(self, request: EngineRequest) -> EngineRun:
        started = time.monotonic()
        binary = _exec.find_binary(NAME)
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
        targets, refused = _bounded(request)
        chunks = _exec.split(request.root, targets, request.jobs, MIN_CHUNK_BYTES[cli])
        # One single-threaded Semgrep per chunk rather than one with --jobs N: Semgrep's own
        # parallelism (OCaml domains) stalls when the cores are shared, with Bandit or with
        # other jobs on the runner. With two busy processes beside it on 2 cores, --jobs 2 took
        # 68 s wall / 45 s CPU where two --jobs 1 processes took 42 s / 28.5 s (bench/).
        jobs = 1 if len(chunks) > 1 else request.jobs

        def scan_chunk(chunk: list[str]) -> _ChunkOutcome:
            return _scan_chunk(binary, config, jobs, cli, chunk, request, deadline)

        if not targets:
            outcomes = []
        elif len(chunks) == 1:
            outcomes = [scan_chunk(chunks[0])]
        else:
            with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
                outcomes = list(pool.map(scan_chunk, chunks))

        warnings: list[str] = []
        results: list[dict[str, Any]] = []
        failure: EngineFailure | None = None
        version = ""
        analysed: list[FileOutcome] = list(refused)
        troubled: list[FileOutcome] = []  # files Semgrep failed on (a timeout): never cached
        for outcome in outcomes:
            warnings.extend(outcome.warnings)
            failure = failure or outcome.failure
            for data, returncode, batch in outcome.outputs:
                try:
                    read = _read_output(data, batch, request.root)
                except shape.ShapeError as exc:
                    failure = failure or _exec.unexpected_shape(NAME, str(exc))
                    continue
                version = read.version or version
                if read.fatal is not None or returncode not in (0, 1):
                    detail = read.fatal or f"semgrep exited with status {returncode}"
                    failure = failure or EngineFailure(NAME, "errors", detail)
                    continue  # a run that failed is not a run that found nothing
                results.extend(read.results)
                analysed.extend(read.finished)
                troubled.extend(read.troubled)
        # The order one Semgrep process prints: by path, then position, then rule.
        cache = SourceCache(request.source_root or request.root)
        rules: dict[str, Rule] = {}
        try:
            results.sort(key=_result_order)
            findings = tuple(_finding(r, request.root, ids, cache, rules) for r in results)
        except shape.ShapeError as exc:
            failure = failure or _exec.unexpected_shape(NAME, str(exc))
            findings, analysed, troubled = (), [], []
        reported = sorted([*analysed, *troubled], key=lambda o: o.path)
        warnings += [w for o in reported for w in o.warnings]
        return EngineRun(
            NAME,
            version or _version(),
            findings,
            rules=tuple(rules.values()),
            failure=failure,
            duration=time.monotonic() - started,
            scanned_files=sum(1 for o in reported if o.scanned),
            warnings=tuple(dict.fromkeys(warnings)),
            unparsed=tuple(o.path for o in reported if o.unparsed),
            analysed=tuple(analysed),
        )


def _bounded(request: EngineRequest) -> tuple[list[str], list[FileOutcome]]:
    """The targets Semgrep may see, and the YAML files it must not (see yaml_bounds)."""
    targets: list[str] = []
    refused: list[FileOutcome] = []
    for target in request.targets:
        if target.endswith(yaml_bounds.SUFFIXES):
            try:
                data = (request.root / target).read_bytes()
            except OSError:
                data = b""
            reason = yaml_bounds.problem(data)
            if reason is not None:
                warning = f"semgrep not given {target}: {reason}"
                refused.append(
                    FileOutcome(target, scanned=False, unparsed=True, warnings=(warning,))
                )
                continue
        targets.append(target)
    return targets, refused


@dataclass(frozen=True, slots=True)
class _ChunkOutcome:
    # (Semgrep's JSON, exit status, the batch it covered) per batch that produced output
    outputs: tuple[tuple[dict[str, Any], int, tuple[str, ...]], ...]
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
    outputs: list[tuple[dict[str, Any], int, tuple[str, ...]]] = []
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
        outputs.append((*outcome, tuple(batch)))
    return _ChunkOutcome(tuple(outputs), None, tuple(warnings))


def _result_order(result: dict[str, Any]) -> tuple[str, int, int, int, int, str]:
    start = shape.mapping(result.get("start", {}), "result.start")
    end = shape.mapping(result.get("end", {}), "result.end")
    return (
        str(result.get("path", "")),
        shape.whole(start.get("line", 0), "result.start.line"),
        shape.whole(start.get("col", 0), "result.start.col"),
        shape.whole(end.get("line", 0), "result.end.line"),
        shape.whole(end.get("col", 0), "result.end.col"),
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


@dataclass(frozen=True, slots=True)
class _Output:
    """One batch's JSON, read: its results, what Semgrep concluded about each file it finished,
    the files it failed on, and a fatal error if the batch failed as a whole."""

    version: str
    results: list[dict[str, Any]]
    finished: list[FileOutcome]
    troubled: list[FileOutcome]
    fatal: str | None


def _read_output(data: dict[str, Any], batch: tuple[str, ...], root: Path) -> _Output:
    version = data.get("version", "")
    results = [
        shape.mapping(r, f"results[{i}]")
        for i, r in enumerate(shape.items(data.get("results", []), "results"))
    ]
    paths = shape.mapping(data.get("paths", {}), "paths")
    scanned = {
        shape.target(root, shape.text(p, "paths.scanned[]"), "paths.scanned[]")
        for p in shape.items(paths.get("scanned", []), "paths.scanned")
    }
    per_file: dict[str, list[str]] = {}
    unparsed: set[str] = set()
    troubled: set[str] = set()
    fatal = None
    errors = shape.items(data.get("errors", []), "errors")
    for i, raw in enumerate(errors):
        error = shape.mapping(raw, f"errors[{i}]")
        verdict = _classify(error, root, f"errors[{i}]")
        if isinstance(verdict, str):
            fatal = fatal or verdict
            continue
        path, kind, warning = verdict
        per_file.setdefault(path, []).append(warning)
        if kind in _PARSE_ERRORS:
            unparsed.add(path)
        elif kind != _PARTIAL_PARSE:
            troubled.add(path)  # a timeout or out-of-memory on this file: results incomplete
    finished: list[FileOutcome] = []
    failed: list[FileOutcome] = []
    for path in batch:
        outcome = FileOutcome(
            path,
            scanned=path in scanned,
            unparsed=path in unparsed,
            warnings=tuple(dict.fromkeys(per_file.get(path, ()))),
        )
        (failed if path in troubled else finished).append(outcome)
    return _Output(str(version), results, finished, failed, fatal)


def _classify(error: dict[str, Any], root: Path, where: str) -> tuple[str, str, str] | str:
    """Sort one of Semgrep's errors: a broken rule is the user's (RuleError); one about a file
    is ``(path, kind, warning)``; anything else at level "error" fails the batch (a string)."""
    kind = error.get("type")
    kind_text = str(kind[0]) if isinstance(kind, list) and kind else str(kind)
    message = collapse_spaces(str(error.get("message", "")))
    level = str(error.get("level", "error")).lower()
    if "Rule" in kind_text or "InvalidRule" in kind_text or "Pattern" in kind_text:
        spans = error.get("spans")
        first = spans[0] if isinstance(spans, list) and spans else None
        where_rule = first.get("file") if isinstance(first, dict) else None
        where_rule = where_rule or error.get("path") or "rule pack"
        raise RuleError(f"{where_rule}: {kind_text}: {message[:300]}")
    path = error.get("path")
    if path is not None:
        shown = shape.target(root, shape.text(path, f"{where}.path"), f"{where}.path")
        if kind_text in _PARSE_ERRORS:
            return shown, kind_text, f"semgrep could not parse {shown}: {message[:200]}"
        return shown, kind_text, f"semgrep skipped part of {shown}: {kind_text}: {message[:200]}"
    if level in ("warn", "warning", "info"):
        return f"semgrep warning: {kind_text}: {message[:300]}"
    return f"semgrep error: {kind_text}: {message[:300]}"


def _finding(
    result: dict[str, Any],
    root: Path,
    ids: MergedPack,
    cache: SourceCache,
    rules: dict[str, Rule],
) -> Finding:
    where = "a result"
    extra = shape.mapping(result.get("extra", {}), f"{where}.extra")
    metadata = extra.get("metadata") or {}
    metadata = shape.mapping(metadata, f"{where}.extra.metadata")
    rule_id = ids.normalise(shape.text(shape.field(result, "check_id", where), "check_id"))
    where = f"result of {rule_id}"
    native = str(extra.get("severity", "WARNING"))
    severity = severity_of(native, metadata)
    message = collapse_spaces(str(extra.get("message", "")))
    declared = ids.rules.get(rule_id)
    if declared is not None:
        rule = rules.get(rule_id)
        if rule is None:
            rule = rules[rule_id] = _declared_rule(rule_id, declared)
    else:
        # A rule the packs do not declare (Semgrep renamed it?): described by this result.
        rule = _result_rule(rule_id, message, metadata, severity)
    path = shape.target(
        root, shape.text(shape.field(result, "path", where), f"{where}.path"), where
    )
    start = shape.mapping(shape.field(result, "start", where), f"{where}.start")
    end = shape.mapping(shape.field(result, "end", where), f"{where}.end")
    location = Location(
        path=path,
        start_line=shape.whole(
            shape.field(start, "line", f"{where}.start"), "start.line", minimum=1
        ),
        start_column=shape.whole(start.get("col", 1), f"{where}.start.col"),
        end_line=shape.whole(shape.field(end, "line", f"{where}.end"), f"{where}.end.line"),
        end_column=shape.whole(end.get("col", 0), f"{where}.end.col"),
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


def _declared_rule(rule_id: str, declared: PackRule) -> Rule:
    """A rule's SARIF metadata from the rule as its pack declares it, never from a result: a
    message interpolates the matched code, which must not become every alert's title."""
    metadata = declared.metadata
    return _rule(
        rule_id,
        str(metadata.get("shortDescription") or declared.description),
        str(metadata.get("help") or " ".join(declared.message.split())),
        metadata,
        severity_of(declared.severity, metadata),
        taint=declared.document.get("mode") == "taint",
    )


def _result_rule(
    rule_id: str, message: str, metadata: Mapping[str, Any], severity: Severity
) -> Rule:
    short = str(metadata.get("shortDescription") or message.split(". ")[0])
    return _rule(rule_id, short, str(metadata.get("help") or message), metadata, severity)


def _rule(
    rule_id: str,
    short: str,
    help_text: str,
    metadata: Mapping[str, Any],
    severity: Severity,
    *,
    taint: bool = False,
) -> Rule:
    references = _as_tuple(metadata.get("references"))
    if references:
        help_text += "\n\nReferences:\n" + "\n".join(f"- {r}" for r in references)
    return Rule(
        id=rule_id,
        engine=NAME,
        name=rule_id.split(".", 1)[-1],
        short_description=short[:1000] or rule_id,
        help_text=help_text,
        help_uri=references[0] if references else None,
        default_severity=severity,
        cwe=_cwe_ids(metadata.get("cwe")),
        owasp=_as_tuple(metadata.get("owasp")),
        tags=tuple(dict.fromkeys(("security", *_as_tuple(metadata.get("category"))))),
        equivalent=tuple(f"bandit.{b}" for b in _as_tuple(metadata.get("bandit-equivalent"))),
        taint=taint,
    )
