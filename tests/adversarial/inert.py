"""Oracles for "this output is inert": what GitHub would render or run from sastflow's text.

Markdown goes through the render area's CommonMark + GFM parser (markdown-it-py, with GitHub's
mention/reference/autolink patterns checked on rendered text); workflow commands through the
port of the Actions runner's parser. Both live in ``tests/render`` and are reused here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from tests.render.markdown_oracle import LIVE_PATTERNS, MD
from tests.render.workflow_oracle import REGISTERED, parse_v2, runner_lines

# Tokens that make Markdown do something: raw HTML, links, images, autolinks.
ACTIVE = {"html_block", "html_inline", "link_open", "image"}
CODE_BLOCKS = {"fence", "code_block"}
_LEGACY = re.compile(r"##\[([A-Za-z-]+)[^\]]*\]")


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def parse(markdown: str) -> list[Token]:
    return MD.parse(markdown)


def active_tokens(markdown: str) -> list[str]:
    return [f"{t.type}: {t.content or t.attrs}" for t in walk(parse(markdown)) if t.type in ACTIVE]


def live_text(markdown: str) -> list[str]:
    """Rendered text (not code) in which GitHub would find a mention, reference, URL or emoji."""
    return [
        t.content
        for t in walk(parse(markdown))
        if t.type == "text" and any(p.search(t.content) for p in LIVE_PATTERNS)
    ]


def code_blocks(markdown: str) -> list[Token]:
    return [t for t in parse(markdown) if t.type in CODE_BLOCKS]


_NUMBERED_LINE = re.compile(r"[> ] +[0-9]+ \|( .*)?")


def only_numbered_code(markdown: str) -> list[Token]:
    """The report's code blocks, each checked to be one of its own: a fence every line of which
    is a numbered source line (``> 12 | code``). Hostile text that closed a fence early would
    leave a block (or a line) of its own that is not numbered."""
    found = code_blocks(markdown)
    for token in found:
        assert token.type == "fence", token
        lines = token.content.splitlines()
        assert lines and all(_NUMBERED_LINE.fullmatch(line) for line in lines), token.content
    return found


def tables(markdown: str) -> list[list[list[str]]]:
    """Each GFM table as rows of cell texts (header row first)."""
    out: list[list[list[str]]] = []
    rows: list[list[str]] | None = None
    row: list[str] | None = None
    tokens = parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            rows = []
        elif token.type == "table_close" and rows is not None:
            out.append(rows)
            rows = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and rows is not None and row is not None:
            rows.append(row)
        elif token.type in ("th_open", "td_open") and row is not None:
            inline = tokens[i + 1]
            row.append("".join(c.content for c in inline.children or ()))
    return out


def commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Every workflow command the Actions runner would execute from a step's output."""
    found: list[tuple[str, dict[str, str], str]] = []
    for line in runner_lines(output):
        parsed = parse_v2(line)
        if parsed is not None:
            found.append(parsed)
            continue
        for match in _LEGACY.finditer(line):
            if match.group(1) in REGISTERED:
                found.append((match.group(1), {}, f"(legacy) {line}"))
    return found


# sastflow's own markup in the bodies it posts: hidden markers, <details>/<summary>, links to
# rule documentation. Anything else that is live came from the scanned code.
SASTFLOW_MARKER = re.compile(r"<!-- sastflow:[a-z]+ v1[^\n<>]*-->|<!-- /?sastflow:approval -->")
HTML_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)|<!--")
ALLOWED_TAGS = {"details", "summary", "br", "sub", "b", "code"}
ALLOWED_LINK_HOSTS = ("https://bandit.readthedocs.io/", "https://cwe.mitre.org/")
HOSTILE_LIVE = re.compile(r"@octocat|#123|acme/app#1|GH-7|evil\.example|e\.x\b|:smile:")


def assert_only_sastflow_markup(body: str) -> None:
    """A body sastflow posted holds no HTML, link, image, mention or reference but its own."""
    for token in walk(parse(body)):
        if token.type in ("html_block", "html_inline"):
            tags = HTML_TAG.findall(SASTFLOW_MARKER.sub("", token.content))
            assert set(tags) <= ALLOWED_TAGS, token.content
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            assert href.startswith(ALLOWED_LINK_HOSTS), href
        elif token.type == "image":
            raise AssertionError(f"image in a body: {token.attrs}")
    for text in live_text(body):
        # sastflow itself may link its rules' docs; nothing from the code may ping or link.
        assert not HOSTILE_LIVE.search(text), text


FINDINGS_HEADER = ["Severity", "Rule", "Location", "Message", "Status"]  # the report's table


def assert_inert_markdown(markdown: str) -> None:
    """Nothing in ``markdown`` renders active, mentions or references, hides, or reorders."""
    assert active_tokens(markdown) == []
    assert live_text(markdown) == []
    assert "<!-- sastflow" not in markdown  # no forged hidden marker
    assert "\u202e" not in markdown and "\u2066" not in markdown
