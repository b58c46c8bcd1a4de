"""Fixtures of the action tests: the local GitHub server, in-process CLI runs."""

from __future__ import annotations

from tests.ghserver.fixture import github_server  # noqa: F401  (re-exported fixture)
