"""The seeds' own tables, and the law's risk criteria, classify as the law (not the seed) says."""

from __future__ import annotations

from pathlib import Path

import pytest

import regencheck
from regencheck.classify import classify
from regencheck.classify.engine import parse_therapy
from regencheck.inputs import load_structured_file

SAMPLES = Path(regencheck.__file__).parent / "samples" / "therapies"

# Seed 000, "What's Legitimate vs. Marketing Hype": treatment type | what it is | typical use.
SEED_000_ROWS = [
    (
        "Autologous same-day SVF. Patient's own fat tissue, mechanically/enzymatically processed same-day "
        "in an accredited lab, re-injected same procedure. Adjunct to fat grafting or facelift, skin "
        "quality/volume support.",
        "autologous_svf_same_day",
        "permitted",
    ),
    (
        "Cultured / expanded stem cells. Cells grown and multiplied outside the body over days/weeks before "
        "re-injection. Rarely legitimately available for pure aesthetic purposes.",
        None,
        "not_permitted",
    ),
    (
        "Allogeneic (donor-derived) stem cells. Cells sourced from a donor, not the patient. "
        "N/A for legitimate aesthetic practice.",
        "allogeneic_cells",
        "not_permitted",
    ),
    (
        "Exosome treatments. Cell-derived vesicles, often marketed as stem cell products though they contain "
        "no living cells. Sometimes added to skin treatments.",
        "cell_free_derivative",
        "outside_scope",
    ),
    (
        "PRP (platelet-rich plasma). Patient's own blood plasma, concentrated, not stem cells at all but often "
        "marketed alongside them. Skin quality, hair, minor healing support.",
        "prp",
        "permitted",
    ),
]

# Seed 001, the three vectors: source | class | manipulation | application.
SEED_001_ROWS = [
    (
        "Autologous SVF (adipose-derived stromal vascular fraction). Minimal manipulation; harvest and "
        "isolate; return to same patient. Dermal rejuvenation, volume support, biostimulatory series.",
        "autologous_svf_same_day",
        "permitted",
    ),
    (
        "In-vitro cultured MSC (mesenchymal stem cells, expanded). Laboratory culture expansion before "
        "re-administration; stricter oversight. Regenerative skin protocols at MOHW-designated centers only.",
        None,
        "not_permitted",
    ),
    (
        "Exosome and conditioned-media derivative. Separately classified (secretome derivative, not viable "
        "cells). Cell-free secretome; delivered via microneedling or controlled injection. Skin rejuvenation.",
        "cell_free_derivative",
        "outside_scope",
    ),
]


@pytest.mark.parametrize(("text", "category", "kr_status"), SEED_000_ROWS + SEED_001_ROWS)
def test_it_rules_each_seed_table_row_as_korean_law_does(
    text: str, category: str | None, kr_status: str
) -> None:
    result = classify(text)
    if category is not None:
        assert result.category == category
    assert result.rulings["KR"].status == kr_status


def test_cultured_cells_for_the_skin_are_not_lawful_even_at_a_designated_centre() -> None:
    # Seed 001 places cultured MSC skin protocols "at MOHW-designated centers"; the law makes
    # cosmetic goals ineligible, so the ruling follows the law and says why.
    ruling = classify(SEED_001_ROWS[1][0]).rulings["KR"]
    assert ruling.status == "not_permitted"
    assert "cosmetic or wellness goals never qualify" in ruling.summary


def test_enzymatic_svf_is_permitted_but_flagged_unverified() -> None:
    ruling = classify(parse_therapy(load_structured_file(SAMPLES / "svf_enzymatic_facelift.yaml"))).rulings[
        "KR"
    ]
    assert ruling.status == "permitted"
    assert ruling.verified is False
    assert any(c.verified is False for c in ruling.conditions)


def test_svf_whose_isolation_is_unknown_carries_the_enzymatic_caveat_and_asks() -> None:
    result = classify(
        {
            "cell_source": "autologous",
            "tissue": "adipose",
            "manipulation": "minimal",
            "indication": "aesthetic",
        }
    )
    assert result.rulings["KR"].status == "permitted"
    assert any("enzymes" in c for c in result.rulings["KR"].caveats)
    assert "isolation" in result.unknowns


