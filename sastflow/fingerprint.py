"""The ``sastflow/v1`` fingerprint: a finding's identity across commits.

A hash of rule id, path, the matched source lines with whitespace collapsed and inline
suppression comments removed, and the occurrence index among identical (rule, path, text)
triples. It survives lines inserted or removed elsewhere and re-indentation; it changes when the
flagged code changes. Adding ``# nosec`` does not change it, so a suppression cannot disguise a
finding as a different one.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sastflow.model import Finding

SCHEME = "sastflow/v1"
LENGTH = 32  # hex characters (128 bits)

_SUPPRESSION_COMMENT = re.compile(r"#\s*(?:nosec|nosemgrep|nosem)\b.*$", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def normalise(snippet: str) -> str:
    """The matched code as identity sees it: comments of suppression and layout removed."""
    lines = (_SUPPRESSION_COMMENT.sub("", line) for line in snippet.splitlines())
    return _WHITESPACE.sub(" ", " ".join(lines)).strip()


def compute(rule_id: str, path: str, text: str, occurrence: int) -> str:
    payload = "\0".join((SCHEME, rule_id, path, text, str(occurrence)))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:LENGTH]


def assign(findings: Sequence[Finding], path_map: dict[str, str] | None = None) -> list[Finding]:
    """Fingerprint every finding. ``path_map`` renames paths first (a base file's old name to
    its head name), so a renamed file's findings keep their identity."""
    path_map = path_map or {}
    order = sorted(
        range(len(findings)),
        key=lambda i: (findings[i].location.start_line, findings[i].location.start_column),
    )
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    out = list(findings)
    for i in order:
        finding = findings[i]
        path = path_map.get(finding.path, finding.path)
        text = normalise(finding.snippet)
        key = (finding.rule_id, path, text)
        occurrence = seen[key]
        seen[key] += 1
        out[i] = replace(finding, fingerprint=compute(finding.rule_id, path, text, occurrence))
    return out
