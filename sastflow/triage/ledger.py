"""Read and validate the triage ledger (``triage/ledger.yml``) into :class:`LedgerEntry` records.

The ledger decides which findings stop counting, so it is read strictly: every problem is
collected and reported at once as ``source:LINE: what is wrong`` (a :class:`LedgerError`), and
nothing a YAML loader would quietly accept gets through: duplicate keys, anchors and aliases,
explicit tags, extra documents, tabs, bytes that are not UTF-8, and characters that hide text
from a reviewer (bidirectional overrides).

The format::

    version: 1
    accepted:
      - fingerprint: "9c1e..."   # sastflow/v1, 32 lowercase hex characters
        rule: bandit.B602
        path: app/tasks.py
        reason: "argv is a constant list"
        approved_by: alice
        expires: 2027-03-01      # at most max_expiry_days after today
        ticket: SEC-123          # optional
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from sastflow import yamlguard
from sastflow.errors import LedgerError
from sastflow.fingerprint import LENGTH as FINGERPRINT_LENGTH
from sastflow.model import LedgerEntry
from sastflow.render.escape import log_text
from sastflow.triage import yamltree
from sastflow.triage.yamltree import MapNode, Node, Problem, ScalarNode, SeqNode

VERSION = 1
TOP_KEYS = ("version", "accepted")
REQUIRED = ("fingerprint", "rule", "path", "reason", "approved_by", "expires")
OPTIONAL = ("ticket", "group")
ENTRY_KEYS = REQUIRED + OPTIONAL
GROUP_KEYS = ("fingerprint", "rule")

FINGERPRINT = re.compile(rf"[0-9a-f]{{{FINGERPRINT_LENGTH}}}")
# GitHub logins: 1-39 alphanumerics or single hyphens, not at either end. Bots ("x[bot]") and
# teams are not people who can approve, so they are not logins here.
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
RULE_ID = re.compile(r"[^\s]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Bounds checked on the raw text before it is parsed (sastflow.yamlguard). A ledger entry is
# about 250 bytes: 1 MiB holds some 4,000 accepted findings, and its parse stays under a second.
# Nesting is 3 levels in the documented format; a PR's ledger of deeply nested brackets would
# otherwise keep the parser busy for minutes. Aliases are refused (each reported where it
# stands) and never expanded by the ledger's reader, so their bound is loose.
MAX_LEDGER_BYTES = 1024 * 1024
MAX_LEDGER_DEPTH = 32
MAX_LEDGER_ALIASES = 10**18  # the size bound is the one that matters here

# Text a reviewer cannot see: bidirectional controls can make a reason or path read as something
# else in a diff ("Trojan Source"). Replacement characters and lone surrogates are bytes that
# were not UTF-8 before the text reached us.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What a decoder leaves for bytes that are not UTF-8: U+FFFD, or surrogate escapes (argv).
NOT_UTF8 = re.compile("[\ufffd\ud800-\udfff]")
_SHOWN_MAX = 80


def _shown(value: str) -> str:
    """A value quoted inside a message: one line, safe for a CI log, not too long."""
    text = log_text(value)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 1] + "…"


def _format(source: str, problems: Iterable[Problem]) -> list[str]:
    ordered = sorted(problems, key=lambda p: p.line)  # stable: same-line order is kept
    return [f"{source}:{p.line}: {p.message}" for p in ordered]


def decode_ledger(data: bytes, source: str) -> str:
    """Decode a ledger file's bytes; each byte sequence that is not UTF-8 is reported by line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems: list[Problem] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = line[exc.start]
            problems.append(Problem(number, f"not valid UTF-8 (byte 0x{byte:02x})"))
    raise LedgerError(_format(source, problems))


def _character_problems(text: str) -> list[Problem]:
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), 1):
        if "\t" in line:
            problems.append(Problem(number, "tab character; the ledger is indented with spaces"))
        if bad := NOT_UTF8.search(line):
            what = "U+FFFD" if bad.group() == "\ufffd" else f"U+{ord(bad.group()):04X}"
            problems.append(Problem(number, f"not valid UTF-8 ({what} where a byte was invalid)"))
        if bidi := _BIDI.search(line):
            problems.append(
                Problem(
                    number,
                    f"invisible bidirectional control character U+{ord(bidi.group()):04X} "
                    "(it can make text read differently in review)",
                )
            )
    return problems