# Enforcement Decree Art. 4: risk levels for a disease indication.
RISK_TABLE = [
    (
        {"cell_source": "autologous", "tissue": "adipose", "manipulation": "minimal"},
        "low",
        "designated_institution",
    ),
    (
        {"cell_source": "autologous", "tissue": "adipose", "manipulation": "cultured"},
        "medium",
        "designated_institution_with_licensed_cell_processing",
    ),
    (
        {"cell_source": "allogeneic", "tissue": "cord_blood", "manipulation": "minimal"},
        "medium",
        "designated_institution_with_licensed_cell_processing",
    ),
    (
        {"cell_source": "allogeneic", "tissue": "umbilical_cord", "manipulation": "cultured"},
        "high",
        "designated_institution_with_licensed_cell_processing",
    ),
    ({"tissue": "embryo"}, "high", "designated_institution_with_licensed_cell_processing"),
    (
        {"cell_source": "autologous", "manipulation": "genetically_modified"},
        "high",
        "designated_institution_with_licensed_cell_processing",
    ),
    ({"cell_source": "autologous", "cell_type": "immune_cells"}, "low", "designated_institution"),
]


@pytest.mark.parametrize(("attributes", "level", "facility"), RISK_TABLE)
def test_it_applies_the_decree_risk_levels_outside_cosmetic_use(
    attributes: dict[str, str], level: str, facility: str
) -> None:
    ruling = classify({**attributes, "indication": "disease"}).rulings["KR"]
    assert (ruling.status, ruling.risk_level, ruling.facility_required) == ("conditional", level, facility)


def test_the_immune_cell_downgrade_is_marked_unverified() -> None:
    result = classify({"cell_source": "autologous", "cell_type": "immune_cells", "indication": "disease"})
    assert result.kr_risk_rule == "kr_risk_autologous_immune_cells"
    assert result.rulings["KR"].risk_level == "low"


def test_it_maps_the_seeds_tier_and_class_terms_to_the_law() -> None:
    result = classify(
        "Cultured MSC at an MOHW Advanced Regenerative Medicine Center, MFDS Class III, for knee osteoarthritis"
    )
    notes = " ".join(result.notes)
    assert "no separate" in notes and "Center" in notes
    assert "low, medium and high risk" in notes


SAMPLE_EXPECTATIONS = {
    "svf_facelift": ("autologous_svf_same_day", "permitted"),
    "svf_enzymatic_facelift": ("autologous_svf_same_day", "permitted"),
    "cultured_stem_cells_aesthetic": ("autologous_cultured_cells", "not_permitted"),
    "donor_stem_cells_aesthetic": ("allogeneic_cells", "not_permitted"),
    "exosome_facial": ("cell_free_derivative", "outside_scope"),
    "exosome_topical": ("cell_free_derivative", "outside_scope"),
    "prp_skin": ("prp", "permitted"),
    "fat_graft": ("fat_graft", "permitted"),
    "nk_cells_cancer": ("immune_cells", "conditional"),
    "ips_cells_research": ("pluripotent_cells", "conditional"),
    "car_t_cells": ("gene_modified_cells", "conditional"),
    "pdrn_skin_booster": ("biostimulator", "outside_scope"),
    "cartistem_knee": ("allogeneic_cells", "permitted"),
    "cartistem_anti_aging": ("allogeneic_cells", "not_permitted"),
    "rosmir_under_eye": ("autologous_cultured_cells", "permitted"),
    "invossa_knee": ("gene_modified_cells", "not_permitted"),
    "svf_knee": ("autologous_svf_same_day", "conditional"),
    "cultured_msc_designated": ("autologous_cultured_cells", "conditional"),
    "iv_cord_wellness": ("allogeneic_cells", "not_permitted"),
    "stem_cell_facelift_unknown": ("unknown", "unknown"),
    "korean_clinic_menu": ("autologous_svf_same_day", "permitted"),
    "cartistem_shoulder": ("allogeneic_cells", "conditional"),
    "nanofat_under_eye": ("autologous_svf_same_day", "permitted"),
    "bmac_knee": ("unknown", "conditional"),
}


def test_every_bundled_sample_has_an_expected_answer() -> None:
    assert {p.stem for p in SAMPLES.glob("*.yaml")} == set(SAMPLE_EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_each_bundled_sample_classifies_as_expected(name: str) -> None:
    path = SAMPLES / f"{name}.yaml"
    result = classify(parse_therapy(load_structured_file(path), str(path)))
    assert (result.category, result.rulings["KR"].status) == SAMPLE_EXPECTATIONS[name]


def test_svf_infused_into_a_vein_for_looks_is_flagged_as_not_a_local_cosmetic_procedure() -> None:
    result = classify(
        {
            "cell_source": "autologous",
            "tissue": "adipose",
            "manipulation": "minimal",
            "route": "intravenous",
            "indication": "aesthetic",
        }
    )
    statuses = {c.id: c.evidence_status for c in result.rulings["KR"].conditions}
    assert statuses["kr_cond_local_adjunct"] == "unmet"
