"""Facts that follow from what a description says is done (issue 10), shown like cues."""

from __future__ import annotations

import json

import pytest

from regencheck.classify import classify, extract_attributes
from regencheck.classify.text import render_text

SVF_ABDOMEN_FACE = (
    "Fat is taken from the patient's abdomen by liposuction, the stromal vascular fraction is "
    "separated in the clinic's own lab the same day, and it is injected back into her face with "
    "the fat graft"
)
SVF_DOSSIER_OFFERING = (
    "Small-volume liposuction from the abdomen; the SVF is separated in the clinic's processing "
    "room on the same day without culture and mixed into the fat grafted to the mid-face during "
    "the facelift"
)
GROWN_THREE_WEEKS = (
    "We grow your fat-derived stem cells in our laboratory for three weeks, then inject them into your face"
)


@pytest.mark.parametrize("text", [SVF_ABDOMEN_FACE, SVF_DOSSIER_OFFERING])
def test_the_issues_svf_descriptions_are_same_day_autologous_svf_permitted_in_korea(text: str) -> None:
    result = classify(text)
    assert result.category == "autologous_svf_same_day"
    assert result.attributes["cell_source"] == "autologous"
    assert result.attributes["same_procedure"] is True
    assert result.attributes["processing_site"] == "on_site"
    assert result.rulings["KR"].status == "permitted"
    assert result.rulings["US"].status == "not_permitted"


def test_cells_grown_for_three_weeks_are_cultured_own_cells_inside_the_act() -> None:
    result = classify(GROWN_THREE_WEEKS)
    assert result.category == "autologous_cultured_cells"
    assert result.attributes["manipulation"] == "cultured"
    assert result.attributes["cell_source"] == "autologous"
    # Cultured cells for a cosmetic goal: an unapproved cell-therapy product (domain.md §1).
    assert result.rulings["KR"].status == "not_permitted"
    assert result.rulings["US"].status == "not_permitted"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "복부 지방 흡입 후 원내 처리실에서 같은 날 SVF를 분리해 안면거상 중 얼굴에 이식합니다",
            "autologous_svf_same_day",
        ),
        ("고객님의 지방줄기세포를 저희 연구소에서 3주간 키워 얼굴에 주입합니다", "autologous_cultured_cells"),
    ],
)
def test_the_same_descriptions_in_korean(text: str, category: str) -> None:
    result = classify(text)
    assert result.category == category
    assert result.attributes["cell_source"] == "autologous"


def test_an_inference_records_its_words_and_why_and_is_shown_like_a_cue() -> None:
    result = classify(SVF_ABDOMEN_FACE)
    inferred = [e for e in result.evidence if e.why]
    by_attr = {e.attribute: e for e in inferred}
    assert "cell_source" in by_attr
    assert result.attributes["processing_site"] == "on_site"  # "in the clinic's own lab"
    own = by_attr["cell_source"]
    assert SVF_ABDOMEN_FACE[own.start : own.end] == own.words
    assert own.cue.startswith("inf_en_")
    data = json.loads(json.dumps(result.to_dict()))
    shown = [e for e in data["evidence"] if e.get("inferred")]
    assert shown and all(e["why"] for e in shown)
    assert "inferred:" in render_text(result)


def test_a_named_source_beats_an_inference() -> None:
    result = classify("Donor fat-derived stem cells are injected back into your face")
    assert result.attributes["cell_source"] == "allogeneic"
    assert "cell_source" not in result.conflicting


def test_a_fact_the_text_leaves_open_stays_unknown_with_its_question() -> None:
    # Nothing says whose fat or whether the cells are grown: both stay open and are asked.
    result = classify("Fat stem cell injection for the face")
    assert result.category == "unknown"
    assert "cell_source" in result.unknowns
    assert result.questions


@pytest.mark.parametrize(
    ("text", "attribute", "value"),
    [
        ("blood is drawn and spun down", "cell_source", "autologous"),
        ("bone marrow aspirated from your hip", "cell_source", "autologous"),
        ("the cells are multiplied in a GMP lab for 4 weeks", "manipulation", "cultured"),
        ("cells kept in the laboratory for six weeks", "manipulation", "cultured"),
        ("returned to the same patient within 2 hours", "same_procedure", "true"),
        ("processed in our own laboratory", "processing_site", "on_site"),
        ("채혈 후 원심분리", "cell_source", "autologous"),
        ("2주간 키운 세포", "manipulation", "cultured"),
        ("수술 중 바로 주입", "same_procedure", "true"),
        ("시술실에서 분리", "processing_site", "on_site"),
    ],
)
def test_families_of_wording_give_the_same_inference(text: str, attribute: str, value: str) -> None:
    ex = extract_attributes(text)
    assert value in ex.weak_values.get(attribute, ex.values.get(attribute, frozenset()))


def test_aftercare_weeks_alone_do_not_make_cells_cultured() -> None:
    ex = extract_attributes("PRP for hair loss. Avoid hair dye for two weeks.")
    assert "manipulation" not in ex.values and "manipulation" not in ex.weak_values


@pytest.mark.parametrize(
    "text",
    [
        "Donor umbilical cord stem cells for the knee",
        "Placental stem cells for skin rejuvenation",
        "Wharton's jelly MSC injections",
        "Cultured stem cells for the knee",
        GROWN_THREE_WEEKS,
    ],
)
def test_donor_and_cultured_cells_are_not_permitted_in_the_us_whatever_is_left_open(text: str) -> None:
    # Every reading fails 21 CFR 1271.10(a): a biologic needing an IND or a licence.
    assert classify(text).rulings["US"].status == "not_permitted"


def test_donor_cells_that_might_be_a_361_tissue_stay_open_in_the_us() -> None:
    # Minimally manipulated donor tissue for its own function may be a 361 HCT/P: ask.
    result = classify({"cell_source": "allogeneic", "tissue": "amniotic", "viable_cells": True})
    assert result.rulings["US"].status == "unknown"
    assert "homologous_use" in result.unknowns
