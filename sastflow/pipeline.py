"""The scan pipeline: targets → engines (concurrent) → fingerprint → dedupe → baseline →
comment suppressions (:mod:`sastflow.suppressions`) → ledger → report. The gate is read off
the report by the caller.

Two modes. A full scan reads everything from the work tree. A PR scan (``base`` given) reads
everything that decides what is reported (config, rule folders, ignore files, the ledger) from
the merge base through :mod:`sastflow.trust`, so a pull request cannot loosen its own checks;
what the PR changes among those is listed as notes and pending ledger entries.

Python the engines would not take by its name (``evil.PY``, a shebang script, a notebook, NFKC
spellings) goes to every engine as one more request, on a view tree (:mod:`sastflow.views`),
and its results are mapped back before anything else sees them.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sastflow import (
    __version__,
    clock,
    dedupe,
    fingerprint,
    gitio,
    suppressions,
    targets,
    testcode,
    trust,
    views,
)
from sastflow import config as config_mod
from sastflow.cache import cached
from sastflow.cache import store as result_store
from sastflow.cache.store import ResultStore
from sastflow.config import Config
from sastflow.engines import registry
from sastflow.engines.interface import Engine, EngineRequest
from sastflow.engines.source import SourceCache
from sastflow.errors import UsageError
from sastflow.model import (
    BaselineState,
    Confidence,
    EngineRun,
    Finding,
    LedgerEntry,
    LedgerOutcome,
    LedgerStatus,
    Location,
    Rule,
    ScanReport,
    Severity,
)
from sastflow.source_context import attach_context

Progress = Callable[[str], None]
# The ignore files the engines read (``.semgrepignore``); their patterns apply to every engine's
# targets, so both engines see the same files.
IGNORE_FILES = registry.ignore_files()
UNTRACKED_SHOWN = 5


@dataclass(frozen=True, slots=True)
class ScanOptions:
    root: Path
    config: Config | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    base: str | None = None
    head: str | None = None
    shard: tuple[int, int] | None = None
    security_approved: bool = False
    today: dt.date | None = None
    jobs: int | None = None
    config_file: Path | None = None  # an explicit --config (PR mode: read at the base)
    commits: trust.Commits | None = None  # PR mode, when the caller has resolved them already
    cache_dir: Path | None = None  # --cache-dir; else SASTFLOW_CACHE_DIR, else ~/.cache/sastflow
    use_cache: bool = True  # --no-cache (or SASTFLOW_NO_CACHE=1) turns the result cache off


def _quiet(_message: str) -> None:
    return None


# --- shared stages -------------------------------------------------------------------------


def _engines(config: Config) -> list[Engine]:
    return registry.create(config.engines)


def _supported(engines: Sequence[Engine]) -> Callable[[str], bool]:
    return lambda path: any(engine.supports(path) for engine in engines)


def _everywhere(engines: Sequence[Engine]) -> Callable[[str], bool]:
    return lambda path: all(engine.supports(path) for engine in engines)


def _select(
    root: Path,
    paths: Sequence[str],
    engines: Sequence[Engine],
    exclude: Sequence[str],
    shard: tuple[int, int] | None = None,
) -> targets.TargetSet:
    return targets.select(
        root,
        paths,
        supported=_supported(engines),
        everywhere=_everywhere(engines),
        exclude=exclude,
        shard=shard,
    )


def _result_store(options: ScanOptions, config: Config) -> ResultStore | None:
    """The result cache for this scan, or None when it is turned off."""
    if not options.use_cache or result_store.disabled_by_env():
        return None
    directory = result_store.location(options.cache_dir)
    return ResultStore(directory, config.cache_max_mb * 1024 * 1024)


Scan = tuple[str, EngineRequest, "views.Views | None"]


def _scanned_by(engine: Engine, scanned: set[str]) -> Callable[[str], bool]:
    """Whether ``engine`` scanned a file as it is, not only through its view."""
    return lambda path: path in scanned and engine.supports(path)


def _scan(
    engines: Sequence[Engine],
    scans: Sequence[Scan],
    progress: Progress,
    store: ResultStore | None = None,
) -> list[list[EngineRun]]:
    """Each (label, request, views) scanned by every engine, all concurrently: one run per
    engine for each, its results through the views mapped back to the repository's files."""
    requests: list[tuple[str, EngineRequest]] = []
    for label, request, view in scans:
        requests.append((label, request))
        if view is not None and view.targets:
            through = replace(request, root=view.root, targets=view.targets, source_root=None)
            requests.append((f"{label} (views)", through))
    runs = _run_engines(engines, requests, progress, store)
    out: list[list[EngineRun]] = []
    count, pos = len(engines), 0
    for _label, request, view in scans:
        direct = runs[pos : pos + count]
        pos += count
        if view is not None and view.targets:
            scanned = set(request.targets)
            restored = [
                view.restore(run, _scanned_by(engine, scanned))
                for run, engine in zip(runs[pos : pos + count], engines, strict=True)
            ]
            pos += count
            direct = views.merge_runs(direct, restored)
        out.append(direct)
    return out


