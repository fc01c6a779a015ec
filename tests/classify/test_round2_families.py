"""Families that held-out round 2 missed after issue 10, fixed by family rather than by sentence.

Round 2 is spent (docs/classify_eval.md); these wordings are our own, in English and Korean, and
each test failed before its family was added. The dev set (`corpus/classify/dev/dev4_*.yaml`)
keeps further wordings of every family.
"""

from __future__ import annotations

import pytest

from regencheck.classify import classify

BMAC_DRAWN_AND_SPUN = [
    "Bone marrow is drawn from your hip bone, spun right away in the procedure room and the concentrate is injected into your knee.",
    "Marrow taken from the back of the pelvis, concentrated in the procedure room and injected into the ankle joint.",
    "본인 엉덩이뼈에서 골수를 뽑아 바로 원심분리한 뒤 무릎 관절에 주사합니다.",
    "장골에서 뽑은 골수를 시술실에서 바로 돌려서 무릎 관절강에 주입",
    "골반뼈에서 골수를 뽑아 곧바로 원심분리한 농축액을 어깨 관절에 넣습니다",
]


@pytest.mark.parametrize("text", BMAC_DRAWN_AND_SPUN)
def test_own_marrow_spun_at_once_for_a_joint_is_inside_the_act_at_low_risk(text: str) -> None:
    result = classify(text)
    assert result.category == "unknown"  # no contract category is a marrow concentrate
    assert result.attributes["cell_source"] == "autologous"
    assert result.attributes["indication"] == "orthopedic"
    kr = result.rulings["KR"]
    assert (kr.status, kr.risk_level) == ("conditional", "low"), kr.summary


def test_the_hip_bone_marrow_is_taken_from_is_not_a_buttock_procedure() -> None:
    result = classify("엉덩이뼈에서 골수를 채취해 무릎에 주사")
    assert result.attributes.get("indication") == "orthopedic"
    assert not any(e.cue == "ko_aesthetic" for e in result.evidence)
