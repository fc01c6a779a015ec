"""`regencheck report …` and `regencheck case …`: patient reports, schedules, triage and cases.

`report --dossier` and `case schedule` / `case triage` work without a database; the other
`case` subcommands (open, list, show, advance, note, attach, event, escalate, close, ics, fhir,
report) keep cases in the store.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputFileError, NotFound, ValidationFailed
from ..journey import build_schedule, schedule_to_ics, symptom_ids, triage
from ..journey.case import check_timezone
from ..reports import render_html
from ..reports.from_dossier import report_for_dossier
from ..reports.patient import PatientReport
from .app import app
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


# Where stored cases live and who acts: options of `regencheck case`, and of `report --case`.
DataDirOpt = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Folder of the database and evidence (env REGENCHECK_DATA_DIR)."),
]
DatabaseOpt = Annotated[
    str | None, typer.Option("--database-url", help="SQLAlchemy URL (env REGENCHECK_DATABASE_URL).")
]
AsUserOpt = Annotated[
    str | None,
    typer.Option("--as", help="Act as this stored user (named in the audit log); default: the OS user."),
]


@app.command("report")
def report_command(
    dossier: Annotated[
        Path | None, typer.Option("--dossier", help="Dossier YAML/JSON to verify and report on.")
    ] = None,
    case_id: Annotated[
        int | None, typer.Option("--case", help="A stored case's id (uses the database).")
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
    as_user: AsUserOpt = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Write the patient report (HTML/PDF) for a dossier or a stored case, in the patient's language."""
    kb = load_kb(knowledge)
    today = parse_date(as_of, "--as-of")
    generated = datetime.combine(today, time(12, 0), tzinfo=UTC) if today else datetime.now(UTC)
    if dossier is None or case_id is not None:
        if dossier is not None or case_id is None:
            raise ValidationFailed(
                "give either --dossier FILE (verify it and report) or --case ID (a stored case)"
            )
        _case_report_files(case_id, lang, pdf, html, CaseStore(as_user, data_dir, database_url), fmt, kb)
        return
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


# ---- cases kept in the store -------------------------------------------------------------------


@dataclass(frozen=True)
class CaseStore:
    """Where `case` subcommands keep cases and who acts: the options of `regencheck case`.

    They are given once, before the subcommand (`regencheck case --data-dir D open case.yaml`),
    and nothing is opened until a subcommand that needs the store asks for it.
    """

    as_user: str | None = None
    data_dir: Path | None = None
    database_url: str | None = None

    @contextmanager
    def _session(self, write: bool) -> Iterator[tuple[Any, Any, Path]]:
        from ..store import migrate
        from ..store.db import database_url as default_url
        from ..store.db import default_data_dir, open_database, redact

        folder = self.data_dir or default_data_dir()
        db = open_database(self.database_url or default_url(folder))
        try:
            if db.is_sqlite:
                migrate.upgrade(db)
            elif not migrate.is_current(db):
                raise ValidationFailed(
                    f"the database at {redact(db.url)} is not current; run `regencheck db upgrade`"
                )
            with db.writing() if write else db.reading() as session:
                yield session, self._actor(session), folder
        finally:
            db.dispose()

    def writing(self) -> AbstractContextManager[tuple[Any, Any, Path]]:
        """A write transaction on the team database (migrated when it is the embedded SQLite
        file, else required current), the acting user, and the data folder."""
        return self._session(write=True)

    def reading(self) -> AbstractContextManager[tuple[Any, Any, Path]]:
        """As `writing`, read-only."""
        return self._session(write=False)

    def _actor(self, session: Any) -> Any:
        """The acting user: a stored account (its role decides), or the OS user as a coordinator."""
        from sqlalchemy import select

        from ..store.models import User
        from ..store.roles import Actor

        if self.as_user is None:
            return Actor(username=f"cli:{getpass.getuser()}"[:64], role="coordinator")
        user = session.scalars(select(User).where(User.username == self.as_user)).first()
        if user is None or not user.active:
            raise NotFound(f"--as {self.as_user}: no active user of that name")
        return Actor(username=user.username, role=user.role, user_id=user.id)


