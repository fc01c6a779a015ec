"""Fixtures every test package may use; each engine's own fixtures live in its test folder."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from regencheck.knowledge import KnowledgeBase, default_knowledge

# The machine has two cores shared with other jobs: time limits per example would make
# property tests flaky without making them stricter.
settings.register_profile(
    "regencheck", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("regencheck")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once for the whole run."""
    return default_knowledge()
