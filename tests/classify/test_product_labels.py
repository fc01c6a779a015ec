"""An approved product is on label only for its labelled use, not for its whole indication class."""

from __future__ import annotations

import pytest

from regencheck.classify import classify
from regencheck.classify.tables import tables_for
from regencheck.knowledge import KnowledgeBase


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


@pytest.mark.parametrize(
    "text",
    [
        "Cartistem into the shoulder for a torn tendon; it is the same approved stem cell they use for knees",
        "Our doctor injects Cartistem into the hip joint as well as knees",
        "Cartistem injected into the ankle after a sprain, same approved product as for knees",
        "Cartistem for lumbar disc degeneration in the lower back",
        "카티스템으로 고관절(엉덩이 관절) 연골도 재생할 수 있어요. 무릎이랑 같은 허가 제품입니다",
        "카티스템을 어깨에 맞았어요, 무릎 주사랑 같은 줄기세포래요",
        "카티스템 척추 디스크 주사",
        "카티스템 발목 연골 재생",
    ],
)
def test_a_site_outside_the_label_is_off_label_even_beside_the_labelled_site(text: str) -> None:
    result = classify(text)
    assert result.approved_product is not None and result.approved_product.on_label is False
    kr = result.rulings["KR"]
    assert (kr.status, kr.risk_level) == ("conditional", "high"), kr.summary
    assert "kr_cond_high_treatment" in {c.id for c in kr.conditions}  # research at the same institution
    assert kr.facility_required == "designated_institution_with_licensed_cell_processing"


@pytest.mark.parametrize(
    "text",
    ["Cartistem injected into the face and neck for anti-aging", "카티스템 얼굴 주름 개선 주사"],
)
def test_an_approved_joint_product_in_the_face_is_not_permitted(text: str) -> None:
    result = classify(text)
    assert result.approved_product is not None and result.approved_product.on_label is False
    assert result.rulings["KR"].status == "not_permitted"


def test_a_wider_site_keeps_the_label_and_a_neighbouring_one_leaves_it() -> None:
    assert classify("Rosmir injected into the face under the eyes").rulings["KR"].status == "permitted"
    off = classify("로즈미르 눈밑·이마 주름")
    assert off.approved_product is not None and off.approved_product.on_label is False
    assert off.rulings["KR"].status == "not_permitted"  # cultured cells for a cosmetic goal


def test_where_tissue_is_taken_names_no_site() -> None:
    # "From the hip bone" names where the patient's tissue is taken, not where it is given.
    result = classify(
        "Chondron: cells taken from the hip bone are cultured and implanted into the knee defect"
    )
    assert result.approved_product is not None and result.approved_product.on_label is True


def test_every_labelled_site_is_a_known_site(kb: KnowledgeBase) -> None:
    tables = tables_for(kb)
    labelled = {p.id: p.label_sites for p in tables.products.values() if p.label_sites}
    assert labelled["cartistem"] == ["knee"] and labelled["rosmir"] == ["under_eye"]
    assert tables.label_scope["rosmir"] == {"under_eye", "face"}


@pytest.mark.parametrize(
    "text",
    [
        "Cartistem implantation for knee cartilage defects, performed under spinal anaesthesia",
        "Cartistem knee injection after a face-to-face consultation",
        "카티스템 무릎 주사 효과를 볼 수 있나요",
        "카티스템 무릎 연골 재생, 척추 마취 후 시행",
    ],
)
def test_body_words_that_name_no_treated_site_keep_the_label(text: str) -> None:
    result = classify(text)
    assert result.approved_product is not None and result.approved_product.on_label is True
    assert result.rulings["KR"].status == "permitted"