@case_app.callback()
def _case_options(
    ctx: typer.Context,
    as_user: AsUserOpt = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Patient cases: schedule, adverse-event triage, and cases kept in the store."""
    ctx.obj = CaseStore(as_user, data_dir, database_url)


def _cases(ctx: typer.Context) -> CaseStore:
    store = ctx.find_object(CaseStore)
    return store if store is not None else CaseStore()


def _case_view(case: Any, kb: Any, today: date) -> dict[str, Any]:
    from ..store.cases import case_detail

    return case_detail(case, kb, today)


def _render_case(data: dict[str, Any]) -> str:
    lines = [
        f"Case {data['id']}: {data['patient_alias']} ({data['home_country']}, {data['language']}) — {data['status']}",
        f"  {data['clinic_name']} · {data['offering_name']} · stage {data['stage']}",
    ]
    for change in data.get("stage_history", []):
        lines.append(f"  stage {change['stage']} at {change['at']} by {change['by']}")
    schedule = data.get("schedule")
    for item in (schedule or {}).get("items", []):
        lines.append(f"  {item['date']}  {item['label']:<40} [{item.get('status', '')}]")
    for event in data.get("adverse_events", []):
        lines.append(f"  event {event['id']}: {event['level']} ({event['status']}) onset {event['onset']}")
        for step in event.get("escalations", []):
            lines.append(f"    {step['at']} {step['by']}: {step['action']} {step['note']}")
    for note in data.get("notes", []):
        lines.append(f"  note by {note['by']}: {note['text']}")
    return "\n".join(lines)


def _read_case_file(path: Path) -> Any:
    from pydantic import ValidationError

    from ..errors import pydantic_problems
    from ..inputs import load_structured_file
    from ..journey import CaseInput

    raw = load_structured_file(path)
    try:
        return CaseInput.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            f"{path}: not a valid case", problems=pydantic_problems(exc, str(path))
        ) from None


@case_app.command("open")
def case_open(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="Case YAML: patient, clinic, offering, therapy, procedure_date…")
    ],
    verification_id: Annotated[
        int | None, typer.Option("--verification-id", help="Stored verification.")
    ] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="Starting stage (default: the first).")] = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Open a case from a YAML file (the patient's consent to store must be recorded in it)."""
    from ..store import cases as jm

    kb = load_kb(knowledge)
    data = _read_case_file(file)
    with _cases(ctx).writing() as (s, actor, _folder):
        case = jm.open_case(s, actor, data, verification_id=verification_id, stage=stage, kb=kb)
        view = _case_view(case, kb, date.today())
    emit(view, fmt, _render_case)


@case_app.command("list")
def case_list(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help="open or closed.")] = None,
    fmt: FormatOpt = OutputFormat.text,
) -> None:
    """List cases, newest first."""
    from ..store import cases as jm

    with _cases(ctx).reading() as (s, actor, _folder):
        page = jm.list_cases(s, actor, status=status, limit=200)
        rows = [
            {
                "id": c.id,
                "patient": c.patient_alias,
                "clinic": c.clinic_name,
                "stage": c.stage,
                "status": c.status,
                "procedure_date": c.procedure_date.isoformat() if c.procedure_date else None,
            }
            for c in page.items
        ]
    emit(
        rows,
        fmt,
        lambda r: (
            "\n".join(
                f"{x['id']:>5}  {x['patient']:<24} {x['clinic']:<30} {x['stage']:<22} {x['status']}"
                for x in r
            )
            or "no cases"
        ),
        disclaimer=False,
    )


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """A case with its stages, schedule (due/overdue), adverse events and notes."""
    from ..store import cases as jm

    kb = load_kb(knowledge)
    with _cases(ctx).reading() as (s, actor, _folder):
        case = jm.get_case(s, actor, case_id)
        view = _case_view(case, kb, parse_date(as_of, "--as-of") or date.today())
    emit(view, fmt, _render_case)


