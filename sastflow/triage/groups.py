"""Accept the row, not the engine result: a suppression on any result of a cross-engine group
(findings sharing a ``correlation``, see :mod:`sastflow.dedupe`) holds for every result of it.

Reports show a group as one row, so a reviewer accepts what they see: one row. Whether that
acceptance came from a ledger entry naming the Bandit result, a ``# nosemgrep`` on the Semgrep
one, or an entry naming the whole group, every correlated result carries the same suppressions
in SARIF (with the ledger's justification) and counts as accepted, or as pending while the
suppression awaits security approval. A finding of another rule on the same line that is not
in the group is untouched: grouping is dedupe's decision (same place *and* same weakness),
never "same line".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sastflow.model import Finding, Suppression


def group_suppressions(findings: Sequence[Finding]) -> dict[str, tuple[Suppression, ...]]:
    """Per correlation id, the union of its results' suppressions, in first-seen order."""
    union: dict[str, dict[Suppression, None]] = defaultdict(dict)
    for finding in findings:
        if finding.correlation is not None and finding.suppressions:
            union[finding.correlation].update(dict.fromkeys(finding.suppressions))
    return {key: tuple(found) for key, found in union.items()}


def spread(findings: Sequence[Finding]) -> list[Finding]:
    """Give every result of a group the suppressions any of its results has. Order is kept; a
    finding outside any suppressed group is returned as it is (the same object)."""
    shared = group_suppressions(findings)
    if not shared:
        return list(findings)
    out: list[Finding] = []
    for finding in findings:
        union = shared.get(finding.correlation) if finding.correlation is not None else None
        missing = tuple(s for s in union or () if s not in finding.suppressions)
        out.append(
            replace(finding, suppressions=(*finding.suppressions, *missing)) if missing else finding
        )
    return out


def members(findings: Sequence[Finding], lead: Finding) -> tuple[Finding, ...]:
    """The results of ``lead``'s group (``lead`` first), or ``lead`` alone if uncorrelated.
    One result per fingerprint: a SARIF log can hold a result twice (merged shards)."""
    if lead.correlation is None:
        return (lead,)
    seen = {lead.fingerprint}
    found = [lead]
    for finding in findings:
        if finding.correlation == lead.correlation and finding.fingerprint not in seen:
            seen.add(finding.fingerprint)
            found.append(finding)
    return tuple(found)


def lead_first(members: Sequence[Finding]) -> tuple[Finding, ...]:
    """The group's results with the one that says how to fix it first: the rule with the
    longest help (a project's own Semgrep rule explains more than Bandit's one-liner), the
    others in their given order. Reports lead a row with it: its message, snippet and advice."""
    if len(members) < 2:
        return tuple(members)
    best = max(range(len(members)), key=lambda i: (len(members[i].rule.help_text.strip()), -i))
    return (members[best], *members[:best], *members[best + 1 :])
