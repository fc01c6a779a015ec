"""Extraction: text, Markdown, HTML and PDF become text; bad inputs become errors, never crashes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regencheck.claims import ScanLimits, scan_path
from regencheck.claims.extract import ExtractionError, extract_bytes, html_text
from regencheck.knowledge import KnowledgeBase

from .pdf_helpers import encrypted_pdf, text_pdf

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "regencheck" / "samples" / "marketing"


def test_a_text_file_is_scanned_as_given_with_offsets_into_the_file(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Intro.\nWe guarantee results.\n", encoding="utf-8")
    result = scan_path(page, claims_kb)
    (finding,) = result.findings
    assert page.read_text(encoding="utf-8")[finding.start : finding.end] == "guarantee"
    assert result.text_extracted is None


def test_invalid_utf8_is_replaced_not_fatal(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    page = tmp_path / "bad.md"
    page.write_bytes(
        b"# Offer\n\xff\xfe We guarantee results for everyone, forever and ever, at our clinic.\n"
    )
    result = scan_path(page, claims_kb)
    assert result.error is None
    assert [f.category for f in result.findings] == ["guarantee"]
    assert any("replaced" in n for n in result.notes)


def test_a_euc_kr_text_is_decoded_and_returned_as_extracted_text(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    page = tmp_path / "legacy.txt"
    page.write_bytes(("관절염이 완치됩니다. 부작용이 없습니다. " * 5).encode("euc-kr"))
    result = scan_path(page, claims_kb)
    assert result.error is None
    assert result.text_extracted is not None and "완치" in result.text_extracted
    assert {"disease_treatment", "guarantee"} <= set(result.summary)


def test_html_main_text_keeps_blocks_apart_and_drops_scripts() -> None:
    html = b"<html><head><title>T</title><script>var cure='arthritis';</script></head><body><p>One <b>bold</b> line</p><p>Two</p></body></html>"
    text = html_text(html, "p.html").text
    assert "var cure" not in text
    assert "One bold line\nTwo" in text


def test_broken_html_still_yields_its_text() -> None:
    text = html_text(b"<div><p>We guarantee <b>results<p>and more</div></span>", "broken.html").text
    assert "We guarantee results" in text


def test_html_declared_in_euc_kr_is_decoded() -> None:
    html = '<html><head><meta charset="euc-kr"></head><body><p>부작용이 없습니다</p></body></html>'.encode(
        "euc-kr"
    )
    assert "부작용이 없습니다" in html_text(html, "ko.html").text


def test_html_offsets_refer_to_the_extracted_text(claims_kb: KnowledgeBase) -> None:
    result = scan_path(SAMPLES / "advertorial_en.html", claims_kb)
    assert result.text_extracted is not None
    for f in result.findings:
        assert result.text_extracted[f.start : f.end] == f.text
    assert "text_extracted" in result.to_dict()


def test_a_pdf_is_scanned_through_its_text(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    pdf = tmp_path / "brochure.pdf"
    pdf.write_bytes(text_pdf(["Stem cells cure arthritis.", "Results are guaranteed."]))
    result = scan_path(pdf, claims_kb)
    assert result.error is None
    assert {"disease_treatment", "guarantee"} <= set(result.summary)
    assert result.text_extracted is not None


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("locked.pdf", None, "encrypted"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", "PDF"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("empty.txt", b"   \n", "empty"),
        ("photo.jpg", b"\xff\xd8\xff", "unsupported file type"),
    ],
)
def test_bad_inputs_become_errors_naming_the_file(
    claims_kb: KnowledgeBase, tmp_path: Path, name: str, data: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(encrypted_pdf() if data is None else data)
    result = scan_path(path, claims_kb)
    assert result.error is not None
    assert str(path) in result.error and reason in result.error
    assert result.to_dict()["error"] == result.error
    assert result.risk == "none"


def test_the_size_limit_is_configurable_and_reported(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"We guarantee results. " * 1000)
    result = scan_path(big, claims_kb, limits=ScanLimits(max_bytes=1000))
    assert result.error is not None and "over the limit of 1,000" in result.error
    assert scan_path(big, claims_kb, limits=ScanLimits(max_bytes=100_000)).error is None


def test_a_missing_file_is_an_error(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    result = scan_path(tmp_path / "nope.txt", claims_kb)
    assert result.error is not None and "not found" in result.error


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_error(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("We guarantee results.", encoding="utf-8")
    locked.chmod(0)
    try:
        result = scan_path(locked, claims_kb)
    finally:
        locked.chmod(0o600)
    assert result.error is not None and "permission denied" in result.error


def test_extract_bytes_sniffs_stdin_content() -> None:
    limits = ScanLimits()
    assert (
        extract_bytes(b"<!DOCTYPE html><html><body><p>Hi there</p></body></html>", "-", limits).kind == "html"
    )
    assert extract_bytes(text_pdf(["Hello"]), "-", limits).kind == "pdf"
    assert extract_bytes(b"plain words", "-", limits).kind == "text"
    with pytest.raises(ExtractionError):
        extract_bytes(b"", "-", limits)
