"""Edit the ledger in place: add or replace an entry (``accept``), remove entries (``prune``).

The ledger is a reviewed file, so an edit must show up in a diff as exactly the entry it
touches. Rather than re-serialising the whole document (which reflows indentation, quoting and
comments), an edit splices text at the character offsets :mod:`~sastflow.triage.yamltree`
reports: everything outside the edited entry stays byte for byte. Comment lines indented under
an entry belong to it; comments anywhere else stay. The result is parsed again and compared
with the intended entries before anything is written, and the write is atomic (a temporary
file in the same directory, fsync, ``os.replace``), so a crash or a full disk leaves the old
ledger intact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import re
import stat
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sastflow.errors import LedgerError
from sastflow.model import LedgerEntry
from sastflow.triage import yamltree
from sastflow.triage.ledger import decode_ledger, parse_ledger
from sastflow.triage.yamltree import MapNode, Node, ScalarNode, SeqNode

HEADER = """\
# sastflow triage ledger: findings that a security code owner has accepted.
#
# Each entry accepts one finding (one row: `group` names the other engines' results there).
# It matches when fingerprint, rule and path agree, so it keeps matching while unrelated code
# moves around the finding, and stops matching ("stale") when the flagged code itself changes.
#
#   fingerprint  partialFingerprints["sastflow/v1"] of the SARIF result (32 hex characters)
#   rule, path   the finding's rule id and repository-relative path
#   reason       why the finding is acceptable (required)
#   approved_by  GitHub login of the security code owner who accepted it
#   expires      YYYY-MM-DD, at most max_expiry_days (default 180) ahead; an expired entry
#                stops suppressing and is reported until it is renewed or pruned
#   ticket       optional tracking reference; group: optional, see docs/triage.md
#
# Add entries with `sastflow triage accept`, audit with `sastflow triage check`, remove stale
# ones with `sastflow triage prune`.
#
# Trust: on a pull request sastflow reads this file from the base commit. Entries the pull
# request adds or changes are pending: they take effect only after a security code owner (an
# owner of this file in CODEOWNERS) approves the pull request at its current head.
"""

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./@+-]*")
# Words other YAML readers resolve to booleans or null even though ours reads them as text.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_COMMENT_LINE = re.compile(r"( *)#[^\r\n]*(?:\r\n|\n|\r|$)")
_BLANK_LINE = re.compile(r"[ ]*(?:\r\n|\n|\r)")


class AcceptResult(enum.Enum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"  # --replace with identical fields
    EXISTS = "exists"  # the fingerprint is already there; nothing written


@dataclass(frozen=True, slots=True)
class Accepted:
    result: AcceptResult
    entry: LedgerEntry  # as written (its line in the new file), or the existing entry
    previous: LedgerEntry | None = None


# --- writing --------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old file or the new one."""
    if path.is_symlink():
        path = path.resolve()
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    # The rename itself is durable only once the directory is synced.
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _save(path: Path, source: str, bom: str, text: str) -> None:
    _write(path, source, (bom + text).encode("utf-8"))


