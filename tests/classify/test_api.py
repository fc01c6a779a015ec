"""The public Python API of regencheck.classify."""

from __future__ import annotations

import importlib

import pytest

from regencheck.classify import Therapy, classify
from regencheck.errors import ValidationFailed

# `regencheck.classify` the attribute is the function (re-exported at the top level); the
# subpackage itself is reached through the import system.
classify_pkg = importlib.import_module("regencheck.classify")


def test_the_public_names_are_pinned() -> None:
    assert classify_pkg.__all__ == sorted(classify_pkg.__all__)
    assert set(classify_pkg.__all__) == {
        "ApprovedProduct",
        "Classification",
        "Condition",
        "Evidence",
        "Extraction",
        "Ruling",
        "Therapy",
        "classify",
        "extract_attributes",
        "parse_therapy",
    }


def test_it_accepts_a_therapy_a_mapping_or_text_alike() -> None:
    attrs = {"cell_type": "platelets", "indication": "aesthetic"}
    assert classify(Therapy(**attrs)).to_dict() == classify(attrs).to_dict()
    assert classify("PRP for the face").category == "prp"


def test_a_wrong_key_raises_a_validation_error_naming_it() -> None:
    with pytest.raises(ValidationFailed) as info:
        classify({"cell_sauce": "autologous"})
    assert "cell_sauce" in info.value.render()


def test_every_ruling_names_the_rule_it_came_from_and_its_sources() -> None:
    result = classify({"cell_source": "allogeneic", "tissue": "umbilical_cord", "manipulation": "cultured"})
    for ruling in result.to_dict()["rulings"].values():
        assert ruling["rule"] and ruling["citations"]


def test_conditions_carry_an_evidence_status_from_the_attributes() -> None:
    result = classify(
        {
            "cell_source": "autologous",
            "tissue": "adipose",
            "manipulation": "minimal",
            "processing_site": "off_site",
            "indication": "aesthetic",
        }
    )
    statuses = {c.id: c.evidence_status for c in result.rulings["KR"].conditions}
    assert statuses["kr_cond_minimal_manipulation"] == "met"
    assert statuses["kr_cond_own_cells_in_clinic"] == "unmet"
