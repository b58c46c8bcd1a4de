"""Editing the ledger: the rest of the file stays byte for byte, and writes are atomic."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from sastflow.errors import LedgerError
from sastflow.model import LedgerEntry
from sastflow.triage import edit
from sastflow.triage.edit import AcceptResult, accept, prune
from sastflow.triage.ledger import load_ledger, parse_ledger
from tests.triage.conftest import TODAY, fp

LIMITS = {"today": TODAY, "max_expiry_days": 180}

# A hand-kept ledger with the things people do: comments on every level, blank lines, an
# unusual indentation, a block scalar, a flow entry, quoted and bare values.
HAND_WRITTEN = f"""\
# Accepted findings. Reviewed by @sastflow/security.
version: 1    # format version

accepted:
  # --- app/tasks.py ---------------------------------------
  -   fingerprint: "{fp(1)}"   # B602 in run()
      rule: bandit.B602
      path: app/tasks.py
      reason: |
        argv is a constant list;
        no user input reaches it.
      approved_by: alice
      expires: 2026-07-01
      # renewed once, see SEC-12

  - {{fingerprint: "{fp(2)}", rule: bandit.B307, path: app/eval.py, reason: "sandboxed", approved_by: bob, expires: 2026-06-15}}

  # keep: vendored code
  - fingerprint: '{fp(3)}'
    rule: sastflow.python-pickle-load
    path: vendor/cache.py
    reason: trusted cache written by us
    approved_by: carol
    expires: 2026-09-30
    ticket: SEC-77
# end of ledger
"""

NEW = LedgerEntry(
    fingerprint=fp(4),
    rule="bandit.B105",
    path="app/settings.py",
    reason='test fixture "password", not a secret: see README',
    approved_by="dave",
    expires=dt.date(2026, 8, 1),
    ticket="SEC-80",
)

NEW_LINES = f"""\
  - fingerprint: "{fp(4)}"
    rule: bandit.B105
    path: app/settings.py
    reason: "test fixture \\"password\\", not a secret: see README"
    approved_by: dave
    expires: 2026-08-01
    ticket: SEC-80
"""


def write(tmp_path: Path, text: str, name: str = "ledger.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def entries(path: Path) -> tuple[LedgerEntry, ...]:
    return load_ledger(path, **LIMITS)  # type: ignore[arg-type]


def test_accept_appends_the_entry_and_leaves_every_other_byte(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    done = accept(path, NEW, **LIMITS)  # type: ignore[arg-type]
    assert done.result is AcceptResult.ADDED
    new_text = path.read_text(encoding="utf-8")
    # The file separates entries with blank lines, so the new one is too; it goes after the
    # last entry, before the comment that closes the file.
    anchor = "    ticket: SEC-77\n"
    expected = HAND_WRITTEN.replace(anchor, anchor + "\n" + NEW_LINES)
    assert new_text == expected
    assert [e.fingerprint for e in entries(path)] == [fp(1), fp(2), fp(3), fp(4)]
    assert done.entry == entries(path)[-1] and done.entry.line == 27


def test_prune_removes_exactly_the_entries_and_what_is_indented_under_them(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    removed = prune(path, {fp(1), fp(2)}, **LIMITS)  # type: ignore[arg-type]
    assert [(e.fingerprint, e.line) for e in removed] == [(fp(1), 6), (fp(2), 16)]
    # Entry 1 goes with the comment indented under it; the flow entry goes with one of the
    # blank lines around it, so no double blank line is left behind.
    expected = f"""\
# Accepted findings. Reviewed by @sastflow/security.
version: 1    # format version

accepted:
  # --- app/tasks.py ---------------------------------------

  # keep: vendored code
  - fingerprint: '{fp(3)}'
    rule: sastflow.python-pickle-load
    path: vendor/cache.py
    reason: trusted cache written by us
    approved_by: carol
    expires: 2026-09-30
    ticket: SEC-77
# end of ledger
"""
    assert path.read_text(encoding="utf-8") == expected
    assert "# --- app/tasks.py ---" in expected and "# renewed once" not in expected
    assert [e.fingerprint for e in entries(path)] == [fp(3)]


def test_pruning_the_last_entry_leaves_an_explicit_empty_list(tmp_path: Path) -> None:
    text = f"""\
version: 1
accepted:   # nothing else
  - fingerprint: "{fp(1)}"
    rule: r
    path: p.py
    reason: x
    approved_by: alice
    expires: 2026-06-01
# trailer
"""
    path = write(tmp_path, text)
    assert len(prune(path, {fp(1)}, **LIMITS)) == 1  # type: ignore[arg-type]
    assert (
        path.read_text(encoding="utf-8") == "version: 1\naccepted: []   # nothing else\n# trailer\n"
    )
    assert entries(path) == ()


def test_replace_rewrites_only_that_entry(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    renewed = LedgerEntry(
        fp(3),
        "sastflow.python-pickle-load",
        "vendor/cache.py",
        "still ours",
        "erin",
        dt.date(2026, 10, 1),
    )
    assert accept(path, renewed, **LIMITS).result is AcceptResult.EXISTS  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN

    done = accept(path, renewed, replace_existing=True, **LIMITS)  # type: ignore[arg-type]
    assert done.result is AcceptResult.REPLACED
    assert done.previous is not None and done.previous.approved_by == "carol"
    old_entry = HAND_WRITTEN[HAND_WRITTEN.index(f"  - fingerprint: '{fp(3)}'") :].removesuffix(
        "# end of ledger\n"
    )
    new_entry = f"""\
  - fingerprint: "{fp(3)}"
    rule: sastflow.python-pickle-load
    path: vendor/cache.py
    reason: "still ours"
    approved_by: erin
    expires: 2026-10-01
