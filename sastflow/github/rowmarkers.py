"""A hidden marker per result of the row an inline comment is about, so that a reply can
accept the row without a checkout:
``<!-- sastflow:row v1 fp=<fingerprint> rule=<b64> path=<b64> -->``.

``sastflow:finding`` markers (:mod:`sastflow.github.markers`) name the fingerprints only; a ledger
entry needs each result's rule and the path too. Rule ids and paths can hold any character, so
they travel base64url-encoded (no ``=`` padding): the alphabet has no ``>``, so a marker can
never be closed early, and it reads back exactly. As with every marker, these are trusted only
in comments written by sastflow's own account.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from sastflow.model import Finding

ROW = "sastflow:row v1"
_FP = r"[0-9a-f]{8,128}"
_B64 = r"[A-Za-z0-9_-]{1,4096}"
_ROW_RE = re.compile(
    rf"^<!-- {re.escape(ROW)} fp=({_FP}) rule=({_B64}) path=({_B64}) -->$", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class RowMember:
    fingerprint: str
    rule: str
    path: str


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


def _decode(text: str) -> str | None:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def row_marker(finding: Finding) -> str:
    if not re.fullmatch(_FP, finding.fingerprint):
        raise ValueError(f"not a fingerprint: {finding.fingerprint[:40]!r}")
    return (
        f"<!-- {ROW} fp={finding.fingerprint} rule={_encode(finding.rule_id)} "
        f"path={_encode(finding.path)} -->"
    )


def row_members(body: str) -> tuple[RowMember, ...]:
    """The row's results a comment body names, in order; malformed markers are skipped."""
    found: list[RowMember] = []
    for fingerprint, rule, path in _ROW_RE.findall(body):
        decoded_rule, decoded_path = _decode(rule), _decode(path)
        if decoded_rule and decoded_path:
            found.append(RowMember(fingerprint, decoded_rule, decoded_path))
    return tuple(found)