def _write(path: Path, source: str, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise LedgerError(
            [f"{source}: cannot write the ledger: {exc.strerror or exc}; it is unchanged"]
        ) from None


# --- rendering an entry ---------------------------------------------------------------------


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Quotes and backslashes, control characters, and the invisible characters a reviewer would
# not see (line/paragraph separators, BOM, bidirectional controls) are written as escapes.
_NEEDS_ESCAPE = re.compile(
    r'["\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]'
)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _SHORT_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value``."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _scalar(value: str) -> str:
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
        return value
    return _quoted(value)


def render_entry(entry: LedgerEntry, dash_column: int, key_column: int, newline: str) -> str:
    """The entry as block YAML lines, its ``-`` at ``dash_column``, its keys at ``key_column``."""
    fields = [
        ("fingerprint", _quoted(entry.fingerprint)),
        ("rule", _scalar(entry.rule)),
        ("path", _scalar(entry.path)),
        ("reason", _quoted(entry.reason)),
        ("approved_by", _scalar(entry.approved_by)),
        ("expires", entry.expires.isoformat()),
    ]
    if entry.ticket:
        fields.append(("ticket", _scalar(entry.ticket)))
    first = " " * dash_column + "-" + " " * max(1, key_column - dash_column - 1)
    rest = " " * len(first)
    text = "".join(
        f"{first if i == 0 else rest}{key}: {value}{newline}"
        for i, (key, value) in enumerate(fields)
    )
    if entry.group:
        text += f"{rest}group:{newline}"
        for fingerprint, rule in entry.group:
            text += f"{rest}  - fingerprint: {_quoted(fingerprint)}{newline}"
            text += f"{rest}    rule: {_scalar(rule)}{newline}"
    return text


# --- where things are in the text -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """One entry's text: ``[start, content_end)`` is the entry, ``[start, end)`` also takes the
    comment lines indented under it."""

    start: int
    content_end: int
    end: int
    dash_column: int
    key_column: int


@dataclass(frozen=True, slots=True)
class _Layout:
    root: MapNode | None
    key: ScalarNode | None  # the `accepted` key
    value: Node | None  # its value
    items: tuple[_Item, ...]


def _line_end(text: str, index: int) -> int:
    """Index just past the line break ending the line that holds ``index``."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _edit_error(source: str, line: int, what: str) -> LedgerError:
    return LedgerError([f"{source}:{line}: cannot edit {what}; edit the ledger by hand"])


def _content_end(node: Node) -> int:
    """Where a node's own text ends. A block collection's end event sits at the next token,
    past any comments and blank lines after it, so look at its last scalar instead."""
    if isinstance(node, MapNode) and not node.flow and node.pairs:
        return max(_content_end(part) for pair in node.pairs for part in pair)
    if isinstance(node, SeqNode) and not node.flow and node.items:
        return max(_content_end(item) for item in node.items)
    return node.end.index


def _item(text: str, node: Node, source: str) -> _Item:
    dash = node.start.index - 1
    while dash >= 0 and text[dash] == " ":
        dash -= 1
    line_start = text.rfind("\n", 0, max(dash, 0)) + 1
    if dash < 0 or text[dash] != "-" or text[line_start:dash].strip(" "):
        raise _edit_error(source, node.start.line, "an entry that does not start on its '-' line")
    if isinstance(node, MapNode) and not node.flow and node.pairs:
        last = _content_end(node)
        key_column = node.start.column
    else:
        last = node.end.index
        key_column = dash - line_start + 2
    content_end = last if last > 0 and text[last - 1] == "\n" else _line_end(text, last)
    end = content_end
    dash_column = dash - line_start
    while match := _COMMENT_LINE.match(text, end):
        if len(match.group(1)) <= dash_column:
            break
        end = match.end()
    return _Item(line_start, content_end, end, dash_column, key_column)


def _layout(text: str, source: str) -> _Layout:
    stream = yamltree.compose(text)
    root = stream.documents[0] if stream.documents else None
    if root is None:
        return _Layout(None, None, None, ())
    if not isinstance(root, MapNode) or root.flow:
        raise _edit_error(source, root.start.line, "a flow-style ledger ({...})")
    for key, value in root.pairs:
        if isinstance(key, ScalarNode) and key.text == "accepted":
            items: tuple[_Item, ...] = ()
            if isinstance(value, SeqNode) and value.items:
                if value.flow:
                    raise _edit_error(source, value.start.line, "a flow-style list ([...])")
                items = tuple(_item(text, item, source) for item in value.items)
            return _Layout(root, key, value, items)
    return _Layout(root, None, None, ())


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _with_final_newline(text: str, newline: str) -> str:
    return text if not text or text.endswith(("\n", "\r")) else text + newline


# --- edits ----------------------------------------------------------------------------------


def _append(text: str, entry: LedgerEntry, layout: _Layout, source: str) -> str:
    newline = _newline(text)
    if layout.items:
        last = layout.items[-1]
        separator = ""
        if len(layout.items) > 1 and _BLANK_LINE.match(text, layout.items[-2].end):
            separator = newline  # the file separates entries with a blank line: so do we
        body = render_entry(entry, last.dash_column, last.key_column, newline)
        head = _with_final_newline(text[: last.end], newline)
        return head + separator + body + text[last.end :]
    if layout.key is not None and layout.value is not None:
        value = layout.value
        column = layout.key.start.column + 2
        body = render_entry(entry, column, column + 2, newline)
        if isinstance(value, ScalarNode) and value.is_null and not value.text:
            cut_start = cut_end = layout.key.end.index
        elif (isinstance(value, ScalarNode) and value.is_null) or isinstance(value, SeqNode):
            cut_start, cut_end = value.start.index, value.end.index  # `~`, `null` or `[]`
            while cut_start > 0 and text[cut_start - 1] == " ":
                cut_start -= 1
            if text[cut_start - 1] != ":":
                cut_start = value.start.index
        else:  # pragma: no cover - parse_ledger rejected it
            raise _edit_error(source, value.start.line, "this 'accepted' value")
        after = _line_end(text, max(cut_end, layout.key.end.index))
        rest_of_line = _with_final_newline(text[cut_end:after], newline)
        return text[:cut_start] + rest_of_line + body + text[after:]
    column = layout.root.start.column if layout.root is not None else 0
    prefix = "" if layout.root is not None else f"version: 1{newline}"
    body = render_entry(entry, column + 2, column + 4, newline)
    return _with_final_newline(text, newline) + prefix + " " * column + f"accepted:{newline}" + body


def _remove(text: str, layout: _Layout, doomed: Collection[int]) -> str:
    for index in sorted(doomed, reverse=True):
        item = layout.items[index]
        start, end = item.start, item.end
        previous_line = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : start]
        previous_blank = start == 0 or _BLANK_LINE.fullmatch(previous_line)
        following = _BLANK_LINE.match(text, end)
        if previous_blank and following:
            end = following.end()  # do not leave two blank lines where one entry was
        text = text[:start] + text[end:]
    if len(doomed) == len(layout.items) and layout.key is not None:
        colon = text.index(":", layout.key.end.index)
        text = text[: colon + 1] + " []" + text[colon + 1 :]
    return text


