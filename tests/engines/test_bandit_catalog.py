"""The Bandit catalog sastflow ships is what the installed Bandit says about its tests."""

from __future__ import annotations

from sastflow.engines.bandit_catalog import TESTS, BanditTest
from tests.engines.bandit_catalog_source import entries


def test_the_catalog_is_in_step_with_the_installed_bandit() -> None:
    installed = {test_id: BanditTest(**entry) for test_id, entry in entries().items()}
    assert installed == TESTS, "regenerate: python -m tests.engines.bandit_catalog_source"


def test_every_test_has_a_title_and_documentation() -> None:
    assert len(TESTS) > 70
    for test_id, test in TESTS.items():
        assert test.title, test_id
        assert test.description, test_id
        assert test.url.startswith("https://bandit.readthedocs.io/"), test_id
    assert TESTS["B105"].title == "Test for use of hard-coded password strings"
    assert TESTS["B301"].name == "pickle"  # a blacklist is named as Bandit's nosec reads it
