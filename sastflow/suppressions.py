"""Inline suppressions (``# nosec``, ``# nosemgrep``), decided by sastflow rather than the engines.

Engines run with inline suppressions ignored, so a pull request cannot silence its own findings
with a comment: a marker counts only where the base commit already had it for the same finding
(or once a security code owner approved). Markers are keyed by rule id: ``# nosec B101`` does not
cover a B602 finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sastflow.engines import registry
from sastflow.engines.source import SourceCache
from sastflow.model import (
    Finding,
    InlineMarker,
    Suppression,
    SuppressionKind,
    SuppressionStatus,
)


def marker_for(finding: Finding, source: SourceCache) -> InlineMarker | None:
    """The inline marker that covers this finding's rule, if any, read the way the engine that
    produced the finding reads its own comments. sastflow's own findings (an unscannable file)
    have no comment that silences them."""
    syntax = registry.suppression(finding.engine)
    return syntax.marker(finding, source) if syntax is not None else None


def _describe(marker: InlineMarker) -> str:
    syntax = registry.suppression(marker.tool)
    if syntax is None:
        return f"# {marker.tool} at line {marker.line}"
    return syntax.describe(marker)


def find_markers(findings: Sequence[Finding], source: SourceCache) -> list[Finding]:
    out = []
    for finding in findings:
        marker = marker_for(finding, source)
        # Most findings have no marker: keep them as they are (a copy costs ~6 us each).
        out.append(finding if marker == finding.inline else replace(finding, inline=marker))
    return out


def apply(
    findings: Sequence[Finding],
    *,
    honour: bool,
    trusted: Iterable[str] | None = None,
    approved: bool = False,
) -> list[Finding]:
    """Turn markers into suppressions.

    ``trusted`` is None in a full scan (every marker is the repository's own). In PR mode it is
    the set of fingerprints whose marker the base commit already had; any other marker was
    added by the PR and is pending until ``approved``.
    """
    if not honour:
        return list(findings)
    trusted_set = None if trusted is None else set(trusted)
    out: list[Finding] = []
    for finding in findings:
        marker = finding.inline
        if marker is None:
            out.append(finding)
            continue
        if trusted_set is None or finding.fingerprint in trusted_set:
            status, note = SuppressionStatus.ACCEPTED, "present in the repository"
        elif approved:
            status, note = SuppressionStatus.ACCEPTED, "added by this PR; security approved"
        else:
            status, note = (
                SuppressionStatus.UNDER_REVIEW,
                "added by this PR; needs security approval",
            )
        suppression = Suppression(
            kind=SuppressionKind.IN_SOURCE,
            status=status,
            justification=f"{_describe(marker)} ({note})",
        )
        out.append(replace(finding, suppressions=(*finding.suppressions, suppression)))
    return out
