"""Inline suppressions (``# nosec``, ``# nosemgrep``), decided by sastflow rather than the engines.

Engines run with inline suppressions ignored, so a pull request cannot silence its own findings
with a comment: a marker counts only where the base commit already had it for the same finding
(or once a security code owner approved). Markers are keyed by rule id: ``# nosec B101`` does not
cover a B602 finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sastflow.engines.source import SourceCache
from sastflow.model import (
    Finding,
    InlineMarker,
    Suppression,
    SuppressionKind,
    SuppressionStatus,
)

# Bandit: ids follow the marker; a justification goes after a second "#".
_NOSEC = re.compile(r"#\s*nosec\b([^#]*)", re.IGNORECASE)
_NOSEMGREP = re.compile(r"#\s*nosem(?:grep)?\b\s*(?::\s*([^#]*))?", re.IGNORECASE)
_IDS = re.compile(r"[\w.\-/]+")


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(_IDS.findall(text or ""))


def _covers_bandit(ids: tuple[str, ...], finding: Finding) -> bool:
    if not ids:
        return True
    test_id = finding.rule_id.split(".", 1)[-1]
    test_name = finding.rule.name.split("-", 1)[-1]
    return any(i.upper() == test_id.upper() or i == test_name for i in ids)


def _covers_semgrep(ids: tuple[str, ...], finding: Finding) -> bool:
    if not ids:
        return True
    full = finding.rule_id
    bare = full.split(".", 1)[-1]
    return any(i in (full, bare) or full.endswith("." + i) or i.endswith("." + bare) for i in ids)


def marker_for(finding: Finding, source: SourceCache) -> InlineMarker | None:
    """The inline marker that covers this finding's rule, if any."""
    loc = finding.location
    if finding.engine == "bandit":
        for number in range(loc.start_line, loc.end_line + 1):
            match = _NOSEC.search(source.line(finding.path, number))
            if match and _covers_bandit(_ids(match.group(1)), finding):
                return InlineMarker("bandit", _ids(match.group(1)), number)
        return None
    # Semgrep honours nosemgrep on the first line of a match or the line before it.
    for number in (loc.start_line, loc.start_line - 1):
        match = _NOSEMGREP.search(source.line(finding.path, number))
        if match and _covers_semgrep(_ids(match.group(1)), finding):
            return InlineMarker("semgrep", _ids(match.group(1)), number)
    return None


def _describe(marker: InlineMarker) -> str:
    word = "nosec" if marker.tool == "bandit" else "nosemgrep"
    named = f" {', '.join(marker.rule_ids)}" if marker.rule_ids else ""
    return f"# {word}{named} at line {marker.line}"


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
