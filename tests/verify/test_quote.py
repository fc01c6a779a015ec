"""Quote audit: line kinds, lump sums, reference ranges by tier, FX with dated rates, fee caps."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from regencheck.knowledge import KnowledgeBase, load_knowledge
from regencheck.verify.dossier import parse_dossier
from regencheck.verify.fx import convert, currency_of
from regencheck.verify.quote import audit_quote

from .conftest import AS_OF, compliant


def audit(
    kb: KnowledgeBase, d: dict[str, Any], category: str | None = "autologous_svf_same_day"
) -> dict[str, Any]:
    return audit_quote(parse_dossier(d), kb, AS_OF, category).to_dict()


def test_it_converts_the_total_to_the_patients_currency_with_the_dated_rate(vkb: KnowledgeBase) -> None:
    result = audit(vkb, compliant())
    conv = result["total_converted"]
    assert conv["currency"] == "SGD" and conv["amount"] == 19600
    assert conv["rates"][0]["as_of"] == "2026-05-01" and conv["rates"][0]["source"] == ["seed_000"]


def test_it_converts_to_rupiah_for_an_indonesian_patient(vkb: KnowledgeBase) -> None:
    d = compliant()
    d["patient"]["home_country"] = "ID"
    assert audit(vkb, d)["total_converted"]["amount"] == 20_000_000 * 11.4


def test_an_overlay_of_newer_rates_changes_the_conversion(vkb: KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "verify").mkdir()
    (tmp_path / "verify" / "fx.yaml").write_text(
        "rates:\n  - {base: KRW, quote: SGD, rate: 0.001, source: [seed_000], as_of: 2026-11-01}\n",
        encoding="utf-8",
    )
    data = Path(vkb.files[0].path).parent
    kb = load_knowledge(tmp_path, data_dir=data)
    assert audit(kb, compliant())["total_converted"]["amount"] == 20000


def test_rates_dated_after_the_as_of_date_are_not_used(vkb: KnowledgeBase) -> None:
    assert convert(1000, "KRW", "SGD", vkb, date(2026, 1, 1)) is None


def test_it_converts_through_krw_when_there_is_no_direct_rate(vkb: KnowledgeBase) -> None:
    conv = convert(100, "USD", "SGD", vkb, AS_OF)
    assert conv is not None and len(conv.rates) == 2


def test_country_codes_map_to_currencies() -> None:
    assert (currency_of("sg"), currency_of("JP"), currency_of(None), currency_of("ZZ")) == (
        "SGD",
        "JPY",
        None,
        None,
    )


def test_it_names_line_kinds_from_their_wording(vkb: KnowledgeBase) -> None:
    d = compliant()
    d["quote"]["lines"] = [
        {"item": "안면거상술", "amount": 15000000},
        {"item": "지방줄기세포 (SVF)", "amount": 5000000},
        {"item": "Agency coordination fee", "amount": 1000000},
    ]
    lines = audit(vkb, d)["lines"]
    assert [ln["kind"] for ln in lines] == ["base_procedure", "regenerative", "agency_fee"]
    assert lines[1]["price_item"] == "svf_addon"


def test_a_generic_stem_cell_line_is_priced_as_what_the_offering_is(vkb: KnowledgeBase) -> None:
    d = compliant()
    d["quote"]["lines"] = [{"item": "Stem cell treatment", "amount": 800000}]
    assert audit(vkb, d, "cell_free_derivative")["lines"][0]["price_item"] == "exosome_session"


def test_the_unit_price_uses_the_quantity(vkb: KnowledgeBase) -> None:
    d = compliant()
    d["clinic"]["price_tier"] = "standard"
    d["quote"]["lines"] = [{"item": "Exosome session", "amount": 2400000, "quantity": 3}]
    result = audit(vkb, d, "cell_free_derivative")
    assert result["lines"][0]["status"] == "within"


def test_a_foreign_currency_quote_is_compared_in_the_range_currency(vkb: KnowledgeBase) -> None:
    d = compliant()
    d["clinic"]["price_tier"] = "standard"
    d["quote"] = {"currency": "USD", "lines": [{"item": "Exosome session", "amount": 900}]}
    result = audit(vkb, d, "cell_free_derivative")
    assert result["lines"][0]["status"] == "within" and result["lines"][0]["reference"]["currency"] == "USD"


def test_the_agency_fee_percentage_is_computed_from_its_line(vkb: KnowledgeBase) -> None:
    d = compliant()
    d["clinic"]["institution_type"] = "tertiary_hospital"
    d["quote"]["lines"].append({"item": "Facilitator fee", "amount": 4000000})
    fee = audit(vkb, d)["agency_fee"]
    assert fee["percent"] == 20 and fee["cap_percent"] == 15 and fee["status"] == "above_cap"


def test_the_audit_lists_its_sources(vkb: KnowledgeBase) -> None:
    assert {"seed_000"} <= set(audit(vkb, compliant())["sources"])


def test_no_quote_gives_no_figures(vkb: KnowledgeBase) -> None:
    d = compliant()
    del d["quote"]
    result = audit(vkb, d)
    assert result["present"] is False and result["itemized"]["status"] == "unknown"
