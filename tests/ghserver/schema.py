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


def unknown_properties(endpoint: str, body: Any) -> list[str]:
    """Keys of ``body`` (nested ones as ``comments/0/key``) that the schema does not declare."""
    _, validator = _validators()[endpoint]
    found: list[str] = []
    _unknown(validator.schema, body, "", found)
    return found


def _unknown(schema: Any, value: Any, where: str, found: list[str]) -> None:
    if not isinstance(schema, dict):
        return
    if isinstance(value, dict) and "properties" in schema:
        declared = schema["properties"]
        for key, item in value.items():
            path = f"{where}{key}"
            if key not in declared and not schema.get("additionalProperties"):
                found.append(path)
            else:
                _unknown(declared.get(key), item, path + "/", found)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            _unknown(schema["items"], item, f"{where}{index}/", found)
