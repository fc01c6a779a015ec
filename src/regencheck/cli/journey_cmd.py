"""`regencheck report …` and `regencheck case …`: patient reports, schedules, triage and cases.

`report --dossier` and `case schedule` / `case triage` work without a database; the other
`case` subcommands (open, list, show, advance, note, attach, event, escalate, close, ics, fhir,
report) keep cases in the store.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputFileError, ValidationFailed
from ..journey import build_schedule, schedule_to_ics, symptom_ids, triage
from ..journey.case import check_timezone
from ..reports import render_html
from ..reports.from_dossier import report_for_dossier
from ..reports.patient import PatientReport
from . import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb, message

case_app = typer.Typer(
    help="Patient cases: schedule, adverse-event triage, and cases kept in the store.", no_args_is_help=True
)
app.add_typer(case_app, name="case")

LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Report language: en, id or ko (default: the patient's).")
]
PdfOpt = Annotated[Path | None, typer.Option("--pdf", help="Write the report as PDF to this file.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Write the report as HTML to this file.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Treat this date (YYYY-MM-DD) as today.")]


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option, or a usage error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


def require_date(value: str, option: str) -> date:
    """A mandatory YYYY-MM-DD option."""
    day = parse_date(value, option)
    if day is None:
        raise ValidationFailed(f"{option}: a date is required")
    return day


def parse_moment(value: str, option: str) -> datetime:
    """An ISO date-time with its offset (2026-05-04T10:00+09:00); a bare time would be ambiguous."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            f"{option} {value!r}: expected an ISO date-time such as 2026-05-04T10:00+09:00"
        ) from None
    if moment.tzinfo is None:
        raise ValidationFailed(f"{option} {value!r}: add the UTC offset, e.g. +09:00 for Seoul")
    return moment


def write_outputs(report: PatientReport, pdf: Path | None, html: Path | None) -> dict[str, str]:
    """Write the HTML and/or PDF a caller asked for; returns what was written where."""
    written: dict[str, str] = {}
    page = render_html(report)
    try:
        if html is not None:
            html.write_text(page, encoding="utf-8")
            written["html"] = str(html)
        if pdf is not None:
            from ..reports.pdf import html_to_pdf

            pdf.write_bytes(html_to_pdf(page))
            written["pdf"] = str(pdf)
    except OSError as exc:
        raise InputFileError(f"cannot write the report: {exc.strerror or exc}") from None
    return written


def _render_report(data: dict[str, Any]) -> str:
    lines = [str(data["title"])]
    if data.get("verdict"):
        lines.append(f"{data['verdict']['label']}: {data['verdict']['meaning']}")
    for reason in data.get("reasons", []):
        lines.append(f"  {reason['id']} {reason['title']}: {reason['status']}")
    for row in data.get("schedule", []):
        lines.append(f"  {row['date']}  {row['label']}  {row['local']}  [{row['status']}]")
    for kind, path in data.get("files", {}).items():
        lines.append(f"{kind.upper()} written to {path}")
    return "\n".join(lines)


