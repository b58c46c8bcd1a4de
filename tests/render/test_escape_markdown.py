"""Markdown escapers: hostile finding text renders as inert text, one code block, one cell.

Property tests run over arbitrary text and over an adversarial alphabet built from the attacks
in issue 8 (fence breakouts, mentions, references, HTML, images, suggestions, bidi, pipes).
A CommonMark parser (markdown-it-py) is the oracle for what GitHub would render.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_oracle import (
    ISSUE_REF,
    LIVE_PATTERNS,
    MENTION,
    blocks,
    inline_text,
    inline_types,
    one_line,
    revealed,
)

from sastflow.render.escape import (
    ZWSP,
    md_code_block,
    md_inline_code,
    md_table_cell,
    md_text,
    reveal_invisible,
)

BIDI_AND_ZERO_WIDTH = (
    "\u202e\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff"
)
ADVERSARIAL = "`~ \t\n\r@#<>|%:,&\\*_[]()!$=-+.0123456789aAgGhHwW/;'\"\x00\x1b"
ADVERSARIAL += BIDI_AND_ZERO_WIDTH
FRAGMENTS = [
    "@octocat",
    "@org/security-team",
    "#123",
    "owner/repo#1",
    "GH-12",
    "https://evil.example/x",
    "www.evil.example",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "![i](https://evil.example/p.png)",
    "[click](https://evil.example)",
    "```suggestion\nrm -rf /\n```",
    "   ```",
    "~~~",
    "<!-- sastflow:fingerprint=abc -->",
    ":smile:",
    "**bold** _em_ ~~gone~~",
    "# heading",
    "1. item",
    "- item",
    "| a | b |",
    "&#64;octocat",
    "&lt;",
    "$x^2$",
    "\\",
    "\u202eevil\u202c",
    "=====",
    "---",
    "    indented",
    "> quote",
    "[^1]",
    "<https://evil.example>",
    "user@example.com",
]
adversarial_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ADVERSARIAL, max_size=12)),
    max_size=8,
).map("".join)
# Unassigned code points (Cn) may be revealed or not; everything else has one right answer.
any_text = st.text(st.characters(exclude_categories=("Cs", "Cn")), max_size=60)
texts = st.one_of(adversarial_text, any_text)


def assert_inert_paragraph(markdown: str, expected_text: str) -> None:
    tokens = blocks(markdown)
    types = [t.type for t in tokens]
    if not expected_text.strip():
        assert types in ([], ["paragraph_open", "inline", "paragraph_close"])
        return
    assert types == ["paragraph_open", "inline", "paragraph_close"], markdown
    assert inline_types(tokens) <= {"text"}, markdown
    shown = inline_text(tokens)
    assert shown.replace(ZWSP, "") == expected_text.strip(), markdown
    for pattern in LIVE_PATTERNS:
        assert not pattern.search(shown), (pattern.pattern, shown)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_md_text_renders_as_inert_text_reading_as_written(s: str) -> None:
    out = md_text(s)
    assert "<" not in out and ">" not in out
    assert not MENTION.search(out)
    assert not ISSUE_REF.search(out)
    assert "\n" not in out and "\r" not in out
    assert not any(ch in BIDI_AND_ZERO_WIDTH.replace(ZWSP, "") for ch in out)
    assert_inert_paragraph(out, revealed(one_line(s)))


@settings(max_examples=150, deadline=None)
@given(texts, st.integers(min_value=1, max_value=40))
def test_md_text_limit_shortens_before_escaping(s: str, limit: int) -> None:
    out = md_text(s, limit=limit)
    visible = one_line(s)
    if len(visible) <= limit:
        assert out == md_text(s)
    else:
        tokens = blocks(out)
        assert inline_text(tokens).replace(ZWSP, "").endswith("…")


@settings(max_examples=200, deadline=None)
@given(texts)
def test_md_table_cell_stays_in_its_cell(s: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {md_table_cell(s)} | after |\n"
    tokens = blocks(table)
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2, table
    inlines = [t for t in tokens if t.type == "inline"]
    cell, after = inlines[-2], inlines[-1]
    assert {c.type for c in cell.children or ()} <= {"text"}
    assert inline_text([cell]).replace(ZWSP, "") == revealed(one_line(s)).strip()
    assert inline_text([after]) == "after"


def code_content(s: str) -> str:
    body = revealed(s.replace("\r\n", "\n").replace("\r", "\n")).replace("<!--", "<!-\u200b-")
    return body if not body or body.endswith("\n") else body + "\n"


@settings(max_examples=300, deadline=None)
@given(texts)
def test_md_code_block_is_exactly_one_block_holding_the_text(s: str) -> None:
    out = md_code_block(s)
    tokens = blocks(out)
    assert [t.type for t in tokens] == ["fence"], out
    assert tokens[0].content == code_content(s)
    assert tokens[0].info == ""


@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from(["", "python", "suggestion", "SUGGESTION", "py`x", "a b"]))
def test_md_code_block_between_paragraphs_closes_where_it_should(s: str, lang: str) -> None:
    doc = f"before\n\n{md_code_block(s, lang)}\n\nafter @\u200bx\n"
    tokens = blocks(doc)
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1
    assert fences[0].content == code_content(s)
    assert fences[0].info in ("", "python")  # never a suggestion, never a forged info string
    assert inline_text([tokens[-2]]) == "after @\u200bx"


@pytest.mark.parametrize(
    "attack",
    [
        "x\n```\n@octocat",
        "x\n   ```\n<img src=x>",
        "x\n   `````````\n",
        "x\n~~~~\n",
        "```suggestion\nos.system('rm -rf /')\n```",
        "````\n```\n``",
        "\t```\n",
    ],
)
def test_md_code_block_fence_breakouts_stay_inside(attack: str) -> None:
    out = md_code_block(attack)
    fence = out.split("\n", 1)[0]
    longest = max((len(run) for run in re.findall("`+", attack)), default=0)
    assert fence == "`" * max(3, longest + 1)
    tokens = blocks(out + "\n\n@octocat")
    assert next(t.type for t in tokens) == "fence"
    assert tokens[0].content == code_content(attack)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_md_inline_code_is_one_code_span(s: str) -> None:
    out = md_inline_code(s)
    expected = revealed(one_line(s)).replace("<!--", "<!-\u200b-")
    if not expected:
        assert out == ""
        return
    tokens = blocks(f"see {out} here")
    children = tokens[1].children or []
    spans = [c for c in children if c.type == "code_inline"]
    assert len(spans) == 1, out
    assert spans[0].content == expected
    assert [c.type for c in children] == ["text", "code_inline", "text"]


@settings(max_examples=150, deadline=None)
@given(texts)
def test_md_inline_code_in_a_table_keeps_the_columns(s: str) -> None:
    cell = md_inline_code(s, in_table=True)
    tokens = blocks(f"| a | b |\n| --- | --- |\n| {cell} | after |\n")
    assert sum(1 for t in tokens if t.type == "td_open") == 2
    assert inline_text([t for t in tokens if t.type == "inline"][-1:]) == "after"


@settings(max_examples=200, deadline=None)
@given(texts)
def test_no_escaper_lets_a_hidden_marker_through(s: str) -> None:
    hostile = f"{s}<!-- sastflow:fingerprint=forged -->{s}"
    for out in (
        md_text(hostile),
        md_table_cell(hostile),
        md_code_block(hostile),
        md_inline_code(hostile),
        md_inline_code(hostile, in_table=True),
    ):
        assert "<!--" not in out


def test_md_text_examples_read_naturally() -> None:
    assert md_text("Use yaml.safe_load instead") == "Use yaml.safe\\_load instead"
    assert md_text("ping @octocat about #12") == "ping @\u200boctocat about \\#\u200b12"
    assert md_text("  two\r\nlines  ") == "two lines"
    assert md_text("- not a list") == "\\- not a list"
    assert md_text("<!-- sastflow:fp -->") == "&lt;\\!-- sastflow:fp --&gt;"


def test_every_invisible_character_of_this_python_is_revealed() -> None:
    missed = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Cs")
        and chr(cp) not in "\t\n\r"
        and reveal_invisible(chr(cp)) == chr(cp)
    ]
    assert missed == []


def test_line_breaks_and_tabs_are_not_invisible() -> None:
    assert reveal_invisible("a\r\n\tb\u202e") == "a\r\n\tb<U+202E>"


def test_lone_surrogates_become_encodable_text() -> None:
    hostile = "name\udcff.py"  # what surrogateescape decoding makes of a non-UTF-8 file name
    for out in (md_text(hostile), md_code_block(hostile), md_inline_code(hostile)):
        out.encode("utf-8")
        assert "U+DCFF" in out
