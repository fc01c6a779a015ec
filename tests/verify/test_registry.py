"""Registry snapshots: parsed with provenance, rejected with line numbers, and looked up by date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regencheck.errors import InputError, ValidationFailed
from regencheck.verify import RegistrySnapshot, load_registry, parse_registry

from .conftest import REGISTRY_CSV, SAMPLES, Engines, Verify

DAY = date(2026, 11, 15)


def test_it_keeps_each_rows_source_retrieval_date_and_line(registry: RegistrySnapshot) -> None:
    entry = registry.lookup("medical_institution", on=DAY, number="LIC-1").entry
    assert entry is not None
    assert (entry.source, entry.retrieved_on, entry.line) == ("licence register", date(2026, 10, 1), 2)


def test_it_confirms_a_credential_valid_on_the_day(registry: RegistrySnapshot) -> None:
    found = registry.lookup("foreign_patient_registration", on=DAY, number="a-2024-01-01-00001")
    assert found.status == "confirmed"
    assert "2027-01-01" in found.detail


def test_it_reports_an_expired_credential_with_its_end_date(registry: RegistrySnapshot) -> None:
    found = registry.lookup("foreign_patient_registration", on=DAY, number="A-2021-01-01-00002")
    assert found.status == "expired"
    assert "2024-01-01" in found.detail


def test_the_same_credential_was_valid_before_it_expired(registry: RegistrySnapshot) -> None:
    found = registry.lookup("foreign_patient_registration", on=date(2023, 6, 1), number="A-2021-01-01-00002")
    assert found.status == "confirmed"


def test_it_reports_a_credential_not_yet_valid(registry: RegistrySnapshot) -> None:
    found = registry.lookup("foreign_patient_registration", on=date(2024, 12, 1), number="A-2025-01-01-00003")
    assert found.status == "not_yet_valid"


def test_it_reports_a_missing_credential_with_the_snapshot_date(registry: RegistrySnapshot) -> None:
    found = registry.lookup("regenerative_medicine_institution", on=DAY, name="Compliant Clinic")
    assert found.status == "not_found"
    assert "2026-09-15" in found.detail


def test_names_match_regardless_of_case_and_spacing(registry: RegistrySnapshot) -> None:
    assert (
        registry.lookup("regenerative_medicine_institution", on=DAY, name="designated  HOSPITAL").status
        == "confirmed"
    )


def test_a_snapshot_only_speaks_for_the_kinds_it_lists(registry: RegistrySnapshot) -> None:
    assert registry.covers("cell_processing_licence")
    assert not registry.covers("kahf")


def test_missing_columns_are_rejected_on_line_1() -> None:
    with pytest.raises(
        ValidationFailed, match=r"reg\.csv: line 1: missing column\(s\) valid_until, retrieved_on"
    ):
        parse_registry("kind,name,address,number,valid_from,source\n", "reg.csv")


def test_a_bad_date_is_rejected_with_its_line_number() -> None:
    text = REGISTRY_CSV.replace(
        "2026-09-15\ncell_processing_licence,Good", "15/09/2026\ncell_processing_licence,Good"
    )
    with pytest.raises(ValidationFailed) as info:
        parse_registry(text, "reg.csv")
    assert "line 7" in info.value.message and "retrieved_on" in info.value.message


def test_an_unknown_kind_is_rejected_with_its_line_number() -> None:
    text = REGISTRY_CSV + "spa_licence,X,,1,,,src,2026-10-01\n"
    with pytest.raises(ValidationFailed, match="line 10: unknown kind 'spa_licence'"):
        parse_registry(text, "reg.csv")


def test_a_row_without_provenance_is_rejected() -> None:
    text = REGISTRY_CSV + "kahf,X,,1,,,,2026-10-01\n"
    with pytest.raises(ValidationFailed, match="line 10: column 'source' is empty"):
        parse_registry(text, "reg.csv")


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_registry(tmp_path / "nope.csv")


def test_the_sample_registry_loads_with_an_expired_entry() -> None:
    snapshot = load_registry(SAMPLES / "registry.csv")
    assert any(e.valid_until and e.valid_until < DAY for e in snapshot.entries)
    assert {
        "regenerative_medicine_institution",
        "foreign_patient_registration",
        "cell_processing_licence",
    } <= {e.kind for e in snapshot.entries}


def test_the_scorecard_lists_each_claimed_credentials_outcome_with_dates(
    verify: Verify, registry: RegistrySnapshot
) -> None:
    from .conftest import compliant

    d = compliant()
    d["clinic"]["credentials"].append(
        {"kind": "foreign_patient_registration", "number": "A-2020-01-01-00009"}
    )
    d["clinic"]["lab"] = {"site": "off_site", "name": "Old Cell Lab", "licence_number": "CPF-2"}
    checks = {(c["kind"], c["number"]): c for c in verify(d, registry).credentials}
    assert checks[("foreign_patient_registration", "A-2024-01-01-00001")]["status"] == "confirmed"
    assert "expired on 2023-01-01" in checks[("foreign_patient_registration", "A-2020-01-01-00009")]["detail"]
    assert checks[("cell_processing_licence", "CPF-2")]["status"] == "failed"


@given(st.text(alphabet="0123456789-/ abcT:", max_size=12))
def test_any_date_cell_parses_or_is_rejected_with_its_line(cell: str) -> None:
    text = f"kind,name,address,number,valid_from,valid_until,source,retrieved_on\nkahf,X,,1,,{cell},src,2026-10-01\n"
    try:
        snapshot = parse_registry(text, "r.csv")
    except ValidationFailed as exc:
        assert "line 2" in exc.message
    else:
        assert len(snapshot.entries) == 1


def test_a_number_that_belongs_to_another_institution_is_reported(registry: RegistrySnapshot) -> None:
    found = registry.lookup(
        "regenerative_medicine_institution", on=DAY, number="ARM-1", name="Compliant Clinic"
    )
    assert found.status == "other_holder" and "Designated Hospital" in found.detail


def test_a_holder_name_with_an_extra_word_is_the_same_holder(registry: RegistrySnapshot) -> None:
    found = registry.lookup(
        "regenerative_medicine_institution", on=DAY, number="ARM-1", name="Designated Hospital Seoul"
    )
    assert found.status == "confirmed"


def test_claiming_another_clinics_designation_fails_2_2(
    verify: Verify, engines: Engines, registry: RegistrySnapshot
) -> None:
    from .conftest import compliant, ruling

    engines.classification = ruling("autologous_cultured_cells", "conditional", "designated_institution")
    d = compliant()
    d["clinic"]["credentials"].append(
        {
            "kind": "regenerative_medicine_institution",
            "number": "ARM-1",
            "evidence": {
                "source": "copy",
                "checked_on": "2026-10-01",
                "method": "document",
                "checked_by": "v",
            },
        }
    )
    mark = verify(d, registry).criterion("2.2")
    assert mark.status == "fail" and "belongs to 'Designated Hospital'" in mark.explanation
