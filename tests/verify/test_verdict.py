"""The verdict rule: critical failures and unknowns decide; an unknown is never a pass."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regencheck.verify.verdict import Mark, decide

STATUSES = ["pass", "fail", "unknown", "not_applicable"]
marks_strategy = st.lists(st.tuples(st.sampled_from(STATUSES), st.booleans()), min_size=1, max_size=6).map(
    lambda xs: [Mark(f"{i + 1}.1", f"c{i}", s, c) for i, (s, c) in enumerate(xs)]
)


def expected(marks: list[Mark]) -> str:
    if any(m.critical and m.status == "fail" for m in marks):
        return "not_verified"
    if any(m.critical and m.status == "unknown" for m in marks):
        return "insufficient_evidence"
    if all(m.status in ("pass", "not_applicable") for m in marks):
        return "verified"
    return "conditional"


@given(marks_strategy)
def test_the_verdict_follows_the_spec_rule_for_every_combination(marks: list[Mark]) -> None:
    verdict, reasons = decide(marks)
    assert verdict == expected(marks)
    assert reasons


@given(marks_strategy)
def test_an_unknown_is_never_counted_as_a_pass(marks: list[Mark]) -> None:
    verdict, _ = decide(marks)
    if any(m.status == "unknown" for m in marks):
        assert verdict != "verified"


@given(marks_strategy)
def test_the_reasons_name_every_failing_or_unknown_criterion_of_a_conditional_verdict(
    marks: list[Mark],
) -> None:
    verdict, reasons = decide(marks)
    if verdict == "conditional":
        named = {r.split(" ", 1)[0] for r in reasons}
        assert named == {m.id for m in marks if m.status in ("fail", "unknown")}


def test_a_critical_failure_outweighs_a_critical_unknown() -> None:
    verdict, reasons = decide([Mark("1.1", "a", "unknown", True), Mark("2.2", "b", "fail", True)])
    assert verdict == "not_verified"
    assert reasons[0].startswith("2.2")


def test_not_applicable_criteria_do_not_block_verified() -> None:
    assert decide([Mark("1.1", "a", "pass", True), Mark("2.2", "b", "not_applicable", True)])[0] == "verified"
