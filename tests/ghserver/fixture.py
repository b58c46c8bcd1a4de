"""The pytest fixture: a fresh, started GitHub test server per test.

Use it from another area's ``conftest.py``::

    from tests.ghserver.fixture import github_server  # noqa: F401  (re-exported fixture)

Starting a server costs about a millisecond, so each test gets its own (no shared state).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import GitHubServer


@pytest.fixture
def github_server() -> Iterator[GitHubServer]:
    """A started :class:`GitHubServer` with no data; stopped after the test."""
    with GitHubServer() as server:
        yield server
