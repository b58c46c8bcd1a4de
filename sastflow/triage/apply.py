"""Apply ledger entries to findings: accepted findings get a suppression; every entry an outcome.

Outcomes, per entry:

- ``ACCEPTED``: unexpired and matches at least one finding, which it silences.
- ``EXPIRED``: past its ``expires`` date; silences nothing, whether it matches or not
  (``matched`` still counts the findings it would cover, so an expired entry with
  ``matched == 0`` is also stale).
- ``STALE``: unexpired but matches no finding (the code changed or went away).
- ``PENDING``: added or changed by the pull request itself. Until a security code owner approves
  the current head it silences nothing; its findings carry an ``underReview`` suppression so the
  review can show what the PR asks to accept. Once ``approved``, it is treated like an active
  entry.

Matching is by fingerprint first (a dict lookup), then rule and path must agree too, so a
1,000-entry ledger over 20,000 findings costs one pass over each. An entry's ``group`` members
match the same way. Then every suppression spreads across its cross-engine group
(:func:`sastflow.triage.groups.spread`), inline ones included: the row is accepted, not one
engine's result, and ``matched`` counts every result the entry ends up covering.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sastflow.model import (
    Finding,
    LedgerEntry,
    LedgerOutcome,
    LedgerStatus,
    Suppression,
    SuppressionKind,
    SuppressionStatus,
)
from sastflow.triage.groups import spread


def _suppression(entry: LedgerEntry, status: SuppressionStatus) -> Suppression:
    return Suppression(
        kind=SuppressionKind.EXTERNAL,
        status=status,
        justification=entry.reason,
        approved_by=entry.approved_by,
        expires=entry.expires,
        ticket=entry.ticket,
    )


def _identity(entry: LedgerEntry) -> LedgerEntry:
    return replace(entry, line=0)


def pending_entries(
    base: Sequence[LedgerEntry], head: Sequence[LedgerEntry]
) -> tuple[LedgerEntry, ...]:
    """Entries of ``head`` that are not, field for field (``line`` aside), an entry of ``base``:
    what a pull request adds or changes."""
    known = {_identity(entry) for entry in base}
    return tuple(entry for entry in head if _identity(entry) not in known)


def apply_ledger(
    findings: Sequence[Finding],
    *,
    active: Sequence[LedgerEntry],
    pending: Sequence[LedgerEntry],
    approved: bool,
    today: dt.date,
) -> tuple[list[Finding], list[LedgerOutcome]]:
    """Suppress what the ledger accepts. Findings keep their order; outcomes list ``active``
    entries then ``pending`` ones, each in ledger order."""
    entries = [(entry, False) for entry in active] + [(entry, not approved) for entry in pending]
    by_fingerprint: dict[str, list[int]] = defaultdict(list)
    for index, (entry, _awaiting) in enumerate(entries):
        for fingerprint, _rule in entry.members:
            by_fingerprint[fingerprint].append(index)

    # The results each entry covers: by fingerprint (the same result can appear twice), and
    # by correlation the groups it reaches (their other results count as covered too).
    covered: list[set[str]] = [set() for _ in entries]
    reached: list[set[str]] = [set() for _ in entries]
    out: list[Finding] = []
    for finding in findings:
        added: list[Suppression] = []
        for index in by_fingerprint.get(finding.fingerprint, ()):
            entry, awaiting = entries[index]
            if not entry.matches(finding):
                continue
            covered[index].add(finding.fingerprint)
            if finding.correlation is not None:
                reached[index].add(finding.correlation)
            if entry.expired(today):
                continue
            status = SuppressionStatus.UNDER_REVIEW if awaiting else SuppressionStatus.ACCEPTED
            added.append(_suppression(entry, status))
        out.append(
            replace(finding, suppressions=(*finding.suppressions, *added)) if added else finding
        )
    if any(reached):
        for finding in out:
            for index, groups in enumerate(reached):
                if finding.correlation in groups:
                    covered[index].add(finding.fingerprint)
    matched = [len(fingerprints) for fingerprints in covered]
    out = spread(out)

    outcomes = [
        LedgerOutcome(entry, _status(entry, awaiting, matched[index], today), matched[index])
        for index, (entry, awaiting) in enumerate(entries)
    ]
    return out, outcomes


def _status(entry: LedgerEntry, awaiting: bool, matched: int, today: dt.date) -> LedgerStatus:
    if entry.expired(today):
        return LedgerStatus.EXPIRED
    if awaiting:
        return LedgerStatus.PENDING
    return LedgerStatus.ACCEPTED if matched else LedgerStatus.STALE
