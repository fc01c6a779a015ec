"""The summary table: counts, riskiest sources, CSV and text."""

from __future__ import annotations

import csv
import io
from typing import Any

from regencheck.bulk import BulkSummary, render_summary, summary_csv, summary_dict


def _record(source: str, risk: str, rules: list[tuple[str, str]], size: int = 100) -> dict[str, Any]:
    findings = [{"category": c, "rule": r, "severity": risk} for c, r in rules]
    return {"source": source, "risk": risk, "findings": findings, "bytes": size}


def _watchdog_run(top_n: int = 10) -> BulkSummary:
    summary = BulkSummary(top_n=top_n)
    summary.add(
        _record(
            "scam.html", "high", [("guarantee", "en.g"), ("disease_treatment", "en.d"), ("guarantee", "en.g")]
        )
    )
    summary.add(_record("borderline.html", "medium", [("testimonial", "en.t")]))
    summary.add(_record("honest.html", "none", []))
    summary.add(_record("pushy.html", "high", [("pressure_discount", "en.p")]))
    summary.add({"source": "bad.pdf", "error": "bad.pdf: malformed PDF", "bytes": 7})
    return summary


def test_it_counts_documents_errors_risks_categories_and_rules() -> None:
    s = _watchdog_run()
    assert (s.documents, s.errors, s.bytes) == (5, 1, 407)
    assert dict(s.risk) == {"high": 2, "medium": 1, "none": 1}
    assert s.categories["guarantee"] == 2 and s.rules["en.g"] == 2
    assert s.worst_risk == "high"


def test_the_riskiest_sources_come_first_and_only_the_top_few_are_kept() -> None:
    assert _watchdog_run().top_sources() == [
        ("scam.html", "high", 3),
        ("pushy.html", "high", 1),
        ("borderline.html", "medium", 1),
    ]
    assert [s for s, _, _ in _watchdog_run(top_n=2).top_sources()] == ["scam.html", "pushy.html"]


def test_the_csv_has_one_row_per_table_line() -> None:
    rows = list(csv.reader(io.StringIO(summary_csv(_watchdog_run()))))
    assert rows[0] == ["section", "name", "count", "detail"]
    assert ["totals", "errors", "1", ""] in rows and ["risk", "low", "0", ""] in rows
    assert ["source", "scam.html", "3", "high"] in rows
    assert ["error", "", "1", "bad.pdf: malformed PDF"] in rows


def test_the_text_table_and_json_say_the_same() -> None:
    s = _watchdog_run()
    text = render_summary(s)
    assert "Documents by risk" in text and "scam.html" in text and "bad.pdf: malformed PDF" in text
    data = summary_dict(s)
    assert (
        data["risk"] == {"high": 2, "medium": 1, "low": 0, "none": 1}
        and data["top_sources"][0]["source"] == "scam.html"
    )


def test_an_empty_run_has_no_risk() -> None:
    assert BulkSummary().worst_risk == "none"
