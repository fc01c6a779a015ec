import re
import shutil
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from regencheck.knowledge import KnowledgeBase
from regencheck.reports import build_patient_report, render_html

from .conftest import make_case

GENERATED = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

# What each language's report must say: verdict, headings, the converted total, a schedule date.
EXPECTED = {
    "en": [
        "Verdict: Not verified",
        "The quote",
        "If something goes wrong",
        "IDR273,600,000",
        "₩24,000,000",
        "Questions to ask the clinic",
        "Monday, November 9, 2026",
        "1339",
    ],
    "id": [
        "Kesimpulan: Tidak terverifikasi",
        "Penawaran harga",
        "Jika terjadi masalah",
        "Rp273.600.000",
        "₩24.000.000",
        "Pertanyaan untuk klinik",
        "Senin, 09 November 2026",
        "1339",
    ],
    "ko": [
        "판정: 검증되지 않음",
        "견적",
        "문제가 생겼을 때",
        "IDR273,600,000",
        "₩24,000,000",
        "병원에 물어볼 질문",
        "2026년 11월 9일",
        "1339",
    ],
}
DISCLAIMER_START = {
    "en": "regencheck is decision support",
    "id": "regencheck adalah alat bantu",
    "ko": "regencheck는",
}


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"[ \t]+", " ", text)


@pytest.fixture(scope="module")
def pdfs(kb: KnowledgeBase, scorecard: dict[str, Any]) -> dict[str, bytes]:
    pytest.importorskip("weasyprint", reason="WeasyPrint or its Pango libraries are not installed")
    from regencheck.reports.pdf import html_to_pdf

    out = {}
    for language in EXPECTED:
        report = build_patient_report(
            kb=kb,
            language=language,
            generated_at=GENERATED,
            scorecard=scorecard,
            case=make_case(kb, language),
        )
        out[language] = html_to_pdf(render_html(report))
    return out


@pytest.mark.pdf
@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_pdf_in_each_language_states_the_verdict_figures_and_translated_headings(
    pdfs: dict[str, bytes], language: str
) -> None:
    text = pdf_text(pdfs[language])
    flat = text.replace("\n", " ")
    missing = [s for s in EXPECTED[language] if s not in flat]
    assert not missing, f"{language} PDF lacks {missing}"
    assert flat.count(DISCLAIMER_START[language]) == 1


@pytest.mark.pdf
def test_the_first_page_renders_to_an_image(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "report.pdf"
    source.write_bytes(pdfs["id"])
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")], check=True
    )
    (png,) = tmp_path.glob("p*.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_the_html_escapes_clinic_supplied_text(kb: KnowledgeBase, scorecard: dict[str, Any]) -> None:
    hostile = dict(scorecard, clinic="<script>alert(1)</script>")
    html = render_html(build_patient_report(kb=kb, language="en", generated_at=GENERATED, scorecard=hostile))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_report_lists_failed_critical_checks_first_with_the_engines_explanation(
    kb: KnowledgeBase, scorecard: dict[str, Any]
) -> None:
    report = build_patient_report(kb=kb, language="id", generated_at=GENERATED, scorecard=scorecard)
    first = report.reasons[0]
    assert (first["id"], first["status"], first["critical"]) == ("3.4", "gagal", "penting")
    assert {r["id"] for r in report.reasons} == {"1.4", "2.3", "3.4", "3.5", "4.3", "4.5"}


def test_the_report_names_the_missing_home_country_rules_instead_of_guessing(
    kb: KnowledgeBase, scorecard: dict[str, Any]
) -> None:
    report = build_patient_report(
        kb=kb, language="en", generated_at=GENERATED, scorecard=scorecard, home_country="ID"
    )
    assert report.therapy is not None and report.therapy["home_missing"] is True
    report = build_patient_report(
        kb=kb, language="en", generated_at=GENERATED, scorecard=scorecard, home_country="SG"
    )
    assert (
        report.therapy is not None
        and report.therapy["home"]["status_label"] == "Lawful only under conditions"
    )


def test_a_case_report_without_a_verification_still_gives_schedule_and_emergency_numbers(
    kb: KnowledgeBase,
) -> None:
    report = build_patient_report(kb=kb, language="ko", generated_at=GENERATED, case=make_case(kb, "ko"))
    assert report.verdict is None and report.schedule
    assert [c["number"] for c in report.contacts][:2] == ["119", "1339"]
    assert "timeline" in report.charts
