"""Reading the ledger: every kind of mistake is reported with its exact line, all at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sastflow.errors import LedgerError
from sastflow.model import LedgerEntry
from sastflow.triage.ledger import decode_ledger, load_ledger, parse_ledger
from tests.triage.conftest import TODAY, entry_yaml, fp

SOURCE = "triage/ledger.yml"


def parse(
    text: str, *, today: dt.date = TODAY, max_expiry_days: int = 180
) -> tuple[LedgerEntry, ...]:
    return parse_ledger(text, SOURCE, today=today, max_expiry_days=max_expiry_days)


def problems(text: str, **kwargs: object) -> list[str]:
    with pytest.raises(LedgerError) as caught:
        parse(text, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.splitlines() == caught.value.problems
    return caught.value.problems


def test_a_valid_ledger_gives_typed_entries_with_their_lines() -> None:
    text = (
        "# accepted findings\n"
        "version: 1\n"
        "accepted:\n"
        + entry_yaml(1, ticket="SEC-123")
        + "  # the next one is about eval\n"
        + entry_yaml(2, rule="bandit.B307", reason="|\n      multi-line\n      reason")
    )
    first, second = parse(text)
    assert first == LedgerEntry(
        fingerprint=fp(1),
        rule="bandit.B602",
        path="app/tasks.py",
        reason="argv is a constant list",
        approved_by="alice",
        expires=dt.date(2026, 8, 1),
        ticket="SEC-123",
        line=4,
    )
    assert second.line == 12
    assert second.rule == "bandit.B307"
    assert second.reason == "multi-line\nreason"
    assert second.ticket is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing accepted yet\n",
        "version: 1\n",
        "version: 1\naccepted:\n",
        "version: 1\naccepted: []\n",
        "\ufeffversion: 1\r\naccepted: []\r\n",
    ],
    ids=[
        "empty",
        "comments-only",
        "no-accepted",
        "accepted-empty",
        "accepted-list-empty",
        "bom-crlf",
    ],
)
def test_an_empty_ledger_has_no_entries(text: str) -> None:
    assert parse(text) == ()


def test_a_missing_file_has_no_entries(tmp_path: Path) -> None:
    assert load_ledger(tmp_path / "absent.yml", today=TODAY, max_expiry_days=180) == ()


CASES = {
    "not-a-mapping": (
        "- fingerprint: x\n",
        ["1: the ledger must be a mapping with 'version: 1' and 'accepted'; found a list"],
    ),
    "scalar-document": (
        "just some words\n",
        [
            "1: the ledger must be a mapping with 'version: 1' and 'accepted'; found 'just some words'"
        ],
    ),
    "version-missing": (
        "accepted: []\n",
        ["1: missing 'version: 1'"],
    ),
    "version-wrong": (
        "# header\nversion: 2\naccepted: []\n",
        ["2: version must be 1; found '2'"],
    ),
    "version-quoted": (
        "version: '1'\n",
        ["1: version must be 1; found '1' (quoted)"],
    ),
    "accepted-not-a-list": (
        "version: 1\naccepted:\n  fingerprint: x\n",
        ["3: 'accepted' must be a list of entries; found a mapping"],
    ),
    "unknown-top-key": (
        "version: 1\nacepted: []\n",
        ["2: unknown key 'acepted' (did you mean 'accepted'?)"],
    ),
    "entry-not-a-mapping": (
        "version: 1\naccepted:\n  - 9c1e\n",
        [
            "3: an entry must be a mapping of fingerprint, rule, path, reason, approved_by, "
            "expires; found '9c1e'"
        ],
    ),
    "missing-fields": (
        f'version: 1\naccepted:\n  - fingerprint: "{fp(1)}"\n    rule: bandit.B602\n',
        ["3: entry is missing 'path', 'reason', 'approved_by', 'expires'"],
    ),
    "unknown-entry-key": (
        "version: 1\naccepted:\n" + entry_yaml(1) + "    expiry: 2026-07-01\n",
        ["9: unknown key 'expiry' in entry (did you mean 'expires'?)"],
    ),
    "fingerprint-short": (
        "version: 1\naccepted:\n" + entry_yaml(1, fingerprint='"9c1e"'),
        ["3: fingerprint '9c1e' is not a sastflow/v1 fingerprint (32 lowercase hex characters)"],
    ),
    "fingerprint-uppercase": (
        "version: 1\naccepted:\n" + entry_yaml(1, fingerprint=fp(0xABC).upper()),
        [
            f"3: fingerprint '{fp(0xABC).upper()}' is not a sastflow/v1 fingerprint "
            "(32 lowercase hex characters)"
        ],
    ),
    "rule-with-space": (
        "version: 1\naccepted:\n" + entry_yaml(1, rule="bandit B602"),
        ["4: rule 'bandit B602' is not a rule id (no spaces)"],
    ),
    "path-absolute": (
        "version: 1\naccepted:\n" + entry_yaml(1, path="/srv/app/tasks.py"),
        [
            "5: path '/srv/app/tasks.py' is not a repository-relative path "
            "('/' separators, no leading '/', no '.' or '..' parts)"
        ],
    ),
    "path-escapes": (
        "version: 1\naccepted:\n" + entry_yaml(1, path="app/../../etc/passwd"),
        [
            "5: path 'app/../../etc/passwd' is not a repository-relative path "
            "('/' separators, no leading '/', no '.' or '..' parts)"
        ],
    ),
    "reason-empty": (
        "version: 1\naccepted:\n" + entry_yaml(1, reason='"   "'),
        ["6: 'reason' must not be empty"],
    ),
    "reason-null": (
        "version: 1\naccepted:\n" + entry_yaml(1, reason=""),
        ["6: 'reason' must not be empty"],
    ),
    "reason-not-text": (
        "version: 1\naccepted:\n" + entry_yaml(1, reason="[a, b]"),
        ["6: 'reason' must be text, not a list"],
    ),
    "approver-with-at": (
        "version: 1\naccepted:\n" + entry_yaml(1, approved_by='"@alice"'),
        ["7: approved_by '@alice' is not a GitHub login (write it without '@')"],
    ),
    "approver-team": (
        "version: 1\naccepted:\n" + entry_yaml(1, approved_by="sastflow/security"),
        ["7: approved_by 'sastflow/security' is not a GitHub login"],
    ),
    "approver-bot": (
        "version: 1\naccepted:\n" + entry_yaml(1, approved_by='"dependabot[bot]"'),
        ["7: approved_by 'dependabot[bot]' is not a GitHub login"],
    ),
    "expires-not-a-date": (
        "version: 1\naccepted:\n" + entry_yaml(1, expires="2026-02-30"),
        ["8: expires '2026-02-30' is not a date (YYYY-MM-DD)"],
    ),
    "expires-words": (
        "version: 1\naccepted:\n" + entry_yaml(1, expires="next spring"),
        ["8: expires 'next spring' is not a date (YYYY-MM-DD)"],
    ),
    "expires-too-far": (
        "version: 1\naccepted:\n" + entry_yaml(1, expires="2026-10-29"),
        [
            "8: expires 2026-10-29 is more than 180 days after today (2026-05-01); "
            "the latest allowed is 2026-10-28 (max_expiry_days)"
        ],
    ),
    "duplicate-fingerprint": (
        "version: 1\naccepted:\n" + entry_yaml(1) + entry_yaml(1, rule="bandit.B307"),
        [f"9: duplicate fingerprint {fp(1)} (first at line 3)"],
    ),
    "duplicate-key": (
        "version: 1\naccepted:\n" + entry_yaml(1) + "    rule: bandit.B307\n",
        ["9: duplicate key 'rule' (first at line 4)"],
    ),
    "duplicate-top-key": (
        "version: 1\naccepted: []\nversion: 1\n",
        ["3: duplicate key 'version' (first at line 1)"],
    ),
    "anchor-and-alias": (
        "version: 1\naccepted:\n" + entry_yaml(1, reason="&why x") + entry_yaml(2, reason="*why"),
        [
            "6: anchor '&why' is not allowed (the ledger takes no anchors or aliases)",
            "12: alias '*why' is not allowed (the ledger takes no anchors or aliases)",
        ],
    ),
    "explicit-tag": (
        "version: 1\naccepted: !!python/object/apply:os.system ['id']\n",
        [
            "2: YAML tag '!!python/object/apply:os.system' is not allowed",
            "2: an entry must be a mapping of fingerprint, rule, path, reason, approved_by, "
            "expires; found 'id' (quoted)",
        ],
    ),
    "two-documents": (
        "version: 1\naccepted: []\n---\nversion: 1\naccepted: []\n",
        ["3: a second YAML document; the ledger is a single document (remove the '---')"],
    ),
    "tab-indentation": (
        "version: 1\naccepted:\n\t- fingerprint: x\n",
        ["3: tab character; the ledger is indented with spaces"],
    ),
    "syntax-error": (
        "version: 1\naccepted: [\n",
        ["3: invalid YAML: did not find expected node content"],
    ),
    "bidi-override": (
        "version: 1\naccepted:\n" + entry_yaml(1, reason='"safe \u202e;)(lave"'),
        [
            "6: invisible bidirectional control character U+202E "
            "(it can make text read differently in review)"
        ],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_each_mistake_has_its_exact_message_and_line(text: str, expected: list[str]) -> None:
    assert problems(text) == [f"{SOURCE}:{line}" for line in expected]


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = (
        "version: 3\n"
        "accepted:\n"
        + entry_yaml(1, approved_by='"@bob"')
        + entry_yaml(2, expires="2027-01-01")
        + "  - just text\n"
        + "owners: []\n"
    )
    assert problems(text) == [
        f"{SOURCE}:1: version must be 1; found '3'",
        f"{SOURCE}:7: approved_by '@bob' is not a GitHub login (write it without '@')",
        f"{SOURCE}:14: expires 2027-01-01 is more than 180 days after today (2026-05-01); "
        "the latest allowed is 2026-10-28 (max_expiry_days)",
        f"{SOURCE}:15: an entry must be a mapping of fingerprint, rule, path, reason, "
        "approved_by, expires; found 'just text'",
        f"{SOURCE}:16: unknown key 'owners' (known keys: version, accepted)",
    ]


def test_max_expiry_days_comes_from_the_caller() -> None:
    text = "version: 1\naccepted:\n" + entry_yaml(1, expires="2026-06-01")
    assert parse(text, max_expiry_days=31)[0].expires == dt.date(2026, 6, 1)
    assert problems(text, max_expiry_days=30) == [
        f"{SOURCE}:8: expires 2026-06-01 is more than 30 days after today (2026-05-01); "
        "the latest allowed is 2026-05-31 (max_expiry_days)"
    ]


def test_an_expired_entry_is_valid_and_reported_later() -> None:
    # Expiry is a state of an entry, not a mistake in the file: apply/check report it.
    (entry,) = parse("version: 1\naccepted:\n" + entry_yaml(1, expires="2020-01-01"))
    assert entry.expired(TODAY)


def test_an_anchor_bomb_is_rejected_without_being_expanded() -> None:
    lines = ["version: 1", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    lines.append("accepted: *a9")
    found = problems("\n".join(lines) + "\n")
    assert (
        f"{SOURCE}:2: anchor '&a0' is not allowed (the ledger takes no anchors or aliases)" in found
    )
    assert (
        f"{SOURCE}:12: alias '*a9' is not allowed (the ledger takes no anchors or aliases)" in found
    )
    assert f"{SOURCE}:2: unknown key 'a0' (known keys: version, accepted)" in found
    assert len(found) < 150  # one message per anchor or alias written, not per expansion


def test_bytes_that_are_not_utf8_are_reported_by_line(tmp_path: Path) -> None:
    data = b"version: 1\naccepted:\n  - reason: caf\xe9\n  - path: \xff\n"
    with pytest.raises(LedgerError) as caught:
        decode_ledger(data, SOURCE)
    assert caught.value.problems == [
        f"{SOURCE}:3: not valid UTF-8 (byte 0xe9)",
        f"{SOURCE}:4: not valid UTF-8 (byte 0xff)",
    ]
    ledger = tmp_path / "ledger.yml"
    ledger.write_bytes(data)
    with pytest.raises(LedgerError, match=r"ledger\.yml:3: not valid UTF-8"):
        load_ledger(ledger, today=TODAY, max_expiry_days=180)


def test_text_decoded_with_replacement_characters_is_refused() -> None:
    # A caller that decoded bad bytes with errors="replace" hands over U+FFFD.
    text = "version: 1\naccepted:\n" + entry_yaml(1, reason='"caf\ufffd"')
    assert problems(text) == [f"{SOURCE}:6: not valid UTF-8 (U+FFFD where a byte was invalid)"]


def test_messages_cannot_smuggle_workflow_commands() -> None:
    text = "version: 1\n'::error::forged': 1\n"
    (message,) = problems(text)
    assert message.startswith(f"{SOURCE}:2: unknown key ")
    assert "::error::" not in message


def test_a_large_ledger_reads_every_entry() -> None:
    text = "version: 1\naccepted:\n" + "".join(
        entry_yaml(n, path=f"app/module_{n}.py") for n in range(1000)
    )
    entries = parse(text)
    assert len(entries) == 1000
    assert entries[-1].path == "app/module_999.py"
    assert entries[-1].line == 3 + 999 * 6
