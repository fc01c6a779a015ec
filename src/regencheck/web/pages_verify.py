"""The verify flow: choose a clinic (stored dossier) or paste a dossier, run, see the scorecard
with its five steps and 24 marks and what changed since the previous verification."""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import defer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from ..errors import InputError
from ..inputs import decode_text, parse_structured
from ..reports.charts import StepBar, scorecard_chart
from ..reports.scorecard import render_scorecard_html
from ..store import records, verifications
from ..store.blobs import clean_filename
from ..store.dossier_files import file_references, inline_attachments
from ..store.models import Clinic
from ..store.schemas import check_document
from .api_common import IdPath, read_upload
from .deps import CsrfChecked, Principal, Reader, SessionDep, StateDep, Verifier
from .middleware import styled_page_csp
from .pages_common import redirect, render
from .state import ServiceState

router = APIRouter(include_in_schema=False)


@router.get("/verify")
def verify_form(request: Request, _user: Verifier, session: SessionDep) -> Response:
    stmt = (
        select(Clinic).where(Clinic.dossier.is_not(None)).order_by(Clinic.name).options(defer(Clinic.dossier))
    )
    clinics = session.scalars(stmt).all()
    return render(request, "verify.html", {"clinics": clinics})


@router.post("/verify", dependencies=[CsrfChecked])
async def verify_submit(
    request: Request,
    user: Verifier,
    state: StateDep,
    clinic_id: Annotated[str, Form()] = "",
    dossier: Annotated[str, Form(max_length=500_000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    document: Any = None
    if file is not None and file.filename:
        data = await read_upload(file, state.settings.max_upload_bytes)
        document = await run_in_threadpool(parse_structured, decode_text(data, file.filename), file.filename)
    elif dossier.strip():
        document = await run_in_threadpool(parse_structured, dossier, "pasted dossier")
    if document is not None and not isinstance(document, dict):
        raise InputError("the dossier must be a YAML or JSON mapping (clinic:, specialist:, offering:, …)")
    if document is not None and file_references(document):
        uploaded = {}
        # Read from the parsed form: several files under one name arrive as a list there.
        for item in (await request.form()).getlist("attachments"):
            if isinstance(item, StarletteUpload) and item.filename:
                uploaded[clean_filename(item.filename)] = await read_upload(
                    item, state.settings.max_upload_bytes
                )
        document = inline_attachments(document, uploaded)
    try:
        check_document(document)
    except ValueError as exc:
        raise InputError(f"the dossier cannot be stored: {exc}") from None
    cid = int(clinic_id) if clinic_id.isdigit() and len(clinic_id) < 10 else None
    # Verifying is CPU and database work: off the event loop, so other requests go on meanwhile.
    vid = await run_in_threadpool(_verify, state, user, cid, document)
    return redirect(request, f"/verifications/{vid}", "Verification stored.")


def _verify(state: ServiceState, user: Principal, cid: int | None, document: Any) -> int:
    with state.db.writing() as s:
        clinic = records.get_or_404(s, Clinic, cid, "clinic") if cid else None
        if document is None:
            if clinic is None or clinic.dossier is None:
                raise InputError("choose a clinic with a stored dossier, or paste or upload a dossier")
            document = clinic.dossier
        verification = verifications.run_verification(
            s, user.actor, state.kb, dossier=document, clinic=clinic
        )
        return verification.id


@router.get("/verifications")
def verification_list(request: Request, _user: Reader, session: SessionDep, page: int = 1) -> Response:
    page = max(1, min(page, 100_000))
    items = verifications.list_verifications(session, limit=50, offset=(page - 1) * 50)
    return render(
        request, "verifications.html", {"items": items, "page": page, "pages": max(1, -(-items.total // 50))}
    )


@router.get("/verifications/{verification_id}")
def verification_page(
    request: Request, verification_id: IdPath, _user: Reader, session: SessionDep
) -> Response:
    current = verifications.get_verification(session, verification_id)
    previous = verifications.previous_of(session, current)
    diff = verifications.changes(previous.result, current.result) if previous else []
    return render(
        request,
        "verification.html",
        {
            "v": current,
            "card": current.result,
            "previous": previous,
            "changes": diff,
            "chart": scorecard_svg(current.result),
        },
    )


LEGEND = {"pass": "passed", "fail": "failed", "unknown": "unknown", "not_applicable": "not applicable"}


def scorecard_svg(card: dict[str, Any]) -> Markup:
    """The 24 criteria at a glance: one bar per step, coloured by status (texts escaped in charts.py)."""
    steps = [
        StepBar(
            f"{step.get('id')}. {step.get('title', '')}",
            dict(Counter(str(c.get("status")) for c in step.get("criteria", []))),
        )
        for step in card.get("steps") or []
    ]
    return Markup(scorecard_chart("Criteria by step", steps, LEGEND)) if steps else Markup("")


@router.get("/verifications/{verification_id}/report")
def verification_report(verification_id: IdPath, _user: Reader, session: SessionDep) -> Response:
    """The printable HTML scorecard report, when the reports engine is installed."""
    current = verifications.get_verification(session, verification_id)
    nonce = secrets.token_urlsafe(16)
    html = render_scorecard_html(current.result, style_nonce=nonce)
    return HTMLResponse(str(html), headers={"Content-Security-Policy": styled_page_csp(nonce)})
