"""Which lines a pull request adds, per file: where an inline comment may go.

GitHub accepts an inline comment only on a line inside one of the diff's hunks. sastflow is
stricter: a finding is commented inline only on a line the PR *adds* (RIGHT side), so that the
comment is about code the author wrote. Everything else goes to the summary comment.

The map comes from local git (``sastflow.gitio.unified_diff``, the three-dot diff GitHub shows),
never from the PR's ``.diff``, which GitHub refuses above 300 files or 20,000 lines. Renamed
files are keyed by their new path (``-M``), which is the path findings carry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from unidiff.errors import UnidiffParseError
from unidiff.patch import PatchSet

from sastflow import gitio
from sastflow.errors import GitError
from sastflow.model import Finding

_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
_OCTAL = re.compile(r"[0-7]{3}")


def unquote_git_path(name: str) -> str:
    """Undo git's C-style quoting (``"a/tab\\there"``) of a path in a diff header."""
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    out = bytearray()
    body = name[1:-1]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            octal = _OCTAL.match(body, i + 1)
            if octal:
                out.append(int(octal.group(), 8))
                i += 4
                continue
            nxt = body[i + 1]
            out.append(_C_ESCAPES.get(nxt, ord(nxt)) if nxt in _C_ESCAPES else ord(nxt))
            i += 2
            continue
        out += ch.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


def _strip_prefix(name: str) -> str | None:
    name = unquote_git_path(name.strip())
    if name == "/dev/null":
        return None
    return name[2:] if name.startswith(("a/", "b/")) else name


@dataclass(frozen=True, slots=True)
class DiffMap:
    """Added lines (new-file numbering) per path, and where each renamed file came from."""

    added: Mapping[str, frozenset[int]]
    renamed_from: Mapping[str, str] = field(default_factory=dict)

    def lines(self, path: str) -> frozenset[int]:
        return self.added.get(path, frozenset())

    def target_line(self, finding: Finding) -> int | None:
        """The line to comment on: the finding's first line if the PR added it, else the
        first added line inside the finding's range; None when the PR added none of them."""
        lines = self.lines(finding.path)
        if not lines:
            return None
        loc = finding.location
        for number in range(loc.start_line, max(loc.end_line, loc.start_line) + 1):
            if number in lines:
                return number
        return None


def parse_diff(text: str) -> DiffMap:
    """Parse a unified diff (any context size) into its added lines."""
    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise GitError(f"cannot read the pull request's diff: {exc}") from None
    added: dict[str, set[int]] = {}
    renamed: dict[str, str] = {}
    for patched in patch:
        target = _strip_prefix(patched.target_file)
        if target is None:
            continue  # deleted file: nothing to comment on
        source = _strip_prefix(patched.source_file)
        if source is not None and source != target:
            renamed[target] = source
        lines = added.setdefault(target, set())
        for hunk in patched:
            for line in hunk:
                if line.is_added and line.target_line_no is not None:
                    lines.add(line.target_line_no)
    return DiffMap(
        added={path: frozenset(lines) for path, lines in added.items()}, renamed_from=renamed
    )


def added_lines(root: Path, base: str, head: str) -> DiffMap:
    """The lines the PR (merge-base of ``base`` and ``head`` → ``head``) adds, from local git."""
    return parse_diff(gitio.unified_diff(root, base, head))


def from_patches(patches: Mapping[str, str | None]) -> DiffMap:
    """Added lines from the files API's ``patch`` of each file (when there is no checkout)."""
    added: dict[str, frozenset[int]] = {}
    for path, patch in patches.items():
        lines = _right_lines(patch, context=False) if patch else None
        if lines is not None:  # GitHub's own patch unreadable: all in the summary, none inline
            added[path] = lines
    return DiffMap(added=added)


def commentable_lines(patch: str | None) -> set[int]:
    """RIGHT-side lines (added or context) of one file's ``patch`` as the files API gives it
    (hunks only): the lines GitHub itself accepts a comment on."""
    return set((_right_lines(patch, context=True) if patch else None) or ())


def _right_lines(patch: str, *, context: bool) -> frozenset[int] | None:
    """The added (and with ``context``, unchanged) lines of one file's hunks, by their number
    in the new file; None when unidiff cannot read the patch."""
    text = "--- a/f\n+++ b/f\n" + patch.rstrip("\n") + "\n"
    try:
        parsed = PatchSet(text)
    except UnidiffParseError:
        return None
    return frozenset(
        line.target_line_no
        for patched in parsed
        for hunk in patched
        for line in hunk
        if (line.is_added or (context and line.is_context)) and line.target_line_no is not None
    )
