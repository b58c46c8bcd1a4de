"""GitHub's pagination: ``per_page`` (default 30, at most 100), ``page``, and a ``Link`` header."""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def paginate(
    items: Sequence[T], query: Mapping[str, str], url: str
) -> tuple[list[T], dict[str, str]]:
    """One page of ``items`` and the ``Link`` header pointing at the others.

    ``url`` is the absolute URL of the request without its query string.
    """
    per_page = min(max(_int(query.get("per_page"), DEFAULT_PER_PAGE), 1), MAX_PER_PAGE)
    page = max(_int(query.get("page"), 1), 1)
    last = max(math.ceil(len(items) / per_page), 1)
    chunk = list(items[(page - 1) * per_page : page * per_page])

    def link(number: int) -> str:
        params = {**query, "per_page": str(per_page), "page": str(number)}
        return f"{url}?{urllib.parse.urlencode(params)}"

    rels = []
    if page > 1:
        rels.append(f'<{link(page - 1)}>; rel="prev"')
    if page < last:
        rels.append(f'<{link(page + 1)}>; rel="next"')
        rels.append(f'<{link(last)}>; rel="last"')
    if page > 1:
        rels.append(f'<{link(1)}>; rel="first"')
    return chunk, ({"Link": ", ".join(rels)} if rels else {})
