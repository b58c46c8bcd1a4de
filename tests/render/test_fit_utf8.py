"""Byte budgets: a body always fits, stays valid UTF-8, and the notice is never swallowed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_oracle import blocks, inline_text

from sastflow.render.escape import fit_utf8, md_code_block, md_table_cell, md_text

CLOSER = re.compile(r"`{3,}|~{3,}")
NOTICE = "_Cut to fit: 3 more findings in the report._"

code = st.text(alphabet="`~ \nab€😀\u202e", max_size=200).map(md_code_block)
raw_fence = st.sampled_from(["```\n", "~~~~\n", "   ````python\n", "```\nx\n", "``` a`b\n"])
prose = st.text(alphabet="ab €😀漢#*_-|\n", max_size=120)
table = st.lists(st.text(max_size=30).map(md_table_cell), min_size=1, max_size=20).map(
    lambda cells: "| h |\n| --- |\n" + "".join(f"| {c} |\n" for c in cells)
)
details = st.just("<details><summary>more</summary>\n\n")
bodies = st.lists(st.one_of(code, raw_fence, prose, table, details), max_size=12).map("\n\n".join)


def notice_renders_as_text(result: str) -> bool:
    tokens = blocks(result)
    return any(t.type == "inline" and inline_text([t]) == NOTICE.strip("_") for t in tokens)


@settings(max_examples=300, deadline=None)
@given(bodies, st.integers(min_value=60, max_value=3000))
def test_fit_utf8_fits_keeps_characters_and_shows_the_notice(body: str, max_bytes: int) -> None:
    result = fit_utf8(body, max_bytes, NOTICE)
    encoded = result.encode("utf-8")  # raises on a lone surrogate: never produced
    assert len(encoded) <= max_bytes
    if len(body.encode("utf-8")) <= max_bytes:
        assert result == body
        return
    assert result.endswith(NOTICE + "\n")
    # The notice is a paragraph of its own: not inside a code block, an HTML block or a table.
    assert notice_renders_as_text(result), result
    # What precedes the closers sastflow added is the body's own beginning (the last kept line
    # may be cut short inside a code block).
    lines = result[: result.rfind("\n" + NOTICE)].split("\n")
    while lines and (lines[-1] in ("", "</details>") or CLOSER.fullmatch(lines[-1])):
        lines.pop()
    assert body.startswith("\n".join(lines[:-1]))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab€😀\U0001f9ea", min_size=1, max_size=400), st.integers(80, 400))
def test_one_huge_code_line_is_cut_inside_the_block_on_a_character_boundary(
    line: str, max_bytes: int
) -> None:
    body = "intro\n\n" + md_code_block(line * 40)
    result = fit_utf8(body, max_bytes, NOTICE)
    assert len(result.encode("utf-8")) <= max_bytes
    fences = [t for t in blocks(result) if t.type == "fence"]
    assert len(fences) <= 1
    if result != body:
        assert notice_renders_as_text(result)


def test_a_cut_inside_a_fence_closes_it_with_the_same_fence() -> None:
    snippet = "x = 1\n" + "```\n" * 3 + "y = 2\n" * 500
    body = md_text("Finding") + "\n\n" + md_code_block(snippet) + "\n\nafter\n"
    result = fit_utf8(body, 600, NOTICE)
    assert len(result.encode()) <= 600
    tokens = blocks(result)
    assert [t.type for t in tokens].count("fence") == 1
    assert inline_text(tokens[-2:-1]) == NOTICE.strip("_")
    assert result.count("````") == 2  # the 4-backtick fence is opened and closed


def test_the_notice_must_fit() -> None:
    with pytest.raises(ValueError, match="notice"):
        fit_utf8("x" * 100, 10, NOTICE)


def test_github_comment_budget() -> None:
    body = "\n".join(f"| {md_table_cell('ü' * 50)} | {i} |" for i in range(2000))
    result = fit_utf8(body, 65_000, NOTICE)
    assert len(result.encode("utf-8")) <= 65_000 < len(body.encode("utf-8"))
    assert len(result) <= 65_536
