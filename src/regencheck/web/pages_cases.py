"""Patient case pages under /cases: the browser's face of the case API in `api_cases`.

Coordinators (and admins) manage cases; every page needs `manage_cases`, so viewers and
verifiers never see patient data. Each change runs in its own write transaction through the
store's case services, which audit it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from ..errors import ValidationFailed, pydantic_problems
from ..journey import AdverseEventReport, CaseChanges, CaseInput, stage_ids
from ..journey import knowledge as jk
from ..reports import labels as L
from ..reports.i18n import LANGUAGES, N_
from ..store import cases as jm
from .api_cases import (
    CaseManager,
    EscalationRequest,
    Lang,
    document_response,
    due_items,
    ics_response,
    report_response,
    utc_today,
)
from .api_common import IdPath, read_upload
from .deps import CsrfChecked, SessionDep, StateDep
from .i18n import translator
from .pages_common import redirect, render

router = APIRouter(tags=["cases"])


class PageForm(BaseModel):
    """What a case page posts, as text: the domain models (`CaseInput`, `CaseChanges`,
    `AdverseEventReport`, `EscalationRequest`) validate it afterwards, so a bad value is reported
    by them, with their messages, and never as FastAPI's generic 422. Inputs are stripped;
    FastAPI drops empty inputs, so an empty field reads as its default. Other posted fields (the
    CSRF token, which `CsrfChecked` reads) are ignored."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


class CaseForm(PageForm):
    """The new-case form (`journey/case_form.html`)."""

    alias: str = ""
    home_country: str = ""
    language: str = "en"
    contact_channel: str = ""
    timezone: str = ""
    consent: str = ""
    consent_recorded_on: str = ""
    clinic: str = ""
    offering: str = ""
    category: str = ""
    indication: str = ""
    route: str = ""
    verification: str = ""
    verification_id: str = ""
    procedure_date: str = ""
    stage: str = ""


class CaseEditForm(PageForm):
    """The case edit form (`journey/case_edit.html`); `clinic_follow_up_days` is comma-separated."""

    procedure_date: str = ""
    appointment_time: str = ""
    contact_channel: str = ""
    timezone: str = ""
    verification_note: str = ""
    clinic_follow_up_days: str = ""
    version: str = ""


class StageForm(PageForm):
    stage: str = ""
    version: str = ""


class NoteForm(PageForm):
    text: str = ""


class DoneForm(PageForm):
    item: str = ""


class EventForm(PageForm):
    """The adverse-event form: ticked symptoms repeat the `symptoms` field (taken as sent)."""

    onset: str = ""
    symptoms: list[Annotated[str, StringConstraints(strip_whitespace=False)]] = []
    free_text: str = ""
    reporter: str = ""


class EscalationForm(PageForm):
    action: str = ""
    note: str = ""


class VersionForm(PageForm):
    version: str = ""


def _version(text: str) -> int | None:
    """The record version a form carries; a missing or garbled one is None."""
    return int(text) if text.isdigit() else None


def _in(label: Any, request: Request) -> str:
    """A knowledge-base label (one text per language) in the page's language, else English."""
    return str(getattr(label, translator(request).language, None) or label.en)


@router.get("/cases", include_in_schema=False)
def page_cases(request: Request, user: CaseManager, session: SessionDep, state: StateDep) -> Response:
    cases = jm.list_cases(session, user.actor, limit=200)
    return render(
        request,
        "journey/cases.html",
        {
            "cases": cases.items,
            "due": due_items(session, user, state.kb, utc_today()),
            "stages": {s.id: _in(s.label, request) for s in jk.stages(state.kb).stages},
        },
    )


@router.get("/cases/new", include_in_schema=False)
def page_new(request: Request, _user: CaseManager, state: StateDep) -> Response:
    return render(request, "journey/case_form.html", {"languages": LANGUAGES, "stages": stage_ids(state.kb)})


