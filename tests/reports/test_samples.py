"""Every bundled sample dossier becomes a report in every language, through the real engines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import regencheck
from regencheck.knowledge import KnowledgeBase
from regencheck.reports import render_html
from regencheck.reports.from_dossier import report_for_dossier, verify_file

SAMPLES = sorted((Path(regencheck.__file__).parent / "samples" / "dossiers").glob("*.yaml"))
GENERATED = datetime(2026, 11, 22, 12, tzinfo=UTC)


@pytest.mark.parametrize("dossier", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("language", ["en", "id", "ko"])
def test_each_sample_renders_with_the_verdict_verify_gives(
    kb: KnowledgeBase, dossier: Path, language: str
) -> None:
    report = report_for_dossier(
        dossier,
        kb,
        language=language,
        generated_at=GENERATED,
        as_of=date(2026, 11, 22),
        procedure_date=date(2026, 11, 2),
        timezone="Asia/Jakarta",
    )
    scorecard, _ = verify_file(dossier, kb, as_of=date(2026, 11, 22))
    assert report.verdict is not None and report.verdict["id"] == scorecard["verdict"]
    html = render_html(report)
    assert report.verdict["label"] in html and report.disclaimer in html
    assert html.count(report.disclaimer) == 1


def test_a_stem_cell_exosome_offer_shows_its_red_flags(kb: KnowledgeBase) -> None:
    dossier = next(p for p in SAMPLES if p.stem == "exosome_sold_as_stem_cell")
    report = report_for_dossier(dossier, kb, language="id", generated_at=GENERATED, as_of=date(2026, 11, 22))
    assert report.red_flags
    assert report.therapy is not None and report.therapy["category"] == "cell_free_derivative"


def test_high_severity_red_flags_come_first(kb: KnowledgeBase) -> None:
    dossier = next(p for p in SAMPLES if p.stem == "exosome_sold_as_stem_cell")
    report = report_for_dossier(dossier, kb, language="en", generated_at=GENERATED, as_of=date(2026, 11, 22))
    severities = [f["severity_id"] for f in report.red_flags]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
