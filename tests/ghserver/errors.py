"""Errors the test server answers with, shaped like GitHub's error bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DOCS = "https://docs.github.com/rest"

NOT_ACCESSIBLE = "Resource not accessible by integration"


class ApiError(Exception):
    """An HTTP error response: status, GitHub's ``message`` and optional ``errors``."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: list[Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {message}")
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message, "documentation_url": DOCS}
        if self.errors is not None:
            out["errors"] = self.errors
        out["status"] = str(self.status)
        return out


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def unprocessable(*errors: Any, message: str = "Unprocessable Entity") -> ApiError:
    return ApiError(422, message, list(errors))


def validation_failed(resource: str, field: str, message: str) -> ApiError:
    return ApiError(
        422,
        "Validation Failed",
        [{"resource": resource, "code": "custom", "field": field, "message": message}],
    )
