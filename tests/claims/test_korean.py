"""Korean rules match inflected forms through Kiwi morphology."""

from __future__ import annotations

import pytest

from regencheck.claims import scan_text
from regencheck.claims.korean import analyzer, default_anchor, match_sequence
from regencheck.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("관절염이 완치됩니다.", "disease_treatment"),
        ("완치가 가능한 치료입니다.", "disease_treatment"),
        ("노화를 되돌려 드립니다.", "anti_aging_reversal"),
        ("노화를 되돌렸습니다.", "anti_aging_reversal"),
        ("시술 후 젊어집니다.", "anti_aging_reversal"),
        ("확실하게 젊어져요.", "anti_aging_reversal"),
        ("결과를 보장해 드립니다.", "guarantee"),
        ("부작용이 없어요.", "guarantee"),
    ],
)
def test_inflected_forms_match_their_dictionary_form(
    claims_kb: KnowledgeBase, text: str, category: str
) -> None:
    assert category in {f.category for f in scan_text(text, claims_kb).findings}


def test_a_morph_match_spans_the_inflected_words(claims_kb: KnowledgeBase) -> None:
    (finding,) = scan_text("줄기세포가 노화를 되돌려 드립니다.", claims_kb).findings
    assert finding.text == "노화를 되돌려"


def test_an_anchor_alone_is_not_a_match(claims_kb: KnowledgeBase) -> None:
    # 노화 appears, but nothing turns it back
    assert scan_text("노화는 자연스러운 과정입니다.", claims_kb).findings == []


def test_verb_anchors_drop_the_stem_syllable_that_inflection_changes() -> None:
    assert default_anchor((("되돌리", "V"),)) == "되돌"
    assert default_anchor((("완치", "N"), ("되", "V"))) == "완치"


def test_sequences_allow_a_small_gap_between_morphemes() -> None:
    kiwi = analyzer()
    tokens = kiwi.tokens("부작용 걱정이 전혀 없는 시술", 0, 16)
    pattern = kiwi.phrase_morphs("부작용이 없다")
    assert match_sequence(tokens, pattern, 0, 2) is not None
    assert match_sequence(tokens, pattern, 0, 0) is None
