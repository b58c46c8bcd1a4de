"""Cross-engine dedupe: findings of different engines at one place for one weakness.

SARIF keeps every engine's result and links them with a shared ``correlationGuid``; reports and
PR comments show each group once, naming every rule (``group``).

Severity follows the evidence: a taint-mode rule in a group has seen outside data reach the
sink, so the other engines' results for the same weakness there take its severity (a Bandit
B608 "possible SQL injection", medium, that a taint rule confirms is the taint rule's high).
Results no taint rule confirms keep their engine's severity.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sastflow.model import Finding, Severity


def _same_weakness(a: Finding, b: Finding) -> bool:
    if a.engine == b.engine or not a.location.overlaps(b.location):
        return False
    if set(a.rule.cwe) & set(b.rule.cwe):
        return True
    return b.rule.id in a.rule.equivalent or a.rule.id in b.rule.equivalent


def correlate(findings: Sequence[Finding]) -> list[Finding]:
    """Give findings that describe the same weakness one shared ``correlation`` id.

    Needs fingerprints (the id is derived from the group's sorted fingerprints, so it is stable
    across runs). Order is preserved.
    """
    by_path: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        by_path[finding.path].append(index)

    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for indices in by_path.values():
        # Sorting by start line bounds the pairs we compare to those that can overlap.
        ordered = sorted(indices, key=lambda i: findings[i].location.start_line)
        for pos, i in enumerate(ordered):
            for j in ordered[pos + 1 :]:
                if findings[j].location.start_line > findings[i].location.end_line:
                    break
                if _same_weakness(findings[i], findings[j]):
                    parent[root(j)] = root(i)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(findings)):
        members[root(i)].append(i)
    out = list(findings)
    for group in members.values():
        if len(group) < 2:
            continue
        digest = hashlib.sha256(
            "\0".join(sorted(findings[i].fingerprint for i in group)).encode()
        ).digest()
        # SARIF requires an RFC 4122 GUID: stamp the version and variant bits.
        guid = str(uuid.UUID(bytes=digest[:16], version=5))
        confirmed = _confirmed_severity([findings[i] for i in group])
        for i in group:
            finding = findings[i]
            if confirmed is not None and not finding.rule.taint:
                # Confirmation raises, never lowers: a medium taint rule (a parameter or argv,
                # not request data, reaching the sink) is no evidence the code is safe.
                finding = replace(finding, severity=max(finding.severity, confirmed))
            out[i] = replace(finding, correlation=guid)
    return out


def _confirmed_severity(members: Sequence[Finding]) -> Severity | None:
    """The severity the group's taint rules give it (the highest), if it has any; members of
    other rules rise to it and keep their own when it is lower."""
    levels = [f.severity for f in members if f.rule.taint]
    return max(levels) if levels else None


def group(findings: Iterable[Finding]) -> list[tuple[Finding, ...]]:
    """Findings sharing a correlation become one group, most severe first within it.

    Groups keep the order of their first member; an uncorrelated finding is a group of one.
    """
    groups: dict[str, list[Finding]] = {}
    order: list[str | Finding] = []
    for finding in findings:
        if finding.correlation is None:
            order.append(finding)
            continue
        if finding.correlation not in groups:
            groups[finding.correlation] = []
            order.append(finding.correlation)
        groups[finding.correlation].append(finding)
    result: list[tuple[Finding, ...]] = []
    for item in order:
        if isinstance(item, Finding):
            result.append((item,))
        else:
            members = sorted(groups[item], key=lambda f: (-f.severity, f.engine))
            result.append(tuple(members))
    return result
