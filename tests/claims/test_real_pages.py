"""Pages shaped like real clinic pages (navigation, cookie banner, footer, inline scripts, a
legacy Korean encoding) still give findings whose offsets point into the extracted text."""

from __future__ import annotations

from pathlib import Path

from regencheck.claims import scan_path
from regencheck.knowledge import KnowledgeBase

KOREAN_PAGE = """<html><head><meta charset="euc-kr"><title>강남 재생의원</title>
<script>var banner = "부작용 없이 평생 유지";</script><style>p{color:red}</style></head><body>
<nav>홈 | 병원소개 | 예약</nav><div id="cookie">쿠키를 사용합니다. <button>동의</button></div>
<main><article><h1>줄기세포 리프팅 안내</h1>
<p>줄기세포 시술로 관절염 완치! 부작용 없이 안전하게 받으실 수 있습니다.</p>
<p>단 하루 이벤트 50% 할인. 식약처 인증 받은 안전한 시술입니다.</p>
<p>완치를 약속하는 광고에 현혹되지 마세요.</p>
</article></main><footer>개인정보처리방침<script>track("100% 환불")</script></footer></body></html>"""


def test_a_euc_kr_clinic_page_is_flagged_with_offsets_into_its_main_text(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    page = tmp_path / "clinic.html"
    page.write_bytes(KOREAN_PAGE.encode("euc-kr"))
    result = scan_path(page, claims_kb)
    text = result.text_extracted
    assert result.error is None and text is not None
    assert "banner" not in text and "track(" not in text and "color:red" not in text
    assert {"disease_treatment", "guarantee", "pressure_discount", "regulatory_overclaim"} <= {
        f.category for f in result.findings
    }
    assert all(text[f.start : f.end] == f.text for f in result.findings)
    assert not any("환불" in f.text for f in result.findings)
    assert any("현혹" in s.sentence for s in result.suppressed)
