"""Step 4: consultation, protocol, consent, itemization and prices."""

from __future__ import annotations

from pathlib import Path

from .conftest import Engines, Verify, compliant, ruling


def test_4_1_passes_for_a_forty_minute_physician_consultation(verify: Verify) -> None:
    assert verify(compliant()).criterion("4.1").status == "pass"


def test_4_1_fails_for_a_coordinator_only_consultation(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["physician_led"] = False
    assert verify(d).criterion("4.1").status == "fail"


def test_4_1_fails_for_a_ten_minute_consultation(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["minutes"] = 10
    mark = verify(d).criterion("4.1")
    assert mark.status == "fail" and "seed_001" in mark.source


def test_4_1_is_unknown_without_duration(verify: Verify) -> None:
    d = compliant()
    del d["consultation"]["minutes"]
    assert verify(d).criterion("4.1").status == "unknown"


def test_4_2_passes_when_the_protocol_names_everything(verify: Verify) -> None:
    assert verify(compliant()).criterion("4.2").status == "pass"


def test_4_2_fails_when_the_protocol_omits_the_designation_status(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["written_protocol"]["designation_status"] = False
    mark = verify(d).criterion("4.2")
    assert mark.status == "fail" and "designation_status" in mark.explanation


def test_4_2_is_unknown_without_a_protocol(verify: Verify) -> None:
    d = compliant()
    del d["consultation"]["written_protocol"]
    assert verify(d).criterion("4.2").status == "unknown"


def test_4_3_passes_and_quotes_the_sentence_for_each_item(verify: Verify) -> None:
    card = verify(compliant())
    assert card.criterion("4.3").status == "pass"
    items = {i["id"]: i for i in card.documents_audit["consent"]["items"]}
    assert "Risks include infection" in items["risks"]["sentence"]
    assert items["committee_approval"]["status"] == "not_required"


def test_4_3_fails_when_alternatives_are_missing(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["consent"]["text"] = d["consultation"]["consent"]["text"].replace(
        "Alternatives include fat grafting without SVF. ", ""
    )
    mark = verify(d).criterion("4.3")
    assert mark.status == "fail" and "alternatives" in mark.explanation


def test_4_3_fails_on_promotional_language(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["consent"]["text"] += " There are no side effects."
    mark = verify(d).criterion("4.3")
    assert mark.status == "fail" and "promotional" in mark.explanation


def test_4_3_requires_committee_approval_when_the_ruling_needs_a_designation(
    verify: Verify, engines: Engines
) -> None:
    engines.classification = ruling(
        "autologous_cultured_cells", "conditional", "designated_institution", risk="medium"
    )
    assert verify(compliant()).criterion("4.3").status == "fail"
    d = compliant()
    d["consultation"]["consent"]["text"] += (
        " The treatment plan was approved by the review committee (approval number 2026-17)."
    )
    assert verify(d).criterion("4.3").status == "pass"


def test_4_3_reads_a_korean_consent(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["consent"]["text"] = (
        "본 시술은 최소 조작된 자가 지방 세포를 사용합니다.\n효과는 개인차가 있으며 보장하지 않습니다.\n"
        "부작용으로 감염, 부종, 멍이 생길 수 있습니다.\n대안으로 일반 지방이식이 있습니다.\n"
        "이상반응이 있으면 병원에 연락하십시오."
    )
    card = verify(d)
    assert card.criterion("4.3").status == "pass"
    assert card.documents_audit["consent"]["language"] == "ko"


def test_4_3_is_unknown_without_consent(verify: Verify) -> None:
    d = compliant()
    del d["consultation"]["consent"]
    assert verify(d).criterion("4.3").status == "unknown"


def test_4_3_is_unknown_when_the_consent_file_is_missing(verify: Verify, tmp_path: Path) -> None:
    d = compliant()
    d["consultation"]["consent"] = {"file": "consent.txt"}
    mark = verify(d, base_dir=tmp_path).criterion("4.3")
    assert mark.status == "unknown" and "file not found" in mark.explanation


def test_4_4_passes_for_separate_base_and_svf_lines(verify: Verify) -> None:
    assert verify(compliant()).criterion("4.4").status == "pass"


def test_4_4_fails_for_a_lump_sum_stem_cell_line(verify: Verify) -> None:
    d = compliant()
    d["quote"]["lines"] = [{"item": "Stem cell facelift package", "amount": 22000000}]
    mark = verify(d).criterion("4.4")
    assert mark.status == "fail" and "lump-sum" in mark.explanation


def test_4_4_fails_when_the_base_fee_is_folded_into_the_stem_cell_line(verify: Verify) -> None:
    d = compliant()
    d["quote"]["lines"] = [{"item": "Stem cell therapy", "amount": 22000000}]
    assert verify(d).criterion("4.4").status == "fail"


def test_4_4_is_unknown_without_a_quote(verify: Verify) -> None:
    d = compliant()
    del d["quote"]
    assert verify(d).criterion("4.4").status == "unknown"


def test_4_5_passes_within_the_svf_range(verify: Verify) -> None:
    mark = verify(compliant()).criterion("4.5")
    assert mark.status == "pass" and "3,000,000" in mark.explanation


def test_4_5_fails_above_the_range_without_explanation(verify: Verify) -> None:
    d = compliant()
    d["quote"]["lines"][1]["amount"] = 12000000
    assert verify(d).criterion("4.5").status == "fail"


def test_4_5_accepts_an_explained_deviation(verify: Verify) -> None:
    d = compliant()
    d["quote"]["lines"][1].update(amount=12000000, note="double-volume harvest with automated processing")
    assert verify(d).criterion("4.5").status == "pass"


def test_4_5_fails_when_the_agency_fee_exceeds_the_cap(verify: Verify) -> None:
    d = compliant()
    d["quote"]["agency_fee_percent"] = 35
    mark = verify(d).criterion("4.5")
    assert mark.status == "fail" and "30" in mark.explanation and "kr_agency_fee_cap" in mark.source


def test_4_5_is_unknown_when_the_tier_is_needed_but_missing(verify: Verify, engines: Engines) -> None:
    engines.classification = ruling("cell_free_derivative", "outside_scope", "none")
    d = compliant()
    del d["clinic"]["price_tier"]
    d["quote"]["lines"] = [{"item": "Exosome facial", "amount": 900000}]
    assert verify(d).criterion("4.5").status == "unknown"
