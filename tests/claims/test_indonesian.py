"""Indonesian offers (issue 12): claims are flagged with their category and exact span, and the
warnings, negations, questions, hypotheticals and reports about the same claims are not.

The learned sentence layer is trained on English and Korean only, so these tests scan with the
rules alone (`use_model=False`) wherever the model's verdict would matter; one test runs the
default to show that Indonesian text passes through the model without error.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.claims import scan_text
from regencheck.claims.compiled import compiled_rules
from regencheck.claims.schema import CATEGORIES
from regencheck.knowledge import KnowledgeBase

CLAIMS = [
    ("Sel punca menyembuhkan diabetes.", "disease_treatment", "menyembuhkan diabetes"),
    (
        "Setelah tiga sesi, nyeri lutut ibu itu hilang sepenuhnya.",
        "disease_treatment",
        "nyeri lutut ibu itu hilang",
    ),
    ("Awet muda 10 tahun dengan terapi sel punca.", "anti_aging_reversal", "Awet muda 10 tahun"),
    (
        "Eksosom kami membalikkan proses penuaan dari dalam.",
        "anti_aging_reversal",
        "membalikkan proses penuaan",
    ),
    ("Hasil dijamin 100%.", "guarantee", "dijamin 100%"),
    ("Facial sel punca kami tanpa efek samping.", "guarantee", "tanpa efek samping"),
    ("95% pasien puas dengan facelift SVF kami.", "unsupported_statistic", "95% pasien puas"),
    ("Terbukti secara klinis mengencangkan kulit.", "unsupported_statistic", "Terbukti secara klinis"),
    ("Suntikan sel punca plasenta untuk kulit bercahaya.", "restricted_cell_source", "sel punca plasenta"),
    ("Coba infus sel punca kami setelah penerbangan panjang.", "restricted_cell_source", "infus sel punca"),
    ("Serum sel punca kami dioleskan setelah microneedling.", "terminology_mismatch", "Serum sel punca"),
    ("Tanpa operasi.", "surgery_substitute", "Tanpa operasi"),
    (
        "Suntikan regeneratif sebagai pengganti operasi ganti lutut.",
        "surgery_substitute",
        "pengganti operasi ganti lutut",
    ),
    ("Klinik sel punca terbaik di Korea.", "superlative_comparison", "Klinik sel punca terbaik"),
    (
        "Satu-satunya klinik di Gangnam dengan laboratorium sendiri.",
        "superlative_comparison",
        "Satu-satunya klinik di Gangnam",
    ),
    ("Lihat testimoni pasien kami dan rasakan bedanya.", "testimonial", "testimoni"),
    ("Promo terbatas hanya hari ini.", "pressure_discount", "Promo terbatas hanya hari ini"),
    ("Daftar sekarang, kuota terbatas.", "pressure_discount", "kuota terbatas"),
    (
        "Terapi sel punca kami disetujui pemerintah Korea.",
        "regulatory_overclaim",
        "disetujui pemerintah Korea",
    ),
    ("Produk ini disetujui KFDA dan MFDS.", "regulatory_overclaim", "disetujui KFDA"),
]

MENTIONS = [
    ("Waspadai klinik yang menjanjikan kesembuhan total.", "disease_treatment", "warning"),
    ("Hati-hati dengan klinik yang bilang sel punca menyembuhkan diabetes.", "disease_treatment", "warning"),
    ("Jangan percaya iklan yang menjanjikan hasil dijamin 100%.", "guarantee", "warning"),
    (
        "Hindari klinik yang mengaku disetujui pemerintah Korea tanpa nomor izin.",
        "regulatory_overclaim",
        "warning",
    ),
    ("Jangan mudah tergiur promo terbatas dan diskon besar dari agen.", "pressure_discount", "warning"),
    ("Testimoni bukan bukti bahwa sebuah terapi berhasil.", "testimonial", "warning"),
    ("Sel punca tidak menyembuhkan diabetes.", "disease_treatment", "negated"),
    ("Terapi ini bukan pengganti operasi.", "surgery_substitute", "negated"),
    ("Hasil berbeda pada setiap pasien dan tidak dijamin.", "guarantee", "negated"),
    ("Tidak ada terapi yang dapat membalikkan penuaan.", "anti_aging_reversal", "negated"),
    ("Apakah sel punca bisa menyembuhkan diabetes?", "disease_treatment", "question"),
    ("Apakah prosedur ini benar-benar bebas risiko?", "guarantee", "question"),
    ("Benarkah infus sel punca membuat awet muda?", "anti_aging_reversal", "question"),
    (
        "Seandainya sel punca bisa menyembuhkan diabetes, uji klinisnya sudah terbit.",
        "disease_treatment",
        "hypothetical",
    ),
    ("Beberapa klinik mengklaim suntikan mereka menyembuhkan diabetes.", "disease_treatment", "reported"),
    ("Menurut iklan itu, terapinya membuat awet muda 10 tahun.", "anti_aging_reversal", "reported"),
    ("Sel punca diklaim bisa menggantikan operasi ganti lutut.", "surgery_substitute", "reported"),
    ("Infus sel punca itu bisa menyembuhkan stroke, katanya.", "disease_treatment", "reported"),
]


@pytest.mark.parametrize(("text", "category", "span"), CLAIMS, ids=[c[0][:40] for c in CLAIMS])
def test_an_indonesian_claim_is_flagged_with_its_category_and_exact_span(
    claims_kb: KnowledgeBase, text: str, category: str, span: str
) -> None:
    result = scan_text(text, claims_kb, use_model=False)
    found = [f for f in result.findings if f.category == category]
    assert [f.text for f in found][:1] == [span], [(f.category, f.text) for f in result.findings]
    f = found[0]
    assert text[f.start : f.end] == span
    assert f.start == text.index(span)
    assert f.rule.startswith("id.")
    assert f.basis and f.explanation


def test_the_claims_cover_all_eleven_categories() -> None:
    assert {c[1] for c in CLAIMS} == set(CATEGORIES)


@pytest.mark.parametrize(("text", "category", "context"), MENTIONS, ids=[m[0][:40] for m in MENTIONS])
def test_a_warning_negation_question_or_report_about_a_claim_is_not_flagged(
    claims_kb: KnowledgeBase, text: str, category: str, context: str
) -> None:
    result = scan_text(text, claims_kb, use_model=False)
    assert result.findings == []
    assert (category, context) in {(s.category, s.context) for s in result.suppressed}


def test_a_negated_risk_is_itself_the_claim(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Tidak ada risiko dan tanpa downtime.", claims_kb, use_model=False)
    assert [(f.category, f.text) for f in result.findings] == [
        ("guarantee", "Tidak ada risiko"),
        ("guarantee", "tanpa downtime"),
    ]


def test_a_rhetorical_why_surgery_question_is_still_a_claim(claims_kb: KnowledgeBase) -> None:
    text = "Kenapa harus operasi kalau sel Anda sendiri bisa mengencangkan wajah?"
    categories = {f.category for f in scan_text(text, claims_kb, use_model=False).findings}
    assert "surgery_substitute" in categories


def test_an_indonesian_offer_is_scanned_as_indonesian_and_an_english_one_as_english(
    claims_kb: KnowledgeBase,
) -> None:
    offer = "Sel punca menyembuhkan diabetes. Hasil dijamin 100%. Promo terbatas hanya hari ini."
    assert scan_text(offer, claims_kb, use_model=False).language == "id"
    assert scan_text("Our stem cells cure diabetes.", claims_kb, use_model=False).language == "en"


def test_asking_for_indonesian_runs_the_indonesian_pack_alone(claims_kb: KnowledgeBase) -> None:
    assert "id" in compiled_rules(claims_kb).languages
    text = "Our stem cells cure diabetes. Sel punca menyembuhkan diabetes."
    rules = {f.rule for f in scan_text(text, claims_kb, language="id", use_model=False).findings}
    assert rules == {"id.disease.cure-verb"}


def test_the_indonesian_pack_stays_silent_on_english_and_korean_pages(claims_kb: KnowledgeBase) -> None:
    text = (
        "Our stem cell therapy cures arthritis. Get 40% off all stem cell packages until Sunday. "
        "Be wary of clinics that promise no side effects. 줄기세포로 관절염을 완치합니다. 부작용 없음."
    )
    result = scan_text(text, claims_kb, use_model=False)
    assert result.findings
    assert not [f.rule for f in [*result.findings, *result.suppressed] if f.rule.startswith("id.")]


def test_a_mixed_page_is_read_sentence_by_sentence(claims_kb: KnowledgeBase) -> None:
    text = "Waspadai klinik yang menjanjikan kesembuhan total. Our injections cure arthritis. Tanpa operasi."
    result = scan_text(text, claims_kb, use_model=False)
    assert {(f.category, f.text) for f in result.findings} == {
        ("disease_treatment", "cure arthritis"),
        ("surgery_substitute", "Tanpa operasi"),
    }
    assert [(s.context, s.text) for s in result.suppressed] == [("warning", "kesembuhan total")]


def test_the_default_scan_with_the_learned_layer_runs_on_indonesian_text(claims_kb: KnowledgeBase) -> None:
    text = (
        "Sel punca menyembuhkan diabetes. Awet muda 10 tahun. Tanpa operasi. "
        "Waspadai klinik yang menjanjikan kesembuhan total."
    )
    result = scan_text(text, claims_kb)
    assert result.language == "id"
    assert result.error is None
    for f in result.findings:
        assert text[f.start : f.end] == f.text


PHRASES = (
    "sel punca", "stem cell", "menyembuhkan diabetes", "awet muda 10 tahun", "hasil dijamin 100%",
    "tanpa operasi", "tanpa efek samping", "promo terbatas", "hanya hari ini", "waspadai klinik",
    "yang menjanjikan", "kesembuhan total", "tidak", "bukan", "apakah", "jika", "menurut", "katanya",
    "terbaik di Korea", "satu-satunya", "disetujui pemerintah", "KFDA", "diskon 30%", "kuota",
    "testimoni pasien", "kami", "Anda", "suntikan", "infus", "plasenta", "serum",
)  # fmt: skip
indonesian_ish = st.lists(
    st.one_of(
        st.sampled_from(PHRASES),
        st.sampled_from([".", ",", "?", "!", "\n", "—", "“", "”", ":", " - "]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=150)
@given(text=indonesian_ish)
def test_every_span_lies_inside_the_text_and_holds_the_reported_words(
    claims_kb: KnowledgeBase, text: str
) -> None:
    result = scan_text(text, claims_kb, use_model=False)
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.text in f.sentence
    for s in result.suppressed:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
