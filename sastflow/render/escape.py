"""Escapers for text that came from scanned code: Markdown, workflow commands, byte budgets.

Everything a pull request controls (snippets, file names, and engine messages, which
interpolate matched code) passes through one of these before it reaches GitHub. GitHub renders
Markdown and then post-processes the HTML text (mentions, issue references, emoji, autolinks), so
a plain CommonMark backslash escape is not enough: ``\\@user`` still renders as ``@user`` and
still pings. The escapers therefore break those patterns with a zero-width space, which GitHub's
text filters do not look through, while the reader still sees the original characters.

HTML output is escaped by jinja2's autoescape (see :mod:`sastflow.render.env`), not here.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"

# Characters a reader cannot see but that change what they read (bidi overrides, zero-width
# joiners, tag characters, C0/C1 controls) or that cannot be encoded (lone surrogates). Kept as
# literal ranges so importing costs nothing; tests check the set against `unicodedata`
# (every Cc/Cf/Cs code point of the running Python is covered).
_INVISIBLE_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0/C1 controls except TAB, LF and CR
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0e\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
    "\ud800-\udfff"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")

# Line breaks as CommonMark and GitHub's renderers see them, plus the Unicode ones.
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")

# One pass, so an escape is never escaped again. A regex substitution touches only the special
# characters; str.translate with a dict costs ~30 ns for every character (2-4x slower here).
_MD_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "!": "\\!",
    "|": "\\|",
    "~": "\\~",
    "$": "\\$",  # GitHub renders $...$ as math
    "#": "\\#",
}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPES)) + "]")

# Patterns GitHub turns into links or pings in rendered text; a ZWSP breaks each of them.
_HASH_REF = re.compile(r"#(?=\w)")  # #123, owner/repo#1, and #channel-like words
_GH_REF = re.compile(r"(?i)(gh)-(?=\d)")
_WWW = re.compile(r"(?i)(www)\.")  # GFM links "www." even right after "_", "*", "~" or "("
_EMOJI = re.compile(r":(?=[A-Za-z0-9_+\-]+:)")  # lookahead: ":a:b:" breaks both shortcodes

# Block starts that survive the escapes above when the text lands at the start of a line.
_BLOCK_START = re.compile(r"^(?:(\d{1,9})([.)])|([-+=]))")

_WORKFLOW_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_WORKFLOW_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})

_FENCE_LANG = re.compile(r"[A-Za-z0-9_+.#-]{1,40}")
_BACKTICK_RUNS = re.compile("`+")


def _placeholder(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def reveal_invisible(s: str) -> str:
    """Replace invisible and direction-changing characters with a visible ``<U+XXXX>``.

    Keeps TAB, LF and CR; everything else a reader cannot see (bidi overrides, zero-width
    characters, controls, tag characters, lone surrogates) becomes its code point in brackets.
    """
    if s.isascii() and (s.isprintable() or _visible_lines(s)):
        return s  # printable ASCII, TAB, LF, CR: nothing to reveal and no regex pass
    return _INVISIBLE.sub(_placeholder, s)


def _visible_lines(s: str) -> bool:
    """Whether ASCII ``s`` is printable once TAB, LF and CR (which are kept) are taken out."""
    return s.replace("\n", "").replace("\t", "").replace("\r", "").isprintable()


def _one_line(s: str) -> str:
    if s.isprintable():  # every character in _LINE_BREAKS is unprintable: skip the regex
        return s.strip(" ")
    return _LINE_BREAKS.sub(" ", s).strip(" ")


def md_text(s: str, *, limit: int | None = None) -> str:
    """Render arbitrary text as inert inline Markdown: it reads as written and does nothing.

    No mention, issue reference, autolink, HTML, image, link, emphasis, heading, list, table
    cell break, emoji shortcode or math; newlines collapse to spaces; invisible characters
    show as ``<U+XXXX>``. ``limit`` shortens the text (in characters, before escaping) with "…".
    """
    return _BLOCK_START.sub(_escape_block_start, _md_inline(s, limit), count=1)


def _md_inline(s: str, limit: int | None) -> str:
    text = _one_line(s)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip(" ") + "…"
    text = reveal_invisible(text)
    # ZWSP insertions come before the backslash escapes, which would otherwise hide the
    # patterns from these regexes (``:white\_check\_mark:`` still renders an emoji). Each
    # regex runs only when its trigger character is present: a substring test is a memchr.
    if "@" in text:
        text = text.replace("@", "@" + ZWSP)
    if "#" in text:
        text = _HASH_REF.sub("#" + ZWSP, text)
    if "-" in text:
        text = _GH_REF.sub(lambda m: m.group(1) + "-" + ZWSP, text)
    if "://" in text:
        text = text.replace("://", ":" + ZWSP + "//")
    if "." in text:
        text = _WWW.sub(lambda m: m.group(1) + ZWSP + ".", text)
    if ":" in text:
        text = _EMOJI.sub(":" + ZWSP, text)
    return _MD_SPECIAL.sub(_md_escape_char, text)


def _md_escape_char(match: re.Match[str]) -> str:
    return _MD_ESCAPES[match.group()]


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(3):
        return "\\" + match.group(3)
    return match.group(1) + "\\" + match.group(2)


def md_table_cell(s: str, *, limit: int | None = None) -> str:
    """Text for one GFM table cell: :func:`md_text` (which already escapes ``|``).

    A cell is never at the start of a block, so list and heading markers need no escape there.
    """
    return _md_inline(s, limit)


def longest_backtick_run(s: str) -> int:
    """Length of the longest run of consecutive backticks in ``s`` (0 if none)."""
    if "`" not in s:
        return 0
    return max((len(m) for m in _BACKTICK_RUNS.findall(s)), default=0)


def _break_comment_openers(s: str) -> str:
    # Code is shown verbatim, but the raw comment body is what sastflow (and anything else)
    # searches for its hidden ``<!-- sastflow:... -->`` markers: a snippet must not carry one.
    return s.replace("<!--", "<!-" + ZWSP + "-")


def normalise_code(s: str) -> str:
    """What a code block shows for ``s``: CRLF/CR become LF, invisible characters revealed,
    and ``<!--`` broken with a ZWSP so that no hidden marker can be forged through a snippet."""
    return _break_comment_openers(reveal_invisible(s.replace("\r\n", "\n").replace("\r", "\n")))


def md_code_block(s: str, lang: str = "") -> str:
    """A fenced code block that the content cannot close, with no trailing newline.

    The fence is one backtick longer than the longest backtick run anywhere in the text (at
    least three), so no content line, indented or not, can close it; tildes never close a
    backtick fence. ``lang`` is kept only if it is a plain language name, and never
    ``suggestion`` (that would turn the block into a change GitHub offers to apply). Put it at
    the start of a line, outside lists and block quotes (or prefix every line of it).
    """
    body = normalise_code(s)
    fence = "`" * max(3, longest_backtick_run(body) + 1)
    info = lang if _FENCE_LANG.fullmatch(lang) and lang.lower() != "suggestion" else ""
    if body and not body.endswith("\n"):
        body += "\n"
    return f"{fence}{info}\n{body}{fence}"


def md_inline_code(s: str, *, in_table: bool = False) -> str:
    """A code span showing ``s`` on one line, sized so that no backtick run inside closes it.

    Leading and trailing spaces are dropped; content that starts or ends with a backtick is
    padded with one space on each side, which CommonMark strips again. ``in_table`` escapes
    ``|`` the way GFM tables require even inside code spans.
    """
    text = _break_comment_openers(reveal_invisible(_one_line(s)))
    if not text:
        return ""
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (longest_backtick_run(text) + 1)
    # CommonMark strips one space on each side of the content, which lets a leading or trailing
    # backtick sit next to the fence without joining it. (_one_line already trimmed spaces.)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def workflow_data(s: str) -> str:
    """Escape the message part of a workflow command (``::error ...::<data>``)."""
    return s.translate(_WORKFLOW_DATA)


def workflow_property(s: str) -> str:
    """Escape a property value of a workflow command (``file=<value>,title=<value>``)."""
    return s.translate(_WORKFLOW_PROPERTY)


_LOG_COMMAND = re.compile(r":(?=:)|#(?=#\[)")  # lookahead: ":::" needs two breaks


def log_text(s: str) -> str:
    """One line of finding text for a CI log: it cannot start a workflow command.

    The runner parses ``::cmd::`` at a line start (after leading blanks) and the legacy
    ``##[cmd]`` anywhere in a line, so both are broken with a ZWSP; line breaks collapse and
    invisible characters (including ANSI escapes) are revealed.
    """
    text = reveal_invisible(_one_line(s))
    return _LOG_COMMAND.sub(lambda m: m.group() + ZWSP, text)


# --- byte budgets ------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_DETAILS_OPEN = re.compile(r"^\s*<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"^\s*</details\s*>", re.IGNORECASE)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8"))


class _BlockState:
    """Which fenced block (if any) and how many ``<details>`` are open after each line."""

    __slots__ = ("details", "fence")

    def __init__(self) -> None:
        self.fence: str | None = None  # the opening fence's marker run, e.g. "````"
        self.details = 0

    def feed(self, line: str) -> None:
        stripped = line.rstrip("\r\n")
        if self.fence is not None:
            if _closes(stripped, self.fence):
                self.fence = None
            return
        opened = _FENCE_OPEN.match(stripped)
        if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            self.fence = opened.group(1)
        elif _DETAILS_OPEN.match(stripped):
            self.details += 1
        elif _DETAILS_CLOSE.match(stripped) and self.details:
            self.details -= 1

    def closers(self) -> str:
        out = ""
        if self.fence is not None:
            out += self.fence + "\n"
        return out + "</details>\n" * self.details


def _closes(line: str, fence: str) -> bool:
    """CommonMark closing fence: ≤ 3 spaces, same character, at least as long, then blanks."""
    indent = len(line) - len(line.lstrip(" "))
    if indent > 3:
        return False
    body = line[indent:]
    run = len(body) - len(body.lstrip(fence[0]))
    return run >= len(fence) and not body[run:].strip(" \t")


def _cut_utf8(s: str, max_bytes: int) -> str:
    """The longest prefix of ``s`` within ``max_bytes`` that ends on a character boundary."""
    return s.encode("utf-8")[: max(max_bytes, 0)].decode("utf-8", errors="ignore")


def fit_utf8(body: str, max_bytes: int, notice: str) -> str:
    """Fit a Markdown body into ``max_bytes`` UTF-8 bytes, appending ``notice`` if it was cut.

    Cuts at a line boundary, never inside a character; a fenced code block (or ``<details>``)
    open at the cut is closed, so the notice renders as text. Only inside a code block may a
    single overlong line be cut in the middle (code is literal there). ``notice`` is trusted
    Markdown. Raises ValueError if the notice alone does not fit.
    """
    body = body.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates -> "?"
    if _utf8_len(body) <= max_bytes:
        return body
    tail = "\n" + notice.rstrip("\n") + "\n"
    if _utf8_len(tail) > max_bytes:
        raise ValueError(f"truncation notice ({_utf8_len(tail)} bytes) exceeds {max_bytes}")

    state = _BlockState()
    kept: list[str] = []
    used = 0
    for line in _LINES.findall(body):
        before = state.fence, state.details
        state.feed(line)
        # A line may be kept only if, after it, whatever is open can still be closed.
        whole = line if line.endswith(("\n", "\r")) else line + "\n"
        cost = used + _utf8_len(whole) + _utf8_len(state.closers()) + _utf8_len(tail)
        if cost <= max_bytes:
            kept.append(whole)
            used += _utf8_len(whole)
            continue
        state.fence, state.details = before
        if state.fence is not None:
            room = max_bytes - used - _utf8_len(state.closers()) - _utf8_len(tail) - 1
            part = _cut_utf8(line.rstrip("\r\n"), room)
            if part and not _closes(part, state.fence):
                kept.append(part + "\n")
        break
    return "".join(kept) + state.closers() + tail
