"""A cheap look at YAML text before any parser sees it: size, nesting depth and aliases.

YAML parsers pay for hostile input far beyond its size: 400 KB of nested brackets keeps a
composer busy for minutes (cost grows with depth times length), and a 500-byte "billion laughs"
document expands its aliases to gigabytes. :func:`check` reads the raw text once, in linear time,
without building anything, and refuses text past the limits with a message naming the file and
line. It is deliberately conservative: it over-estimates depth and alias expansion rather than
under-estimate them, and real ledgers and rule files are far inside the limits.

What is counted:

- **bytes** of UTF-8;
- **depth**: block nesting (indentation levels, one per ``- `` of a compact sequence) plus
  open flow collections (``[`` and ``{`` outside quotes, comments and block scalars);
- **aliases**, by what they expand to: an alias of an anchor whose node holds ten aliases
  counts eleven, so a chain of anchors that doubles at each step is caught after a few steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Characters that can change the scanner's state; everything else is scalar text.
_SPECIAL = re.compile(r"""[\[\]{}'"#*&:,?\-]""")
# The end of a line that opens a block scalar (``key: |``, ``- >-``, ``|2+``), comment removed.
_BLOCK_SCALAR = re.compile(r"(?:^|\s)[|>][-+1-9]{0,2}$")
_NAME_END = re.compile(r"[\s\[\]{},]")
# After these (or at the start of a line) a new node begins: a quote, an alias or a flow
# collection there is syntax, not text.
_NODE_START = frozenset("[{,:-?")


class YamlLimitError(ValueError):
    """The text is past a limit; the message names the file (and line) and the limit."""


@dataclass
class _Anchor:
    name: str
    indent: int  # the anchor's node ends at a later line indented this much or less
    flow: int  # ... or when flow nesting drops below this
    weight: int = 1  # the nodes an alias of it expands to


@dataclass
class _State:
    source: str
    max_depth: int
    max_aliases: int
    flow: int = 0
    quote: str = ""  # the open quote character of a scalar spanning lines
    indents: list[int] = field(default_factory=list)
    block_parent: int | None = None  # inside a block scalar whose parent line has this indent
    line_indent: int = 0  # the indentation of the line where the last block node began
    anchors: list[_Anchor] = field(default_factory=list)  # open anchors, innermost last
    weights: dict[str, int] = field(default_factory=dict)
    expanded: int = 0

    def fail(self, line: int, what: str) -> YamlLimitError:
        return YamlLimitError(f"{self.source}:{line}: {what}")


def check(text: str, source: str, *, max_bytes: int, max_depth: int, max_aliases: int) -> None:
    """Raise :class:`YamlLimitError` if ``text`` is larger than ``max_bytes`` (UTF-8), nests
    deeper than ``max_depth``, or its aliases expand to more than ``max_aliases`` nodes."""
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise YamlLimitError(
            f"{source}: {size:,} bytes is too large (at most {max_bytes:,} bytes are read)"
        )
    state = _State(source, max_depth, max_aliases)
    for number, line in enumerate(text.split("\n"), 1):
        _line(state, number, line.rstrip("\r"))


def _line(state: _State, number: int, line: str) -> None:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if state.block_parent is not None:
        if not stripped.strip() or indent > state.block_parent:
            return  # block scalar content is text
        state.block_parent = None
    if not state.quote and state.flow == 0 and stripped and not stripped.startswith("#"):
        _close_anchors(state, indent=indent)
        _nest(state, number, indent, stripped)
        state.line_indent = indent
    code_end = _tokens(state, number, line)
    if not state.quote and state.flow == 0 and _BLOCK_SCALAR.search(line[:code_end].rstrip()):
        state.block_parent = indent


def _nest(state: _State, number: int, indent: int, stripped: str) -> None:
    """Block nesting: the indentation stack, plus one level per compact ``- `` on the line."""
    levels = [indent]
    column = indent
    rest = stripped
    while rest.startswith("- ") or rest == "-":
        column += 2
        rest = rest[2:]
        skipped = len(rest) - len(rest.lstrip(" "))
        column += skipped
        rest = rest[skipped:]
        levels.append(column)
    stack = state.indents
    while stack and stack[-1] > indent:
        stack.pop()
    for level in levels:
        if not stack or level > stack[-1]:
            stack.append(level)
    if len(stack) > state.max_depth:
        raise state.fail(number, f"YAML nested more than {state.max_depth} levels deep")


def _tokens(state: _State, number: int, line: str) -> int:
    """Walk the line's special characters; returns where its comment starts (or its length)."""
    last_end = 0  # end of the last special character handled
    previous = ""  # the last syntax character, "" at line start, "w" after scalar text
    skip_until = 0
    for match in _SPECIAL.finditer(line):
        pos = match.start()
        if pos < skip_until:
            continue
        char = match.group()
        if state.quote:
            skip_until = _in_quote(state, line, pos, char)
            if not state.quote:
                previous, last_end = "w", skip_until
            continue
        if line[last_end:pos].strip():
            previous = "w"
        last_end = pos + 1
        if char == "#":
            if pos == 0 or line[pos - 1] in " \t":
                return pos
            previous = "w"
        elif char in "'\"":
            if previous in _NODE_START or previous == "":
                state.quote = char
            else:
                previous = "w"
        elif char in "[{":
            if state.flow or previous in _NODE_START or previous == "":
                state.flow += 1
                depth = len(state.indents) + state.flow
                if depth > state.max_depth:
                    raise state.fail(number, f"YAML nested more than {state.max_depth} levels deep")
                previous = char
            else:
                previous = "w"
        elif char in "]}":
            if state.flow:
                state.flow -= 1
                _close_anchors(state, flow=state.flow)
            previous = "w"
        elif char in "*&":
            if previous in _NODE_START or previous == "":
                end = _name_end(line, pos + 1)
                name = line[pos + 1 : end]
                skip_until = last_end = end
                if char == "&":
                    # Conservative: the node ends no earlier than the next line indented like
                    # the anchor's own line (its content may sit on the lines below).
                    state.anchors.append(_Anchor(name, state.line_indent, state.flow))
                    continue  # an anchor comes before its node: what follows still starts one
                _alias(state, number, name)
            previous = "w"
        elif char in ":-?,":
            follows = line[pos + 1 : pos + 2]
            separator = char == "," and state.flow
            indicator = char != "," and (
                follows in ("", " ", "\t") or (state.flow and follows in "[]{},")
            )
            previous = char if separator or indicator else "w"
    return len(line)


def _in_quote(state: _State, line: str, pos: int, char: str) -> int:
    """Inside a quoted scalar: find where it ends. Returns the index scanning resumes at."""
    if state.quote == '"':
        end = pos
        while True:
            end = line.find('"', end)
            if end < 0:
                return len(line)
            backslashes = len(line[:end]) - len(line[:end].rstrip("\\"))
            if backslashes % 2 == 0:
                state.quote = ""
                return end + 1
            end += 1
    end = pos
    while True:
        end = line.find("'", end)
        if end < 0:
            return len(line)
        if line[end + 1 : end + 2] == "'":
            end += 2  # '' is an escaped quote
            continue
        state.quote = ""
        return end + 1


def _name_end(line: str, start: int) -> int:
    found = _NAME_END.search(line, start)
    return found.start() if found else len(line)


def _alias(state: _State, number: int, name: str) -> None:
    weight = state.weights.get(name, 1)
    state.expanded += weight
    for anchor in state.anchors:
        anchor.weight += weight
    if state.expanded > state.max_aliases:
        raise state.fail(
            number,
            f"YAML aliases expand to more than {state.max_aliases:,} nodes "
            "(anchors and aliases nested into each other)",
        )


def _close_anchors(state: _State, *, indent: int | None = None, flow: int | None = None) -> None:
    """End the anchors whose node is over: a line indented no deeper, or their flow closed."""
    while state.anchors:
        anchor = state.anchors[-1]
        over = (indent is not None and anchor.flow == 0 and indent <= anchor.indent) or (
            flow is not None and anchor.flow > flow
        )
        if not over:
            break
        state.anchors.pop()
        state.weights[anchor.name] = anchor.weight
