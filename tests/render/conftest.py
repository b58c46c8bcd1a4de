"""Shared fixtures of the render tests (records are built directly; no engine runs)."""

from __future__ import annotations

import pytest
from render_records import mixed_report as build_mixed_report

from sastflow.model import ScanReport


@pytest.fixture(scope="session")
def mixed_report() -> ScanReport:
    return build_mixed_report()