@router.post("/cases/new", include_in_schema=False, dependencies=[CsrfChecked])
async def page_create(
    request: Request, user: CaseManager, state: StateDep, form: Annotated[CaseForm, Form()]
) -> Response:
    therapy = {"category": form.category, "indication": form.indication, "route": form.route}
    raw: dict[str, Any] = {
        "patient": {
            "alias": form.alias,
            "home_country": form.home_country.upper(),
            "language": form.language,
            "contact_channel": form.contact_channel,
            "timezone": form.timezone or "Asia/Seoul",
            "consent_to_store": form.consent == "yes",
            "consent_recorded_on": form.consent_recorded_on or None,
        },
        "clinic": form.clinic,
        "offering": form.offering,
        "therapy": {k: v for k, v in therapy.items() if v},
        "verification": form.verification or None,
        "procedure_date": form.procedure_date or None,
    }
    try:
        data = CaseInput.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "the case form has problems", problems=pydantic_problems(exc, "case form")
        ) from None
    vid = form.verification_id
    with state.db.writing() as s:
        case = jm.open_case(
            s,
            user.actor,
            data,
            verification_id=int(vid) if vid.isdigit() and len(vid) < 10 else None,
            stage=form.stage or None,
            kb=state.kb,
        )
        case_id = case.id
    return redirect(request, f"/cases/{case_id}", N_("Case opened."))


@router.get("/cases/{case_id}", include_in_schema=False)
def page_case(
    request: Request, case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep
) -> Response:
    case = jm.get_case(session, user.actor, case_id)
    today = utc_today()
    schedule = jm.case_schedule(case, state.kb, translator(request).language)
    done = frozenset(str(i) for i in case.done_items)
    rows = [(item, item.status(today, done)) for item in schedule.items] if schedule else []
    order = stage_ids(state.kb)
    later = order[order.index(case.stage) + 1 :] if case.stage in order else []
    return render(
        request,
        "journey/case.html",
        {
            "case": case,
            "rows": rows,
            "later_stages": later,
            "statuses": {k: translator(request).gettext(v) for k, v in L.SCHEDULE_STATUS.items()},
            "languages": LANGUAGES,
            "symptoms": [(r.id, _in(r.label, request), r.severity) for r in jk.reactions(state.kb).reactions],
            "stages": {s.id: _in(s.label, request) for s in jk.stages(state.kb).stages},
            "actions": [
                "clinic_contacted",
                "senior_review_requested",
                "senior_review_done",
                "authority_reported",
                "emergency_called",
                "note",
                "closed",
            ],
        },
    )


@router.get("/cases/{case_id}/edit", include_in_schema=False)
def page_edit(request: Request, case_id: IdPath, user: CaseManager, session: SessionDep) -> Response:
    return render(request, "journey/case_edit.html", {"case": jm.get_case(session, user.actor, case_id)})


@router.post("/cases/{case_id}/edit", include_in_schema=False, dependencies=[CsrfChecked])
async def page_update(
    request: Request,
    case_id: IdPath,
    user: CaseManager,
    state: StateDep,
    form: Annotated[CaseEditForm, Form()],
) -> Response:
    days = [d.strip() for d in form.clinic_follow_up_days.split(",") if d.strip()]
    raw: dict[str, Any] = {
        "procedure_date": form.procedure_date or None,
        "appointment_time": form.appointment_time,
        "contact_channel": form.contact_channel,
        "timezone": form.timezone,
        "verification_note": form.verification_note,
        "clinic_follow_up_days": days,
    }
    try:
        changes = CaseChanges.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "the case form has problems", problems=pydantic_problems(exc, "case form")
        ) from None
    with state.db.writing() as s:
        jm.update_case(s, user.actor, case_id, changes.stored(), _version(form.version) or 0)
    return redirect(request, f"/cases/{case_id}", N_("Case updated."))


@router.post("/cases/{case_id}/stage", include_in_schema=False, dependencies=[CsrfChecked])
async def page_stage(
    request: Request, case_id: IdPath, user: CaseManager, state: StateDep, form: Annotated[StageForm, Form()]
) -> Response:
    with state.db.writing() as s:
        jm.advance_stage(s, user.actor, case_id, form.stage, version=_version(form.version), kb=state.kb)
    return redirect(request, f"/cases/{case_id}", N_("Stage updated."))


@router.post("/cases/{case_id}/notes", include_in_schema=False, dependencies=[CsrfChecked])
async def page_note(
    request: Request, case_id: IdPath, user: CaseManager, state: StateDep, form: Annotated[NoteForm, Form()]
) -> Response:
    with state.db.writing() as s:
        jm.add_note(s, user.actor, case_id, form.text)
    return redirect(request, f"/cases/{case_id}", N_("Note added."))


