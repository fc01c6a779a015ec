"""The bundled sample pages (used by the verification samples) scan as their authors intend."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.claims import scan_path
from regencheck.knowledge import KnowledgeBase

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "regencheck" / "samples" / "marketing"
SEEDS = Path("/work/shared/seeds")


def test_the_advertorial_is_flagged_across_most_categories(claims_kb: KnowledgeBase) -> None:
    result = scan_path(SAMPLES / "advertorial_en.html", claims_kb)
    assert result.risk == "high"
    assert len(result.summary) >= 9


def test_the_korean_advert_is_flagged_in_korean(claims_kb: KnowledgeBase) -> None:
    result = scan_path(SAMPLES / "advert_ko.html", claims_kb)
    assert result.language == "ko" and result.risk == "high"
    assert {"anti_aging_reversal", "guarantee", "restricted_cell_source", "pressure_discount"} <= set(
        result.summary
    )


@pytest.mark.parametrize("name", ["responsible_en.html", "consent_en.txt"])
def test_responsible_texts_have_no_findings_but_suppressed_mentions(
    claims_kb: KnowledgeBase, name: str
) -> None:
    result = scan_path(SAMPLES / name, claims_kb)
    assert result.findings == []
    assert result.suppressed


def test_a_promotional_korean_consent_form_is_flagged(claims_kb: KnowledgeBase) -> None:
    result = scan_path(SAMPLES / "consent_ko.txt", claims_kb)
    assert {"anti_aging_reversal", "guarantee"} <= set(result.summary)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents are not in this checkout")
def test_the_responsible_seed_guide_yields_no_findings(claims_kb: KnowledgeBase) -> None:
    (seed,) = SEEDS.glob("000_*.txt")
    assert scan_path(seed, claims_kb).findings == []
