"""Validate request bodies against GitHub's OpenAPI description (the extracted part of it)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

SCHEMA_FILE = Path(__file__).with_name("openapi-request-bodies.json")


@cache
def _validators() -> dict[str, tuple[bool, Draft7Validator]]:
    data = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return {
        key: (entry["required"], Draft7Validator(entry["schema"]))
        for key, entry in data["endpoints"].items()
    }


def endpoints() -> frozenset[str]:
    """The ``"METHOD /path/{template}"`` keys that have a request-body schema."""
    return frozenset(_validators())


def openapi_version() -> str:
    return str(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["version"])


def check_body(endpoint: str, body: Any, *, present: bool) -> list[str]:
    """Every way ``body`` breaks the endpoint's schema, as GitHub-style messages (empty: valid)."""
    required, validator = _validators()[endpoint]
    if not present:
        return ["Request body is required."] if required else []
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{where}: {error.message}" if where else error.message)
    return problems