def _run_engines(
    engines: Sequence[Engine],
    requests: Sequence[tuple[str, EngineRequest]],
    progress: Progress,
    store: ResultStore | None = None,
) -> list[EngineRun]:
    """Run every (engine × request) concurrently, through the result cache when there is one;
    results in the order given."""
    jobs: list[tuple[str, Engine, EngineRequest]] = [
        (label, engine, request) for label, request in requests for engine in engines
    ]

    def one(job: tuple[str, Engine, EngineRequest]) -> EngineRun:
        label, engine, request = job
        wanted = tuple(t for t in request.targets if engine.supports(t))
        progress(f"{engine.name}{label}: scanning {len(wanted)} files")
        request = replace(request, targets=wanted)
        run = cached.run(engine, request, store) if store is not None else engine.run(request)
        if store is not None and wanted:
            analysed = len(wanted) - run.cached_files
            progress(f"{engine.name}{label}: {analysed:,} analysed, {run.cached_files:,} cached")
        if run.failure is not None:
            progress(f"{engine.name}{label}: FAILED: {run.failure.detail}")
        else:
            progress(f"{engine.name}{label}: {len(run.findings)} findings in {run.duration:.1f} s")
        return run

    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        runs = list(pool.map(one, jobs))
    if store is not None and store.written:
        store.evict()  # only a scan that wrote entries can have grown the cache
    return runs


def _skipped_notes(skipped: Sequence[targets.Skipped]) -> list[str]:
    return [f"not scanned: {s.path}: {s.reason}" for s in skipped]


def _demote_tests(findings: Sequence[Finding], config: Config) -> tuple[list[Finding], list[str]]:
    findings, demoted = testcode.demote(findings, config.test_paths)
    if not demoted:
        return findings, []
    return findings, [
        f"{demoted} finding{'' if demoted == 1 else 's'} in test code (config test_paths) "
        f"{'is' if demoted == 1 else 'are'} reported one severity level lower"
    ]


def _untracked_note(root: Path, engines: Sequence[Engine], exclude: Sequence[str]) -> list[str]:
    """A full scan of a git work tree scans tracked files: say what that leaves out."""
    left = targets.untracked(root, _supported(engines), exclude)
    if not left:
        return []
    shown = ", ".join(left[:UNTRACKED_SHOWN]) + (", ..." if len(left) > UNTRACKED_SHOWN else "")
    count = len(left)
    return [
        f"{count} untracked file{'' if count == 1 else 's'} not scanned ({shown}): a scan of a "
        "git work tree covers the files git tracks; `git add` them, or scan a copy outside git"
    ]


def _warnings(runs: Sequence[EngineRun]) -> list[str]:
    return [w for run in runs for w in run.warnings]


def _finish(findings: Sequence[Finding], path_map: dict[str, str] | None = None) -> list[Finding]:
    return fingerprint.assign(findings, path_map)


