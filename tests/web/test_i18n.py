"""The page language: the browser's Accept-Language first, a choice (?lang= or the header's
switch) remembered in a cookie, and every page (not only /check) in English, Indonesian and
Korean, including the engines' words, dates and error pages."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi import FastAPI

from regencheck.store.bootstrap import SAMPLES_DIR
from regencheck.web.i18n import LANGUAGE_COOKIE, negotiate

from .conftest import CASE, Team, TestClient, make_settings, sign_in

# Pages need a store; the language matching itself does not.
SQLITE = pytest.mark.parametrize("db", ["sqlite"], indirect=True)

NAV = {"en": ">Clinics</a>", "id": ">Klinik</a>", "ko": ">클리닉</a>"}
SIGN_IN = {"en": "<h1>Sign in</h1>", "id": "<h1>Masuk</h1>", "ko": "<h1>로그인</h1>"}


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ko-KR,ko;q=0.9,en;q=0.5", "ko"),
        ("id-ID,id;q=0.9", "id"),
        ("en;q=0.3, id;q=0.8", "id"),
        ("ms-MY, fr;q=0.9", "en"),
        ("", "en"),
        ("ko;q=0, id", "id"),
    ],
)
def test_the_browser_language_is_matched_by_its_weights(header: str, language: str) -> None:
    assert negotiate(header) == language


@SQLITE
def test_a_visitor_reads_the_login_page_in_the_browsers_language(client: TestClient) -> None:
    for language, header in (("ko", "ko-KR,ko;q=0.9"), ("id", "id,en;q=0.5"), ("en", "de")):
        html = client.get("/login", headers={"Accept-Language": header}).text
        assert f'<html lang="{language}">' in html and SIGN_IN[language] in html


@SQLITE
def test_a_chosen_language_is_remembered_over_the_browsers(client: TestClient) -> None:
    chosen = client.get("/login?lang=id", headers={"Accept-Language": "ko"})
    assert SIGN_IN["id"] in chosen.text
    cookie = chosen.headers["set-cookie"]
    assert f"{LANGUAGE_COOKIE}=id" in cookie and "HttpOnly" in cookie and "Secure" not in cookie
    again = client.get("/login", headers={"Accept-Language": "ko"}).text
    assert SIGN_IN["id"] in again, "the cookie wins over Accept-Language"
    client.get("/login?lang=xx")
    assert SIGN_IN["id"] in client.get("/login").text, "an unknown language changes nothing"


@SQLITE
def test_the_language_cookie_is_secure_when_the_session_cookie_is(
    app: FastAPI, db: object, tmp_path: Path
) -> None:
    from regencheck.web.app import create_app

    secure = create_app(make_settings(db, tmp_path, cookie_secure=True), kb=app.state.service.kb)  # type: ignore[arg-type]
    with TestClient(secure, base_url="https://testserver") as c:
        assert "Secure" in c.get("/check?lang=ko").headers["set-cookie"]
    secure.state.service.db.dispose()


@SQLITE
def test_the_header_switch_is_a_get_form_that_keeps_the_pages_other_parameters(
    client: TestClient, team: Team
) -> None:
    sign_in(client, "viewer")
    html = client.get("/?q=seoul&lang=ko").text
    switch = html.split('id="language-switch"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in html.split('id="language-switch"', 1)[0].rsplit("<form", 1)[1]
    assert 'name="q" value="seoul"' in switch and "csrf_token" not in switch
    assert re.search(r'<option value="ko" lang="ko" selected>한국어</option>', switch)
    assert '<option value="id" lang="id">Indonesia</option>' in switch, "each language named in itself"


@SQLITE
@pytest.mark.parametrize("language", ["en", "id", "ko"])
def test_a_signed_in_user_reads_every_main_page_in_their_language(
    client: TestClient, team: Team, language: str
) -> None:
    sign_in(client, "admin")
    client.get(f"/?lang={language}")
    for path in (
        "/",
        "/verifications",
        "/verify",
        "/scan",
        "/classify",
        "/registry",
        "/monitor",
        "/match",
        "/cases",
        "/audit",
        "/admin/users",
        "/admin/settings",
        "/account",
        "/clinics/new",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in response.text and NAV[language] in response.text, path


@SQLITE
def test_the_verification_page_shows_the_engines_words_in_korean(client: TestClient, team: Team) -> None:
    raw = yaml.safe_load(
        (SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml").read_text(encoding="utf-8")
    )
    made = client.post(
        "/api/verifications",
        headers=team.auth("verifier"),
        json={"dossier": json.loads(json.dumps(raw, default=str))},
    ).json()
    sign_in(client, "viewer")
    html = client.get(f"/verifications/{made['id']}?lang=ko").text
    assert "1단계 — 전문의 자격" in html, "step titles"
    assert "유효한 한국 의사 면허 보유" in html, "criterion titles"
    assert 'aria-label="24개 기준"' in html and "통과" in html, "the grid and its legend"
    assert "Holds a valid Korean medical licence" not in html, "no English criterion title left"


def _verified(client: TestClient, team: Team, sample: str) -> dict[str, Any]:
    """A sample dossier's verification, stored as the verifier's English JSON."""
    raw = yaml.safe_load((SAMPLES_DIR / "dossiers" / sample).read_text(encoding="utf-8"))
    made = client.post(
        "/api/verifications",
        headers=team.auth("verifier"),
        json={"dossier": json.loads(json.dumps(raw, default=str))},
    ).json()
    full = client.get(f"/api/verifications/{made['id']}", headers=team.auth("viewer")).json()
    return {"id": made["id"], "result": full["result"]}


def _shown(html: str) -> tuple[list[str], list[str]]:
    """The verification page's criterion explanations and verdict reasons, as text."""
    explanations = re.findall(r'<div class="explanation">(.*?)</div>', html, re.S)
    reasons = re.findall(
        r"<li>(.*?)</li>", "".join(re.findall(r'<ul class="reasons">(.*?)</ul>', html, re.S))
    )
    return [unescape(x).strip() for x in explanations], [unescape(x).strip() for x in reasons]


