"""Reference ranges in the patient report read as the sources write them."""

from __future__ import annotations

from regencheck.reports.patient import _range_text


def money(value: float) -> str:
    return f"{value:,.0f}"


def test_a_closed_range_shows_both_ends() -> None:
    assert _range_text(800_000, 4_500_000, None, money) == "800,000 – 4,500,000"


def test_an_open_range_shows_its_typical_top_with_a_plus() -> None:
    assert _range_text(3_000_000, None, 12_000_000, money) == "3,000,000 – 12,000,000+"


def test_a_range_without_any_top_says_so_without_inventing_one() -> None:
    assert _range_text(6_000_000, None, None, money) == "6,000,000 – …"