def _load_ledger(
    text: str | None, source: str, config: Config, today: dt.date
) -> tuple[LedgerEntry, ...]:
    from sastflow.triage.ledger import parse_ledger

    if text is None:
        return ()
    return parse_ledger(text, source, today=today, max_expiry_days=config.max_expiry_days)


def _read_ledger(root: Path, ledger: str) -> str | None:
    """The work tree's ledger (full scans), refusing a symlink: it must not read runner files."""
    from sastflow.errors import LedgerError
    from sastflow.triage.ledger import MAX_LEDGER_BYTES, decode_ledger

    if (root / ledger).is_symlink():
        raise LedgerError([f"{ledger}: the ledger is a symbolic link; it must be a regular file"])
    data = _read_bytes(root / ledger, MAX_LEDGER_BYTES + 1)
    return None if data is None else decode_ledger(data, ledger)  # bad bytes named by line


def _read_bytes(path: Path, limit: int) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None


# --- full scan ------------------------------------------------------------------------------


def _full_scan(options: ScanOptions, root: Path, today: dt.date, progress: Progress) -> ScanReport:
    from sastflow.triage.apply import apply_ledger

    config = options.config or config_mod.load(root, options.config_file)
    config = config_mod.with_overrides(config, **dict(options.overrides))
    engines = _engines(config)
    excludes = (
        *config.exclude,
        *(p for name in IGNORE_FILES for p in trust.ignore_patterns(_read_text(root / name), name)),
    )
    selected = _select(root, targets.candidate_files(root), engines, excludes, options.shard)
    with tempfile.TemporaryDirectory(prefix="sastflow-views-") as tmp:
        view = views.materialise(root, selected.views, Path(tmp))
        request = EngineRequest(
            root=root,
            targets=selected.files,
            packs=config_mod.rule_packs(config, root, "the work tree"),
            timeout=config.timeout,
            jobs=options.jobs or os.cpu_count() or 1,
        )
        (runs,) = _scan(engines, [("", request, view)], progress, _result_store(options, config))
    findings = _finish([f for run in runs for f in run.findings])
    findings = dedupe.correlate(findings)
    findings, demoted = _demote_tests(findings, config)
    findings = suppressions.find_markers(findings, SourceCache(root))
    findings = suppressions.apply(findings, honour=config.honor_inline_suppressions)
    entries = _load_ledger(_read_ledger(root, config.ledger), config.ledger, config, today)
    findings, outcomes = apply_ledger(
        findings, active=entries, pending=(), approved=False, today=today
    )
    notes = _skipped_notes((*selected.skipped, *view.skipped)) + _warnings(runs) + demoted
    if options.shard is None:
        notes += _untracked_note(root, engines, excludes)
    scanned = [*selected.paths]
    if not scanned:
        notes.insert(0, f"no files to scan under {root} (after excludes)")
    return ScanReport(
        root=str(root),
        runs=tuple(runs),
        findings=tuple(findings),
        fail_on=config.fail_on,
        ledger=tuple(outcomes),
        targets=len(scanned),
        notes=tuple(notes),
        shard=f"{options.shard[0]}/{options.shard[1]}" if options.shard else None,
    )


# --- PR scan --------------------------------------------------------------------------------


def _pr_config(root: Path, base: str, options: ScanOptions) -> Config:
    if options.config is not None:
        return config_mod.with_overrides(options.config, **dict(options.overrides))
    return trust.config_at(root, base, options.config_file, options.overrides)


