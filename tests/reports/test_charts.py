import xml.etree.ElementTree as ET
from datetime import date

from regencheck.reports.charts import (
    PriceBar,
    StepBar,
    TimelinePoint,
    quote_chart,
    scorecard_chart,
    timeline_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_the_scorecard_chart_is_valid_svg_with_one_segment_per_status_present() -> None:
    svg = scorecard_chart(
        "Checks",
        [StepBar("1. <Specialist>", {"pass": 4, "unknown": 1}), StepBar("2. Facility", {"fail": 2})],
        {"pass": "passed", "fail": "failed"},
    )
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Checks"  # type: ignore[union-attr]
    bars = [r for r in root.iter(f"{SVG}rect") if float(r.get("height", 0)) == 18]
    assert len(bars) == 3
    assert "&lt;Specialist&gt;" in svg


def test_the_quote_chart_marks_a_price_above_its_range_in_red() -> None:
    svg = quote_chart("Quote", [PriceBar("SVF", 9_000_000, 3_000_000, 8_000_000, "9M", "3M-8M")])
    circle = next(ET.fromstring(svg).iter(f"{SVG}circle"))
    assert circle.get("fill") == "#c62828"
    svg = quote_chart("Quote", [PriceBar("SVF", 5_000_000, 3_000_000, 8_000_000, "5M", "3M-8M")])
    assert next(ET.fromstring(svg).iter(f"{SVG}circle")).get("fill") == "#2e7d32"


def test_the_timeline_places_points_in_date_order_and_marks_today() -> None:
    svg = timeline_chart(
        "Journey",
        [
            TimelinePoint(date(2026, 8, 1), "month 3", "followup"),
            TimelinePoint(date(2026, 5, 1), "procedure", "stage"),
        ],
        today=date(2026, 6, 1),
        today_label="today",
    )
    circles = list(ET.fromstring(svg).iter(f"{SVG}circle"))
    assert float(circles[0].get("cx", 0)) < float(circles[1].get("cx", 0))
    assert ">today<" in svg
