"""The language of a text: Hangul share for Korean, a word vote between Indonesian and English."""

from __future__ import annotations

import timeit
from pathlib import Path

import pytest

from regencheck.inputs import load_structured_file
from regencheck.text.language import detect_language

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "claims"

INDONESIAN_PAGE = (
    "Klinik kami di Gangnam menawarkan terapi sel punca untuk lutut dan wajah. Koordinator kami "
    "berbicara bahasa Indonesia dan akan menjemput Anda di bandara. Konsultasi dengan dokter "
    "berlangsung sekitar 30 menit, lalu lemak diambil dari perut dengan bius lokal."
)
ENGLISH_PAGE = (
    "Our clinic in Gangnam offers regenerative treatments for knees and skin. Our coordinators "
    "speak Bahasa Indonesia and will meet you at the airport. Dr. Hari Santoso reviews your scans "
    "before the procedure, and the laboratory processes the sample on the same day."
)


@pytest.mark.parametrize(
    "text",
    [
        INDONESIAN_PAGE,
        "Sel punca menyembuhkan diabetes",
        "Hasil dijamin 100%",
        "Awet muda 10 tahun",
        "Tanpa operasi",
        "Promo terbatas hanya hari ini",
        "Waspadai klinik yang menjanjikan kesembuhan total.",
        "Stem cell facial di Gangnam, diskon 50%!",
        "“Lutut saya—tidak sakit lagi!”",
    ],
)
def test_it_reads_indonesian_pages_and_short_offers_as_indonesian(text: str) -> None:
    assert detect_language(text) == "id"


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH_PAGE,
        "Stem cell cures diabetes",
        "No surgery",
        "Limited offer: 30% off stem cell package today only",
        "Dr. Hari Santoso is the best surgeon in Seoul, and his results are guaranteed.",
    ],
)
def test_it_reads_english_as_english_even_with_indonesian_names_in_it(text: str) -> None:
    assert detect_language(text) == "en"


def test_it_reads_hangul_as_korean_and_no_letters_as_undetermined() -> None:
    assert detect_language("줄기세포로 관절염 완치") == "ko"
    assert detect_language("줄기세포 시술, 100% 보장! Stem cell") == "ko"
    assert detect_language("") == "und"
    assert detect_language("1234 — 5%") == "und"


def test_a_long_page_is_judged_by_its_start_and_middle() -> None:
    assert detect_language(INDONESIAN_PAGE * 40) == "id"
    assert detect_language(ENGLISH_PAGE * 40 + INDONESIAN_PAGE) == "en"


@pytest.mark.parametrize(("name", "language"), [("sentences_en.yaml", "en"), ("sentences_ko.yaml", "ko")])
def test_no_english_or_korean_corpus_sentence_is_read_as_indonesian(name: str, language: str) -> None:
    items = load_structured_file(CORPUS / name)["items"]
    assert [i["text"] for i in items if detect_language(i["text"]) != language] == []


def test_every_indonesian_corpus_sentence_is_read_as_indonesian() -> None:
    items = load_structured_file(CORPUS / "sentences_id.yaml")["items"]
    assert [i["text"] for i in items if detect_language(i["text"]) != "id"] == []


def test_detection_stays_a_matter_of_microseconds() -> None:
    # It runs once per scanned document; a generous ceiling that still catches a regex or a
    # whole-text pass sneaking in (the vote costs about 15 µs on a 2 KB page).
    page = ENGLISH_PAGE * 20
    seconds = min(timeit.repeat(lambda: detect_language(page), number=200, repeat=3)) / 200
    assert seconds < 200e-6
