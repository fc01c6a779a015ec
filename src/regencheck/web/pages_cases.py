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
from pydantic import ValidationError

from ..errors import ValidationFailed, pydantic_problems
from ..journey import AdverseEventReport, CaseChanges, CaseInput, stage_ids
from ..journey import knowledge as jk
from ..reports.i18n import LANGUAGES
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
from .pages_common import redirect, render

router = APIRouter(tags=["cases"])


@router.get("/cases", include_in_schema=False)
def page_cases(request: Request, user: CaseManager, session: SessionDep, state: StateDep) -> Response:
    cases = jm.list_cases(session, user.actor, limit=200)
    return render(
        request,
        "journey/cases.html",
        {
            "cases": cases.items,
            "due": due_items(session, user, state.kb, utc_today()),
            "stages": {s.id: s.label.en for s in jk.stages(state.kb).stages},
        },
    )


@router.get("/cases/new", include_in_schema=False)
def page_new(request: Request, _user: CaseManager, state: StateDep) -> Response:
    return render(request, "journey/case_form.html", {"languages": LANGUAGES, "stages": stage_ids(state.kb)})


@router.post("/cases/new", include_in_schema=False, dependencies=[CsrfChecked])
async def page_create(request: Request, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    field = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    raw: dict[str, Any] = {
        "patient": {
            "alias": field.get("alias", ""),
            "home_country": field.get("home_country", "").upper(),
            "language": field.get("language", "en"),
            "contact_channel": field.get("contact_channel", ""),
            "timezone": field.get("timezone") or "Asia/Seoul",
            "consent_to_store": field.get("consent") == "yes",
            "consent_recorded_on": field.get("consent_recorded_on") or None,
        },
        "clinic": field.get("clinic", ""),
        "offering": field.get("offering", ""),
        "therapy": {k: field[k] for k in ("category", "indication", "route") if field.get(k)},
        "verification": field.get("verification") or None,
        "procedure_date": field.get("procedure_date") or None,
    }
    try:
        data = CaseInput.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "the case form has problems", problems=pydantic_problems(exc, "case form")
        ) from None
    vid = field.get("verification_id", "")
    with state.db.writing() as s:
        case = jm.open_case(
            s,
            user.actor,
            data,
            verification_id=int(vid) if vid.isdigit() and len(vid) < 10 else None,
            stage=field.get("stage") or None,
            kb=state.kb,
        )
        case_id = case.id
    return redirect(request, f"/cases/{case_id}", "Case opened.")


@router.get("/cases/{case_id}", include_in_schema=False)
def page_case(
    request: Request, case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep
) -> Response:
    case = jm.get_case(session, user.actor, case_id)
    today = utc_today()
    schedule = jm.case_schedule(case, state.kb, "en")
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
            "languages": LANGUAGES,
            "symptoms": [(r.id, r.label.en, r.severity) for r in jk.reactions(state.kb).reactions],
            "stages": {s.id: s.label.en for s in jk.stages(state.kb).stages},
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


def _form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.get("/cases/{case_id}/edit", include_in_schema=False)
def page_edit(request: Request, case_id: IdPath, user: CaseManager, session: SessionDep) -> Response:
    return render(request, "journey/case_edit.html", {"case": jm.get_case(session, user.actor, case_id)})


@router.post("/cases/{case_id}/edit", include_in_schema=False, dependencies=[CsrfChecked])
async def page_update(request: Request, case_id: IdPath, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    days = [d.strip() for d in _form_text(form, "clinic_follow_up_days").split(",") if d.strip()]
    raw: dict[str, Any] = {
        "procedure_date": _form_text(form, "procedure_date") or None,
        "appointment_time": _form_text(form, "appointment_time"),
        "contact_channel": _form_text(form, "contact_channel"),
        "timezone": _form_text(form, "timezone"),
        "verification_note": _form_text(form, "verification_note"),
        "clinic_follow_up_days": days,
    }
    try:
        changes = CaseChanges.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "the case form has problems", problems=pydantic_problems(exc, "case form")
        ) from None
    version = _form_text(form, "version")
    with state.db.writing() as s:
        jm.update_case(s, user.actor, case_id, changes.stored(), int(version) if version.isdigit() else 0)
    return redirect(request, f"/cases/{case_id}", "Case updated.")


