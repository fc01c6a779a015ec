"""Dossiers: every key optional, typos and bad values named by file, YAML path and expected value."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.errors import InputError, ValidationFailed
from regencheck.verify import dossier_json_schema, load_dossier, parse_dossier

from .conftest import COMPLIANT, SAMPLES


def test_an_empty_dossier_is_valid_and_everything_is_unknown() -> None:
    dossier = parse_dossier({})
    assert dossier.clinic is None and dossier.quote is None


def test_the_compliant_persona_parses() -> None:
    assert parse_dossier(COMPLIANT).clinic is not None


def test_a_typo_names_the_file_the_yaml_path_and_the_allowed_keys(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("consultation:\n  physican_led: true\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_dossier(path)
    rendered = info.value.render()
    assert "d.yaml" in rendered and "consultation.physican_led" in rendered and "physician_led" in rendered


def test_a_wrong_value_names_the_expected_values(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("clinic:\n  credentials:\n    - kind: spa\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_dossier(path)
    rendered = info.value.render()
    assert "clinic.credentials.0.kind" in rendered and "regenerative_medicine_institution" in rendered


def test_a_bad_date_names_its_field() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_dossier({"clinic": {"credentials": [{"kind": "kahf", "valid_until": "someday"}]}}, "d.yaml")
    assert "clinic.credentials.0.valid_until" in info.value.render()


def test_a_follow_up_day_beyond_ten_years_names_its_field() -> None:
    # A day past the calendar's range would crash the follow-up schedule of the report.
    with pytest.raises(ValidationFailed) as info:
        parse_dossier({"aftercare": {"follow_up_days": [7, 10**12]}}, "d.yaml")
    assert "aftercare.follow_up_days.1" in info.value.render()
    assert parse_dossier({"aftercare": {"follow_up_days": [0, 7, 3650]}}).aftercare is not None


def test_a_marketing_entry_needs_exactly_one_of_text_or_file() -> None:
    with pytest.raises(ValidationFailed, match=r"d\.yaml"):
        parse_dossier({"marketing": [{"text": "a", "file": "b.html"}]}, "d.yaml")


def test_a_dossier_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="mapping"):
        load_dossier(path)


def test_malformed_yaml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("clinic: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="line"):
        load_dossier(path)


def test_every_sample_dossier_loads() -> None:
    paths = sorted((SAMPLES / "dossiers").glob("*.yaml"))
    assert len(paths) >= 5
    for path in paths:
        load_dossier(path)


def test_the_json_schema_forbids_unknown_keys_and_lists_the_sections() -> None:
    schema = dossier_json_schema()
    assert schema["additionalProperties"] is False
    assert {
        "clinic",
        "specialist",
        "offering",
        "marketing",
        "consultation",
        "quote",
        "aftercare",
        "patient",
    } <= set(schema["properties"])


def test_figures_written_with_separators_are_read_as_numbers() -> None:
    dossier = parse_dossier(
        {
            "specialist": {"cumulative_cases": "10,000+"},
            "quote": {"currency": "krw", "lines": [{"item": "SVF", "amount": "5,000,000"}]},
        }
    )
    assert dossier.specialist is not None and dossier.specialist.cumulative_cases == 10000
    assert dossier.quote is not None and dossier.quote.currency == "KRW"
    assert dossier.quote.lines is not None and dossier.quote.lines[0].amount == 5_000_000


def test_a_figure_that_is_not_a_number_is_still_an_error() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_dossier({"specialist": {"years_in_subspecialty": "many"}}, "d.yaml")
    assert "specialist.years_in_subspecialty" in info.value.render()


def test_bare_strings_are_texts_for_marketing_and_consent() -> None:
    dossier = parse_dossier({"marketing": ["We cure."], "consultation": {"consent": "I agree."}})
    assert dossier.marketing is not None and dossier.marketing[0].text == "We cure."
    assert dossier.consultation is not None and dossier.consultation.consent is not None
    assert dossier.consultation.consent.text == "I agree."


def test_a_single_evidence_mapping_is_a_list_of_one() -> None:
    dossier = parse_dossier({"specialist": {"evidence": {"source": "s", "method": "document"}}})
    assert dossier.specialist is not None and dossier.specialist.evidence is not None
    assert len(dossier.specialist.evidence) == 1
