"""Fixtures of the claim-scanner tests: a knowledge base holding the root sources and the claims
packs only, so these tests do not depend on other engines' data, compiled once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from regencheck.claims.compiled import compiled_context, compiled_rules
from regencheck.knowledge import KnowledgeBase, load_knowledge
from regencheck.knowledge.loader import DATA_DIR


@pytest.fixture(scope="session")
def claims_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    data = tmp_path_factory.mktemp("kb")
    for name in ("manifest.yaml", "sources.yaml"):
        shutil.copy(DATA_DIR / name, data / name)
    shutil.copytree(DATA_DIR / "claims", data / "claims")
    kb = load_knowledge(data_dir=Path(data))
    compiled_rules(kb)
    compiled_context(kb)
    return kb