def _unknown_key(key: str, known: tuple[str, ...], where: str) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(known)})"
    return f"unknown key '{_shown(key)}'{where}{hint}"


def _pairs(node: MapNode, problems: list[Problem]) -> dict[str, tuple[ScalarNode, Node]]:
    """A mapping's pairs by key; duplicate and non-string keys are reported, first one wins."""
    out: dict[str, tuple[ScalarNode, Node]] = {}
    for key, value in node.pairs:
        if not isinstance(key, ScalarNode):
            problems.append(Problem(key.start.line, "a key must be text"))
            continue
        if key.text in out:
            first = out[key.text][0].start.line
            problems.append(
                Problem(
                    key.start.line, f"duplicate key '{_shown(key.text)}' (first at line {first})"
                )
            )
            continue
        out[key.text] = (key, value)
    return out


def _kind(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    if isinstance(node, yamltree.AliasNode):
        return "an alias"
    if node.is_null:
        return "nothing"
    return f"'{_shown(node.text)}'" + ("" if node.plain else " (quoted)")


def parse_expires(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a real calendar date, else None."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def field_problems(name: str, text: str, *, today: dt.date, max_expiry_days: int) -> list[str]:
    """What is wrong with one entry field's text (nothing: an empty list). Shared with
    ``triage accept``, so the command refuses what the ledger would reject."""
    if name == "ticket":
        return []
    if name == "expires":
        date = parse_expires(text)
        if date is None:
            return [f"expires '{_shown(text)}' is not a date (YYYY-MM-DD)"]
        try:
            limit = today + dt.timedelta(days=max_expiry_days)
        except OverflowError:  # config and SASTFLOW_TODAY are bounded; a caller may not be
            limit = dt.date.max
        if date > limit:
            return [
                f"expires {date.isoformat()} is more than {max_expiry_days} days after today "
                f"({today.isoformat()}); the latest allowed is {limit.isoformat()} "
                "(max_expiry_days)"
            ]
        return []
    if not text.strip():
        return [f"'{name}' must not be empty"]
    if name == "fingerprint" and not FINGERPRINT.fullmatch(text):
        return [
            f"fingerprint '{_shown(text)}' is not a sastflow/v1 fingerprint "
            f"({FINGERPRINT_LENGTH} lowercase hex characters)"
        ]
    if name == "rule" and not RULE_ID.fullmatch(text):
        return [f"rule '{_shown(text)}' is not a rule id (no spaces)"]
    if name == "path" and not is_repo_path(text):
        return [
            f"path '{_shown(text)}' is not a repository-relative path "
            "('/' separators, no leading '/', no '.' or '..' parts)"
        ]
    if name == "approved_by" and not LOGIN.fullmatch(text):
        hint = " (write it without '@')" if LOGIN.fullmatch(text.lstrip("@")) else ""
        return [f"approved_by '{_shown(text)}' is not a GitHub login{hint}"]
    return []


def entry_from_fields(fields: Mapping[str, str], line: int = 0) -> LedgerEntry:
    """Build an entry from field texts that :func:`field_problems` passed."""
    expires = parse_expires(fields["expires"])
    if expires is None:  # pragma: no cover - guarded by field_problems
        raise ValueError(f"not a date: {fields['expires']!r}")
    return LedgerEntry(
        fingerprint=fields["fingerprint"],
        rule=fields["rule"],
        path=fields["path"],
        reason=fields["reason"].strip(),
        approved_by=fields["approved_by"],
        expires=expires,
        ticket=fields.get("ticket", "").strip() or None,
        line=line,
    )


def is_repo_path(path: str) -> bool:
    parts = path.split("/")
    return (
        bool(path)
        and "\\" not in path
        and not path.startswith("/")
        and all(part not in ("", ".", "..") for part in parts)
        and not any(ch.isspace() and ch != " " for ch in path)
    )


def _entry(
    node: Node, problems: list[Problem], *, today: dt.date, max_expiry_days: int
) -> LedgerEntry | None:
    line = node.start.line
    if isinstance(node, yamltree.AliasNode):
        return None  # reported where it was composed
    if not isinstance(node, MapNode):
        problems.append(
            Problem(
                line, f"an entry must be a mapping of {', '.join(REQUIRED)}; found {_kind(node)}"
            )
        )
        return None
    pairs = _pairs(node, problems)
    texts: dict[str, str] = {}
    ok = True
    group: tuple[tuple[str, str], ...] = ()
    for name, (key, value) in pairs.items():
        if name not in ENTRY_KEYS:
            problems.append(Problem(key.start.line, _unknown_key(name, ENTRY_KEYS, " in entry")))
            ok = False
            continue
        if name == "group":
            members = _group(value, problems)
            ok = ok and members is not None
            group = members or ()
            continue
        if not isinstance(value, ScalarNode):
            if not isinstance(value, yamltree.AliasNode):
                problems.append(
                    Problem(value.start.line, f"'{name}' must be text, not {_kind(value)}")
                )
            ok = False
            continue
        texts[name] = "" if value.is_null else value.text
        messages = field_problems(name, texts[name], today=today, max_expiry_days=max_expiry_days)
        problems.extend(Problem(value.start.line, m) for m in messages)
        ok = ok and not messages
    missing = [name for name in REQUIRED if name not in pairs]
    if missing:
        listed = ", ".join(f"'{name}'" for name in missing)
        problems.append(Problem(line, f"entry is missing {listed}"))
        return None
    if not ok:
        return None
    entry = entry_from_fields(texts, line)
    if group:
        return _with_group(entry, group, problems)
    return entry


def _with_group(
    entry: LedgerEntry, group: tuple[tuple[str, str], ...], problems: list[Problem]
) -> LedgerEntry | None:
    fingerprints = [entry.fingerprint, *(fingerprint for fingerprint, _rule in group)]
    repeated = sorted({f for f in fingerprints if fingerprints.count(f) > 1})
    if repeated:
        problems.append(
            Problem(entry.line, f"fingerprint {repeated[0]} appears twice in this entry's group")
        )
        return None
    return replace(entry, group=group)


def _group(node: Node, problems: list[Problem]) -> tuple[tuple[str, str], ...] | None:
    """A ``group:`` value: a list of ``{fingerprint, rule}`` mappings, the other results of the
    cross-engine group the entry accepts. None (and problems) when it is malformed."""
    if not isinstance(node, SeqNode) or not node.items:
        problems.append(
            Problem(
                node.start.line,
                "'group' must be a list of the group's other results "
                "(each with 'fingerprint' and 'rule'); found "
                + ("an empty list" if isinstance(node, SeqNode) else _kind(node)),
            )
        )
        return None
    members: list[tuple[str, str]] = []
    ok = True
    for item in node.items:
        if not isinstance(item, MapNode):
            problems.append(
                Problem(item.start.line, f"a group member must be a mapping; found {_kind(item)}")
            )
            ok = False
            continue
        pairs = _pairs(item, problems)
        texts: dict[str, str] = {}
        for name, (key, value) in pairs.items():
            if name not in GROUP_KEYS:
                problems.append(
                    Problem(key.start.line, _unknown_key(name, GROUP_KEYS, " in group member"))
                )
                ok = False
                continue
            if not isinstance(value, ScalarNode):
                problems.append(
                    Problem(value.start.line, f"'{name}' must be text, not {_kind(value)}")
                )
                ok = False
                continue
            texts[name] = "" if value.is_null else value.text
            # The date limits do not apply to these two fields.
            messages = field_problems(name, texts[name], today=dt.date.min, max_expiry_days=0)
            problems.extend(Problem(value.start.line, m) for m in messages)
            ok = ok and not messages
        missing = [name for name in GROUP_KEYS if name not in pairs]
        if missing:
            listed = ", ".join(f"'{name}'" for name in missing)
            problems.append(Problem(item.start.line, f"group member is missing {listed}"))
            ok = False
            continue
        members.append((texts.get("fingerprint", ""), texts.get("rule", "")))
    return tuple(members) if ok else None


def _document(
    root: Node, problems: list[Problem], *, today: dt.date, max_expiry_days: int
) -> list[LedgerEntry]:
    if not isinstance(root, MapNode):
        problems.append(
            Problem(
                root.start.line,
                "the ledger must be a mapping with 'version: 1' and 'accepted'; "
                f"found {_kind(root)}",
            )
        )
        return []
    pairs = _pairs(root, problems)
    for name, (key, _value) in pairs.items():
        if name not in TOP_KEYS:
            problems.append(Problem(key.start.line, _unknown_key(name, TOP_KEYS, "")))
    if "version" not in pairs:
        problems.append(Problem(root.start.line, f"missing 'version: {VERSION}'"))
    else:
        version = pairs["version"][1]
        if not (isinstance(version, ScalarNode) and version.plain and version.text == "1"):
            problems.append(
                Problem(version.start.line, f"version must be {VERSION}; found {_kind(version)}")
            )
    if "accepted" not in pairs:
        return []
    accepted = pairs["accepted"][1]
    if isinstance(accepted, ScalarNode) and accepted.is_null:
        return []
    if isinstance(accepted, yamltree.AliasNode):
        return []
    if not isinstance(accepted, SeqNode):
        problems.append(
            Problem(
                accepted.start.line,
                f"'accepted' must be a list of entries; found {_kind(accepted)}",
            )
        )
        return []
    entries: list[LedgerEntry] = []
    first_line: dict[str, int] = {}
    for item in accepted.items:
        entry = _entry(item, problems, today=today, max_expiry_days=max_expiry_days)
        if entry is None:
            continue
        # A fingerprint belongs to one entry, whether as its own or in its group.
        seen = next((f for f, _rule in entry.members if f in first_line), None)
        if seen is not None:
            problems.append(
                Problem(
                    entry.line,
                    f"duplicate fingerprint {seen} (first at line {first_line[seen]})",
                )
            )
            continue
        for fingerprint, _rule in entry.members:
            first_line[fingerprint] = entry.line
        entries.append(entry)
    return entries


def parse_ledger(
    text: str, source: str, *, today: dt.date, max_expiry_days: int
) -> tuple[LedgerEntry, ...]:
    """Validate a ledger's text. ``source`` names it in messages (``triage/ledger.yml``).

    Returns the entries in file order; raises :class:`LedgerError` listing every problem.
    An empty file, or one without ``accepted``, has no entries.
    """
    text = text.removeprefix("\ufeff")
    try:
        yamlguard.check(
            text,
            source,
            max_bytes=MAX_LEDGER_BYTES,
            max_depth=MAX_LEDGER_DEPTH,
            max_aliases=MAX_LEDGER_ALIASES,
        )
    except yamlguard.YamlLimitError as exc:
        raise LedgerError([f"{exc} (a ledger's limit)"]) from None
    problems = _character_problems(text)
    stream = yamltree.compose(text)
    if (
        stream.problems
        and problems
        and any(p.message.startswith("invalid YAML") for p in stream.problems)
    ):
        # Tabs and bad bytes are the cause; the parser's complaint about them adds nothing.
        raise LedgerError(_format(source, problems))
    problems.extend(stream.problems)
    entries: list[LedgerEntry] = []
    if len(stream.documents) > 1:
        problems.append(
            Problem(
                stream.document_lines[1],
                "a second YAML document; the ledger is a single document (remove the '---')",
            )
        )
    if stream.documents and stream.documents[0] is not None:
        entries = _document(
            stream.documents[0], problems, today=today, max_expiry_days=max_expiry_days
        )
    if problems:
        raise LedgerError(_format(source, problems))
    return tuple(entries)


def load_ledger(
    path: Path, source: str | None = None, *, today: dt.date, max_expiry_days: int
) -> tuple[LedgerEntry, ...]:
    """Read and validate a ledger file; a missing file has no entries."""
    shown = source or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LEDGER_BYTES + 1)  # past the limit, parse_ledger refuses it
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise LedgerError([f"{shown}: cannot read the ledger: {exc.strerror or exc}"]) from None
    if len(data) > MAX_LEDGER_BYTES:
        raise LedgerError(
            [f"{shown}: too large for a ledger (at most {MAX_LEDGER_BYTES:,} bytes are read)"]
        )
    return parse_ledger(
        decode_ledger(data, shown), shown, today=today, max_expiry_days=max_expiry_days
    )
