"""Snippets come from the source files themselves (Semgrep CE prints "requires login").

Each file is read once per engine run, decoded leniently: a non-UTF-8 file still yields its
findings, with undecodable bytes shown as U+FFFD.
"""

from __future__ import annotations

import functools
from pathlib import Path

MAX_SNIPPET_LINES = 12
MAX_SNIPPET_CHARS = 2000


class SourceCache:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        cached = self._lines.get(path)
        if cached is None:
            try:
                data = (self._root / path).read_bytes()
            except OSError:
                data = b""
            cached = data.decode("utf-8", "replace").splitlines()
            self._lines[path] = cached
        return cached

    def snippet(self, path: str, start: int, end: int) -> str:
        """Lines ``start``..``end`` (1-based, inclusive), bounded so minified code stays sane."""
        lines = self.lines(path)
        end = min(max(end, start), start + MAX_SNIPPET_LINES - 1)
        text = "\n".join(lines[start - 1 : end])
        return text[:MAX_SNIPPET_CHARS]

    def region(self, path: str, start: int, end: int) -> str:
        """Lines ``start``..``end`` whole: the code a finding's identity is made of."""
        return "\n".join(self.lines(path)[start - 1 : max(end, start)])

    def region_and_snippet(self, path: str, start: int, end: int) -> tuple[str, str]:
        """:meth:`region` and :meth:`snippet` together: most regions are their own snippet."""
        region = self.region(path, start, end)
        if end - start < MAX_SNIPPET_LINES and len(region) <= MAX_SNIPPET_CHARS:
            return region, region
        return region, self.snippet(path, start, end)

    def line(self, path: str, number: int) -> str:
        lines = self.lines(path)
        return lines[number - 1] if 1 <= number <= len(lines) else ""


@functools.lru_cache(maxsize=8192)
def relative(root: Path, reported: str) -> str:
    """An engine's reported path as a root-relative POSIX path.

    Cached: an engine reports the same few paths for thousands of findings, and pathlib costs
    several microseconds a call."""
    path = Path(reported)
    if path.is_absolute():
        try:
            path = path.relative_to(root)
        except ValueError:
            path = path.resolve().relative_to(root.resolve())
    text = path.as_posix()
    return text[2:] if text.startswith("./") else text


@functools.lru_cache(maxsize=4096)
def collapse_spaces(text: str) -> str:
    """An engine message on one line, runs of whitespace as one space.

    Cached: most rules print the same message for every match (20k findings, a few hundred
    distinct messages)."""
    return " ".join(text.split())
