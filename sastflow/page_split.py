"""Random placeholders for writing a page whose large sections are streamed separately.

A page (the SARIF log, the Markdown or HTML report) is rendered once with a placeholder where
each large section goes, and cut there; the sections are then written piece by piece in
between, so the page is never held whole. A placeholder is random, so it cannot come from the
scanned code and the cut is exact.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence


def placeholder(name: str) -> str:
    return f"sastflow-{name}-{uuid.uuid4().hex}"


def split_at(text: str, marks: Sequence[str]) -> list[str]:
    """``text`` cut at each of ``marks``, which appear once each and in this order: the pieces
    before, between and after them."""
    pieces = []
    for mark in marks:
        before, text = text.split(mark, 1)
        pieces.append(before)
    pieces.append(text)
    return pieces