def _pr_scan(options: ScanOptions, root: Path, today: dt.date, progress: Progress) -> ScanReport:
    from sastflow.triage.apply import apply_ledger, pending_entries

    if not gitio.is_repo(root):
        raise UsageError(f"{root}: --base needs a git repository")
    assert options.base is not None  # noqa: S101 - PR mode is chosen by base being set
    commits = options.commits or trust.commits(root, options.base, options.head or "HEAD")
    head, base = commits.head, commits.base
    config = _pr_config(root, base, options)
    engines = _engines(config)

    changes = gitio.changed_files(root, base, head)
    changed_paths = {c.path for c in changes} | {c.old_path for c in changes}
    excludes = (*config.exclude, *trust.ignore_at(root, base, IGNORE_FILES))
    live = [c for c in changes if c.status != "D"]
    selected = _select(root, [c.path for c in live], engines, excludes)
    chosen = set(selected.paths)
    direct = set(selected.files)
    kinds = {v.path: v.kind for v in selected.views}
    path_map = {c.old_path: c.path for c in live if c.path in chosen and c.status in "RC"}
    at_base = [c for c in live if c.path in chosen and c.status != "A"]

    with tempfile.TemporaryDirectory(prefix="sastflow-base-") as tmp:
        base_tree = Path(tmp) / "tree"
        base_tree.mkdir()
        present = set(trust.materialise(root, base, [c.old_path for c in at_base], base_tree))
        head_view = views.materialise(root, selected.views, Path(tmp) / "view")
        base_view = views.materialise(
            base_tree,
            [views.ViewTarget(c.old_path, kinds[c.path]) for c in at_base if c.path in kinds],
            Path(tmp) / "base-view",
        )
        base_files = tuple(
            sorted(c.old_path for c in at_base if c.path in direct and c.old_path in present)
        )
        rules_tree = Path(tmp) / "rules"
        trust.materialise_rules(root, base, config.rules, rules_tree)
        packs = config_mod.rule_packs(config, rules_tree, f"the base commit {base[:12]}")
        jobs = options.jobs or os.cpu_count() or 1
        common: dict[str, Any] = {
            "packs": packs,
            "timeout": config.timeout,
            "jobs": jobs,
        }
        head_request = EngineRequest(root=root, targets=selected.files, **common)
        base_request = EngineRequest(root=base_tree, targets=base_files, **common)
        head_runs, base_runs = _scan(
            engines,
            [("", head_request, head_view), (" (base)", base_request, base_view)],
            progress,
            _result_store(options, config),
        )
        base_findings = _finish([f for r in base_runs for f in r.findings], path_map)
        base_findings = suppressions.find_markers(base_findings, SourceCache(base_tree))

    skipped = (*selected.skipped, *head_view.skipped)
    hidden = _finish(_unscannable(skipped) + _unparsable(head_runs, chosen))
    head_findings = _finish([f for r in head_runs for f in r.findings])
    base_fps = {f.fingerprint for f in base_findings}
    head_findings = [
        replace(
            f,
            baseline=BaselineState.UNCHANGED if f.fingerprint in base_fps else BaselineState.NEW,
        )
        for f in head_findings
    ]
    head_findings = dedupe.correlate(head_findings)
    head_findings, demoted = _demote_tests(head_findings, config)
    head_findings = suppressions.find_markers(head_findings, SourceCache(root)) + hidden
    head_findings = suppressions.apply(
        head_findings,
        honour=config.honor_inline_suppressions,
        trusted={f.fingerprint for f in base_findings if f.inline is not None},
        approved=options.security_approved,
    )

    active = trust.ledger_at(
        root, base, config.ledger, today=today, max_expiry_days=config.max_expiry_days
    )
    # The PR's ledger, like the base's, comes from git: a symlink in the PR yields its target's
    # name, never a runner file's content (which an error message would quote in the job log).
    head_entries = trust.ledger_at(
        root,
        head,
        config.ledger,
        today=today,
        max_expiry_days=config.max_expiry_days,
        source=config.ledger,
    )
    pending = pending_entries(active or (), head_entries or ())
    findings, outcomes = apply_ledger(
        head_findings,
        active=active or (),
        pending=pending,
        approved=options.security_approved,
        today=today,
    )
    # Only entries about the files this PR touches say anything about this PR.
    relevant = tuple(
        o for o in outcomes if o.status is LedgerStatus.PENDING or o.entry.path in chosen
    )
    notes = trust.trust_notes(
        changed_paths, config, _config_path(root, options), ignore_files=IGNORE_FILES
    )
    notes += _skipped_notes(skipped) + _warnings(head_runs) + demoted
    if not chosen:
        notes.insert(0, "this PR changes no files the engines scan")
    runs = _merge_health(head_runs, base_runs)
    if hidden:
        runs.append(EngineRun("sastflow", __version__, tuple(hidden), rules=(UNSCANNABLE,)))
    return ScanReport(
        root=str(root),
        runs=tuple(runs),
        findings=tuple(findings),
        fail_on=config.fail_on,
        ledger=relevant,
        base_ref=base,
        head_ref=head,
        targets=len(chosen),
        notes=tuple(notes),
    )


