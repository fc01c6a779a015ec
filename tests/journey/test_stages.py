import pytest

from regencheck.errors import Conflict, ValidationFailed
from regencheck.journey.stages import check_transition, next_stage, stage_ids


def test_the_journey_follows_seed_000_part_9_in_order() -> None:
    assert stage_ids() == [
        "remote_consultation",
        "verification_matching",
        "travel_consultation",
        "procedure_day",
        "recovery",
        "post_return",
    ]


def test_a_case_moves_forward_or_skips_ahead_but_never_back() -> None:
    check_transition(None, "verification_matching")
    check_transition("remote_consultation", "procedure_day")
    with pytest.raises(Conflict):
        check_transition("recovery", "procedure_day")
    with pytest.raises(ValidationFailed, match="expected one of"):
        check_transition("recovery", "holiday")


def test_the_next_stage_after_the_last_is_none() -> None:
    assert next_stage(None) == "remote_consultation"
    assert next_stage("post_return") is None
