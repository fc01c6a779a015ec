"""An approved product is on label only for its labelled use, not for its whole indication class."""

from __future__ import annotations

import pytest

from regencheck.classify import classify


@pytest.mark.parametrize(
    "text",
    [
        "Cartistem injected into the shoulder for a rotator cuff tear",
        "카티스템을 어깨 회전근개 파열 부위에 주입",
        "Immuncell-LC for pancreatic cancer",
    ],
)
def test_another_use_of_the_same_kind_is_off_label(text: str) -> None:
    result = classify(text)
    assert result.approved_product is not None
    assert result.approved_product.on_label is False
    assert result.rulings["KR"].status == "conditional"  # inside the Act, not an approved use


@pytest.mark.parametrize(
    "text",
    [
        "Cartistem for cartilage loss in the knee from osteoarthritis",
        "카티스템 – 퇴행성 관절염으로 인한 무릎 연골 결손",
        "Immuncell-LC after her liver cancer resection",
        "로즈미르 눈밑 주름 치료",
        "Cartistem knee injection",  # "knee" inside the longer cue "knee injection"
    ],
)
def test_the_labelled_use_is_on_label(text: str) -> None:
    result = classify(text)
    assert result.approved_product is not None and result.approved_product.on_label is True
    assert result.rulings["KR"].status == "permitted"


def test_words_that_fit_the_label_without_naming_it_keep_the_old_reading() -> None:
    result = classify("Cartistem for osteoarthritis")
    assert result.approved_product is not None and result.approved_product.on_label is True


def test_a_structured_product_name_without_text_is_judged_by_its_indication() -> None:
    result = classify({"product_name": "Cartistem", "indication": "orthopedic"})
    assert result.rulings["KR"].status == "permitted"