@router.post("/cases/{case_id}/stage", include_in_schema=False, dependencies=[CsrfChecked])
async def page_stage(request: Request, case_id: IdPath, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    version = _form_text(form, "version")
    with state.db.writing() as s:
        jm.advance_stage(
            s,
            user.actor,
            case_id,
            _form_text(form, "stage"),
            version=int(version) if version.isdigit() else None,
            kb=state.kb,
        )
    return redirect(request, f"/cases/{case_id}", "Stage updated.")


@router.post("/cases/{case_id}/notes", include_in_schema=False, dependencies=[CsrfChecked])
async def page_note(request: Request, case_id: IdPath, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    with state.db.writing() as s:
        jm.add_note(s, user.actor, case_id, _form_text(form, "text"))
    return redirect(request, f"/cases/{case_id}", "Note added.")


@router.post("/cases/{case_id}/done", include_in_schema=False, dependencies=[CsrfChecked])
async def page_done(request: Request, case_id: IdPath, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    with state.db.writing() as s:
        jm.mark_done(s, user.actor, case_id, _form_text(form, "item")[:60])
    return redirect(request, f"/cases/{case_id}", "Marked as done.")


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
    return redirect(request, f"/cases/{case_id}", "Document stored.")


@router.get("/cases/{case_id}/documents/{document_id}", include_in_schema=False)
def page_document_download(
    case_id: IdPath, document_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep
) -> Response:
    return document_response(jm.get_document(session, user.actor, case_id, document_id), state.blobs)


@router.post("/cases/{case_id}/events", include_in_schema=False, dependencies=[CsrfChecked])
async def page_event(request: Request, case_id: IdPath, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    symptoms = [str(v) for v in form.getlist("symptoms") if isinstance(v, str)]
    onset = _form_text(form, "onset")
    try:
        report = AdverseEventReport(
            onset=onset or utc_today().isoformat(),
            symptoms=symptoms,
            free_text=_form_text(form, "free_text"),
            reporter=_form_text(form, "reporter") or user.username,
            reported_at=datetime.now(UTC),
        )
    except ValidationError as exc:
        raise ValidationFailed(
            "the report form has problems", problems=pydantic_problems(exc, "report form")
        ) from None
    with state.db.writing() as s:
        event = jm.report_adverse_event(s, user.actor, case_id, report, state.kb)
        level = event.level
    return redirect(request, f"/cases/{case_id}#events", f"Reaction recorded: {level}.")


@router.post(
    "/cases/{case_id}/events/{event_id}/escalate", include_in_schema=False, dependencies=[CsrfChecked]
)
async def page_escalate(
    request: Request, case_id: IdPath, event_id: IdPath, user: CaseManager, state: StateDep
) -> Response:
    form = await request.form()
    action = _form_text(form, "action")
    try:
        body = EscalationRequest(action=action, note=_form_text(form, "note"))  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ValidationFailed(
            "the escalation form has problems", problems=pydantic_problems(exc, "form")
        ) from None
    with state.db.writing() as s:
        event = jm.get_event(s, user.actor, event_id)
        if event.case_id != case_id:
            raise ValidationFailed(f"adverse event {event_id} belongs to another case")
        jm.escalate(s, user.actor, event_id, body.action, body.note)
    return redirect(request, f"/cases/{case_id}#events", "Escalation logged.")


@router.post("/cases/{case_id}/close", include_in_schema=False, dependencies=[CsrfChecked])
async def page_close(request: Request, case_id: IdPath, user: CaseManager, state: StateDep) -> Response:
    form = await request.form()
    version = _form_text(form, "version")
    with state.db.writing() as s:
        jm.close_case(s, user.actor, case_id, int(version) if version.isdigit() else 0)
    return redirect(request, f"/cases/{case_id}", "Case closed.")


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
