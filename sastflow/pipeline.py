"""The scan pipeline: targets → engines (concurrent) → fingerprint → dedupe → baseline →
inline suppressions → ledger → report. The gate is read off the report by the caller.

Two modes. A full scan reads everything from the work tree. A PR scan (``base`` given) reads
everything that decides what is reported (config, rule folders, ignore files, the ledger) from
the merge base, so a pull request cannot loosen its own checks; what the PR changes among those
is listed as notes and pending ledger entries.
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

from sastflow import __version__, clock, dedupe, fingerprint, gitio, inline, targets
from sastflow import config as config_mod
from sastflow.config import Config
from sastflow.engines import registry
from sastflow.engines.interface import Engine, EngineRequest, RulePack
from sastflow.engines.source import SourceCache
from sastflow.errors import ConfigError, GitError, UsageError
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
DEFAULT_PACK_NAME = "sastflow"
IGNORE_FILE = ".semgrepignore"
CODEOWNERS_FILES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


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
    config_file: Path | None = None  # an explicit --config (full mode only)


def _quiet(_message: str) -> None:
    return None


# --- shared stages -------------------------------------------------------------------------


def _packs(config: Config, tree: Path, label: str) -> tuple[RulePack, ...]:
    from sastflow import rulepack

    packs: list[RulePack] = []
    if config.use_default_rules:
        packs.append(RulePack(DEFAULT_PACK_NAME, rulepack.default_pack_dir()))
    for folder in config.rules:
        path = tree / folder
        if not path.exists():
            raise ConfigError(f"{config.source}: rules: {folder!r} does not exist in {label}")
        packs.append(RulePack(Path(folder).name or "rules", path))
    return tuple(packs)


def _engines(config: Config) -> list[Engine]:
    return registry.create(config.engines)


def _supported(engines: Sequence[Engine]) -> Callable[[str], bool]:
    return lambda path: any(engine.supports(path) for engine in engines)


def _ignore_patterns(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _run_engines(
    engines: Sequence[Engine],
    requests: Sequence[tuple[str, EngineRequest]],
    progress: Progress,
) -> list[EngineRun]:
    """Run every (engine × request) concurrently; results in the order given."""
    jobs: list[tuple[str, Engine, EngineRequest]] = [
        (label, engine, request) for label, request in requests for engine in engines
    ]

    def one(job: tuple[str, Engine, EngineRequest]) -> EngineRun:
        label, engine, request = job
        wanted = tuple(t for t in request.targets if engine.supports(t))
        progress(f"{engine.name}{label}: scanning {len(wanted)} files")
        run = engine.run(replace(request, targets=wanted))
        if run.failure is not None:
            progress(f"{engine.name}{label}: FAILED: {run.failure.detail}")
        else:
            progress(f"{engine.name}{label}: {len(run.findings)} findings in {run.duration:.1f} s")
        return run

    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        return list(pool.map(one, jobs))


def _skipped_notes(skipped: Sequence[targets.Skipped]) -> list[str]:
    return [f"not scanned: {s.path}: {s.reason}" for s in skipped]


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


MAX_LEDGER_BYTES = 8 * 1024 * 1024


def _ledger_at(root: Path, rev: str, ledger: str) -> str | None:
    """The ledger's text at ``rev``, refusing a symlink and an absurd size."""
    from sastflow.errors import LedgerError
    from sastflow.triage.ledger import decode_ledger

    source = f"{ledger}@{rev[:12]}"
    if gitio.is_symlink(root, rev, ledger):
        raise LedgerError([f"{source}: the ledger is a symbolic link; it must be a regular file"])
    data = gitio.show(root, rev, ledger)
    if data is None:
        return None
    if len(data) > MAX_LEDGER_BYTES:
        raise LedgerError([f"{source}: {len(data)} bytes is too large for a ledger"])
    return decode_ledger(data, source)


def _read_ledger(root: Path, ledger: str) -> str | None:
    """The work tree's ledger (full scans), refusing a symlink: it must not read runner files."""
    from sastflow.errors import LedgerError

    if (root / ledger).is_symlink():
        raise LedgerError([f"{ledger}: the ledger is a symbolic link; it must be a regular file"])
    return _read_text(root / ledger)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None


# --- full scan ------------------------------------------------------------------------------


