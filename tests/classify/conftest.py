"""Shared fixtures: the bundled knowledge base, loaded once per test session."""

from __future__ import annotations

import pytest

from regencheck.knowledge import KnowledgeBase, default_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge()
