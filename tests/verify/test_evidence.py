"""Evidence discipline: complete, primary, recent (12 months by default) or it does not count."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from regencheck.verify.dossier import Evidence
from regencheck.verify.evidence import EvidencePolicy, assess, months_before

POLICY = EvidencePolicy(12, frozenset({"registry", "document", "phone", "site_visit"}))
DAY = date(2026, 11, 15)


def ev(**kw: object) -> Evidence:
    base: dict[str, object] = {
        "source": "s",
        "method": "document",
        "checked_on": date(2026, 10, 1),
        "checked_by": "v",
    }
    base.update(kw)
    return Evidence.model_validate(base)


def test_recent_complete_evidence_is_fresh() -> None:
    assert assess(ev(), DAY, POLICY).status == "fresh"


def test_evidence_older_than_twelve_months_is_stale() -> None:
    result = assess(ev(checked_on=date(2025, 11, 14)), DAY, POLICY)
    assert result.status == "stale" and "2025-11-14" in result.detail


def test_evidence_exactly_twelve_months_old_is_still_fresh() -> None:
    assert assess(ev(checked_on=date(2025, 11, 15)), DAY, POLICY).status == "fresh"


def test_the_age_limit_is_configurable() -> None:
    strict = EvidencePolicy(1, POLICY.primary_methods)
    assert assess(ev(checked_on=date(2026, 10, 1)), DAY, strict).status == "stale"


def test_evidence_without_a_checker_is_incomplete() -> None:
    result = assess(ev(checked_by=None), DAY, POLICY)
    assert result.status == "incomplete" and "checked_by" in result.detail


def test_missing_evidence_is_missing() -> None:
    assert assess(None, DAY, POLICY).status == "missing"


def test_evidence_dated_after_the_as_of_date_does_not_count() -> None:
    assert assess(ev(checked_on=date(2026, 12, 1)), DAY, POLICY).status == "future"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 48))
def test_months_before_goes_back_the_right_number_of_months(day: date, months: int) -> None:
    earlier = months_before(day, months)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier.day <= day.day