def _full_scan(options: ScanOptions, root: Path, today: dt.date, progress: Progress) -> ScanReport:
    from sastflow import rulepack
    from sastflow.triage.apply import apply_ledger

    config = options.config or config_mod.load(root, options.config_file)
    config = config_mod.with_overrides(config, **dict(options.overrides))
    engines = _engines(config)
    excludes = (*config.exclude, *_ignore_patterns(_read_text(root / IGNORE_FILE)))
    selected = targets.select(
        root,
        targets.candidate_files(root),
        supported=_supported(engines),
        exclude=excludes,
        shard=options.shard,
    )
    request = EngineRequest(
        root=root,
        targets=selected.files,
        packs=_packs(config, root, "the work tree"),
        bandit_profile=rulepack.default_bandit_profile(),
        timeout=config.timeout,
        jobs=options.jobs or os.cpu_count() or 1,
    )
    runs = _run_engines(engines, [("", request)], progress)
    findings = _finish([f for run in runs for f in run.findings])
    findings = dedupe.correlate(findings)
    findings = inline.find_markers(findings, SourceCache(root))
    findings = inline.apply(findings, honour=config.honor_inline_suppressions)
    entries = _load_ledger(_read_ledger(root, config.ledger), config.ledger, config, today)
    findings, outcomes = apply_ledger(
        findings, active=entries, pending=(), approved=False, today=today
    )
    notes = _skipped_notes(selected.skipped) + _warnings(runs)
    if not selected.files:
        notes.insert(0, f"no files to scan under {root} (after excludes)")
    return ScanReport(
        root=str(root),
        runs=tuple(runs),
        findings=tuple(findings),
        fail_on=config.fail_on,
        ledger=tuple(outcomes),
        targets=len(selected.files),
        notes=tuple(notes),
        shard=f"{options.shard[0]}/{options.shard[1]}" if options.shard else None,
    )


# --- PR scan --------------------------------------------------------------------------------


def _resolve(root: Path, ref: str, what: str) -> str:
    """A commit for ``ref``; in a shallow Actions checkout, fetch it from origin first."""
    sha = gitio.rev_parse(root, ref) or gitio.rev_parse(root, f"origin/{ref}")
    if sha is None and gitio.fetch(root, "origin", ref, depth=1):
        sha = gitio.rev_parse(root, ref) or gitio.rev_parse(root, "FETCH_HEAD")
    if sha is None:
        raise GitError(
            f"{what} {ref!r} is not in this clone and could not be fetched; check out with "
            "full history (actions/checkout with `fetch-depth: 0`) or fetch it first"
        )
    return sha


def _base_config(root: Path, rev: str, options: ScanOptions) -> Config:
    config = options.config
    if config is None:
        config = config_mod.at_revision(root, rev) or Config()
    return config_mod.with_overrides(config, **dict(options.overrides))


def _materialise(root: Path, rev: str, paths: Sequence[str], into: Path) -> list[str]:
    """Write ``paths`` as they are at ``rev`` under ``into``; returns those that existed."""
    present: list[str] = []
    for rel in paths:
        data = gitio.show(root, rev, rel)
        if data is None:
            continue
        dest = into / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        present.append(rel)
    return present


def _materialise_tree(root: Path, rev: str, folder: str, into: Path) -> None:
    files = gitio.ls_tree(root, rev, folder)
    if not files:
        raise ConfigError(f"rules: {folder!r} does not exist at the base commit {rev[:12]}")
    _materialise(root, rev, files, into)


def _trust_notes(changed: set[str], config: Config) -> list[str]:
    watched = {
        ".sastflow.toml": "configuration",
        "pyproject.toml": "configuration ([tool.sastflow], if present)",
        IGNORE_FILE: "ignore file",
        **{name: "CODEOWNERS" for name in CODEOWNERS_FILES},
    }
    notes = [
        f"this PR changes {path} ({what}); sastflow uses the base commit's version, the change "
        "takes effect after merge and needs security review"
        for path, what in watched.items()
        if path in changed
    ]
    for folder in config.rules:
        prefix = folder.rstrip("/") + "/"
        touched = sorted(p for p in changed if p.startswith(prefix) or p == folder)
        if touched:
            notes.append(
                f"this PR changes rules in {folder} ({len(touched)} files); scanned with the "
                "base commit's rules, the change needs security review"
            )
    return notes


