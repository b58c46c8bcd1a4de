"""Where a review comment may go: the lines and positions of a file's patch in a pull request.

GitHub accepts an inline comment only on a line inside one of the diff's hunks: on the RIGHT
side an added or context line (numbered in the new file), on the LEFT side a deleted or
context line (numbered in the old file). The deprecated ``position`` counts lines down from
the first ``@@`` header, the later headers included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of a patch that a comment can target."""

    position: int
    kind: str  # "+" added, "-" deleted, " " context
    left: int | None  # line number in the old file (deleted and context lines)
    right: int | None  # line number in the new file (added and context lines)
    hunk_start: int  # position of this line's hunk header

    @property
    def side(self) -> str:
        """The side a comment by ``position`` lands on."""
        return "LEFT" if self.kind == "-" else "RIGHT"

    @property
    def line(self) -> int:
        number = self.left if self.kind == "-" else self.right
        assert number is not None
        return number


@dataclass(frozen=True, slots=True)
class PatchMap:
    """The commentable lines of one file's patch."""

    lines: tuple[DiffLine, ...]
    patch_lines: tuple[str, ...]
    additions: int
    deletions: int

    def find(self, side: str, line: int) -> DiffLine | None:
        for d in self.lines:
            if (d.right if side == "RIGHT" else d.left) == line:
                return d
        return None

    def at_position(self, position: int) -> DiffLine | None:
        for d in self.lines:
            if d.position == position:
                return d
        return None

    def added_lines(self) -> tuple[int, ...]:
        return tuple(d.line for d in self.lines if d.kind == "+")

    def diff_hunk(self, position: int) -> str:
        """The hunk text up to and including ``position``, as GitHub's ``diff_hunk``."""
        target = self.at_position(position)
        if target is None:
            return ""
        return "\n".join(self.patch_lines[target.hunk_start : position + 1])


def parse_patch(patch: str | None) -> PatchMap:
    """Map a GitHub ``patch`` (hunks only, starting with ``@@``) to its commentable lines."""
    if not patch:
        return PatchMap(lines=(), patch_lines=(), additions=0, deletions=0)
    patch_lines = tuple(patch.split("\n"))
    out: list[DiffLine] = []
    additions = deletions = 0
    old = new = 0
    hunk_start = -1
    for index, text in enumerate(patch_lines):
        header = _HUNK.match(text)
        if header:
            old, new = int(header.group(1)), int(header.group(3))
            hunk_start = index
            continue
        if hunk_start < 0 or text.startswith("\\"):
            continue  # "\ No newline at end of file" is no line of either file
        marker = text[:1] or " "
        if marker == "+":
            out.append(DiffLine(index, "+", None, new, hunk_start))
            new += 1
            additions += 1
        elif marker == "-":
            out.append(DiffLine(index, "-", old, None, hunk_start))
            old += 1
            deletions += 1
        else:
            out.append(DiffLine(index, " ", old, new, hunk_start))
            old += 1
            new += 1
    return PatchMap(
        lines=tuple(out), patch_lines=patch_lines, additions=additions, deletions=deletions
    )