@app.command("report")
def report_command(
    dossier: Annotated[
        Path | None, typer.Option("--dossier", help="Dossier YAML/JSON to verify and report on.")
    ] = None,
    lang: LangOpt = None,
    pdf: PdfOpt = None,
    html: HtmlOpt = None,
    registry: Annotated[Path | None, typer.Option("--registry", help="Registry snapshot CSV.")] = None,
    as_of: AsOfOpt = None,
    procedure_date: Annotated[
        str | None, typer.Option("--procedure-date", help="Add the follow-up schedule.")
    ] = None,
    timezone: Annotated[str | None, typer.Option("--timezone", help="Patient's IANA time zone.")] = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Write the patient report (HTML/PDF) for a dossier or a stored case, in the patient's language."""
    kb = load_kb(knowledge)
    today = parse_date(as_of, "--as-of")
    generated = datetime.combine(today, time(12, 0), tzinfo=UTC) if today else datetime.now(UTC)
    if dossier is None:
        raise ValidationFailed("give --dossier FILE (the dossier to verify and report on)")
    report = report_for_dossier(
        dossier,
        kb,
        language=lang,
        generated_at=generated,
        registry=registry,
        as_of=today,
        procedure_date=parse_date(procedure_date, "--procedure-date"),
        timezone=check_tz_option(timezone) if timezone else None,
    )
    written = write_outputs(report, pdf, html)
    if not written and fmt is OutputFormat.text:
        message("no --pdf or --html given: printing a summary only")
    emit({**report.to_dict(), "files": written}, fmt, _render_report)


@case_app.command("schedule")
def schedule_command(
    procedure_date: Annotated[
        str, typer.Option("--procedure-date", help="Day of the procedure (YYYY-MM-DD).")
    ],
    category: Annotated[str | None, typer.Option("--category", help="Therapy category id.")] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", help="aesthetic, orthopedic, disease, wellness.")
    ] = None,
    route: Annotated[str | None, typer.Option("--route", help="e.g. intra_articular.")] = None,
    timezone: Annotated[str, typer.Option("--timezone", help="Patient's IANA time zone.")] = "Asia/Seoul",
    lang: Annotated[str, typer.Option("--lang", help="Label language: en, id or ko.")] = "en",
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write an iCalendar file.")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Follow-ups, maintenance and fit-to-fly dates for a procedure, each with its source."""
    kb = load_kb(knowledge)
    day = require_date(procedure_date, "--procedure-date")
    schedule = build_schedule(
        day,
        kb,
        category=category,
        indication=indication,
        route=route,
        patient_timezone=check_tz_option(timezone),
        language=lang,
    )
    today = parse_date(as_of, "--as-of") or date.today()
    if ics is not None:
        ics.write_bytes(
            schedule_to_ics(schedule, f"schedule-{day.isoformat()}", generated_at=datetime.now(UTC))
        )
        message(f"calendar written to {ics}")
    emit(schedule.to_dict(today=today), fmt, _render_schedule)


def check_tz_option(value: str) -> str:
    try:
        return check_timezone(value)
    except ValueError as exc:
        raise ValidationFailed(f"--timezone: {exc}") from None


def _render_schedule(data: dict[str, Any]) -> str:
    lines = [f"Schedule after the procedure on {data['procedure_date']} (protocol {data['protocol']})"]
    for item in data["items"]:
        when = item["patient_starts_at"] or item["date"]
        lines.append(f"  {item['date']}  {item['label']:<40} {when}  [{item.get('status', '')}]")
        lines.append(f"      source: {'; '.join(item['citations'])}")
    return "\n".join(lines)


@case_app.command("triage")
def triage_command(
    procedure_at: Annotated[
        str, typer.Option("--procedure-at", help="ISO date-time of the procedure, with offset.")
    ],
    reported_at: Annotated[
        str, typer.Option("--reported-at", help="ISO date-time of the report, with offset.")
    ],
    symptom: Annotated[
        list[str] | None, typer.Option("--symptom", help="A symptom id; repeat for several.")
    ] = None,
    text: Annotated[str, typer.Option("--text", help="The patient's own description.")] = "",
    home_country: Annotated[str | None, typer.Option("--home-country", help="ISO country code.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language: en, id or ko.")] = "en",
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Triage an adverse-event report: expected, unexpected (escalate) or emergency (call first)."""
    kb = load_kb(knowledge)
    result = triage(
        symptom or [],
        procedure_at=parse_moment(procedure_at, "--procedure-at"),
        reported_at=parse_moment(reported_at, "--reported-at"),
        free_text=text,
        home_country=home_country,
        kb=kb,
        language=lang,
    )
    emit(result.to_dict(), fmt, _render_triage)


def _render_triage(data: dict[str, Any]) -> str:
    lines = [f"Triage: {data['level'].upper()}" + ("  (escalate)" if data["escalate"] else "")]
    for c in data["emergency_contacts"]:
        lines.append(f"  CALL {c['number']}  {c['label']} ({c['country']})")
    for s in data["symptoms"]:
        lines.append(f"  - {s['label']}: {s['level']} ({s['reason']})")
    for a in data["actions"]:
        due = f"  by {a['due_at']}" if a["due_at"] else ""
        lines.append(f"  * {a['label']}{due}")
    return "\n".join(lines)


@case_app.command("symptoms")
def symptoms_command(fmt: FormatOpt = OutputFormat.text, knowledge: KnowledgeOpt = None) -> None:
    """List the symptom ids an adverse-event report may use."""
    emit(symptom_ids(load_kb(knowledge)), fmt, lambda ids: "\n".join(ids), disclaimer=False)