def _config_path(root: Path, options: ScanOptions) -> str | None:
    """An explicit ``--config`` inside the repository, repository-relative (for trust notes)."""
    if options.config_file is None:
        return None
    path = options.config_file
    resolved = path if path.is_absolute() else root / path
    try:
        return resolved.resolve().relative_to(root).as_posix()
    except ValueError:
        return None


UNSCANNABLE = Rule(
    id="sastflow.unscannable-file",
    engine="sastflow",
    name="unscannable-file",
    short_description="A file changed by the pull request could not be scanned",
    help_text=(
        "sastflow could not scan this file (a symlink, a file over the size limit, a binary, "
        "an unreadable file, or source an engine could not parse, such as syntax newer than "
        "the Python Bandit runs on). Code hidden this way would pass every rule the engine "
        "checks, so a file the pull "
        "request changes and sastflow cannot read needs a security code owner's review: approve "
        "the pull request once you have checked it, or make the file scannable."
    ),
    default_severity=Severity.HIGH,
    tags=("security",),
)


def _unscannable(skipped: Sequence[targets.Skipped]) -> list[Finding]:
    """A PR must not hide code behind a symlink or a size limit and pass the gate: each changed
    file that could not be scanned is a blocking finding that only security approval clears."""
    return [
        Finding(
            rule=UNSCANNABLE,
            message=f"{s.path} was not scanned: {s.reason}; a security code owner must review it",
            severity=Severity.HIGH,
            confidence=Confidence.HIGH,
            location=Location(s.path, 1),
            snippet="",
            code=f"unscannable: {s.reason}",
            baseline=BaselineState.NEW,
        )
        for s in skipped
    ]


def _unparsable(runs: Sequence[EngineRun], changed: set[str]) -> list[Finding]:
    """Each changed file an engine that supports it could not parse: that engine's rules never
    looked at it (the engines' rules differ, so another engine's parse does not cover them)."""
    by_path: dict[str, list[str]] = {}
    for run in runs:
        for path in run.unparsed:
            if path in changed and run.engine not in by_path.get(path, []):
                by_path.setdefault(path, []).append(run.engine)
    return _unscannable(
        [
            targets.Skipped(path, f"{' and '.join(names)} could not parse it")
            for path, names in sorted(by_path.items())
        ]
    )


def _merge_health(head: Sequence[EngineRun], base: Sequence[EngineRun]) -> list[EngineRun]:
    """Report head runs; a base run's failure makes the baseline (and so the run) incomplete."""
    out: list[EngineRun] = []
    for head_run, base_run in zip(head, base, strict=True):
        if head_run.failure is None and base_run.failure is not None:
            failure = replace(base_run.failure, detail=f"baseline scan: {base_run.failure.detail}")
            head_run = replace(head_run, failure=failure)
        out.append(head_run)
    return out


def run_scan(options: ScanOptions, progress: Progress | None = None) -> ScanReport:
    root = options.root.resolve()
    if not root.is_dir():
        raise UsageError(f"{options.root}: no such directory")
    today = options.today or clock.today()
    report_progress = progress or _quiet
    if options.base is None:
        return attach_context(_full_scan(options, root, today, report_progress))
    if options.shard is not None:
        raise UsageError("--shard and --base cannot be combined (a PR scan is already small)")
    return attach_context(_pr_scan(options, root, today, report_progress))


__all__ = ["LedgerOutcome", "ScanOptions", "run_scan"]
