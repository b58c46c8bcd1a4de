"""A CommonMark/GFM parser (markdown-it-py) as the oracle for what GitHub would render.

markdown-it-py follows CommonMark plus GFM tables and strikethrough; linkify stands in for
GFM's extended autolinks (restricted to what GitHub links: schemes and ``www.``). GitHub's own
post-processing (mentions, issue references, emoji) runs on rendered *text*, so tests check the
text tokens for those patterns with GitHub's rules.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.token import Token

MD = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
MD.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
MD.linkify.add("//", None)  # GitHub never links a scheme-less "//host"

# What GitHub turns into something live when it appears in rendered text.
MENTION = re.compile(r"@[A-Za-z0-9]")  # @user, @org/team
ISSUE_REF = re.compile(r"#[0-9]")  # #123, owner/repo#1
GH_REF = re.compile(r"(?i)gh-[0-9]")
URL = re.compile(r"(?i)(?:https?|ftp)://|www\.")
EMOJI = re.compile(r":[A-Za-z0-9_+-]+:")
LIVE_PATTERNS = (MENTION, ISSUE_REF, GH_REF, URL, EMOJI)

INERT_INLINE = {"text", "softbreak"}


def blocks(markdown: str) -> list[Token]:
    return MD.parse(markdown)


def inline_text(tokens: list[Token]) -> str:
    """The text a reader sees in the inline children of ``tokens``."""
    out = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type == "softbreak":
                out.append("\n")
    return "".join(out)


def inline_types(tokens: list[Token]) -> set[str]:
    return {child.type for token in tokens for child in (token.children or ())}


_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")


# Invisible although not Cc/Cf/Cs: fillers, variation selectors, line/paragraph separators.
EXTRA_INVISIBLE = (
    set("\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2028\u2029\u3164\uffa0")
    | {chr(c) for c in range(0xFE00, 0xFE0F)}
    | {chr(c) for c in range(0xE0100, 0xE01F0)}
)


def is_invisible(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    # Plane 14 (tags, variation selectors) is revealed whole, unassigned code points included:
    # a later Unicode version may assign them, and they render as nothing today.
    if 0xE0000 <= ord(ch) <= 0xE0FFF:
        return True
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs") or ch in EXTRA_INVISIBLE


def revealed(s: str) -> str:
    """``s`` with invisible characters spelled out, decided by `unicodedata` (independent of
    the implementation's hard-coded ranges)."""
    return "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in s)


def one_line(s: str) -> str:
    return _BREAKS.sub(" ", s).strip(" ")
