"""Step 2: institution licence, designation, cell lab, foreign-patient registration, freshness."""

from __future__ import annotations

from typing import Any

from regencheck.verify import RegistrySnapshot

from .conftest import Engines, Verify, compliant, ruling

DESIGNATED_CULTURED = ruling(
    "autologous_cultured_cells",
    "conditional",
    "designated_institution_with_licensed_cell_processing",
    [{"id": "designated_institution", "text": "a designated institution", "evidence_status": "unknown"}],
    risk="medium",
)


def designated(d: dict[str, Any], number: str = "ARM-1") -> dict[str, Any]:
    d["clinic"]["name"] = "Designated Hospital"
    d["clinic"]["credentials"].append(
        {
            "kind": "regenerative_medicine_institution",
            "number": number,
            "evidence": {
                "source": "MOHW list",
                "checked_on": "2026-10-01",
                "method": "registry",
                "checked_by": "v",
            },
        }
    )
    return d


def test_2_1_passes_when_the_registry_lists_the_licence(verify: Verify, registry: RegistrySnapshot) -> None:
    mark = verify(compliant(), registry).criterion("2.1")
    assert mark.status == "pass" and mark.evidence[0]["method"] == "registry"


def test_2_1_fails_when_the_registry_lists_another_address(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["clinic"]["address"] = "99 Elsewhere-ro, Busan"
    assert verify(d, registry).criterion("2.1").status == "fail"


def test_2_1_fails_when_the_licence_is_not_in_the_registry(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["clinic"].update(name="Ghost Clinic", licence_number="LIC-404")
    assert verify(d, registry).criterion("2.1").status == "fail"


def test_2_1_is_unknown_without_a_check(verify: Verify) -> None:
    d = compliant()
    del d["clinic"]["evidence"]
    assert verify(d).criterion("2.1").status == "unknown"


def test_2_2_is_not_applicable_for_cosmetic_same_day_svf(verify: Verify, registry: RegistrySnapshot) -> None:
    mark = verify(compliant(), registry).criterion("2.2")
    assert mark.status == "not_applicable" and "licensed_medical_institution" in mark.explanation
    assert mark.evidence[0]["kind"] == "ruling:KR" and "autologous_svf_same_day" in mark.evidence[0]["source"]


def test_2_2_fails_when_a_needed_designation_is_not_in_the_snapshot(
    verify: Verify, engines: Engines, registry: RegistrySnapshot
) -> None:
    engines.classification = DESIGNATED_CULTURED
    mark = verify(compliant(), registry).criterion("2.2")
    assert mark.status == "fail" and "not in the snapshot" in mark.explanation


def test_2_2_passes_when_the_snapshot_lists_the_designation(
    verify: Verify, engines: Engines, registry: RegistrySnapshot
) -> None:
    engines.classification = DESIGNATED_CULTURED
    mark = verify(designated(compliant()), registry).criterion("2.2")
    assert mark.status == "pass" and mark.evidence[0]["checked_on"] == "2026-09-15"


def test_2_2_is_unknown_without_snapshot_or_claim(verify: Verify, engines: Engines) -> None:
    engines.classification = DESIGNATED_CULTURED
    assert verify(compliant()).criterion("2.2").status == "unknown"


def test_2_2_never_passes_a_claimed_only_designation(verify: Verify, engines: Engines) -> None:
    engines.classification = DESIGNATED_CULTURED
    d = designated(compliant())
    d["clinic"]["credentials"][-1]["claimed_only"] = True
    assert verify(d).criterion("2.2").status == "unknown"


def test_2_2_passes_on_fresh_primary_evidence_without_a_snapshot(verify: Verify, engines: Engines) -> None:
    engines.classification = DESIGNATED_CULTURED
    assert verify(designated(compliant())).criterion("2.2").status == "pass"


def test_2_2_is_unknown_when_the_therapy_cannot_be_classified(verify: Verify, engines: Engines) -> None:
    engines.classification = None
    mark = verify(compliant()).criterion("2.2")
    assert mark.status == "unknown" and "classification failed" in mark.explanation


def test_2_3_passes_for_a_documented_on_site_lab(verify: Verify) -> None:
    assert verify(compliant()).criterion("2.3").status == "pass"


def test_2_3_fails_for_an_off_site_lab_with_a_lapsed_licence(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["clinic"]["lab"] = {"site": "off_site", "name": "Old Cell Lab", "licence_number": "CPF-2"}
    mark = verify(d, registry).criterion("2.3")
    assert mark.status == "fail" and "expired on 2022-01-01" in mark.explanation


def test_2_3_passes_for_an_off_site_lab_the_snapshot_lists(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["clinic"]["lab"] = {"site": "off_site", "name": "Good Cell Lab", "licence_number": "CPF-1"}
    assert verify(d, registry).criterion("2.3").status == "pass"


def test_2_3_is_unknown_when_the_processing_site_is_not_recorded(verify: Verify) -> None:
    d = compliant()
    del d["clinic"]["lab"]
    assert verify(d).criterion("2.3").status == "unknown"


def test_2_3_is_not_applicable_to_a_cell_free_product(verify: Verify, engines: Engines) -> None:
    engines.classification = ruling("cell_free_derivative", "outside_scope", "none")
    assert verify(compliant()).criterion("2.3").status == "not_applicable"


def test_2_4_passes_with_a_registered_clinic_and_facilitator(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    d = compliant()
    d["facilitator"] = {"name": "Good Agency", "registration_number": "A-2025-01-01-00003"}
    assert verify(d, registry).criterion("2.4").status == "pass"


def test_2_4_fails_when_the_registration_expired(verify: Verify, registry: RegistrySnapshot) -> None:
    d = compliant()
    d["clinic"]["credentials"][0]["number"] = "A-2020-01-01-00009"
    mark = verify(d, registry).criterion("2.4")
    assert mark.status == "fail" and "expired on 2023-01-01" in mark.explanation


def test_2_4_fails_when_the_facilitator_is_unregistered(verify: Verify, registry: RegistrySnapshot) -> None:
    d = compliant()
    d["facilitator"] = {"name": "Shadow Tours", "registration_number": "A-9999-01-01-99999"}
    assert verify(d, registry).criterion("2.4").status == "fail"


def test_2_4_is_unknown_when_not_recorded(verify: Verify) -> None:
    d = compliant()
    d["clinic"]["credentials"] = []
    assert verify(d).criterion("2.4").status == "unknown"


def test_2_5_passes_when_every_credential_was_checked_recently(verify: Verify) -> None:
    assert verify(compliant()).criterion("2.5").status == "pass"


def test_2_5_fails_when_a_check_is_older_than_twelve_months(verify: Verify) -> None:
    d = compliant()
    d["clinic"]["credentials"][0]["evidence"]["checked_on"] = "2025-10-01"
    mark = verify(d).criterion("2.5")
    assert mark.status == "fail" and "12 months" in mark.explanation


def test_2_5_fails_when_a_credential_is_past_valid_until(verify: Verify) -> None:
    d = compliant()
    d["clinic"]["credentials"][0]["valid_until"] = "2026-11-14"
    assert verify(d).criterion("2.5").status == "fail"


def test_2_5_is_unknown_for_a_claimed_only_credential(verify: Verify) -> None:
    d = compliant()
    d["clinic"]["credentials"].append({"kind": "kahf", "claimed_only": True})
    assert verify(d).criterion("2.5").status == "unknown"


def test_the_as_of_date_decides_freshness(verify: Verify) -> None:
    from datetime import date

    assert verify(compliant(), as_of=date(2027, 11, 1)).criterion("2.5").status == "fail"
