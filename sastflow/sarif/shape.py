"""The shape of a SARIF log as sastflow reads it, checked once where the file is read.

``sastflow merge``, ``report`` and ``triage`` read other tools' logs and files a user hands in;
a value of the wrong type deep inside (``"tool": 5``, ``"results": null`` is fine, ``"results":
5`` is not) must be one line naming the file and the JSON path, not a ``TypeError`` from the
middle of a merge. Only the members sastflow reads are described; everything else passes
through untouched. Nesting is bounded too: a 100,000-deep document stops the JSON decoder
(``RecursionError``), and one just under its limit would stop the merge's copy of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

MAX_DEPTH = 100  # sastflow's own logs nest 9 levels; code flows in other tools' a dozen more


class ShapeError(ValueError):
    """``path: what is wrong`` for the first value of the wrong shape."""


@dataclass(frozen=True, slots=True)
class Obj:
    """An object; ``required`` members must be present. SARIF has no null objects (sastflow
    reads an object's members without checking for one), so ``null`` is refused."""

    members: Mapping[str, Spec]
    required: tuple[str, ...] = ()
    nullable: bool = False
    values: Spec | None = None  # every other member's shape (a map of ids to objects)


@dataclass(frozen=True, slots=True)
class Arr:
    """A list (``null`` allowed: sastflow reads it as empty) of ``item``."""

    item: Spec
    nullable: bool = True


Check: TypeAlias = Callable[[Any], str | None]  # what is wrong with a value, or None
Spec: TypeAlias = Obj | Arr | Check


def _typed(kind: type | tuple[type, ...], name: str, *, null: bool = True) -> Check:
    def check(value: Any) -> str | None:
        if value is None and null:
            return None
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            return f"expected {name}, found {_shown(value)}"
        return None if isinstance(value, kind) else f"expected {name}, found {_shown(value)}"

    return check


def _one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        if value is None or value in choices:
            return None
        return f"expected one of {', '.join(choices)}, found {_shown(value)}"

    return check


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"expected a date (YYYY-MM-DD), found {_shown(value)}"


def _shard(value: Any) -> str | None:
    if value is None or (
        isinstance(value, str) and re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", value)
    ):
        return None
    return f"expected a shard like 2/4, found {_shown(value)}"


def _int_like(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit():
        return None
    return f"expected a whole number, found {_shown(value)}"


STR = _typed(str, "a string")
ID = _typed(str, "a string", null=False)
INT = _typed(int, "a whole number", null=False)
BOOL = _typed(bool, "true or false")
NUMBER_OR_STR = _typed((int, float, str), "a number or a string")

_MESSAGE = Obj({"text": STR})
_ARTIFACT = Obj({"uri": STR, "index": INT})
_REGION = Obj(
    {
        "startLine": INT,
        "startColumn": INT,
        "endLine": INT,
        "endColumn": INT,
        "snippet": _MESSAGE,
    }
)
_LOCATION = Obj({"physicalLocation": Obj({"artifactLocation": _ARTIFACT, "region": _REGION})})
_SUPPRESSION = Obj(
    {
        "kind": _one_of("inSource", "external"),
        "status": _one_of("accepted", "underReview", "rejected"),
        "justification": STR,
        "properties": Obj({"expires": _date, "approved_by": STR, "ticket": STR}),
    }
)
_RESULT = Obj(
    {
        "ruleId": STR,
        "ruleIndex": INT,
        "rule": Obj({"id": STR}),
        "level": STR,
        "message": _MESSAGE,
        "locations": Arr(_LOCATION),
        "relatedLocations": Arr(_LOCATION),
        "partialFingerprints": Obj({}, values=STR),
        "suppressions": Arr(_SUPPRESSION),
        "correlationGuid": STR,
        "properties": Obj({"severity": STR, "confidence": STR}),
    },
)
_RULE = Obj(
    {
        "id": ID,
        "name": STR,
        "shortDescription": _MESSAGE,
        "fullDescription": _MESSAGE,
        "help": _MESSAGE,
        "helpUri": STR,
        "defaultConfiguration": Obj({"level": STR}),
        "properties": Obj(
            {
                "tags": Arr(STR),
                "security-severity": NUMBER_OR_STR,
                "sastflow": Obj({"cwe": Arr(_int_like), "equivalent": Arr(STR)}),
            }
        ),
    },
    required=("id",),
)
_LEDGER_ITEM = Obj(
    {
        "fingerprint": STR,
        "rule": STR,
        "path": STR,
        "reason": STR,
        "approved_by": STR,
        "expires": _date,
        "ticket": STR,
        "line": INT,
        "status": STR,
        "matched": INT,
    },
    required=("fingerprint", "rule", "path", "reason", "approved_by", "expires", "status"),
)
_RUN_META = Obj(
    {
        "notes": Arr(STR),
        "ledger": Arr(_LEDGER_ITEM),
        "targets": INT,
        "incomplete": BOOL,
        "shard": _shard,
        "fail_on": STR,
        "base": STR,
        "head": STR,
    }
)
_DRIVER = Obj(
    {"name": STR, "version": STR, "rules": Arr(_RULE), "properties": Obj({})},
)
_RUN = Obj(
    {
        "tool": Obj(
            {"driver": _DRIVER, "extensions": Arr(Obj({"rules": Arr(_RULE)}))},
            required=("driver",),
        ),
        "automationDetails": Obj({"id": STR}),
        "results": Arr(_RESULT),
        "artifacts": Arr(Obj({})),
        "invocations": Arr(
            Obj({"toolExecutionNotifications": Arr(Obj({"message": _MESSAGE, "level": STR}))})
        ),
        "properties": Obj({"sastflow": _RUN_META}),
        "originalUriBaseIds": Obj({}, values=Obj({"uri": STR})),
    },
    required=("tool",),
)
LOG = Obj(
    {"version": STR, "$schema": STR, "runs": Arr(_RUN, nullable=False)},
    required=("version", "runs"),
)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


# A JSON path is built only for the message: while walking, it is a chain of (parent, key)
# pairs, which costs a tuple per value instead of a string (halves the walk of 20k results).
_Path: TypeAlias = tuple[Any, str | int] | None


def _text(path: _Path) -> str:
    parts: list[str] = []
    while path is not None:
        path, key = path
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.replace("_", "").replace("-", "").isalnum():
            parts.append(f".{key}")
        else:
            parts.append(f"[{key!r}]")
    text = "$" + "".join(reversed(parts))
    return text if len(text) <= 100 else f"{text[:50]}…{text[-40:]}"


def check(log: Any, spec: Spec = LOG) -> None:
    """Raise :class:`ShapeError` (``$.runs[0].tool: expected an object, found 5``) at the first
    value of the wrong shape; iterative, so the document's own depth cannot overflow it."""
    stack: list[tuple[Any, Spec, _Path]] = [(log, spec, None)]
    while stack:
        value, shape, path = stack.pop()
        if isinstance(shape, Obj):
            if value is None and shape.nullable:
                continue
            if not isinstance(value, dict):
                raise ShapeError(f"{_text(path)}: expected an object, found {_shown(value)}")
            for key in shape.required:
                if key not in value:
                    raise ShapeError(f"{_text(path)}: missing {key!r}")
            for key, member in value.items():
                inner = shape.members.get(key, shape.values)
                if inner is not None:
                    stack.append((member, inner, (path, key)))
        elif isinstance(shape, Arr):
            if value is None and shape.nullable:
                continue
            if not isinstance(value, list):
                raise ShapeError(f"{_text(path)}: expected a list, found {_shown(value)}")
            item = shape.item
            stack.extend((value[i], item, (path, i)) for i in range(len(value) - 1, -1, -1))
        elif (problem := shape(value)) is not None:
            raise ShapeError(f"{_text(path)}: {problem}")


def depth_problem(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """Where ``data`` nests deeper than ``limit`` (a JSON path), or None."""
    stack: list[tuple[Any, int, _Path]] = [(data, 1, None)]
    containers = (dict, list)
    while stack:
        value, depth, path = stack.pop()
        if depth > limit:
            return f"{_text(path)}: nested more than {limit} levels deep"
        inner = depth + 1
        if isinstance(value, dict):
            stack.extend(
                (v, inner, (path, k)) for k, v in value.items() if isinstance(v, containers)
            )
        else:
            stack.extend(
                (v, inner, (path, i)) for i, v in enumerate(value) if isinstance(v, containers)
            )
    return None
