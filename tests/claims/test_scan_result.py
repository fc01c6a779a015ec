"""The scan result: spans, risk, summary, language, and the exact JSON shape of product.md."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.claims import scan_text
from regencheck.claims.matcher import char_offsets
from regencheck.knowledge import KnowledgeBase

SPEC_KEYS = {"source", "language", "risk", "findings", "suppressed", "summary"}
FINDING_KEYS = {
    "category",
    "severity",
    "rule",
    "start",
    "end",
    "text",
    "sentence",
    "explanation",
    "basis",
    "cue",
}


def test_the_json_has_the_spec_shape(claims_kb: KnowledgeBase) -> None:
    out = scan_text("We guarantee results. Do they cure arthritis?", claims_kb, source="page.txt").to_dict()
    assert set(out) == SPEC_KEYS
    assert out["source"] == "page.txt"
    assert out["risk"] == "high"
    assert out["summary"] == {"guarantee": 1}
    (finding,) = out["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding["basis"] and all(isinstance(b, str) for b in finding["basis"])
    (mention,) = out["suppressed"]
    assert {"start", "end", "text", "context"} <= set(mention)
    assert mention["context"] == "question"


def test_a_clean_text_has_no_risk(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Recovery usually takes two weeks.", claims_kb)
    assert result.risk == "none" and result.summary == {} and result.findings == []


def test_risk_is_the_highest_severity_found(claims_kb: KnowledgeBase) -> None:
    assert scan_text("Read our real patient stories.", claims_kb).risk == "medium"
    assert scan_text("Read our real patient stories. It cures dementia.", claims_kb).risk == "high"


def test_it_detects_the_language_from_the_hangul_share(claims_kb: KnowledgeBase) -> None:
    assert scan_text("줄기세포 시술 안내입니다.", claims_kb).language == "ko"
    assert scan_text("A guide to stem cell procedures.", claims_kb).language == "en"
    assert scan_text("12345 ---", claims_kb).language == "und"


def test_a_finding_carries_its_sentence(claims_kb: KnowledgeBase) -> None:
    text = "Welcome to Dr. Kim's clinic. Our cells cure arthritis in weeks. Call us."
    (finding,) = scan_text(text, claims_kb).findings
    assert finding.sentence == "Our cells cure arthritis in weeks."


def test_a_quote_signed_on_the_line_below_is_one_testimonial_spanning_both(claims_kb: KnowledgeBase) -> None:
    page = '## Stories\n"My knee pain is gone, I hike every weekend now."\n— Daniel R., 44, Leeds\n## Prices'
    quote = page.index('"My')
    testimonials = [f for f in scan_text(page, claims_kb).findings if f.category == "testimonial"]
    assert [(f.start, f.end) for f in testimonials] == [(quote, page.index("Leeds") + len("Leeds"))]


def test_byte_offsets_map_to_string_offsets() -> None:
    text = "é한x"
    data = text.encode()
    assert char_offsets(text, data, [0, 2, 5, 6]) == {0: 0, 2: 1, 5: 2, 6: 3}


unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="?"), max_size=40
)


@settings(max_examples=120)
@given(before=unicode_text, after=unicode_text)
def test_offsets_point_at_the_matched_text_whatever_surrounds_it(
    claims_kb: KnowledgeBase, before: str, after: str
) -> None:
    text = f"{before} We guarantee it. 관절염이 완치됩니다. {after}"
    result = scan_text(text, claims_kb)
    for f in result.findings:
        assert text[f.start : f.end] == f.text
        assert f.text in f.sentence
    for s in result.suppressed:
        assert text[s.start : s.end] == s.text
    assert any(f.text.lower() == "guarantee" for f in result.findings) or any(
        s.text.lower() == "guarantee" for s in result.suppressed
    )


@settings(max_examples=80)
@given(text=st.text(max_size=300))
def test_any_text_scans_without_error(claims_kb: KnowledgeBase, text: str) -> None:
    result = scan_text(text, claims_kb)
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)


def test_the_python_fallback_finds_what_hyperscan_finds(claims_kb: KnowledgeBase) -> None:
    from regencheck.claims.compiled import build_context, build_rules

    text = "Our cells cure arthritis. Zero downtime! Be wary of miracle cures. 노화를 되돌려 드립니다."
    fast = scan_text(text, claims_kb)
    claims_kb._cache["claims.rules.*"] = build_rules(claims_kb, backend="re")
    claims_kb._cache["claims.context"] = build_context(claims_kb, backend="re")
    try:
        slow = scan_text(text, claims_kb)
    finally:
        del claims_kb._cache["claims.rules.*"], claims_kb._cache["claims.context"]
    assert [(f.rule, f.start, f.end) for f in slow.findings] == [
        (f.rule, f.start, f.end) for f in fast.findings
    ]
    assert [s.context for s in slow.suppressed] == [s.context for s in fast.suppressed]


def test_the_public_api_is_pinned() -> None:
    import regencheck.claims as claims

    assert claims.__all__ == [
        "ClaimFinding",
        "ScanLimits",
        "ScanResult",
        "Suppressed",
        "scan_bytes",
        "scan_path",
        "scan_text",
    ]
