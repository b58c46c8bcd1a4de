"""Today's date, overridable with ``SASTFLOW_TODAY=YYYY-MM-DD`` for reproducible runs and tests."""

from __future__ import annotations

import datetime as dt
import os

from sastflow.errors import UsageError

# Expiry arithmetic adds up to a few hundred years to today (``max_expiry_days``, ``+99999d``);
# a date near 9999-12-31 would overflow ``datetime.date``. No real run happens outside this.
EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(9000, 12, 31)


def today() -> dt.date:
    text = os.environ.get("SASTFLOW_TODAY", "").strip()
    if not text:
        return dt.date.today()
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"SASTFLOW_TODAY={text!r}: expected a date like 2026-03-01") from None
    if not EARLIEST <= date <= LATEST:
        raise UsageError(
            f"SASTFLOW_TODAY={text!r}: must be between {EARLIEST.isoformat()} and "
            f"{LATEST.isoformat()}"
        )
    return date
