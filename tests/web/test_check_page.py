"""The public "check my offer" page: no account, nothing stored, capped, throttled, translated."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from regencheck.store.models import AuditEntry

from .conftest import TestClient, csrf_of

pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)

OFFER = (
    "Stem cell facelift with your own fat: autologous fat harvested by liposuction, SVF isolated "
    "and injected back the same day. Guaranteed results, 100% safe!\n"
    "Facelift ..... ₩8,000,000\nSVF processing ..... ₩4,500,000\n"
)


def _post(client: TestClient, **fields: str) -> object:
    token = csrf_of(client.get("/check").text)
    return client.post("/check", data={"csrf_token": token} | fields)


def test_a_visitor_without_an_account_checks_an_offer_and_nothing_is_stored(
    app: FastAPI, client: TestClient
) -> None:
    with app.state.service.db.reading() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    response = _post(client, text=OFFER, home_country="SG", lang="en")
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert 'data-category="autologous_svf_same_day"' in html
    assert '<mark class="finding sev-high"' in html and "Questions to ask the clinic" in html
    assert re.search(r'<tr id="quote-total"><th>Total</th><th>₩12,500,000</th><th>SGD[\d,.]+</th>', html)
    with app.state.service.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_a_quote_with_a_cited_price_range_draws_the_price_against_it(client: TestClient) -> None:
    quote = "PRP for hair loss, 2 sessions ..... ₩600,000\nTotal ₩600,000"
    html = _post(client, text=quote, home_country="ID", kind="quote", lang="id").text  # type: ignore[attr-defined]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "300.000" in html


def test_the_language_follows_the_browser_then_the_choice_which_is_remembered(client: TestClient) -> None:
    korean = client.get("/check", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"}).text
    assert '<html lang="ko">' in korean and "제안 확인하기" in korean
    chosen = client.get("/check?lang=id", headers={"Accept-Language": "ko"}).text
    assert '<html lang="id">' in chosen and "Periksa penawaran" in chosen
    again = client.get("/check", headers={"Accept-Language": "ko"}).text
    assert '<html lang="id">' in again, "the choice is remembered over the browser's default"
    result = _post(client, text=OFFER, home_country="ID", lang="id").text  # type: ignore[attr-defined]
    assert "Di Korea" in result and "Rp" in result and "regencheck adalah" in result


def test_too_long_a_text_gets_a_clear_message_in_the_patients_language(
    app: FastAPI, client: TestClient
) -> None:
    limit = app.state.service.settings.check_max_chars
    response = _post(client, text="a" * (limit + 1), lang="ko")
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "한도" in response.text and "Traceback" not in response.text  # type: ignore[attr-defined]


def test_the_check_is_rate_limited_per_address(app: FastAPI, client: TestClient) -> None:
    allowed = app.state.service.settings.check_per_minute
    statuses = [_post(client, text="PRP for hair loss").status_code for _ in range(allowed + 1)]  # type: ignore[attr-defined]
    assert statuses[:allowed] == [200] * allowed and statuses[-1] == 429


def test_the_form_needs_its_csrf_token(client: TestClient) -> None:
    assert client.post("/check", data={"text": OFFER}).status_code == 403


def test_an_uploaded_page_is_read_as_text(client: TestClient) -> None:
    token = csrf_of(client.get("/check").text)
    page = b"<html><body><p>Our stem cells cure arthritis. Guaranteed results.</p><script>x()</script></body></html>"
    response = client.post(
        "/check", data={"csrf_token": token, "lang": "en"}, files={"file": ("offer.html", page, "text/html")}
    )
    assert response.status_code == 200 and "sev-high" in response.text and "x()" not in response.text
    wrong = client.post(
        "/check", data={"csrf_token": token}, files={"file": ("offer.exe", b"MZ", "application/octet-stream")}
    )
    assert wrong.status_code == 422 and "Upload a .txt" in wrong.text


@pytest.mark.pdf
@pytest.mark.parametrize(("language", "heading"), [("ko", "한국에서"), ("id", "Di Korea")])
def test_the_answer_downloads_as_a_pdf_in_the_patients_language(
    client: TestClient, language: str, heading: str
) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint or its Pango libraries are not installed")
    from io import BytesIO

    from pypdf import PdfReader

    response = _post(client, text=OFFER, home_country="SG", lang=language, format="pdf")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/pdf"  # type: ignore[attr-defined]
    assert "attachment" in response.headers["content-disposition"]  # type: ignore[attr-defined]
    pdf = PdfReader(BytesIO(response.content))  # type: ignore[attr-defined]
    text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert heading in text and "SGD" in text and "csrf" not in text.lower()
