"""Co-occurrence rules: semantic fields meeting in one sentence catch wordings no phrase lists."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from regencheck.claims import scan_text
from regencheck.claims.schema import CATEGORIES, FieldPack, RulePack
from regencheck.errors import KnowledgeError
from regencheck.inputs import load_structured_file
from regencheck.knowledge import KnowledgeBase
from regencheck.knowledge.loader import DATA_DIR


def _packs() -> list[RulePack]:
    return [
        RulePack.model_validate(load_structured_file(path))
        for path in sorted((DATA_DIR / "claims").glob("rules_*.yaml"))
    ]


LANGUAGES = [p.language for p in _packs()]
EXAMPLES = [
    pytest.param(
        rule.id, rule.category, sentence, positive, id=f"{rule.id}-{'pos' if positive else 'neg'}{i}"
    )
    for pack in _packs()
    for rule in pack.cooccurrence
    for positive, sentences in ((True, rule.examples.positive), (False, rule.examples.negative))
    for i, sentence in enumerate(sentences)
]


@pytest.mark.parametrize(("rule_id", "category", "sentence", "positive"), EXAMPLES)
def test_each_cooccurrence_rule_flags_its_positives_and_spares_its_negatives(
    claims_kb: KnowledgeBase, rule_id: str, category: str, sentence: str, positive: bool
) -> None:
    findings = scan_text(sentence, claims_kb).findings
    if positive:
        # A phrase rule of the same category and span wins the deduplication, so the category
        # is what must be flagged.
        assert category in {f.category for f in findings}, f"{rule_id} did not flag: {sentence}"
    else:
        assert rule_id not in {f.rule for f in findings}, f"{rule_id} flagged a negative: {sentence}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_cooccurrence_rules_for_most_categories(language: str) -> None:
    pack = next(p for p in _packs() if p.language == language)
    assert len({r.category for r in pack.cooccurrence}) >= len(CATEGORIES) - 1


def test_it_flags_a_disease_claim_in_words_no_phrase_rule_lists(claims_kb: KnowledgeBase) -> None:
    text = "Our cells mend the frayed meniscus and ease the knee pain."
    found = [f for f in scan_text(text, claims_kb).findings if f.rule == "en.co.disease-effect"]
    assert found, "no co-occurrence finding"
    f = found[0]
    assert text[f.start : f.end] == f.text
    assert "disease" in f.cue and "effect" in f.cue


def test_a_warning_about_the_same_words_is_suppressed(claims_kb: KnowledgeBase) -> None:
    result = scan_text(
        "Be wary of clinics whose injections rebuild worn knee cartilage, they say.", claims_kb
    )
    assert not [f for f in result.findings if f.category == "disease_treatment"]
    assert any(s.category == "disease_treatment" for s in result.suppressed)


def test_a_negated_risk_in_marketing_voice_is_the_claim(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Walk out with zero scarring after the procedure.", claims_kb)
    assert "guarantee" in {f.category for f in result.findings}


def test_words_far_apart_in_a_long_explanatory_sentence_do_not_fire(claims_kb: KnowledgeBase) -> None:
    text = (
        "Donor selection for the fat-grafting stage follows the surgeon's written protocol, and only "
        "much later, after a consultation about goals, does the team discuss any aesthetic finishing."
    )
    assert "en.co.restricted-cosmetic" not in {f.rule for f in scan_text(text, claims_kb).findings}


def test_one_finding_per_category_and_span_when_a_phrase_rule_also_fires(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Our stem cell therapy cures arthritis.", claims_kb)
    disease = [f for f in result.findings if f.category == "disease_treatment"]
    assert len(disease) == 1
    assert not disease[0].rule.startswith("en.co.")


def test_a_korean_disease_claim_in_new_words_is_flagged(claims_kb: KnowledgeBase) -> None:
    text = "저희 재생 주사로 오십견 통증이 말끔히 사라집니다."
    found = [f for f in scan_text(text, claims_kb).findings if f.category == "disease_treatment"]
    assert found
    assert text[found[0].start : found[0].end] == found[0].text


def test_a_rule_naming_an_unknown_field_is_refused_at_load(claims_kb: KnowledgeBase) -> None:
    from regencheck.claims.compiled import _add_fields

    pack = RulePack.model_validate(
        {
            "language": "en",
            "rules": [],
            "cooccurrence": [
                {
                    "id": "en.co.x",
                    "category": "guarantee",
                    "severity": "high",
                    "explanation": "x",
                    "basis": ["seed_000"],
                    "all_of": [["certainty"], ["no_such_field"]],
                    "source": ["seed_000"],
                    "as_of": "2026-11-22",
                    "examples": {"positive": ["x"]},
                }
            ],
        }
    )
    fields = FieldPack.model_validate(load_structured_file(DATA_DIR / "claims" / "fields_en.yaml"))
    with pytest.raises(KnowledgeError, match="no_such_field"):
        _add_fields(claims_kb, pack, fields, [], [])


def test_a_cooccurrence_rule_needs_two_groups() -> None:
    with pytest.raises(ValidationError, match="all_of"):
        RulePack.model_validate(
            {
                "language": "en",
                "rules": [],
                "cooccurrence": [
                    {
                        "id": "en.co.y",
                        "category": "guarantee",
                        "severity": "high",
                        "explanation": "y",
                        "basis": ["seed_000"],
                        "all_of": [["certainty"]],
                        "source": ["seed_000"],
                        "as_of": "2026-11-22",
                        "examples": {"positive": ["y"]},
                    }
                ],
            }
        )


def test_cooccurrence_spans_are_exact_and_start_and_end_on_words(claims_kb: KnowledgeBase) -> None:
    sentences = [p.values[2] for p in EXAMPLES if p.values[3]]
    sentences.append("Our cells mend the frayed meniscus and ease the knee pain.")
    for sentence in sentences:
        for f in scan_text(sentence, claims_kb).findings:
            assert sentence[f.start : f.end] == f.text
            if ".co." in f.rule:
                assert f.text == f.text.strip(), f"span has surrounding spaces: {f.text!r}"