@router.post("/cases/{case_id}/done", include_in_schema=False, dependencies=[CsrfChecked])
async def page_done(
    request: Request, case_id: IdPath, user: CaseManager, state: StateDep, form: Annotated[DoneForm, Form()]
) -> Response:
    with state.db.writing() as s:
        jm.mark_done(s, user.actor, case_id, form.item[:60])
    return redirect(request, f"/cases/{case_id}", N_("Marked as done."))


@router.post("/cases/{case_id}/documents", include_in_schema=False, dependencies=[CsrfChecked])
async def page_document(
    request: Request,
    case_id: IdPath,
    user: CaseManager,
    state: StateDep,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    data = await read_upload(file, state.settings.max_upload_bytes)
    with state.db.writing() as s:
        jm.attach_document(
            s,
            user.actor,
            state.blobs,
            case_id,
            kind=kind,
            filename=file.filename,
            content_type=file.content_type,
            data=data,
            max_bytes=state.settings.max_upload_bytes,
        )
    return redirect(request, f"/cases/{case_id}", N_("Document stored."))


@router.get("/cases/{case_id}/documents/{document_id}", include_in_schema=False)
def page_document_download(
    case_id: IdPath, document_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep
) -> Response:
    return document_response(jm.get_document(session, user.actor, case_id, document_id), state.blobs)


@router.post("/cases/{case_id}/events", include_in_schema=False, dependencies=[CsrfChecked])
async def page_event(
    request: Request, case_id: IdPath, user: CaseManager, state: StateDep, form: Annotated[EventForm, Form()]
) -> Response:
    try:
        report = AdverseEventReport(
            onset=form.onset or utc_today().isoformat(),
            symptoms=form.symptoms,
            free_text=form.free_text,
            reporter=form.reporter or user.username,
            reported_at=datetime.now(UTC),
        )
    except ValidationError as exc:
        raise ValidationFailed(
            "the report form has problems", problems=pydantic_problems(exc, "report form")
        ) from None
    with state.db.writing() as s:
        event = jm.report_adverse_event(s, user.actor, case_id, report, state.kb)
        level = event.level
    return redirect(request, f"/cases/{case_id}#events", N_("Reaction recorded: {level}."), level=level)


@router.post(
    "/cases/{case_id}/events/{event_id}/escalate", include_in_schema=False, dependencies=[CsrfChecked]
)
async def page_escalate(
    request: Request,
    case_id: IdPath,
    event_id: IdPath,
    user: CaseManager,
    state: StateDep,
    form: Annotated[EscalationForm, Form()],
) -> Response:
    try:
        body = EscalationRequest(action=form.action, note=form.note)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ValidationFailed(
            "the escalation form has problems", problems=pydantic_problems(exc, "form")
        ) from None
    with state.db.writing() as s:
        event = jm.get_event(s, user.actor, event_id)
        if event.case_id != case_id:
            raise ValidationFailed(f"adverse event {event_id} belongs to another case")
        jm.escalate(s, user.actor, event_id, body.action, body.note)
    return redirect(request, f"/cases/{case_id}#events", N_("Escalation logged."))


@router.post("/cases/{case_id}/close", include_in_schema=False, dependencies=[CsrfChecked])
async def page_close(
    request: Request,
    case_id: IdPath,
    user: CaseManager,
    state: StateDep,
    form: Annotated[VersionForm, Form()],
) -> Response:
    with state.db.writing() as s:
        jm.close_case(s, user.actor, case_id, _version(form.version) or 0)
    return redirect(request, f"/cases/{case_id}", N_("Case closed."))


@router.get("/cases/{case_id}/schedule.ics", include_in_schema=False)
def page_ics(case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep) -> Response:
    return ics_response(jm.get_case(session, user.actor, case_id), state.kb)


@router.get("/cases/{case_id}/fhir.json", include_in_schema=False)
def page_fhir(case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep) -> dict[str, Any]:
    return jm.fhir_bundle(session, jm.get_case(session, user.actor, case_id), state.kb)


@router.get("/cases/{case_id}/report.{fmt}", include_in_schema=False)
def page_report(
    case_id: IdPath,
    fmt: Literal["pdf", "html"],
    user: CaseManager,
    session: SessionDep,
    state: StateDep,
    lang: Lang = None,
) -> Response:
    return report_response(session, jm.get_case(session, user.actor, case_id), state.kb, lang, fmt)
