"""An honest clinic that describes its SVF offering in words, not attributes, still verifies.

Issue 10: the dossier's offering "Small-volume liposuction from the abdomen; the SVF is
separated …" used to classify as unknown, leaving criteria 2.2, 3.1 and 3.2 unknown and the
verdict insufficient_evidence. The dossier is the verified sample with its structured therapy
replaced by that sentence.
"""

from __future__ import annotations

from typing import Any

import yaml

from regencheck.knowledge import KnowledgeBase
from regencheck.verify import load_registry, parse_dossier, verify_dossier

from .conftest import AS_OF, SAMPLES

OFFERING = (
    "Small-volume liposuction from the abdomen; the SVF is separated in the clinic's processing "
    "room on the same day without culture and mixed into the fat grafted to the mid-face during "
    "the facelift"
)


def _described_in_words(description: str) -> dict[str, Any]:
    path = SAMPLES / "dossiers" / "svf_facelift_verified.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["offering"] = {
        "marketing_name": "SVF-enriched fat grafting with facelift",
        "description": description,
        "indication": "aesthetic",
        "role": "adjunct",
        "base_procedure": "facelift",
    }
    return data


def _verify(data: dict[str, Any], kb: KnowledgeBase) -> Any:
    return verify_dossier(
        parse_dossier(data),
        kb,
        registry=load_registry(SAMPLES / "registry.csv"),
        as_of=AS_OF,
        base_dir=SAMPLES / "dossiers",
    )


def test_the_honest_svf_dossier_described_in_words_verifies_on_2_2_3_1_and_3_2(kb: KnowledgeBase) -> None:
    card = _verify(_described_in_words(OFFERING), kb)
    assert card.classification is not None
    assert card.classification["category"] == "autologous_svf_same_day"
    assert card.criterion("2.2").status == "not_applicable"
    assert card.criterion("3.1").status == "pass"
    assert card.criterion("3.2").status == "pass"
    assert card.verdict == "verified", card.verdict_reasons


def test_the_same_offering_in_korean_verifies_too(kb: KnowledgeBase) -> None:
    korean = "복부에서 소량 지방흡입 후 원내 처리실에서 같은 날 배양 없이 SVF를 분리해 안면거상 중 중안면에 이식하는 지방에 섞습니다"
    card = _verify(_described_in_words(korean), kb)
    assert card.classification is not None
    assert card.classification["category"] == "autologous_svf_same_day"
    assert [card.criterion(c).status for c in ("2.2", "3.1", "3.2")] == ["not_applicable", "pass", "pass"]
