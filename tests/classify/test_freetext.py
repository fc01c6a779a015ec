"""Free text in English and Korean yields attributes, with the exact words that led to each."""

from __future__ import annotations

import pytest

from regencheck.classify import classify, extract_attributes


def _values(text: str) -> dict[str, set[str]]:
    ex = extract_attributes(text)
    return {k: set(v) for k, v in {**ex.weak_values, **ex.values}.items()}


@pytest.mark.parametrize(
    ("text", "attribute", "value"),
    [
        ("patient's own fat processed the same day", "cell_source", "autologous"),
        ("patient's own fat processed the same day", "same_procedure", "true"),
        ("cells grown for weeks before injection", "manipulation", "cultured"),
        ("umbilical cord derived cells", "tissue", "umbilical_cord"),
        ("exosome booster", "substance", "exosome"),
        ("PRP for hair", "cell_type", "platelets"),
        ("NK cell therapy", "cell_type", "immune_cells"),
        ("줄기세포 배양액 앰플", "substance", "conditioned_media"),
        ("제대혈 줄기세포", "tissue", "cord_blood"),
        ("당일 추출 후 바로 주입", "same_procedure", "true"),
        ("NK세포 치료", "cell_type", "immune_cells"),
        ("동종 줄기세포", "cell_source", "allogeneic"),
        ("자가 지방", "tissue", "adipose"),
        ("엑소좀 관리", "substance", "exosome"),
    ],
)
def test_it_reads_the_cue_words_of_the_brief(text: str, attribute: str, value: str) -> None:
    assert value in _values(text).get(attribute, set())


def test_each_attribute_records_the_words_and_offsets_that_led_to_it() -> None:
    text = "Exosome facial after microneedling, made from umbilical cord cells"
    ex = extract_attributes(text)
    assert ex.evidence
    for ev in ex.evidence:
        assert text[ev.start : ev.end] == ev.words
    assert {"exosome", "umbilical_cord", "intradermal"} <= {e.value for e in ex.evidence}


def test_korean_offsets_point_into_the_original_text() -> None:
    text = "자가 지방 줄기세포를 당일 추출하여 주입"
    for ev in extract_attributes(text).evidence:
        assert text[ev.start : ev.end] == ev.words


def test_inflected_korean_forms_match_through_morphemes() -> None:
    assert _values("몇 주 동안 배양한 줄기세포")["manipulation"] == {"cultured"}
    assert _values("배양된 세포")["manipulation"] == {"cultured"}
    assert _values("줄기 세포")["viable_cells"] == {"true"}


def test_culture_fluid_is_not_read_as_cultured_cells() -> None:
    assert "manipulation" not in _values("줄기세포 배양액")
    assert "manipulation" not in _values("stem cell culture fluid")


@pytest.mark.parametrize("text", ["cells that are not cultured", "배양하지 않은 세포", "무배양 세포"])
def test_negated_culture_means_minimal_manipulation(text: str) -> None:
    ex = extract_attributes(text)
    assert ex.values["manipulation"] == frozenset({"minimal"})
    assert any(e.negated for e in ex.evidence)


def test_no_living_cells_means_cell_free() -> None:
    assert _values("a serum that contains no living cells")["viable_cells"] == {"false"}


def test_conflicting_cues_leave_the_attribute_unknown_and_ask() -> None:
    result = classify("autologous and donor stem cells, cultured, for knee arthritis")
    assert "cell_source" in result.conflicting
    assert "cell_source" in result.unknowns
    assert any(q.startswith("The description contradicts itself") for q in result.questions)
    assert "cell_source" not in result.attributes


def test_a_marketing_name_alone_gives_no_attributes_but_questions() -> None:
    result = classify("Stem cell facelift")
    assert result.category == "unknown"
    assert set(result.attributes) <= {"viable_cells", "indication"}
    assert {"cell_source", "manipulation"} <= set(result.unknowns)
    assert len(result.questions) == len(result.questions_ko) >= 2
    assert any('"Stem cell" on its own' in n for n in result.notes)


def test_a_generic_injection_narrows_the_route_without_guessing_it() -> None:
    ex = extract_attributes("exosome injection")
    assert "topical" not in ex.values["route"] and len(ex.values["route"]) > 1
    assert extract_attributes("exosome injection into the knee").values["route"] == frozenset(
        {"intra_articular"}
    )


def test_a_korean_product_name_matches_the_approved_product() -> None:
    result = classify("카티스템 무릎 연골 재생")
    assert result.approved_product is not None
    assert (result.approved_product.name, result.approved_product.on_label) == ("Cartistem", True)
    assert result.rulings["KR"].status == "permitted"


def test_mixed_korean_and_english_text_uses_both_vocabularies() -> None:
    result = classify("자가 SVF 줄기세포 안면거상 (same-day, mechanical isolation)")
    assert result.category == "autologous_svf_same_day"
    assert result.language == "ko"


def test_name_and_description_are_read_together_without_false_conflicts() -> None:
    result = classify(
        {"name": "자가지방 줄기세포 안면거상", "description": "당일 추출하여 원내에서 분리한 뒤 주입합니다."}
    )
    assert result.conflicting == ()
    assert result.category == "autologous_svf_same_day"


def test_name_and_description_that_disagree_are_flagged() -> None:
    result = classify({"name": "Autologous stem cell facial", "description": "Donor cord blood cells"})
    assert "cell_source" in result.conflicting


@pytest.mark.parametrize("text", ["자가 지방 \ud800 배양", "\x00제대혈", "😀 자가 지방 𝒜 배양"])
def test_odd_characters_never_break_extraction_or_offsets(text: str) -> None:
    result = classify(text)
    assert result.rulings["KR"].status
    for ev in result.evidence:
        if ev.field == "description":
            assert text[ev.start : ev.end] == ev.words


def test_a_negator_far_from_the_cue_does_not_negate_it() -> None:
    assert _values("results without surgery using cultured stem cells")["manipulation"] == {"cultured"}
