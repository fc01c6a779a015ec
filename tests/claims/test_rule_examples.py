"""Every rule's own example sentences: positives are flagged by that rule, negatives are not."""

from __future__ import annotations

import pytest

from regencheck.claims import scan_text
from regencheck.claims.schema import CATEGORIES, RulePack
from regencheck.knowledge import KnowledgeBase
from regencheck.knowledge.loader import DATA_DIR, load_knowledge


def _packs() -> list[RulePack]:
    from regencheck.inputs import load_structured_file

    return [
        RulePack.model_validate(load_structured_file(path))
        for path in sorted((DATA_DIR / "claims").glob("rules_*.yaml"))
    ]


LANGUAGES = [p.language for p in _packs()]
EXAMPLES = [
    pytest.param(rule.id, sentence, positive, id=f"{rule.id}-{'pos' if positive else 'neg'}{i}")
    for pack in _packs()
    for rule in pack.rules
    for positive, sentences in ((True, rule.examples.positive), (False, rule.examples.negative))
    for i, sentence in enumerate(sentences)
]


@pytest.mark.parametrize(("rule_id", "sentence", "positive"), EXAMPLES)
def test_each_rule_flags_its_positive_examples_and_spares_its_negatives(
    claims_kb: KnowledgeBase, rule_id: str, sentence: str, positive: bool
) -> None:
    fired = {f.rule for f in scan_text(sentence, claims_kb).findings}
    if positive:
        assert rule_id in fired, f"{rule_id} did not flag: {sentence}"
    else:
        assert rule_id not in fired, f"{rule_id} flagged a negative example: {sentence}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_covers_all_eleven_categories(language: str) -> None:
    pack = next(p for p in _packs() if p.language == language)
    assert {r.category for r in pack.rules} == set(CATEGORIES)


def test_every_rule_cites_a_basis_the_knowledge_base_defines(claims_kb: KnowledgeBase) -> None:
    for pack in _packs():
        for rule in pack.rules:
            assert all(b in claims_kb.sources for b in rule.basis), rule.id


def test_a_rule_without_patterns_is_refused_with_its_id(tmp_path: object) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="needs at least one of phrases"):
        RulePack.model_validate(
            {
                "language": "en",
                "rules": [
                    {
                        "id": "x.empty",
                        "category": "guarantee",
                        "severity": "high",
                        "explanation": "e",
                        "basis": ["seed_000"],
                        "examples": {"positive": ["p"]},
                        "source": ["seed_000"],
                        "as_of": "2026-01-01",
                    }
                ],
            }
        )


def test_a_misspelt_category_names_the_allowed_values() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="disease_treatment"):
        RulePack.model_validate(
            {
                "language": "en",
                "rules": [
                    {
                        "id": "x.typo",
                        "category": "disease_treatmnet",
                        "severity": "high",
                        "explanation": "e",
                        "basis": ["seed_000"],
                        "phrases": ["cure"],
                        "examples": {"positive": ["p"]},
                        "source": ["seed_000"],
                        "as_of": "2026-01-01",
                    }
                ],
            }
        )


def test_load_knowledge_is_importable_here() -> None:
    assert callable(load_knowledge)
