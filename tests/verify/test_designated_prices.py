"""Designated-facility price ranges (seed 002), the blog figures that fit (knee, IV stem cell),
and the uses that have no legitimate routine price at all (seed 000)."""

from __future__ import annotations

from typing import Any

from regencheck.knowledge import KnowledgeBase
from regencheck.verify.dossier import parse_dossier
from regencheck.verify.quote import audit_quote

from .conftest import AS_OF, compliant


def offer(
    indication: str, lines: list[dict[str, Any]], currency: str = "KRW", name: str = "Regenerative programme"
) -> dict[str, Any]:
    d = compliant()
    d["offering"] = {"marketing_name": name, "indication": indication, "role": "standalone"}
    d["quote"] = {"currency": currency, "lines": lines}
    return d


def line_of(kb: KnowledgeBase, d: dict[str, Any], category: str) -> dict[str, Any]:
    audit = audit_quote(parse_dossier(d), kb, AS_OF, category).to_dict()
    regenerative = [ln for ln in audit["lines"] if ln["kind"] == "regenerative"]
    assert len(regenerative) == 1
    return regenerative[0]


def test_an_orthopedic_svf_session_is_judged_against_the_entry_autologous_range(vkb: KnowledgeBase) -> None:
    d = offer("orthopedic", [{"item": "SVF injection, shoulder", "amount": 2_000_000}])
    line = line_of(vkb, d, "autologous_svf_same_day")
    assert line["status"] == "within"
    assert (line["reference"]["low"], line["reference"]["high"]) == (800_000, 4_500_000)
    assert line["reference"]["source"] == ["seed_002"]


def test_an_orthopedic_svf_session_above_the_entry_range_fails(vkb: KnowledgeBase) -> None:
    d = offer("orthopedic", [{"item": "SVF injection, shoulder", "amount": 9_000_000}])
    assert line_of(vkb, d, "autologous_svf_same_day")["status"] == "above"


def test_a_knee_treatment_is_judged_against_the_korean_knee_figures_in_dollars(vkb: KnowledgeBase) -> None:
    d = offer("orthopedic", [{"item": "SVF knee injection", "amount": 9_500}], currency="USD")
    line = line_of(vkb, d, "autologous_svf_same_day")
    assert line["status"] == "within" and line["reference"]["source"] == ["blog_003"]
    too_much = offer("orthopedic", [{"item": "SVF knee injection", "amount": 20_000}], currency="USD")
    assert line_of(vkb, too_much, "autologous_svf_same_day")["status"] == "above"


def test_a_knee_range_in_dollars_applies_to_a_won_quote_through_the_dated_rate(vkb: KnowledgeBase) -> None:
    d = offer("orthopedic", [{"item": "무릎 지방줄기세포 주사", "amount": 13_500_000}])
    line = line_of(vkb, d, "autologous_svf_same_day")
    assert line["status"] == "within" and line["reference"]["currency"] == "USD"


def test_a_medium_risk_programme_has_a_floor_and_an_open_ended_typical_top(vkb: KnowledgeBase) -> None:
    d = offer("disease", [{"item": "Cultured MSC programme", "amount": 15_000_000}])
    line = line_of(vkb, d, "autologous_cultured_cells")
    assert line["status"] == "within"
    assert line["reference"]["typical_high"] == 12_000_000 and line["reference"]["high"] is None
    cheap = offer("disease", [{"item": "Cultured MSC programme", "amount": 1_000_000}])
    assert line_of(vkb, cheap, "autologous_cultured_cells")["status"] == "below"


def test_cultured_cells_for_aesthetic_use_have_no_legitimate_price(vkb: KnowledgeBase) -> None:
    d = offer("aesthetic", [{"item": "Cultured stem cell facial", "amount": 2_000_000}])
    line = line_of(vkb, d, "autologous_cultured_cells")
    assert line["status"] == "not_legitimate" and "no legitimate routine price" in line["detail"]
    audit = audit_quote(parse_dossier(d), vkb, AS_OF, "autologous_cultured_cells")
    assert audit.pricing[0] == "fail"


def test_donor_cells_for_aesthetic_use_have_no_legitimate_price(vkb: KnowledgeBase) -> None:
    d = offer("aesthetic", [{"item": "Umbilical cord stem cell injection", "amount": 3_000_000}])
    assert line_of(vkb, d, "allogeneic_cells")["status"] == "not_legitimate"


def test_an_nk_cell_wellness_drip_is_a_regenerative_line_with_no_legitimate_price(vkb: KnowledgeBase) -> None:
    d = offer("wellness", [{"item": "NK cell immunity IV drip", "amount": 4_000_000}])
    line = line_of(vkb, d, "immune_cells")
    assert line["price_item"] == "immune_cells" and line["status"] == "not_legitimate"
    assert "kr_arba_art12_2" in line["reference"]["source"]


def test_an_iv_stem_cell_infusion_for_wellness_has_no_legitimate_price(vkb: KnowledgeBase) -> None:
    d = offer("wellness", [{"item": "Stem cell IV infusion", "amount": 6_000_000}])
    assert line_of(vkb, d, "allogeneic_cells")["status"] == "not_legitimate"


def test_an_iv_stem_cell_programme_for_a_disease_is_compared_with_both_cited_floors(
    vkb: KnowledgeBase,
) -> None:
    d = offer("disease", [{"item": "Stem cell IV infusion", "amount": 4_000_000}])
    line = line_of(vkb, d, "allogeneic_cells")
    assert line["status"] == "within"
    assert {tuple(r["source"]) for r in line["references"]} == {("seed_002",), ("blog_004",)}
