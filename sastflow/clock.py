"""Today's date, overridable with ``SASTFLOW_TODAY=YYYY-MM-DD`` for reproducible runs and tests."""

from __future__ import annotations

import datetime as dt
import os

from sastflow.errors import UsageError


def today() -> dt.date:
    text = os.environ.get("SASTFLOW_TODAY", "").strip()
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"SASTFLOW_TODAY={text!r}: expected a date like 2026-03-01") from None