def _read_bytes(path: Path, source: str) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LedgerError([f"{source}: cannot read the ledger: {exc.strerror or exc}"]) from None


def _read(path: Path, source: str) -> tuple[str, str] | None:
    data = _read_bytes(path, source)
    return None if data is None else _split_bom(decode_ledger(data, source))


def _identities(entries: Sequence[LedgerEntry]) -> list[LedgerEntry]:
    return [replace(entry, line=0) for entry in entries]


def _verified(
    text: str,
    expected: Sequence[LedgerEntry],
    source: str,
    *,
    today: dt.date,
    max_expiry_days: int,
) -> tuple[LedgerEntry, ...]:
    """Parse the edited text; it must hold exactly ``expected``, or nothing is written."""
    try:
        entries = parse_ledger(text, source, today=today, max_expiry_days=max_expiry_days)
    except LedgerError as exc:
        raise LedgerError(
            [f"{source}: the edit would make the ledger invalid; it is unchanged", *exc.problems]
        ) from None
    if _identities(entries) != _identities(expected):
        raise LedgerError([f"{source}: the edit would change other entries; it is unchanged"])
    return entries


def plan_accept(
    current: bytes | None,
    entry: LedgerEntry,
    *,
    today: dt.date,
    max_expiry_days: int,
    replace_existing: bool = False,
    source: str,
) -> tuple[Accepted, bytes | None]:
    """The edit :func:`accept` makes, on a ledger's bytes (None: no ledger yet) rather than a
    file: the outcome, and the new bytes to write (None when nothing changes). ``comment-command``
    edits a pull request's ledger read through the API with exactly this."""
    read = _split_bom(decode_ledger(current, source)) if current is not None else None
    bom, text = read if read is not None else ("", "")
    entries = parse_ledger(text, source, today=today, max_expiry_days=max_expiry_days)
    # An entry already naming any result of this one (its own or its group's) is "the same".
    wanted = {fingerprint for fingerprint, _rule in entry.members}
    position = next(
        (
            i
            for i, e in enumerate(entries)
            if any(fingerprint in wanted for fingerprint, _rule in e.members)
        ),
        None,
    )
    if position is not None:
        existing = entries[position]
        if not replace_existing:
            return Accepted(AcceptResult.EXISTS, existing, existing), None
        if replace(existing, line=0) == replace(entry, line=0):
            return Accepted(AcceptResult.UNCHANGED, existing, existing), None
        layout = _layout(text, source)
        item = layout.items[position]
        body = render_entry(entry, item.dash_column, item.key_column, _newline(text))
        new_text = text[: item.start] + body + text[item.content_end :]
        expected = [*entries[:position], entry, *entries[position + 1 :]]
        written = _verified(
            new_text, expected, source, today=today, max_expiry_days=max_expiry_days
        )
        return Accepted(AcceptResult.REPLACED, written[position], existing), _encode(bom, new_text)
    if read is None:
        new_text = HEADER + "\n" + _append("", entry, _layout("", source), source)
    else:
        new_text = _append(text, entry, _layout(text, source), source)
    written = _verified(
        new_text, [*entries, entry], source, today=today, max_expiry_days=max_expiry_days
    )
    return Accepted(AcceptResult.ADDED, written[-1]), _encode(bom, new_text)