# Words of the verifier's English templates: none may be left around the values on id/ko pages.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|no|recorded|confirmed|checked|stated|evidence|needs|minimum|below|within|"
    r"outside|claim|claims|text|texts|quote|dossier|consent|critical|fail|unknown|and|of|with)\b"
)
# One explanation and one reason per language (samples/dossiers/missing_evidence.yaml).
MISSING_EVIDENCE = {
    "id": (
        "izin KMD-70331 dinyatakan tetapi belum dipastikan: tidak ada bukti yang tercatat untuk izin praktik dokter",
        "1.1 Memiliki izin praktik dokter Korea yang berlaku (penting, belum dipastikan): ",
    ),
    "ko": (
        "면허 KMD-70331: 기재되어 있으나 확인되지 않음: 의사 면허에 대한 근거가 기록되어 있지 않습니다",
        "1.1 유효한 한국 의사 면허 보유(핵심, 확인되지 않음): ",
    ),
}


@SQLITE
@pytest.mark.parametrize("language", ["id", "ko"])
@pytest.mark.parametrize(
    "sample", ["missing_evidence.yaml", "coordinator_lump_sum.yaml", "cultured_cells_cosmetic.yaml"]
)
def test_the_verification_page_explains_criteria_and_verdict_in_the_page_language(
    client: TestClient, team: Team, language: str, sample: str
) -> None:
    made = _verified(client, team, sample)
    sign_in(client, "viewer")
    explanations, reasons = _shown(client.get(f"/verifications/{made['id']}?lang={language}").text)
    card = made["result"]
    english = [c["explanation"] for step in card["steps"] for c in step["criteria"]]
    assert len(explanations) == len(english) == 24 and len(reasons) == len(card["verdict_reasons"]) > 0
    for shown, written in zip(explanations + reasons, english + card["verdict_reasons"], strict=True):
        assert shown != written, f"left in English: {written}"
    if sample == "missing_evidence.yaml":  # no clinic-supplied English text to quote
        for shown in explanations + reasons:
            assert not ENGLISH_WORDS.search(shown), shown
        explanation, reason = MISSING_EVIDENCE[language]
        assert explanation in explanations
        assert any(r.startswith(reason) for r in reasons), reasons


@SQLITE
@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "ko",
            (
                "검증 점수표",
                "요청할 내용",
                "요청할 것:",
                "1단계: 전문의 자격",
                "유효한 한국 의사 면허 보유(핵심, 확인되지 않음)",
            ),
        ),
        (
            "id",
            (
                "Kartu skor verifikasi",
                "Apa yang perlu Anda minta",
                "Mintalah:",
                "Langkah 1: Kredensial dokter spesialis",
            ),
        ),
    ],
)
def test_the_printable_scorecard_follows_the_page_language(
    client: TestClient, team: Team, language: str, words: tuple[str, ...]
) -> None:
    made = _verified(client, team, "missing_evidence.yaml")
    sign_in(client, "viewer")
    html = unescape(client.get(f"/verifications/{made['id']}/report?lang={language}").text)
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html, word
    for english in (
        "What to ask for",
        "Ask for:",
        "Step 1:",
        "Holds a valid Korean medical licence",
        "is not recorded",
    ):
        assert english not in html, english
    remembered = unescape(client.get(f"/verifications/{made['id']}/report").text)
    assert words[0] in remembered, "the chosen language is remembered, as on every page"


@SQLITE
def test_the_case_page_shows_due_times_in_the_cases_zone_as_the_language_writes_them(
    client: TestClient, team: Team
) -> None:
    case = client.post("/api/cases", headers=team.auth("coordinator"), json=CASE).json()
    client.post(
        f"/api/cases/{case['id']}/adverse-events",
        headers=team.auth("coordinator"),
        json={
            "onset": "2026-11-09",
            "symptoms": ["nodule"],
            "reporter": "Ibu Sari",
            "reported_at": "2026-11-12T09:00:00+09:00",
        },
    )
    sign_in(client, "coordinator")
    html = client.get(f"/cases/{case['id']}?lang=id").text
    assert "jatuh tempo 15 Nov 2026 07.00 (Asia/Jakarta)" in html
    korean = client.get(f"/cases/{case['id']}?lang=ko").text
    assert "기한 2026년 11월 15일 07:00 (Asia/Jakarta)" in korean
    assert '<option value="id" lang="id">Indonesia</option>' in korean, (
        "the switch survives the page's own languages"
    )


@SQLITE
def test_error_pages_and_flash_messages_follow_the_language(client: TestClient, team: Team) -> None:
    missing = client.get("/no-such-page?lang=ko")
    assert missing.status_code == 404 and "페이지를 찾을 수 없습니다" in missing.text
    api = client.get("/api/no-such-thing", headers={"Accept-Language": "ko"})
    assert api.json()["error"]["message"] == "Not Found", "the API's error shape stays English"
    token = sign_in(client, "viewer")
    client.get("/?lang=id")
    signed_out = client.post("/logout", data={"csrf_token": token}, follow_redirects=True)
    assert "Anda sudah keluar." in signed_out.text


@SQLITE
def test_the_check_page_has_one_language_switch_the_headers(client: TestClient) -> None:
    html = client.get("/check?lang=id").text
    assert html.count('name="lang"') == 2, "the header's switch and the form's hidden field"
    assert '<input type="hidden" name="lang" value="id">' in html