"""
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN.replace(old_entry, new_entry)
    again = accept(path, renewed, replace_existing=True, **LIMITS)  # type: ignore[arg-type]
    assert again.result is AcceptResult.UNCHANGED


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("version: 1\naccepted: []  # none yet\n", "version: 1\naccepted:  # none yet\n{new}"),
        ("version: 1\naccepted:\n# tail\n", "version: 1\naccepted:\n{new}# tail\n"),
        ("version: 1\naccepted: ~\n", "version: 1\naccepted:\n{new}"),
        ("# just a header\nversion: 1\n", "# just a header\nversion: 1\naccepted:\n{new}"),
        (
            "# only a comment, no newline",
            "# only a comment, no newline\nversion: 1\naccepted:\n{new}",
        ),
        ("", "version: 1\naccepted:\n{new}"),
    ],
    ids=["flow-empty", "null", "tilde", "no-accepted", "comment-only", "empty-file"],
)
def test_accept_into_a_ledger_without_entries(tmp_path: Path, before: str, after: str) -> None:
    path = write(tmp_path, before)
    accept(path, NEW, **LIMITS)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == after.format(new=NEW_LINES)
    assert entries(path) == (NEW.__class__(**{**_fields(NEW), "line": entries(path)[0].line}),)


def _fields(entry: LedgerEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in entry.__slots__}  # type: ignore[attr-defined]


def test_accept_creates_a_missing_ledger_with_its_explanation(tmp_path: Path) -> None:
    path = tmp_path / "triage" / "ledger.yml"
    accept(path, NEW, **LIMITS)  # type: ignore[arg-type]
    text = path.read_text(encoding="utf-8")
    assert text == edit.HEADER + "\nversion: 1\naccepted:\n" + NEW_LINES
    assert "Trust: on a pull request sastflow reads this file from the base commit" in text
    assert [e.fingerprint for e in entries(path)] == [fp(4)]


def test_crlf_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    original = "\ufeff# windows\r\nversion: 1\r\naccepted: []\r\n"
    path = write(tmp_path, original)
    accept(path, NEW, **LIMITS)  # type: ignore[arg-type]
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# windows\r\nversion: 1\r\naccepted:\r\n  - fingerprint")
    assert b"\n" not in data.replace(b"\r\n", b"")
    prune(path, {fp(4)}, **LIMITS)  # type: ignore[arg-type]
    assert path.read_bytes() == original.encode("utf-8")


def test_values_that_need_quoting_read_back_exactly(tmp_path: Path) -> None:
    tricky = LedgerEntry(
        fingerprint=fp(5),
        rule="true",
        path="2026-01-01/null.py",
        reason="line one\nline 'two' # not a comment\t\\ and \u202e reversed",
        approved_by="yes",
        expires=dt.date(2026, 6, 1),
        ticket="#123",
    )
    path = write(tmp_path, "version: 1\naccepted: []\n")
    accept(path, tricky, **LIMITS)  # type: ignore[arg-type]
    (read,) = entries(path)
    assert _fields(read) | {"line": 0} == _fields(tricky) | {"line": 0}
    assert "\u202e" not in path.read_text(encoding="utf-8")  # escaped, visible in review


def test_an_invalid_ledger_is_not_edited(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 2\naccepted: []\n")
    with pytest.raises(LedgerError) as caught:
        accept(path, NEW, source="triage/ledger.yml", **LIMITS)  # type: ignore[arg-type]
    assert caught.value.problems == ["triage/ledger.yml:1: version must be 1; found '2'"]
    assert path.read_text(encoding="utf-8") == "version: 2\naccepted: []\n"


def test_a_flow_style_list_is_refused_with_a_reason(tmp_path: Path) -> None:
    text = f'version: 1\naccepted: [{{fingerprint: "{fp(1)}", rule: r, path: p, reason: x, approved_by: a, expires: 2026-06-01}}]\n'
    path = write(tmp_path, text)
    with pytest.raises(LedgerError) as caught:
        accept(path, NEW, source="L", **LIMITS)  # type: ignore[arg-type]
    assert caught.value.problems == [
        "L:2: cannot edit a flow-style list ([...]); edit the ledger by hand"
    ]
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_ledger_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    os.chmod(path, 0o640)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(edit.os, failing, disk_full)
    with pytest.raises(LedgerError) as caught:
        accept(path, NEW, source="triage/ledger.yml", **LIMITS)  # type: ignore[arg-type]
    assert caught.value.problems == [
        "triage/ledger.yml: cannot write the ledger: No space left on device; it is unchanged"
    ]
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.yml"]  # no temp file left
    monkeypatch.undo()
    accept(path, NEW, **LIMITS)  # type: ignore[arg-type]
    assert oct(path.stat().st_mode & 0o777) == "0o640"  # the file keeps its permissions


def test_accept_goes_through_a_symlinked_ledger(tmp_path: Path) -> None:
    real = write(tmp_path, "version: 1\naccepted: []\n", "real.yml")
    link = tmp_path / "ledger.yml"
    link.symlink_to(real)
    accept(link, NEW, **LIMITS)  # type: ignore[arg-type]
    assert link.is_symlink()
    assert [e.fingerprint for e in parse_ledger(real.read_text(), "r", **LIMITS)] == [fp(4)]  # type: ignore[arg-type]