def _split_bom(text: str) -> tuple[str, str]:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom, text.removeprefix("\ufeff")


def _encode(bom: str, text: str) -> bytes:
    return (bom + text).encode("utf-8")


def accept(
    ledger_path: Path,
    entry: LedgerEntry,
    *,
    today: dt.date,
    max_expiry_days: int,
    replace_existing: bool = False,
    source: str | None = None,
) -> Accepted:
    """Add ``entry`` at the end of ``accepted`` (creating the ledger if needed). An entry with
    the same fingerprint (or one of its group's) is left alone (``EXISTS``) unless
    ``replace_existing``."""
    shown = source or str(ledger_path)
    done, data = plan_accept(
        _read_bytes(ledger_path, shown),
        entry,
        today=today,
        max_expiry_days=max_expiry_days,
        replace_existing=replace_existing,
        source=shown,
    )
    if data is not None:
        _write(ledger_path, shown, data)
    return done


def prune(
    ledger_path: Path,
    fingerprints: Collection[str],
    *,
    today: dt.date,
    max_expiry_days: int,
    source: str | None = None,
) -> tuple[LedgerEntry, ...]:
    """Remove the entries with these fingerprints; returns the removed entries (with the lines
    they had). Nothing to remove writes nothing."""
    shown = source or str(ledger_path)
    read = _read(ledger_path, shown)
    if read is None:
        return ()
    bom, text = read
    entries = parse_ledger(text, shown, today=today, max_expiry_days=max_expiry_days)
    doomed = {i for i, entry in enumerate(entries) if entry.fingerprint in fingerprints}  # lead
    if not doomed:
        return ()
    new_text = _remove(text, _layout(text, shown), doomed)
    kept = [entry for i, entry in enumerate(entries) if i not in doomed]
    _verified(new_text, kept, shown, today=today, max_expiry_days=max_expiry_days)
    _save(ledger_path, shown, bom, new_text)
    return tuple(entries[i] for i in sorted(doomed))
