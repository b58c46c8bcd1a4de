"""A position-keeping YAML tree built from parser events, for validating and editing the ledger.

Nothing is ever constructed into Python objects: the ledger is read as events (ruamel.yaml's
libyaml-backed parser when available) and composed here into plain nodes that remember where
they start and end. That makes the reader safe by construction (no tags are resolved, no
classes instantiated), lets it see what a loader hides (duplicate keys, anchors, aliases, extra
documents), and gives ``edit`` exact character offsets to splice text without reformatting.

Aliases are never resolved: an alias stays an :class:`AliasNode`, so an "anchor bomb" costs
nothing and is simply reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 0-based, in characters
    index: int  # character offset in the text


@dataclass(frozen=True, slots=True)
class ScalarNode:
    text: str
    plain: bool  # unquoted, not a block scalar: YAML would resolve its type implicitly
    start: Mark
    end: Mark

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True, slots=True)
class SeqNode:
    items: tuple[Node, ...]
    flow: bool
    start: Mark
    end: Mark


@dataclass(frozen=True, slots=True)
class MapNode:
    pairs: tuple[tuple[Node, Node], ...]
    flow: bool
    start: Mark
    end: Mark


@dataclass(frozen=True, slots=True)
class AliasNode:
    name: str
    start: Mark
    end: Mark


Node = ScalarNode | SeqNode | MapNode | AliasNode


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Stream:
    """The documents of a YAML text (``None`` for an empty one) and what was wrong with it."""

    documents: tuple[Node | None, ...]
    document_lines: tuple[int, ...]  # where each document starts
    problems: tuple[Problem, ...]


def _mark(mark: Any) -> Mark:
    # Both of ruamel's parsers (libyaml's and the pure-Python one) give these three ints.
    return Mark(mark.line + 1, mark.column, mark.index)


class _Builder:
    """Collects a collection's children until its end event arrives."""

    __slots__ = ("children", "flow", "is_mapping", "start")

    def __init__(self, start: Mark, flow: bool, is_mapping: bool) -> None:
        self.start = start
        self.flow = flow
        self.is_mapping = is_mapping
        self.children: list[Node] = []

    def finish(self, end: Mark) -> Node:
        if not self.is_mapping:
            return SeqNode(tuple(self.children), self.flow, self.start, end)
        kids = self.children
        pairs = tuple((kids[i], kids[i + 1]) for i in range(0, len(kids) - 1, 2))
        return MapNode(pairs, self.flow, self.start, end)


def _check_properties(event: ev.Event, problems: list[Problem]) -> None:
    line = _mark(event.start_mark).line
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        problems.append(
            Problem(
                line, f"anchor '&{anchor}' is not allowed (the ledger takes no anchors or aliases)"
            )
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        problems.append(Problem(line, f"YAML tag '{shown}' is not allowed"))


def compose(text: str) -> Stream:
    """Parse ``text`` into a :class:`Stream`. A syntax error becomes the last problem, with the
    documents composed so far."""
    documents: list[Node | None] = []
    starts: list[int] = []
    problems: list[Problem] = []
    stack: list[_Builder] = []
    root: Node | None = None
    try:
        for event in YAML(typ="safe").parse(text):
            node: Node | None = None
            if isinstance(event, ev.DocumentStartEvent):
                starts.append(_mark(event.start_mark).line)
                root = None
                continue
            if isinstance(event, ev.DocumentEndEvent):
                documents.append(root)
                continue
            if isinstance(event, ev.AliasEvent):
                problems.append(
                    Problem(
                        _mark(event.start_mark).line,
                        f"alias '*{event.anchor}' is not allowed "
                        "(the ledger takes no anchors or aliases)",
                    )
                )
                node = AliasNode(str(event.anchor), _mark(event.start_mark), _mark(event.end_mark))
            elif isinstance(event, ev.ScalarEvent):
                _check_properties(event, problems)
                node = ScalarNode(
                    text=str(event.value),
                    plain=not event.style,
                    start=_mark(event.start_mark),
                    end=_mark(event.end_mark),
                )
            elif isinstance(event, ev.SequenceStartEvent | ev.MappingStartEvent):
                _check_properties(event, problems)
                stack.append(
                    _Builder(
                        _mark(event.start_mark),
                        bool(event.flow_style),
                        isinstance(event, ev.MappingStartEvent),
                    )
                )
                continue
            elif isinstance(event, ev.SequenceEndEvent | ev.MappingEndEvent):
                node = stack.pop().finish(_mark(event.end_mark))
            else:
                continue
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = _mark(mark).line if mark is not None else 1
        problems.append(Problem(line, f"invalid YAML: {exc.problem or exc.context}"))
    except YAMLError as exc:
        problems.append(Problem(1, f"invalid YAML: {str(exc).splitlines()[0]}"))
    return Stream(tuple(documents), tuple(starts), tuple(problems))
