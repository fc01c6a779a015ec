"""Every rule in the classification knowledge is exercised by the examples it carries."""

from __future__ import annotations

from typing import Any

import pytest

from regencheck.classify import classify
from regencheck.classify.schema import CategoriesFile, Example, JurisdictionFile, QuestionsFile
from regencheck.knowledge import KnowledgeBase, default_knowledge

#: The jurisdictions the bundled knowledge base rules on, in display order.
JURISDICTIONS = ("KR", "US", "JP", "EU", "SG")


def _input(example: Example) -> Any:
    if example.text is not None:
        return example.text
    return dict(example.attributes)


def _jurisdiction_examples() -> list[tuple[str, str, Example]]:
    kb = default_knowledge()
    out = []
    for code in JURISDICTIONS:
        spec = kb.topic(f"classify/rules_{code.lower()}", JurisdictionFile)
        for rule in spec.rules:
            out += [(code, rule.id, ex) for ex in rule.examples]
    return out


def _category_examples() -> list[tuple[str, Example]]:
    cats = default_knowledge().topic("classify/categories", CategoriesFile)
    return [(rule.id, ex) for rule in cats.rules for ex in rule.examples]


def _risk_examples() -> list[tuple[str, Example]]:
    spec = default_knowledge().topic("classify/rules_kr", JurisdictionFile)
    return [(c.id, ex) for c in spec.risk_levels for ex in c.examples]


@pytest.mark.parametrize(("code", "rule_id", "example"), _jurisdiction_examples())
def test_each_jurisdiction_rule_decides_its_own_examples(code: str, rule_id: str, example: Example) -> None:
    ruling = classify(_input(example)).rulings[code]
    assert (ruling.rule, ruling.status) == (rule_id, example.expect), ruling.summary


@pytest.mark.parametrize(("rule_id", "example"), _category_examples())
def test_each_category_rule_names_its_own_examples(rule_id: str, example: Example) -> None:
    result = classify(_input(example))
    assert (result.category_rule, result.category) == (rule_id, example.expect)


@pytest.mark.parametrize(("criterion_id", "example"), _risk_examples())
def test_each_korean_risk_criterion_sets_its_level(criterion_id: str, example: Example) -> None:
    result = classify(_input(example))
    assert result.kr_risk_rule == criterion_id
    assert example.expect in (result.rulings["KR"].risk_level, result.kr_risk_level)


def test_no_rule_is_left_without_an_example(kb: KnowledgeBase) -> None:
    proven = {rule_id for _, rule_id, _ in _jurisdiction_examples()}
    proven |= {rule_id for rule_id, _ in _category_examples()}
    proven |= {rule_id for rule_id, _ in _risk_examples()}
    every = set()
    for code in JURISDICTIONS:
        spec = kb.topic(f"classify/rules_{code.lower()}", JurisdictionFile)
        every |= {r.id for r in spec.rules} | {c.id for c in spec.risk_levels}
    every |= {r.id for r in kb.topic("classify/categories", CategoriesFile).rules}
    assert every - proven == set()


def test_rule_ids_are_unique_across_the_knowledge(kb: KnowledgeBase) -> None:
    ids: list[str] = []
    for code in JURISDICTIONS:
        spec = kb.topic(f"classify/rules_{code.lower()}", JurisdictionFile)
        ids += [r.id for r in spec.rules] + [c.id for c in spec.risk_levels] + [spec.undecided.id]
    ids += [r.id for r in kb.topic("classify/categories", CategoriesFile).rules]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_each_jurisdiction_says_when_it_cannot_decide(code: str) -> None:
    # An exosome whose route is unknown, or a facelift "stem cell" with nothing else known.
    outcomes = {classify(t).rulings[code].rule for t in ("stem cell facelift", "exosome treatment")}
    outcomes |= {
        classify({"cell_source": "autologous", "tissue": "adipose", "indication": "aesthetic"})
        .rulings[code]
        .rule
    }
    assert f"{code.lower()}_undecided" in outcomes


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_each_jurisdiction_has_one_fallback_and_every_asked_attribute_has_a_question(code: str) -> None:
    kb = default_knowledge()
    spec = kb.topic(f"classify/rules_{code.lower()}", JurisdictionFile)
    assert sum(r.fallback for r in spec.rules) == 1
    questions = {q.attribute for q in kb.topic("classify/questions", QuestionsFile).questions}
    for rule in spec.rules:
        assert set(rule.asks) <= questions, rule.id
        assert rule.source and rule.as_of
