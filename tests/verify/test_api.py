"""The public surface of regencheck.verify is small and pinned."""

from __future__ import annotations

import regencheck.verify as verify_api
from regencheck.knowledge import KnowledgeBase
from regencheck.verify.criteria import CHECKS


def test_the_public_names_are_pinned_and_sorted() -> None:
    assert verify_api.__all__ == [
        "Dossier",
        "RegistrySnapshot",
        "Scorecard",
        "dossier_json_schema",
        "load_dossier",
        "load_registry",
        "parse_dossier",
        "parse_registry",
        "verify_dossier",
    ]


def test_every_criterion_in_the_knowledge_base_has_a_check(vkb: KnowledgeBase) -> None:
    from regencheck.verify.schema import CriteriaFile

    spec = vkb.topic("verify/criteria", CriteriaFile)
    assert len(spec.criteria) == 24 and len(spec.steps) == 5
    assert {c.id for c in spec.criteria} == set(CHECKS)
    assert {c.id for c in spec.criteria if c.critical} == {"1.1", "2.2", "3.2", "3.4"}
