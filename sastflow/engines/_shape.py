"""Reading an engine's JSON at the boundary: each accessor checks the shape it expects and says
where it was not, so odd output becomes an ``EngineFailure`` instead of a ``KeyError``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sastflow.engines.source import relative


class ShapeError(ValueError):
    """The JSON is not the shape the engine documents; the message says where."""


def mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError(f"{where} is {_kind(value)}, not an object")
    return value


def items(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ShapeError(f"{where} is {_kind(value)}, not a list")
    return value


def text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ShapeError(f"{where} is {_kind(value)}, not a string")
    return value


def whole(value: Any, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ShapeError(f"{where} is {_kind(value)}, not a whole number >= {minimum}")
    return value


def field(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise ShapeError(f"{where} has no {key!r}")
    return data[key]


def target(root: Path, reported: str, where: str) -> str:
    """A path the engine reported, root-relative; one outside the scanned tree is a shape
    error (sastflow only ever hands it paths inside)."""
    try:
        return relative(root, reported)
    except (ValueError, OSError):
        raise ShapeError(f"{where} {reported[:200]!r} is outside the scanned tree") from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    shown = repr(value)
    return f"{type(value).__name__} {shown[:40]}"
