"""Findings in test code are reported one severity level lower (config ``test_paths``).

Test code does not serve requests, so a pattern match there (``eval`` of a fixture, ``md5`` of
test data) rarely needs to block a merge. The demotion trusts only a file's *path*, which the
author of a pull request chooses, so it never applies where a path must not matter:

- a taint-confirmed injection or deserialisation finding (a dataflow rule saw outside data
  reach the sink, or a result grouped with such a rule's): test helpers get imported by
  application code, and the gate must not be escapable by naming a file ``test_x.py``;
- sastflow's own findings (a file that could not be scanned), which are about the scan itself.

In PR mode ``test_paths`` is read from the base commit like the rest of the config, so a PR
cannot widen it for itself. SECURITY.md says the same for users.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sastflow.model import Finding, Severity

# Weakness classes where outside data reaching the sink is the vulnerability itself.
INJECTION_CWES = frozenset(
    {
        74, 75, 77, 78, 79, 80, 88, 89, 90, 91, 93, 94, 95, 96, 97, 113, 116, 117,
        470, 502, 564, 643, 652, 915, 917, 943, 1336,
    }
)  # fmt: skip
OWN_ENGINE = "sastflow"


def taint_confirmed(finding: Finding) -> bool:
    """A taint-mode rule's finding of an injection or deserialisation weakness."""
    return finding.rule.taint and bool(INJECTION_CWES.intersection(finding.rule.cwe))


def demote(findings: Sequence[Finding], patterns: Sequence[str]) -> tuple[list[Finding], int]:
    """``findings`` with those under ``patterns`` one level lower, and how many were."""
    from sastflow.targets import exclusion

    if not patterns:
        return list(findings), 0
    in_tests = exclusion(patterns)
    # A group (one weakness found by several engines) is kept whole when any member is
    # taint-confirmed: Bandit's result for the same call must not block less than Semgrep's.
    kept_groups = {f.correlation for f in findings if f.correlation and taint_confirmed(f)}
    out: list[Finding] = []
    demoted = 0
    for finding in findings:
        if (
            finding.severity is Severity.INFO
            or finding.engine == OWN_ENGINE
            or taint_confirmed(finding)
            or (finding.correlation is not None and finding.correlation in kept_groups)
            or not in_tests(finding.path)
        ):
            out.append(finding)
            continue
        out.append(replace(finding, severity=Severity(finding.severity - 1)))
        demoted += 1
    return out, demoted