@case_app.command("advance")
def case_advance(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    stage: Annotated[str, typer.Argument(help="Stage to move to.")],
    knowledge: KnowledgeOpt = None,
) -> None:
    """Move a case forward to a later stage of the journey."""
    from ..store import cases as jm

    kb = load_kb(knowledge)
    with _cases(ctx).writing() as (s, actor, _folder):
        jm.advance_stage(s, actor, case_id, stage, kb=kb)
    message(f"case {case_id} is now at {stage}")


@case_app.command("edit")
def case_edit(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    procedure_date: Annotated[
        str | None, typer.Option("--procedure-date", help="Corrected procedure date (YYYY-MM-DD).")
    ] = None,
    appointment_time: Annotated[
        str | None, typer.Option("--appointment-time", help="Clinic (Seoul) time, HH:MM.")
    ] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="The patient's contact channel.")] = None,
    timezone: Annotated[str | None, typer.Option("--timezone", help="The patient's IANA time zone.")] = None,
) -> None:
    """Correct an open case (a wrong procedure date or contact); the schedule follows the date."""
    from pydantic import ValidationError

    from ..errors import pydantic_problems
    from ..journey import CaseChanges
    from ..store import cases as jm

    given = {
        "procedure_date": procedure_date,
        "appointment_time": appointment_time,
        "contact_channel": contact,
        "timezone": timezone,
    }
    given = {k: v for k, v in given.items() if v is not None}
    if not given:
        raise ValidationFailed(
            "nothing to change: give --procedure-date, --appointment-time, --contact or --timezone"
        )
    try:
        changes = CaseChanges.model_validate(given)
    except ValidationError as exc:
        raise ValidationFailed(
            "the case changes have problems", problems=pydantic_problems(exc, "options")
        ) from None
    with _cases(ctx).writing() as (s, actor, _folder):
        jm.update_case(s, actor, case_id, changes.stored(), jm.get_case(s, actor, case_id).version)
    message(f"case {case_id} updated: {', '.join(sorted(given))}")


@case_app.command("note")
def case_note(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    text: Annotated[str, typer.Argument()],
) -> None:
    """Add a note to a case."""
    from ..store import cases as jm

    with _cases(ctx).writing() as (s, actor, _folder):
        jm.add_note(s, actor, case_id, text)
    message(f"note added to case {case_id}")


@case_app.command("attach")
def case_attach(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    file: Annotated[Path, typer.Argument()],
    kind: Annotated[str, typer.Option("--kind", help="consent, quote, protocol, photo or other.")] = "other",
) -> None:
    """Keep a document (consent, quote, protocol, photo) as evidence of the case."""
    from ..inputs import read_bytes
    from ..store import cases as jm
    from ..store.blobs import BlobStore

    data = read_bytes(file)
    with _cases(ctx).writing() as (s, actor, folder):
        doc = jm.attach_document(
            s,
            actor,
            BlobStore(folder / "evidence"),
            case_id,
            kind=kind,
            filename=file.name,
            content_type=None,
            data=data,
            max_bytes=len(data),
        )
        sha = doc.sha256
    message(f"{file.name} kept for case {case_id} (sha256 {sha})")


@case_app.command("done")
def case_done(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    item: Annotated[str, typer.Argument(help="e.g. week_1")],
) -> None:
    """Record that a scheduled follow-up took place."""
    from ..store import cases as jm

    with _cases(ctx).writing() as (s, actor, _folder):
        jm.mark_done(s, actor, case_id, item)
    message(f"case {case_id}: {item} done")


