"""Patient cases in the JSON API under /api/cases, and the responses the case pages share.

Coordinators (and admins) manage cases; every route needs `manage_cases`, reads included, so
viewers and verifiers never see patient data. Each change runs in its own write transaction
through the store's journey services, which audit it.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..errors import ValidationFailed
from ..journey import AdverseEventReport, CaseChanges, CaseInput, schedule_to_ics
from ..journey import knowledge as jk
from ..journey.case import EscalationAction
from ..reports import render_html
from ..reports.from_case import report_for_case
from ..store import cases as jm
from ..store import records
from ..store.roles import Permission
from ..store.schemas import MAX_ID
from .api_common import IdPath, Limit, Offset, page_body, read_upload
from .api_models import (
    AdverseEventOut,
    CaseDetail,
    CaseDocumentPublic,
    CaseNotePublic,
    CasePage,
    CaseSummary,
    DueList,
    FhirBundle,
    SymptomOut,
)
from .deps import Principal, SessionDep, StateDep, require
from .middleware import styled_page_csp

router = APIRouter(tags=["cases"])
CaseManager = Annotated[Principal, Depends(require(Permission.manage_cases))]
Lang = Annotated[
    str | None, Query(pattern=r"^(en|id|ko)$", description="Report language; default the patient's.")
]


class OpenCaseRequest(CaseInput):
    """A case to open: the patient, clinic and offering, plus optional links to stored records."""

    clinic_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    offering_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    verification_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    stage: str | None = None


class CaseEditRequest(CaseChanges):
    """Corrections to a case at `version` (optimistic locking): only the fields given change."""

    version: int = Field(ge=1, le=MAX_ID)


class StageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: str
    version: int = Field(ge=1, le=MAX_ID)


class TextRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5000)


class VersionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=MAX_ID)


class EventRequest(BaseModel):
    """An adverse-event report; `reported_at` defaults to now."""

    model_config = ConfigDict(extra="forbid")
    onset: date
    symptoms: list[str] = []
    free_text: str = Field(default="", max_length=5000)
    reporter: str = Field(min_length=1, max_length=200)
    reported_at: datetime | None = None


class EscalationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: EscalationAction
    note: str = Field(default="", max_length=2000)


def utc_today() -> date:
    return datetime.now(UTC).date()


# ---- API ---------------------------------------------------------------------------------------


@router.post("/api/cases", status_code=201, summary="Open a patient case", response_model=CaseDetail)
def api_open(body: OpenCaseRequest, user: CaseManager, state: StateDep) -> dict[str, Any]:
    data = CaseInput.model_validate(
        body.model_dump(exclude={"clinic_id", "offering_id", "verification_id", "stage"})
    )
    with state.db.writing() as s:
        case = jm.open_case(
            s,
            user.actor,
            data,
            clinic_id=body.clinic_id,
            offering_id=body.offering_id,
            verification_id=body.verification_id,
            stage=body.stage,
            kb=state.kb,
        )
        return jm.case_detail(case, state.kb, utc_today())


@router.get("/api/cases", summary="Cases, newest first", response_model=CasePage)
def api_list(
    user: CaseManager,
    session: SessionDep,
    status: Annotated[str | None, Query(pattern=r"^(open|closed)$")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return page_body(
        jm.list_cases(session, user.actor, status=status, limit=limit, offset=offset), jm.case_summary
    )


@router.get("/api/cases/due", summary="Follow-ups due or overdue across open cases", response_model=DueList)
def api_due(user: CaseManager, session: SessionDep, state: StateDep) -> dict[str, Any]:
    return {"items": due_items(session, user, state.kb, utc_today())}


@router.get(
    "/api/journey/symptoms",
    summary="Symptoms an adverse-event report may name, with their triage level",
    response_model=list[SymptomOut],
)
def api_symptoms(_user: CaseManager, state: StateDep, lang: Lang = None) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "label": r.label.get(lang or "en"),
            "severity": r.severity,
            "expected_within_hours": r.expected_within_hours,
            "source": r.source,
        }
        for r in jk.reactions(state.kb).reactions
    ]


@router.get(
    "/api/cases/{case_id}",
    summary="A case with its history, schedule and adverse events",
    response_model=CaseDetail,
)
def api_get(case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep) -> dict[str, Any]:
    return jm.case_detail(jm.get_case(session, user.actor, case_id), state.kb, utc_today())


@router.patch(
    "/api/cases/{case_id}",
    summary="Correct a case (procedure date, contact, time zone…)",
    response_model=CaseDetail,
)
def api_edit(case_id: IdPath, body: CaseEditRequest, user: CaseManager, state: StateDep) -> dict[str, Any]:
    changes = CaseChanges.model_validate(body.model_dump(exclude_unset=True, exclude={"version"}))
    with state.db.writing() as s:
        case = jm.update_case(s, user.actor, case_id, changes.stored(), body.version)
        return jm.case_detail(case, state.kb, utc_today())


@router.post("/api/cases/{case_id}/stage", summary="Move the case forward", response_model=CaseDetail)
def api_stage(case_id: IdPath, body: StageRequest, user: CaseManager, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        case = jm.advance_stage(s, user.actor, case_id, body.stage, version=body.version, kb=state.kb)
        return jm.case_detail(case, state.kb, utc_today())


@router.post(
    "/api/cases/{case_id}/notes", status_code=201, summary="Add a note", response_model=CaseNotePublic
)
def api_note(case_id: IdPath, body: TextRequest, user: CaseManager, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(jm.add_note(s, user.actor, case_id, body.text))


@router.post(
    "/api/cases/{case_id}/documents",
    status_code=201,
    summary="Attach an evidence document",
    response_model=CaseDocumentPublic,
)
async def api_document(
    case_id: IdPath,
    user: CaseManager,
    state: StateDep,
    kind: Annotated[Literal["consent", "quote", "protocol", "photo", "other"], Form()],
    file: Annotated[UploadFile, File()],
) -> dict[str, Any]:
    data = await read_upload(file, state.settings.max_upload_bytes)
    with state.db.writing() as s:
        doc = jm.attach_document(
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
        return records.public(doc)


@router.get(
    "/api/cases/{case_id}/documents/{document_id}",
    summary="Download a case document as an attachment",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def api_document_download(
    case_id: IdPath, document_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep
) -> Response:
    return document_response(jm.get_document(session, user.actor, case_id, document_id), state.blobs)


@router.post(
    "/api/cases/{case_id}/close",
    summary="Close the case (all adverse events closed)",
    response_model=CaseSummary,
)
def api_close(case_id: IdPath, body: VersionRequest, user: CaseManager, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return jm.case_summary(jm.close_case(s, user.actor, case_id, body.version))


@router.post(
    "/api/cases/{case_id}/adverse-events",
    status_code=201,
    summary="Report and triage a reaction",
    response_model=AdverseEventOut,
)
def api_event(case_id: IdPath, body: EventRequest, user: CaseManager, state: StateDep) -> dict[str, Any]:
    report = AdverseEventReport(
        onset=body.onset,
        symptoms=body.symptoms,
        free_text=body.free_text,
        reporter=body.reporter,
        reported_at=body.reported_at or datetime.now(UTC),
    )
    with state.db.writing() as s:
        return jm.event_detail(jm.report_adverse_event(s, user.actor, case_id, report, state.kb))


@router.post(
    "/api/adverse-events/{event_id}/escalations",
    status_code=201,
    summary="Log an escalation step",
    response_model=AdverseEventOut,
)
def api_escalate(
    event_id: IdPath, body: EscalationRequest, user: CaseManager, state: StateDep
) -> dict[str, Any]:
    with state.db.writing() as s:
        jm.escalate(s, user.actor, event_id, body.action, body.note)
        return jm.event_detail(jm.get_event(s, user.actor, event_id))


@router.get(
    "/api/cases/{case_id}/schedule.ics",
    summary="The schedule as an iCalendar file",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}},
)
def api_ics(case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep) -> Response:
    return ics_response(jm.get_case(session, user.actor, case_id), state.kb)


@router.get(
    "/api/cases/{case_id}/fhir",
    summary="FHIR R4 Bundle: CarePlan, AdverseEvents, VerificationResults",
    response_model=FhirBundle,
)
def api_fhir(case_id: IdPath, user: CaseManager, session: SessionDep, state: StateDep) -> dict[str, Any]:
    return jm.fhir_bundle(session, jm.get_case(session, user.actor, case_id), state.kb)


@router.get(
    "/api/cases/{case_id}/report",
    summary="The patient report as PDF (or HTML with format=html)",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
)
def api_report(
    case_id: IdPath,
    user: CaseManager,
    session: SessionDep,
    state: StateDep,
    lang: Lang = None,
    format: Annotated[str, Query(pattern=r"^(pdf|html)$")] = "pdf",
) -> Response:
    return report_response(session, jm.get_case(session, user.actor, case_id), state.kb, lang, format)


# ---- shared by API and pages ---------------------------------------------------------------------


def due_items(session: Any, user: Principal, kb: Any, today: date) -> list[dict[str, Any]]:
    """What a dashboard lists: every due or overdue follow-up of the open cases."""
    out = []
    for case in jm.list_cases(session, user.actor, status="open", limit=200).items:
        schedule = jm.case_schedule(case, kb, "en")
        if schedule is None:
            continue
        for item, status in schedule.pending(today, frozenset(str(i) for i in case.done_items)):
            out.append(
                {
                    "case_id": case.id,
                    "patient": case.patient_alias,
                    "item": item.id,
                    "label": item.label,
                    "date": item.date.isoformat(),
                    "status": status,
                }
            )
    return sorted(out, key=lambda x: (x["date"], x["case_id"]))


def document_response(doc: jm.JourneyDocument, blobs: Any) -> Response:
    """Always an attachment in a sandbox, never sniffed or cached: an uploaded HTML file cannot
    run here, and patient evidence does not linger in a browser or proxy cache."""
    from urllib.parse import quote

    return Response(
        content=blobs.read(doc.sha256),
        media_type=doc.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(doc.original_name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "no-store",
        },
    )


def ics_response(case: jm.JourneyCase, kb: Any) -> Response:
    schedule = jm.case_schedule(case, kb)
    if schedule is None:
        raise ValidationFailed(f"case {case.id} has no procedure date, so it has no schedule yet")
    body = schedule_to_ics(
        schedule, f"case-{case.id}", generated_at=datetime.now(UTC), title=case.offering_name
    )
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="case-{case.id}.ics"'},
    )


def report_response(session: Any, case: jm.JourneyCase, kb: Any, lang: str | None, fmt: str) -> Response:
    report = report_for_case(session, case, kb, language=lang, generated_at=datetime.now(UTC))
    if fmt == "html":
        nonce = secrets.token_urlsafe(16)
        return Response(
            render_html(report, style_nonce=nonce),
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": styled_page_csp(nonce)},
        )
    page = render_html(report)
    from ..reports.pdf import html_to_pdf

    name = f"case-{case.id}-{report.language}.pdf"
    return Response(
        html_to_pdf(page),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
