"""How fast is the patient journey? Schedules, triages, report builds and PDF renders per second.

Each figure is printed as milliseconds per call, calls per second and a ratio to a baseline
measured in the same run (placing three follow-up dates on the clinic's clock and converting them
to the patient's time zone by hand: the least work a schedule must do), so the ratios compare
across machines. Reports are built from one verification of the bundled verified sample dossier,
in English, Indonesian and Korean; PDFs are rendered by WeasyPrint from the same HTML.

    .venv/bin/python benchmarks/bench_journey.py            # full run
    .venv/bin/python benchmarks/bench_journey.py --quick    # few repetitions, a few seconds + PDFs
"""

from __future__ import annotations

import argparse
import statistics
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from regencheck.journey import build_schedule, schedule_to_ics, triage
from regencheck.knowledge import default_knowledge
from regencheck.reports.patient import build_patient_report
from regencheck.reports.pdf import html_to_pdf
from regencheck.reports.render import render_html
from regencheck.verify import load_dossier, load_registry, verify_dossier

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "regencheck" / "samples"
AS_OF = date(2026, 11, 15)
PROCEDURE_DAY = date(2026, 12, 1)
SEOUL, JAKARTA = ZoneInfo("Asia/Seoul"), ZoneInfo("Asia/Jakarta")
GENERATED_AT = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)

# Reports from the seeds' examples: expected within 48-72 h, unexpected after a week, emergency.
TRIAGE_CASES: list[tuple[list[str], int]] = [
    (["erythema", "mild_oedema"], 2),
    (["sustained_erythema", "nodule"], 10),
    (["breathing_difficulty", "chest_pain"], 1),
]


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds per call over `repeat` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = clock.perf_counter()
        fn()
        samples.append(clock.perf_counter() - start)
    return statistics.median(samples)


def baseline_dates() -> list[datetime]:
    """Three follow-ups on the clinic's clock, shown on the patient's."""
    start = datetime.combine(PROCEDURE_DAY, time(10, 0), tzinfo=SEOUL)
    return [(start + timedelta(days=d)).astimezone(JAKARTA) for d in (7, 28, 90)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (PDFs: 2 per language)")
    args = parser.parse_args()
    repeat = 20 if args.quick else 300
    pdf_repeat = 2 if args.quick else 8

    kb = default_knowledge()
    dossier_path = SAMPLES / "dossiers" / "svf_facelift_verified.yaml"
    card = verify_dossier(
        load_dossier(dossier_path),
        kb,
        registry=load_registry(SAMPLES / "registry.csv"),
        as_of=AS_OF,
        base_dir=dossier_path.parent,
    ).to_dict()
    category = (card.get("classification") or {}).get("category")

    def schedule() -> Any:
        return build_schedule(
            PROCEDURE_DAY,
            kb,
            category=category,
            indication="aesthetic",
            route="graft",
            clinic_follow_up_days=[7, 28, 90],
            patient_timezone="Asia/Jakarta",
            language="id",
        )

    procedure_at = datetime.combine(PROCEDURE_DAY, time(10, 0), tzinfo=SEOUL)

    def triage_all() -> None:
        for symptoms, days in TRIAGE_CASES:
            triage(
                symptoms,
                procedure_at=procedure_at,
                reported_at=procedure_at + timedelta(days=days),
                home_country="ID",
                kb=kb,
                language="id",
            )

    def report(language: str) -> str:
        built = build_patient_report(
            kb=kb, language=language, generated_at=GENERATED_AT, scorecard=card, home_country="ID"
        )
        return render_html(built)

    baseline = timed(baseline_dates, repeat)
    rows: list[tuple[str, float, int]] = [
        ("schedule (3 follow-ups, maintenance, travel; Asia/Jakarta)", timed(schedule, repeat), 1),
        (
            "schedule + ICS export",
            timed(lambda: schedule_to_ics(schedule(), "case-1", generated_at=GENERATED_AT), repeat),
            1,
        ),
        ("triage (expected, unexpected, emergency reports)", timed(triage_all, repeat), len(TRIAGE_CASES)),
    ]
    report_repeat = max(3, repeat // 10)
    for language in ("en", "id", "ko"):
        rows.append(
            (
                f"report build, model + HTML ({language})",
                timed(lambda lang=language: report(lang), report_repeat),
                1,
            )
        )
    for language in ("en", "id", "ko"):
        html = report(language)
        rows.append(
            (f"PDF render, WeasyPrint ({language})", timed(lambda h=html: html_to_pdf(h), pdf_repeat), 1)
        )

    print(
        f"baseline: 3 follow-up dates placed and converted to the patient's zone by hand "
        f"{baseline * 1e6:.1f} us ({repeat} runs, median)"
    )
    print(f"{'case':<58} {'ms/call':>9} {'per s':>9} {'x baseline':>12}")
    for label, seconds, calls in rows:
        per_item = seconds / calls
        print(f"{label:<58} {per_item * 1000:>9.3f} {1 / per_item:>9.1f} {per_item / baseline:>12.0f}")


if __name__ == "__main__":
    main()