def _pr_scan(options: ScanOptions, root: Path, today: dt.date, progress: Progress) -> ScanReport:
    from sastflow import rulepack
    from sastflow.triage.apply import apply_ledger, pending_entries

    if not gitio.is_repo(root):
        raise UsageError(f"{root}: --base needs a git repository")
    assert options.base is not None  # noqa: S101 - PR mode is chosen by base being set
    head = _resolve(root, options.head or "HEAD", "head")
    base_tip = _resolve(root, options.base, "base")
    base = gitio.merge_base_fetching(root, base_tip, head, fetch_base=True)
    config = _base_config(root, base, options)
    engines = _engines(config)

    changes = gitio.changed_files(root, base, head)
    changed_paths = {c.path for c in changes} | {c.old_path for c in changes}
    ignore_text = gitio.show(root, base, IGNORE_FILE)
    excludes = (
        *config.exclude,
        *_ignore_patterns(ignore_text.decode("utf-8", "replace") if ignore_text else None),
    )
    live = [c for c in changes if c.status != "D"]
    selected = targets.select(
        root, [c.path for c in live], supported=_supported(engines), exclude=excludes
    )
    chosen = set(selected.files)
    path_map = {c.old_path: c.path for c in live if c.path in chosen and c.status in "RC"}
    base_paths = [c.old_path for c in live if c.path in chosen and c.status != "A"]

    with tempfile.TemporaryDirectory(prefix="sastflow-base-") as tmp:
        base_tree = Path(tmp) / "tree"
        base_tree.mkdir()
        present = _materialise(root, base, base_paths, base_tree)
        rules_tree = Path(tmp) / "rules"
        for folder in config.rules:
            _materialise_tree(root, base, folder, rules_tree)
        packs = _packs(config, rules_tree, f"the base commit {base[:12]}")
        jobs = options.jobs or os.cpu_count() or 1
        common: dict[str, Any] = {
            "packs": packs,
            "bandit_profile": rulepack.default_bandit_profile(),
            "timeout": config.timeout,
            "jobs": jobs,
        }
        head_request = EngineRequest(root=root, targets=selected.files, **common)
        base_request = EngineRequest(root=base_tree, targets=tuple(present), **common)
        runs = _run_engines(engines, [("", head_request), (" (base)", base_request)], progress)
        head_runs = runs[: len(engines)]
        base_runs = runs[len(engines) :]
        base_findings = _finish([f for r in base_runs for f in r.findings], path_map)
        base_findings = inline.find_markers(base_findings, SourceCache(base_tree))

    hidden = _finish(_unscannable(selected.skipped))
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
    head_findings = inline.find_markers(head_findings, SourceCache(root)) + hidden
    head_findings = inline.apply(
        head_findings,
        honour=config.honor_inline_suppressions,
        trusted={f.fingerprint for f in base_findings if f.inline is not None},
        approved=options.security_approved,
    )

    base_source = f"{config.ledger}@{base[:12]}"
    active = _load_ledger(_ledger_at(root, base, config.ledger), base_source, config, today)
    # The PR's ledger, like the base's, comes from git: a symlink in the PR yields its target's
    # name, never a runner file's content (which an error message would quote in the job log).
    head_entries = _load_ledger(_ledger_at(root, head, config.ledger), config.ledger, config, today)
    pending = pending_entries(active, head_entries)
    findings, outcomes = apply_ledger(
        head_findings,
        active=active,
        pending=pending,
        approved=options.security_approved,
        today=today,
    )
    # Only entries about the files this PR touches say anything about this PR.
    relevant = tuple(
        o for o in outcomes if o.status is LedgerStatus.PENDING or o.entry.path in chosen
    )
    notes = _trust_notes(changed_paths, config)
    notes += _skipped_notes(selected.skipped) + _warnings(head_runs)
    if not selected.files:
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
        targets=len(selected.files),
        notes=tuple(notes),
    )


UNSCANNABLE = Rule(
    id="sastflow.unscannable-file",
    engine="sastflow",
    name="unscannable-file",
    short_description="A file changed by the pull request could not be scanned",
    help_text=(
        "sastflow could not scan this file (a symlink, a file over the size limit, a binary or "
        "an unreadable file). Code hidden this way would pass every rule, so a file the pull "
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
