"""Any combination of attributes yields a valid ruling for every jurisdiction (hypothesis)."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regencheck.classify import classify
from regencheck.classify.schema import JurisdictionFile
from regencheck.classify.therapy import ATTRIBUTE_VALUES
from regencheck.classify.vocabulary import CATEGORIES, Facility, Status
from regencheck.knowledge import default_knowledge

#: The jurisdictions the bundled knowledge base rules on.
JURISDICTIONS = ("KR", "US", "JP", "EU", "SG")

STATUSES = set(get_args(Status))
FACILITIES = set(get_args(Facility))


def _rule_ids() -> set[str]:
    kb = default_knowledge()
    ids: set[str] = set()
    for code in JURISDICTIONS:
        spec = kb.topic(f"classify/rules_{code.lower()}", JurisdictionFile)
        ids |= {r.id for r in spec.rules} | {spec.undecided.id}
    return ids


RULE_IDS = _rule_ids()


def _value(attr: str, raw: str) -> Any:
    return raw == "true" if ATTRIBUTE_VALUES[attr] == ("true", "false") else raw


therapies = st.fixed_dictionaries(
    {},
    optional={
        attr: st.sampled_from([v for v in values if v != "unspecified"]).map(lambda v, a=attr: _value(a, v))
        for attr, values in ATTRIBUTE_VALUES.items()
    },
)


@settings(max_examples=200, deadline=None)
@given(therapies)
def test_every_attribute_combination_gets_a_valid_ruling_everywhere(attrs: dict[str, Any]) -> None:
    result = classify(attrs)
    assert result.category in CATEGORIES
    assert set(result.rulings) == set(JURISDICTIONS)
    for ruling in result.rulings.values():
        assert ruling.status in STATUSES
        assert ruling.facility_required in FACILITIES
        assert ruling.risk_level in (None, "low", "medium", "high")
        assert ruling.rule in RULE_IDS
        assert ruling.summary and ruling.citations
        if ruling.status == "unknown":
            assert ruling.depends_on or ruling.rule.endswith("not_enough_information")
    assert len(result.questions) == len(result.unknowns)
    data = result.to_dict()
    assert data["attributes"].items() <= {**data["attributes"]}.items()
    for attr, value in attrs.items():
        assert data["attributes"].get(attr, value) == value


@settings(max_examples=100, deadline=None)
@given(therapies)
def test_stating_one_more_attribute_never_adds_an_unknown_about_it(attrs: dict[str, Any]) -> None:
    result = classify(attrs)
    assert not set(attrs) & set(result.unknowns)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_classifies_without_error(text: str) -> None:
    if text.strip():
        result = classify(text)
        for ev in result.evidence:
            if ev.field == "description":
                assert text[ev.start : ev.end] == ev.words


korean_text = st.lists(
    st.sampled_from(
        [
            "자가",
            "지방",
            "줄기세포",
            "배양",
            "하지 않은",
            "당일",
            "제대혈",
            "엑소좀",
            "무릎",
            "주사",
            "PRP",
            "NK세포",
            " ",
            ".",
            "안",
        ]
    )
    | st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=4),
    min_size=1,
    max_size=12,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(korean_text)
def test_any_korean_text_classifies_and_its_evidence_points_into_it(text: str) -> None:
    assume(text.strip())
    result = classify(text)
    assert set(result.rulings) == set(JURISDICTIONS)
    for ev in result.evidence:
        if ev.field == "description":
            assert text[ev.start : ev.end] == ev.words
