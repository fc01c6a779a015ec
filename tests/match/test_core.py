"""Specialist matching: who is listed, in what order, and why (the rule is disclosed)."""

from __future__ import annotations

from datetime import date

from regencheck.match import RANKING_RULE, Candidate, Goal, Thresholds, match_specialists

RULES = Thresholds(
    min_years=15, min_cases=10_000, specialties_for={"aesthetic": ("plastic_surgery", "dermatology")}
)
DAY = date(2026, 12, 1)


def _c(i: int, verdict: str | None, **kw: object) -> Candidate:
    base: dict[str, object] = {
        "specialist_id": i,
        "name": f"Dr. {chr(64 + i)}",
        "clinic_id": i,
        "clinic_name": f"Clinic {i}",
        "specialty": "plastic_surgery",
        "subspecialty": "facelift",
        "years": 18,
        "cases": 12_000,
        "verification_id": i if verdict else None,
        "verdict": verdict,
        "verified_on": DAY if verdict else None,
    }
    return Candidate(**(base | kw))  # type: ignore[arg-type]


def test_verified_current_and_fitting_specialists_come_first_and_the_unverified_are_left_out() -> None:
    result = match_specialists(
        Goal("facelift with fat grafting", "aesthetic", language="id"),
        [
            _c(1, "conditional"),
            _c(2, "verified", stale_reasons=("registry: designation withdrawn",)),
            _c(3, "verified", subspecialty="rhinoplasty"),
            _c(4, "verified"),
            _c(5, "not_verified"),
            _c(6, None),
            _c(7, "verified", specialty="orthopedics"),
            _c(8, "verified", years=30, cases=None),
        ],
        RULES,
    )
    assert [m.candidate.specialist_id for m in result.matches] == [4, 8, 3, 2, 1]
    assert {o["reason"] for o in result.left_out} == {
        "latest verification: not verified",
        "never verified",
        "specialty orthopedics does not cover aesthetic",
    }
    stale = next(m for m in result.matches if m.candidate.specialist_id == 2)
    assert "needs re-verification" in stale.labels
    assert result.not_documented == ["language (id): the records do not document it; ask the clinic"]
    assert result.to_dict()["ranking_rule"] == RANKING_RULE and "No payment" in RANKING_RULE


def test_an_experience_gap_is_stated_not_hidden() -> None:
    (m,) = match_specialists(Goal("facelift"), [_c(1, "verified", years=9, cases=None)], RULES).matches
    assert "9 years, below the threshold of 15" in m.gaps and "cases not documented" in m.gaps
