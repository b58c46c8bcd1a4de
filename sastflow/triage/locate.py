"""Find the one finding that ``triage accept`` means: by fingerprint, or by rule, path and line
as a person reads them off a report."""

from __future__ import annotations

from collections.abc import Sequence

from sastflow.errors import UsageError
from sastflow.model import Finding
from sastflow.render.escape import log_text

_LISTED = 8


def _distinct(findings: Sequence[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault(finding.fingerprint, finding)
    return list(seen.values())


def by_fingerprint(findings: Sequence[Finding], fingerprint: str, source: str) -> Finding:
    for finding in findings:
        if finding.fingerprint == fingerprint:
            return finding
    raise UsageError(f"no finding with fingerprint {log_text(fingerprint)} in {source}")


def by_location(
    findings: Sequence[Finding], *, rule: str, path: str, line: int, source: str
) -> Finding:
    """The finding of ``rule`` in ``path`` that starts on ``line`` (else the one whose region
    holds it). Several distinct ones at that place are an error listing their fingerprints."""
    here = [f for f in findings if f.rule_id == rule and f.path == path]
    exact = _distinct([f for f in here if f.line == line])
    candidates = exact or _distinct(
        [f for f in here if f.location.start_line <= line <= f.location.end_line]
    )
    where = f"{log_text(rule)} at {log_text(path)}:{line}"
    if not candidates:
        lines = sorted({f.line for f in here})
        if lines:
            shown = ", ".join(str(n) for n in lines[:_LISTED])
            hint = f"; {log_text(rule)} findings in {log_text(path)} are at line {shown}"
        else:
            hint = f"; {source} has no {log_text(rule)} finding in {log_text(path)}"
        raise UsageError(f"no finding of {where} in {source}{hint}")
    if len(candidates) > 1:
        listed = ", ".join(f.fingerprint or "(none)" for f in candidates[:_LISTED])
        raise UsageError(
            f"{len(candidates)} findings of {where} in {source}; "
            f"pass the FINGERPRINT of the one to accept: {listed}"
        )
    found = candidates[0]
    if not found.fingerprint:
        raise UsageError(f"the finding of {where} in {source} has no sastflow/v1 fingerprint")
    return found
