"""Running an engine through the result cache.

Each target's key is the engine's identity (name, version, digest of its rules/profile/flags),
the file's repository-relative path and the digest of its bytes. Hits are served from the
store; the engine runs once, as it would have, on the misses only (not at all when everything
hits); what it finished analysing is stored. A file it failed on, or a failed batch, is never
stored: only :attr:`EngineRun.analysed` outcomes are.

The combined run is ordered the way the engines order their own (by place, then rule). Each
finding's rule is a function of that finding alone (the engines make it so), so a cached scan's
results equal an uncached scan's.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sastflow.cache import entry
from sastflow.cache.store import ResultStore
from sastflow.engines.interface import Engine, EngineIdentity, EngineRequest, finding_order
from sastflow.model import EngineRun, FileOutcome, Finding, Rule


@dataclass(frozen=True, slots=True)
class _Hit:
    outcome: FileOutcome
    findings: list[Finding]


def file_key(identity: EngineIdentity, path: str, content: str) -> str:
    parts = ("sastflow-result-cache/1", identity.engine, identity.version, identity.digest, path)
    payload = "\0".join((*parts, content)).encode("utf-8", "surrogateescape")
    return hashlib.sha256(payload).hexdigest()


def _content_digest(request: EngineRequest, path: str, store: ResultStore) -> str | None:
    """The digest of what the engine reads for ``path`` (and of the file snippets are read
    from, when that is another tree); None when it cannot be read (then never cached)."""
    digest = hashlib.sha256()
    roots: list[Path] = [request.root]
    if request.source_root is not None and request.source_root != request.root:
        roots.append(request.source_root)
    for root in roots:
        file_digest = _file_digest(os.path.join(root, path), store.digests)
        if file_digest is None:
            return None
        digest.update(file_digest + b"\0")
    return digest.hexdigest()


def _file_digest(path: str, memo: dict[tuple[str, int, int, int], bytes]) -> bytes | None:
    """A file's SHA-256. Both engines read most files (every .py), so within one scan (one
    store) each is hashed once, keyed by what stat says of it: a file rewritten meanwhile has
    another mtime or size and is hashed again."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            known = (path, stat.st_ino, stat.st_size, stat.st_mtime_ns)
            digest = memo.get(known)
            if digest is None:
                digest = memo[known] = hashlib.sha256(handle.read()).digest()
    except OSError:
        return None
    return digest


def run(engine: Engine, request: EngineRequest, store: ResultStore) -> EngineRun:
    started = time.monotonic()
    identity = engine.identity(request) if request.targets else None
    if identity is None:
        return engine.run(request)
    keys: dict[str, str] = {}
    for path in request.targets:
        content = _content_digest(request, path, store)
        if content is not None:
            keys[path] = file_key(identity, path, content)
    hits: dict[str, _Hit] = {}
    for path, key in keys.items():
        data = store.get(key)
        decoded = entry.decode(data, key, path) if data is not None else None
        if decoded is not None:
            hits[path] = _Hit(*decoded)
    misses = tuple(t for t in request.targets if t not in hits)
    if misses:
        inner = engine.run(replace(request, targets=misses))
        _store(inner, request, identity, keys, store)
    else:
        inner = EngineRun(engine.name, identity.version, ())
    return _combine(inner, hits, identity, time.monotonic() - started)


def _store(
    run: EngineRun,
    request: EngineRequest,
    identity: EngineIdentity,
    keys: dict[str, str],
    store: ResultStore,
) -> None:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        by_path[finding.path].append(finding)
    for outcome in run.analysed:
        key = keys.get(outcome.path)
        if key is None:
            continue
        # The file may have changed while the engine read it: store only under the bytes now.
        content = _content_digest(request, outcome.path, store)
        if content is None or file_key(identity, outcome.path, content) != key:
            continue
        store.put(key, entry.encode(key, identity.engine, outcome, by_path.get(outcome.path, ())))


def _combine(
    inner: EngineRun, hits: dict[str, _Hit], identity: EngineIdentity, duration: float
) -> EngineRun:
    if not hits:
        return replace(inner, duration=duration)
    findings = [*inner.findings, *(f for hit in hits.values() for f in hit.findings)]
    findings.sort(key=finding_order)  # stable: one file's findings keep the engine's order
    rules: dict[str, Rule] = {}
    for finding in findings:
        rules.setdefault(finding.rule_id, finding.rule)
    outcomes = sorted((hit.outcome for hit in hits.values()), key=lambda o: o.path)
    warnings = [*inner.warnings, *(w for o in outcomes for w in o.warnings)]
    unparsed = sorted({*inner.unparsed, *(o.path for o in outcomes if o.unparsed)})
    return replace(
        inner,
        version=inner.version or identity.version,
        findings=tuple(findings),
        rules=tuple(rules.values()),
        duration=duration,
        scanned_files=inner.scanned_files + sum(1 for o in outcomes if o.scanned),
        warnings=tuple(dict.fromkeys(warnings)),
        unparsed=tuple(unparsed),
        analysed=(*inner.analysed, *outcomes),
        cached_files=len(hits),
    )
