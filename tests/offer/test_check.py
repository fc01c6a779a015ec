"""One offer, checked for a patient: the therapy and its rulings, the claims, the quote, the consent."""

from __future__ import annotations

from datetime import date

import pytest

from regencheck.errors import ValidationFailed
from regencheck.offer import OfferRequest, check_offer

AS_OF = date(2026, 12, 1)
OFFER = (
    "Stem cell facelift with your own fat. We harvest autologous fat by liposuction, isolate the "
    "SVF mechanically and inject it back during the same procedure. 100% safe with no side effects!\n"
    "Facelift surgery ..... ₩8,000,000\n"
    "SVF processing ..... ₩4,500,000\n"
    "Total ₩12,500,000\n"
)


def test_an_offer_with_a_quote_gets_therapy_claims_quote_and_questions() -> None:
    check = check_offer(OfferRequest(OFFER, home_country="SG", as_of=AS_OF))
    assert check.kinds == ("offer", "quote")
    assert check.classification.category == "autologous_svf_same_day"
    assert check.korea.status != "unknown"
    assert check.home_jurisdiction == "SG" and check.home is not None
    assert {f.category for f in check.findings} >= {"guarantee"}
    assert check.quote is not None and check.quote.total == 12_500_000
    assert check.quote.total_converted is not None and check.quote.total_converted["currency"] == "SGD"
    assert any("published evidence" in q for q in check.questions)
    out = check.to_dict()
    assert out["disclaimer"] and out["claims"]["risk"] == "high" and out["quote_stated_total"] == 12_500_000


def test_a_consent_form_is_audited_for_its_required_items() -> None:
    consent = (
        "Informed consent. I understand the procedure uses my own fat-derived cells. "
        "I understand the risks include infection and swelling."
    )
    check = check_offer(OfferRequest(consent, home_country="US", as_of=AS_OF))
    assert "consent" in check.kinds and check.consent is not None
    missing = [i for i in check.consent.items if i["status"] == "missing"]
    assert missing, "a two-sentence consent cannot hold every required item"
    assert any(i["title"] in q for i in missing for q in check.questions)


def test_a_home_country_without_its_own_ruling_says_so_and_an_eu_member_gets_the_eus() -> None:
    indonesia = check_offer(OfferRequest(OFFER, home_country="ID", as_of=AS_OF))
    assert indonesia.home is None and any("no ruling for ID" in n for n in indonesia.notes)
    assert indonesia.quote is not None and indonesia.quote.total_converted["currency"] == "IDR"  # type: ignore[index]
    germany = check_offer(OfferRequest(OFFER, home_country="DE", as_of=AS_OF))
    assert germany.home_jurisdiction == "EU" and germany.home is not None


def test_an_indonesian_text_is_flagged_as_outside_what_the_scanner_reads() -> None:
    text = (
        "Paket sel punca untuk wajah Anda dengan lemak dari perut yang disuntikkan kembali dan tidak sakit."
    )
    check = check_offer(OfferRequest(text, home_country="ID", as_of=AS_OF))
    assert any("Indonesian" in n for n in check.notes)


def test_an_empty_text_names_the_field() -> None:
    with pytest.raises(ValidationFailed, match=r"^text:"):
        check_offer(OfferRequest("   "))
