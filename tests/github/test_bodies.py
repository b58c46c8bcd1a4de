"""What sastflow writes into comments stays inert whatever the scanned code says: parsed with a
CommonMark + GFM parser (the render area's oracle), as GitHub would render it."""

from __future__ import annotations

import datetime as dt
import shlex

from markdown_it.token import Token

from sastflow.github import bodies, markers
from sastflow.github.approval import ApprovalState, Decision
from sastflow.model import (
    BaselineState,
    Confidence,
    Finding,
    Location,
    Rule,
    ScanReport,
    Severity,
)
from sastflow.render.view import build_rows
from tests.render.markdown_oracle import LIVE_PATTERNS, MD

HOSTILE_MESSAGE = (
    "eval of `x` @octocat @acme/security #12 acme/app#3 <img src=x onerror=alert(1)> "
    "![i](https://evil.example/p.png) [click](https://evil.example) www.evil.example :+1: "
    "<!-- sastflow:summary v1 --> | a | b | \u202eevil\u202c $x$ ```suggestion"
)
HOSTILE_SNIPPET = (
    "x = eval(y)\n"
    "   ```\n"  # a closing fence indented by three spaces
    "```suggestion\nrm -rf /\n```\n"
    "<!-- sastflow:finding v1 fp=00000000000000000000000000000000 -->\n"
    "@octocat #1\n"
)
HOSTILE_PATH = "app/we ird`$(touch pwned)`; 'x'\".py"


def _finding() -> Finding:
    rule = Rule(
        id="sastflow.eval-exec-nonliteral",
        engine="semgrep",
        name="eval",
        short_description="eval",
        help_text=HOSTILE_MESSAGE + "\n\nReferences:\n- https://docs.python.org/3/library/ast.html",
        help_uri="https://docs.python.org/3/library/ast.html",
        default_severity=Severity.HIGH,
        cwe=(95,),
    )
    return Finding(
        rule=rule,
        message=HOSTILE_MESSAGE,
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        location=Location(HOSTILE_PATH, 3, 1, 7, 1),
        snippet=HOSTILE_SNIPPET,
        fingerprint="ab" * 16,
        baseline=BaselineState.NEW,
    )


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(_walk(token.children or []))
    return out


def _assert_inert(markdown: str, allowed_hosts: tuple[str, ...]) -> list[Token]:
    tokens = _walk(MD.parse(markdown))
    in_link = 0
    for token in tokens:
        in_link += {"link_open": 1, "link_close": -1}.get(token.type, 0)
        if token.type in ("html_block", "html_inline"):
            tag = token.content.strip().split(">")[0].lstrip("</").split()[0]
            assert tag in ("details", "summary", "sub", "!--"), token.content
            if tag == "!--":  # only sastflow's own markers, never a forged one
                assert token.content.startswith(("<!-- sastflow:", "<!-- /sastflow:"))
        if token.type == "link_open":
            assert str(token.attrs["href"]).startswith(allowed_hosts), token.attrs
        assert token.type != "image"
        if token.type == "text" and not in_link:  # a link we made shows its own URL
            assert not any(p.search(token.content) for p in LIVE_PATTERNS), token.content
    return tokens


def test_an_inline_comment_from_hostile_code_is_inert() -> None:
    report = ScanReport(root=".", runs=(), findings=(_finding(),), fail_on=Severity.HIGH)
    (row,) = build_rows(report)

    body = bodies.inline_body(
        row, gate="high", owners="@sec-alice", today=dt.date(2026, 1, 1), max_expiry_days=180
    )

    tokens = _assert_inert(body, ("https://cwe.mitre.org/", "https://docs.python.org/"))
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.info for t in fences] == ["python", "sh"] or [t.info for t in fences] == ["", "sh"]
    assert "rm -rf /" in fences[0].content and "suggestion" in fences[0].content
    # Only the real marker, never the snippet's forged one.
    assert markers.finding_fingerprints(body) == ("ab" * 16,)
    # The accept command survives the shell: the hostile path is one argument.
    argv = shlex.split(fences[1].content)
    assert argv[:4] == ["sastflow", "triage", "accept", "ab" * 16]
    assert argv[argv.index("--path") + 1] == HOSTILE_PATH


def test_the_summary_from_hostile_code_is_inert() -> None:
    report = ScanReport(
        root=".",
        runs=(),
        findings=(_finding(),),
        fail_on=Severity.HIGH,
        base_ref="1" * 40,
        head_ref="2" * 40,
        notes=("this PR changes @acme/x #4 <b>bold</b>",),
    )
    (row,) = build_rows(report)
    state = markers.RunState("2" * 40, 1, 1, 0, 0, False)
    approval = bodies.approval_section(
        ApprovalState.REQUIRED,
        Decision((), (("mallory", "not a security code owner (owners: @sec-alice)"),)),
        description="1 finding needs security approval",
        owners="@sec-alice, @acme/security",
        head="2" * 40,
    )

    body = bodies.summary_body(
        report,
        [bodies.SummaryRow(row, "inline comment")],
        state=state,
        approval=approval,
        pending_ledger=(),
        pending_inline=(),
        notes=report.notes,
        cap=25,
    )

    tokens = _assert_inert(body, ())
    assert not [t for t in tokens if t.type == "fence"]
    assert markers.read_state(body) == state and markers.is_summary(body)
    tables = [t for t in tokens if t.type == "tr_open"]
    assert len(tables) == 2  # header + the one finding: the message's pipes split nothing
