"""The bundled sample dossiers give their expected verdicts with the real engines end to end."""

from __future__ import annotations

import pytest

from regencheck.knowledge import KnowledgeBase
from regencheck.verify import load_dossier, load_registry, verify_dossier

from .conftest import AS_OF, SAMPLES

EXPECTED = {
    "svf_facelift_verified": "verified",
    "exosome_sold_as_stem_cell": "not_verified",
    "cultured_cells_cosmetic": "not_verified",
    "missing_evidence": "insufficient_evidence",
    "coordinator_lump_sum": "conditional",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_dossier_gets_its_expected_verdict(name: str, kb: KnowledgeBase) -> None:
    path = SAMPLES / "dossiers" / f"{name}.yaml"
    card = verify_dossier(
        load_dossier(path),
        kb,
        registry=load_registry(SAMPLES / "registry.csv"),
        as_of=AS_OF,
        base_dir=path.parent,
    )
    assert card.verdict == EXPECTED[name], card.verdict_reasons


def test_the_verified_sample_marks_the_designation_not_applicable(kb: KnowledgeBase) -> None:
    path = SAMPLES / "dossiers" / "svf_facelift_verified.yaml"
    card = verify_dossier(
        load_dossier(path), kb, registry=load_registry(SAMPLES / "registry.csv"), as_of=AS_OF
    )
    assert card.criterion("2.2").status == "not_applicable"
    assert card.classification is not None and card.classification["category"] == "autologous_svf_same_day"


def test_the_exosome_sample_fails_on_terminology_and_red_flags(kb: KnowledgeBase) -> None:
    path = SAMPLES / "dossiers" / "exosome_sold_as_stem_cell.yaml"
    card = verify_dossier(
        load_dossier(path), kb, registry=load_registry(SAMPLES / "registry.csv"), as_of=AS_OF
    )
    assert card.criterion("3.1").status == "fail"
    assert card.criterion("3.4").status == "fail"
    assert card.criterion("2.4").status == "fail" and "2025-06-30" in card.criterion("2.4").explanation


def test_the_verdict_changes_when_the_evidence_goes_stale(kb: KnowledgeBase) -> None:
    path = SAMPLES / "dossiers" / "svf_facelift_verified.yaml"
    dossier, registry = load_dossier(path), load_registry(SAMPLES / "registry.csv")
    from datetime import date

    later = verify_dossier(dossier, kb, registry=registry, as_of=date(2027, 12, 1))
    assert later.verdict != "verified"
    assert later.criterion("2.5").status == "fail"
