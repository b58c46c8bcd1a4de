"""Process-wide settings of the ``sastflow`` command."""

from __future__ import annotations

import gc

# A scan builds tens of thousands of long-lived, acyclic records (findings, rows, parsed engine
# JSON). At CPython's default thresholds (700, 10, 10) the cyclic collector keeps re-walking
# all of them: 15-20% of post-processing 20,000 findings (bench/postprocess.py). Reference
# counting still frees everything at once; only cycles wait longer. mypy does the same.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
