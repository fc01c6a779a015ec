"""How cue words meet text: possessives, Korean particles, gaps, noun families and negation.

These run the matchers on their own cues, so they hold whatever the vocabularies say.
"""

from __future__ import annotations

import pytest

from regencheck.classify import freetext_en, freetext_ko

EN_NEGATORS = frozenset(("not", "no", "without", "never"))
KO_NEGATORS = frozenset(("않다", "없다", "아니다", "없이", "안", "못", "무"))


def _en(text: str, *cues: str) -> list[tuple[str, str, bool]]:
    index = freetext_en.build_index((c, c) for c in cues)
    return [
        (m.payload, text[m.start : m.end], m.negated) for m in freetext_en.match(text, index, EN_NEGATORS, 2)
    ]


def _ko(text: str, *cues: str) -> list[tuple[str, str, bool]]:
    index = freetext_ko.build_index((c, c) for c in cues)
    return [
        (m.payload, text[m.start : m.end], m.negated) for m in freetext_ko.match(text, index, KO_NEGATORS, 3)
    ]


@pytest.mark.parametrize("text", ["a young donor's fat", "a young donor’s fat"])
def test_a_possessive_names_the_same_thing(text: str) -> None:
    assert _en(text, "donor") == [("donor", text[8:15], False)]


def test_a_gap_cue_spans_other_words_of_one_sentence_only() -> None:
    assert _en("fat from her inner thigh is injected", "fat ... injected")
    assert not _en("fat from her thigh. It is injected", "fat ... injected")


@pytest.mark.parametrize("text", ["지방을 뽑아서", "지방 뽑아서", "지방은 뽑고"])
def test_korean_role_particles_do_not_change_a_cue(text: str) -> None:
    assert [p for p, _, _ in _ko(text, "지방을 뽑다")] == ["지방을 뽑다"]


def test_the_korean_possessive_is_kept() -> None:
    assert not _ko("암 환자 대상", "환자의")


def test_a_korean_gap_cue_spans_other_morphemes_of_one_clause() -> None:
    found = _ko("배에서 뽑은 지방을 걸러서 손등에 이식합니다", "지방 ... 이식하다")
    assert [w for _, w, _ in found] == ["지방을 걸러서 손등에 이식합"]  # 합 = 하 + ㅂ니다
    assert not _ko("지방을 뽑았습니다. 다음 주에 이식합니다", "지방 ... 이식하다")


@pytest.mark.parametrize("text", ["폐암 4기", "췌장암 환자", "위암 3기"])
def test_a_suffix_part_matches_a_family_of_compound_nouns(text: str) -> None:
    assert [p for p, _, _ in _ko(text, "*암")] == ["*암"]


def test_a_negated_verb_after_a_list_negates_each_item() -> None:
    found = _ko("효소나 세포 분리 기계는 쓰지 않습니다", "효소", "세포 분리")
    assert {(p, neg) for p, _, neg in found} == {("효소", True), ("세포 분리", True)}


def test_particles_do_not_use_up_the_korean_negation_window() -> None:
    assert _ko("줄기세포 처리는 하지 않습니다", "줄기세포 처리") == [("줄기세포 처리", "줄기세포 처리", True)]
    assert _ko("배양한 세포를 원심분리하지 않고", "배양") == [("배양", "배양", False)]


def test_a_suffix_part_may_follow_a_word() -> None:
    assert [w for _, w, _ in _ko("환자 혈액세포를 역분화해", "환자 *세포")] == ["환자 혈액세포"]
    assert not _ko("환자 대상 세포", "환자 *세포")


@pytest.mark.parametrize("text", ["세포 분리·농축 과정 없음", "세포 분리 및 농축 과정 없음"])
def test_a_list_joined_by_a_middle_dot_or_and_is_negated_as_a_whole(text: str) -> None:
    assert _ko(text, "세포 분리") == [("세포 분리", "세포 분리", True)]


def test_a_comma_ends_the_negated_list() -> None:
    assert _ko("세포 분리, 배양 없이 당일 주입", "세포 분리") == [("세포 분리", "세포 분리", False)]


def test_a_verbal_noun_predicate_carries_the_negation() -> None:
    assert _ko("세포 분리 과정은 포함되지 않습니다", "세포 분리") == [("세포 분리", "세포 분리", True)]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("허벅지 지방을 효소 없이 분리", "지방"),
        ("줄기세포는 배양 없이 당일 주입", "줄기세포"),
        ("골수를 마취 없이 뽑아", "골수"),
    ],
)
def test_a_noun_after_a_role_particle_takes_the_negation_for_itself(text: str, cue: str) -> None:
    # Round 2 (ko19): "허벅지 지방을 효소 없이" denies the enzyme; the fat was read as denied too.
    assert _ko(text, cue) == [(cue, cue, False)]
    assert [neg for _, _, neg in _ko(text, "효소", "배양", "마취")] == [True]


@pytest.mark.parametrize(
    ("cue", "text", "meant"),
    [
        ("볼", "효과를 볼 수 있나요", "양 볼에 주사"),  # cheek, not the verb 보다
        ("피로", "피를 뽑아 원심분리", "피로가 심해서"),  # fatigue, not 피 (blood) plus a particle
        ("원내", "내 지방으로", "원내 처리실에서"),  # in-house, not 나의 ("my")
    ],
)
def test_a_noun_cue_is_not_indexed_under_a_verb_or_a_shorter_reading(cue: str, text: str, meant: str) -> None:
    assert not _ko(text, cue)
    assert _ko(meant, cue)
