"""One cache entry: what one engine concluded about one file, as compressed JSON.

An entry names its own key; decoding checks it and every field's type, so an entry that is
truncated, corrupted, written by another format or for another key is a miss (None), never an
error and never a finding changed on the way back.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any

from sastflow.model import Confidence, FileOutcome, Finding, Location, Rule, Severity

FORMAT = "sastflow-result-cache/1"
_MAGIC = b"SFRC1\n"


def encode(key: str, engine: str, outcome: FileOutcome, findings: Sequence[Finding]) -> bytes:
    rules: dict[str, dict[str, Any]] = {}
    rows: list[list[Any]] = []
    for finding in findings:
        rule = finding.rule
        if rule.id not in rules:
            rules[rule.id] = {
                "engine": rule.engine,
                "name": rule.name,
                "short": rule.short_description,
                "help": rule.help_text,
                "uri": rule.help_uri,
                "severity": int(rule.default_severity),
                "cwe": list(rule.cwe),
                "owasp": list(rule.owasp),
                "tags": list(rule.tags),
                "equivalent": list(rule.equivalent),
            }
        loc = finding.location
        rows.append(
            [
                rule.id,
                finding.message,
                int(finding.severity),
                int(finding.confidence),
                loc.start_line,
                loc.start_column,
                loc.end_line,
                loc.end_column,
                finding.code,
                # Most snippets are the whole region: stored once.
                None if finding.snippet == finding.code else finding.snippet,
            ]
        )
    document = {
        "format": FORMAT,
        "key": key,
        "engine": engine,
        "path": outcome.path,
        "scanned": outcome.scanned,
        "unparsed": outcome.unparsed,
        "warnings": list(outcome.warnings),
        "rules": rules,
        "findings": rows,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _MAGIC + zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def decode(data: bytes, key: str, path: str) -> tuple[FileOutcome, list[Finding]] | None:
    """The entry's outcome and findings, or None for anything but a whole entry for ``key``."""
    if not data.startswith(_MAGIC):
        return None
    try:
        document = json.loads(zlib.decompress(data[len(_MAGIC) :]).decode("utf-8", "surrogatepass"))
        if (
            not isinstance(document, dict)
            or document.get("format") != FORMAT
            or document.get("key") != key
            or document.get("path") != path
        ):
            return None
        outcome = FileOutcome(
            path,
            scanned=_bool(document["scanned"]),
            unparsed=_bool(document["unparsed"]),
            warnings=tuple(_str(w) for w in _list(document["warnings"])),
        )
        rules = {
            _str(rule_id): _rule(_str(rule_id), _dict(raw))
            for rule_id, raw in _dict(document["rules"]).items()
        }
        findings = [_finding(_list(row), rules, path) for row in _list(document["findings"])]
    except (ValueError, TypeError, KeyError, IndexError, zlib.error, RecursionError):
        return None
    return outcome, findings


def _rule(rule_id: str, raw: dict[str, Any]) -> Rule:
    uri = raw["uri"]
    return Rule(
        id=rule_id,
        engine=_str(raw["engine"]),
        name=_str(raw["name"]),
        short_description=_str(raw["short"]),
        help_text=_str(raw["help"]),
        help_uri=None if uri is None else _str(uri),
        default_severity=Severity(_int(raw["severity"])),
        cwe=tuple(_int(c) for c in _list(raw["cwe"])),
        owasp=tuple(_str(o) for o in _list(raw["owasp"])),
        tags=tuple(_str(t) for t in _list(raw["tags"])),
        equivalent=tuple(_str(e) for e in _list(raw["equivalent"])),
    )


def _finding(row: list[Any], rules: dict[str, Rule], path: str) -> Finding:
    rule_id, message, severity, confidence, line, column, end_line, end_column, code, snippet = row
    code = _str(code)
    return Finding(
        rule=rules[_str(rule_id)],
        message=_str(message),
        severity=Severity(_int(severity)),
        confidence=Confidence(_int(confidence)),
        location=Location(path, _int(line), _int(column), _int(end_line), _int(end_column)),
        snippet=code if snippet is None else _str(snippet),
        code=code,
    )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected a whole number")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value