@case_app.command("event")
def case_event(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    onset: Annotated[str, typer.Option("--onset", help="Day the reaction began (YYYY-MM-DD).")],
    symptom: Annotated[
        list[str] | None, typer.Option("--symptom", help="Symptom id; repeat for several.")
    ] = None,
    text: Annotated[str, typer.Option("--text", help="In the patient's words.")] = "",
    reporter: Annotated[str, typer.Option("--reporter", help="Who reports it.")] = "coordinator",
    reported_at: Annotated[
        str | None, typer.Option("--reported-at", help="ISO date-time; default now.")
    ] = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Record an adverse event and triage it; anything unexpected is escalated at once."""
    from ..journey import AdverseEventReport
    from ..store import cases as jm

    kb = load_kb(knowledge)
    report = AdverseEventReport(
        onset=require_date(onset, "--onset"),
        symptoms=symptom or [],
        free_text=text,
        reporter=reporter,
        reported_at=parse_moment(reported_at, "--reported-at") if reported_at else datetime.now(UTC),
    )
    with _cases(ctx).writing() as (s, actor, _folder):
        event = jm.report_adverse_event(s, actor, case_id, report, kb)
        result = {"event_id": event.id, "status": event.status, **event.triage}
    emit(result, fmt, lambda d: f"event {d['event_id']} ({d['status']})\n" + _render_triage(d))


@case_app.command("escalate")
def case_escalate(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument()],
    action: Annotated[
        str,
        typer.Argument(
            help="clinic_contacted, senior_review_requested, senior_review_done, "
            "authority_reported, emergency_called, note or closed."
        ),
    ],
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Log an escalation step of an adverse event (`closed` ends its log)."""
    from typing import get_args

    from ..journey.case import EscalationAction
    from ..store import cases as jm

    allowed = [a for a in get_args(EscalationAction) if a != "reported"]
    if action not in allowed:
        raise ValidationFailed(f"unknown escalation step {action!r}; expected one of: {', '.join(allowed)}")
    with _cases(ctx).writing() as (s, actor, _folder):
        jm.escalate(s, actor, event_id, action, note)  # type: ignore[arg-type]
    message(f"adverse event {event_id}: {action} logged")


@case_app.command("close")
def case_close(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
) -> None:
    """Close a case whose adverse events are all closed."""
    from ..store import cases as jm

    with _cases(ctx).writing() as (s, actor, _folder):
        jm.close_case(s, actor, case_id, jm.get_case(s, actor, case_id).version)
    message(f"case {case_id} closed")


@case_app.command("ics")
def case_ics(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    knowledge: KnowledgeOpt = None,
) -> None:
    """Write the case's schedule as an iCalendar file for the patient."""
    from ..store import cases as jm

    kb = load_kb(knowledge)
    with _cases(ctx).reading() as (s, actor, _folder):
        case = jm.get_case(s, actor, case_id)
        schedule = jm.case_schedule(case, kb)
        if schedule is None:
            raise ValidationFailed(f"case {case_id} has no procedure date, so it has no schedule yet")
        out.write_bytes(
            schedule_to_ics(
                schedule, f"case-{case_id}", generated_at=datetime.now(UTC), title=case.offering_name
            )
        )
    message(f"calendar written to {out}")


@case_app.command("fhir")
def case_fhir(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    knowledge: KnowledgeOpt = None,
) -> None:
    """Print the case as a FHIR R4 Bundle (CarePlan, AdverseEvent, VerificationResult) in JSON."""
    from ..store import cases as jm

    kb = load_kb(knowledge)
    with _cases(ctx).reading() as (s, actor, _folder):
        bundle = jm.fhir_bundle(s, jm.get_case(s, actor, case_id), kb)
    emit(bundle, OutputFormat.json, str)


@case_app.command("report")
def case_report(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument()],
    lang: LangOpt = None,
    pdf: PdfOpt = None,
    html: HtmlOpt = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Write the patient report of a stored case (HTML/PDF) in the patient's language."""
    _case_report_files(case_id, lang, pdf, html, _cases(ctx), fmt, load_kb(knowledge))


def _case_report_files(
    case_id: int,
    lang: str | None,
    pdf: Path | None,
    html: Path | None,
    cases: CaseStore,
    fmt: OutputFormat,
    kb: Any,
) -> None:
    from ..reports.from_case import report_for_case
    from ..store import cases as jm

    with cases.reading() as (s, actor, _folder):
        case = jm.get_case(s, actor, case_id)
        report = report_for_case(s, case, kb, language=lang, generated_at=datetime.now(UTC))
    written = write_outputs(report, pdf, html)
    emit({**report.to_dict(), "files": written}, fmt, _render_report)
