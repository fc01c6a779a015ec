"""Seed 002's "Center" tier: a designation the law does not create and no registry can show.

A clinic claiming it (as a credential or in its marketing) is flagged under 2.5; where the
therapy needs a designation, 2.2 checks the designation the law does have and says so.
"""

from __future__ import annotations

from typing import Any

from regencheck.reports.scorecard import render_scorecard_html
from regencheck.reports.scorecard_text import render_scorecard_text
from regencheck.verify import RegistrySnapshot

from .conftest import Engines, Verify, compliant, ruling

HIGH_RISK_ALLOGENEIC = ruling(
    "allogeneic_cells",
    "conditional",
    "designated_institution_with_licensed_cell_processing",
    [{"id": "designated_institution", "text": "a designated institution", "evidence_status": "unknown"}],
    risk="high",
)


def claims_center(d: dict[str, Any], name: str = "Compliant Clinic", **extra: Any) -> dict[str, Any]:
    d["clinic"]["name"] = name
    d["clinic"]["credentials"].append(
        {
            "kind": "regenerative_medicine_center",
            "number": "ARM-1",
            "evidence": {
                "source": "clinic brochure",
                "checked_on": "2026-10-01",
                "method": "document",
                "checked_by": "v",
            },
            **extra,
        }
    )
    return d


def test_a_center_credential_fails_2_2_and_2_5_when_the_registry_does_not_list_the_clinic(
    verify: Verify, registry: RegistrySnapshot, engines: Engines
) -> None:
    engines.classification = HIGH_RISK_ALLOGENEIC
    d = claims_center(compliant())
    d["clinic"]["credentials"][-1]["number"] = "ARM-999"
    card = verify(d, registry)
    assert card.criterion("2.2").status == "fail"
    assert "Center" in card.criterion("2.2").explanation
    freshness = card.criterion("2.5")
    assert freshness.status == "fail"
    assert "not in the snapshot" in freshness.explanation and "no such tier" in freshness.explanation
    assert card.verdict == "not_verified"


def test_a_center_claim_fails_2_5_even_at_a_designated_institution_because_no_registry_shows_a_tier(
    verify: Verify, registry: RegistrySnapshot, engines: Engines
) -> None:
    engines.classification = HIGH_RISK_ALLOGENEIC
    card = verify(claims_center(compliant(), name="Designated Hospital"), registry)
    designation = card.criterion("2.2")
    assert designation.status == "pass"
    assert "does not create" in designation.explanation and "3.2" in designation.explanation
    freshness = card.criterion("2.5")
    assert freshness.status == "fail"
    assert "cannot show" in freshness.explanation and "high-risk" in freshness.explanation
    assert "kr_arba_art12_2" in freshness.source


def test_a_center_claim_is_unknown_without_a_registry_of_designations(
    verify: Verify, engines: Engines
) -> None:
    engines.classification = HIGH_RISK_ALLOGENEIC
    card = verify(claims_center(compliant(), claimed_only=True))
    assert card.criterion("2.2").status == "unknown"
    freshness = card.criterion("2.5")
    assert freshness.status == "unknown" and "no such tier" in freshness.explanation


def test_a_center_claim_in_marketing_text_is_flagged_even_when_the_therapy_needs_no_designation(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["marketing"].append(
        {"text": "We hold the Advanced Regenerative Medicine Center designation from the Ministry."}
    )
    card = verify(d, registry)
    assert card.criterion("2.2").status == "not_applicable"
    assert card.criterion("2.5").status == "fail"
    claims = card.to_dict()["claims"]["designation_claims"]
    assert [c["tier"] for c in claims] == ["center"] and claims[0]["in_law"] is False


def test_a_korean_center_claim_is_found(verify: Verify, registry: RegistrySnapshot) -> None:
    d = compliant()
    d["marketing"] = [{"text": "저희 병원은 보건복지부 첨단재생의료센터 지정 기관입니다."}]
    card = verify(d, registry)
    assert [c["tier"] for c in card.to_dict()["claims"]["designation_claims"]] == ["center"]
    assert card.criterion("2.5").status == "fail"


def test_a_lawful_designation_named_in_marketing_passes_2_5_when_the_registry_lists_it(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["clinic"]["name"] = "Designated Hospital"
    d["clinic"]["credentials"] = []
    d["marketing"] = [{"text": "We are a designated Advanced Regenerative Medical Institution."}]
    assert verify(d, registry).criterion("2.5").status == "pass"


def test_a_lawful_designation_named_in_marketing_fails_2_5_when_the_registry_does_not_list_it(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["marketing"] = [{"text": "We are a designated Advanced Regenerative Medical Institution."}]
    mark = verify(d, registry).criterion("2.5")
    assert mark.status == "fail" and "not in the snapshot" in mark.explanation


def test_a_sentence_explaining_the_tiers_is_not_a_claim(verify: Verify, registry: RegistrySnapshot) -> None:
    d = compliant()
    d["marketing"] = [
        {
            "text": "Ask whether a facility is an Advanced Regenerative Medical Institution "
            "or an Advanced Regenerative Medicine Center. Is this clinic a Center designation holder?"
        }
    ]
    card = verify(d, registry)
    assert card.to_dict()["claims"]["designation_claims"] == []
    assert card.criterion("2.5").status == "pass"


def test_the_credential_list_and_text_report_say_the_center_tier_is_not_in_law(
    verify: Verify, registry: RegistrySnapshot, engines: Engines
) -> None:
    engines.classification = HIGH_RISK_ALLOGENEIC
    card = verify(claims_center(compliant(), name="Designated Hospital"), registry).to_dict()
    center = next(c for c in card["credentials"] if c["kind"] == "regenerative_medicine_center")
    assert center["status"] == "failed" and "does not create" in center["detail"]
    assert "Advanced Regenerative Medicine Center (NOT a designation in law)" in render_scorecard_text(card)


def test_the_html_scorecard_says_a_claimed_tier_is_not_in_law(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["marketing"] = [{"text": "We hold <b>Advanced Regenerative Medicine Center</b> designation."}]
    html = render_scorecard_html(verify(d, registry).to_dict())
    assert "not a designation in law" in html and "<b>Advanced" not in html
