"""Held-out dossiers (not the bundled samples) that vary realistic details, run with the real
engines end to end: every one of the 24 marks is pinned, with the facts behind the key ones.

- knee_svf_usd_fee: orthopedic same-day SVF into the knee at a clinic the MOHW list does not
  designate (the Act applies: not a cosmetic procedure), quoted in USD with a 35% facilitator fee
  (cap 30% for a clinic).
- nk_wellness_drip_ko: an NK-cell wellness IV drip, Korean marketing and a Korean consent form
  that promises results, coordinator-led.
- expired_registration_facelift: a sound SVF facelift clinic whose foreign-patient registration
  expired last month.
- center_claim_cord_blood_knee: a designated hospital claiming seed 002's "Center" tier, with a
  lump-sum quote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regencheck.knowledge import KnowledgeBase
from regencheck.verify import Scorecard, load_dossier, load_registry, verify_dossier

from .conftest import AS_OF

HELDOUT = Path(__file__).parent / "heldout"
P, F, U, NA = "pass", "fail", "unknown", "not_applicable"
CRITERIA = [
    f"{step}.{n}" for step, count in ((1, 5), (2, 5), (3, 5), (4, 5), (5, 4)) for n in range(1, count + 1)
]

EXPECTED: dict[str, tuple[str, str, list[str]]] = {
    # name: (verdict, category, the 24 marks in order)
    "knee_svf_usd_fee": (
        "not_verified",
        "autologous_svf_same_day",
        [P, P, P, P, P, P, F, P, P, P, P, F, P, P, P, P, P, F, P, F, P, P, P, P],
    ),
    "nk_wellness_drip_ko": (
        "not_verified",
        "immune_cells",
        [P, U, F, F, U, P, F, F, P, P, P, F, P, F, F, F, F, F, P, F, F, F, F, U],
    ),
    "expired_registration_facelift": (
        "conditional",
        "autologous_svf_same_day",
        [P, P, P, P, P, P, NA, P, F, F, P, P, P, P, P, P, P, P, P, P, P, P, P, P],
    ),
    "center_claim_cord_blood_knee": (
        "not_verified",
        "allogeneic_cells",
        [P, P, P, P, P, P, P, P, P, F, P, U, P, F, P, P, U, F, F, U, P, P, P, U],
    ),
}


def run(name: str, kb: KnowledgeBase) -> Scorecard:
    path = HELDOUT / f"{name}.yaml"
    return verify_dossier(
        load_dossier(path),
        kb,
        registry=load_registry(HELDOUT / "registry.csv"),
        as_of=AS_OF,
        base_dir=path.parent,
    )


@pytest.fixture(scope="module")
def cards(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    return {name: run(name, kb).to_dict() for name in EXPECTED}


def marks(card: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for s in card["steps"] for c in s["criteria"]}


def explanation(card: dict[str, Any], cid: str) -> str:
    return next(c["explanation"] for s in card["steps"] for c in s["criteria"] if c["id"] == cid)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_mark_of_each_heldout_dossier_is_as_the_spec_and_domain_say(
    name: str, cards: dict[str, dict[str, Any]]
) -> None:
    verdict, category, expected = EXPECTED[name]
    card = cards[name]
    assert card["classification"]["category"] == category
    assert marks(card) == dict(zip(CRITERIA, expected, strict=True))
    assert card["verdict"] == verdict, card["verdict_reasons"]


def test_a_knee_svf_injection_needs_a_designation_the_clinic_does_not_have(
    cards: dict[str, dict[str, Any]],
) -> None:
    card = cards["knee_svf_usd_fee"]
    assert card["classification"]["rulings"]["KR"]["facility_required"].startswith("designated_institution")
    assert "not in the snapshot" in explanation(card, "2.2")


def test_a_35_percent_facilitator_fee_at_a_clinic_breaks_the_30_percent_cap(
    cards: dict[str, dict[str, Any]],
) -> None:
    audit = cards["knee_svf_usd_fee"]["quote_audit"]
    assert audit["agency_fee"]["percent"] == 35.0 and audit["agency_fee"]["cap_percent"] == 30
    assert audit["agency_fee"]["status"] == "above_cap"
    knee = next(ln for ln in audit["lines"] if ln["kind"] == "regenerative")
    assert knee["status"] == "within" and knee["reference"]["source"] == ["blog_003"]


def test_an_nk_wellness_drip_is_not_permitted_and_has_no_legitimate_price(
    cards: dict[str, dict[str, Any]],
) -> None:
    card = cards["nk_wellness_drip_ko"]
    assert card["classification"]["rulings"]["KR"]["status"] == "not_permitted"
    assert {ln["status"] for ln in card["quote_audit"]["lines"]} == {"not_legitimate"}
    assert card["quote_audit"]["total_converted"]["currency"] == "IDR"


def test_a_korean_consent_that_promises_results_is_read_in_korean(cards: dict[str, dict[str, Any]]) -> None:
    consent = cards["nk_wellness_drip_ko"]["documents_audit"]["consent"]
    assert consent["language"] == "ko"
    assert "promotional language" in explanation(cards["nk_wellness_drip_ko"], "4.3")


def test_a_registration_that_expired_last_month_fails_with_its_date(cards: dict[str, dict[str, Any]]) -> None:
    card = cards["expired_registration_facelift"]
    assert "expired on 2026-10-15" in explanation(card, "2.4")
    assert "expired on 2026-10-15" in explanation(card, "2.5")


def test_a_center_claim_at_a_designated_hospital_is_flagged_from_credential_and_marketing(
    cards: dict[str, dict[str, Any]],
) -> None:
    card = cards["center_claim_cord_blood_knee"]
    origins = [c["origin"] for c in card["claims"]["designation_claims"]]
    assert origins == ["clinic.credentials[0]", "marketing[0] (inline text)"]
    assert "cannot show" in explanation(card, "2.5")
