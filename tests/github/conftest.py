"""Fixtures of the GitHub tests (defined in ``world.py``, which the tests also import)."""

from tests.ghserver.fixture import github_server  # noqa: F401
from tests.github.world import (  # noqa: F401
    pr_repo,
    scan_head1,
    scan_head1_approved,
    scan_head2,
    scan_many,
    world,
)
