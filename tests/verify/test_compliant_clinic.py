"""The compliant clinic persona verifies; every mark explains itself and cites its sources."""

from __future__ import annotations

from .conftest import Verify, compliant


def test_a_compliant_clinic_is_verified(verify: Verify) -> None:
    card = verify(compliant())
    assert [c.id for c in card.criteria if c.status not in ("pass", "not_applicable")] == []
    assert card.verdict == "verified"


def test_every_mark_has_an_explanation_sources_and_citations(verify: Verify) -> None:
    card = verify(compliant())
    assert len(card.criteria) == 24
    assert [s.id for s in card.steps] == [1, 2, 3, 4, 5]
    for mark in card.criteria:
        assert mark.explanation
        assert mark.source and len(mark.citations) == len(mark.source)
        assert mark.what_to_ask


def test_verification_is_deterministic_apart_from_generated_at(verify: Verify) -> None:
    first, second = verify(compliant()).to_dict(), verify(compliant()).to_dict()
    first.pop("generated_at")
    second.pop("generated_at")
    assert first == second
