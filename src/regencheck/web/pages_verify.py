"""The verify flow: choose a clinic (its record: which specialist, offering, registry snapshot and
day) or paste a dossier, run, see the scorecard with its five steps and 24 marks and what
changed since the previous verification."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session, defer
from starlette.concurrency import run_in_threadpool

from ..errors import FieldProblem, InputError, ValidationFailed
from ..inputs import decode_text, parse_structured
from ..reports import labels as L
from ..reports.charts import CriterionCell, criteria_grid, quote_chart
from ..reports.i18n import N_, Translator
from ..reports.patient import quote_view
from ..reports.scorecard import render_scorecard_html
from ..reports.verify_text import translated_card
from ..store import dossier_record, registry, verifications
from ..store.base import utcnow
from ..store.blobs import clean_filename
from ..store.dossier_files import file_references, inline_attachments
from ..store.models import Clinic
from ..store.schemas import check_document
from .api_common import IdPath, read_upload
from .deps import CsrfChecked, Principal, Reader, SessionDep, StateDep, Verifier
from .i18n import remember_language, translator
from .middleware import styled_page_csp
from .pages_common import redirect, render
from .state import ServiceState

router = APIRouter(include_in_schema=False)


@router.get("/verify")
def verify_form(
    request: Request,
    _user: Verifier,
    session: SessionDep,
    clinic_id: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    clinics = session.scalars(select(Clinic).order_by(Clinic.name).options(defer(Clinic.sections))).all()
    chosen = _as_id(clinic_id)
    clinic = session.get(Clinic, chosen) if chosen else None
    return render(
        request,
        "verify.html",
        {
            "clinics": clinics,
            "chosen": clinic,
            "choices": verify_choices(session, clinic.id) if clinic else None,
            "snapshots": registry.list_snapshots(session, limit=50).items,
            "today": utcnow().date(),
        },
    )


def verify_choices(session: Session, clinic_id: int) -> dict[str, Any]:
    """What the verify form offers for one clinic: its specialists and offerings."""
    return {
        "specialists": dossier_record.clinic_specialists(session, clinic_id),
        "offerings": dossier_record.clinic_offerings(session, clinic_id),
    }


def _as_id(value: str) -> int | None:
    return int(value) if value.isdigit() and 0 < len(value) < 10 else None


def _as_of(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(
            "the verification date is not a date",
            problems=[FieldProblem("as_of", f"expected YYYY-MM-DD; got {value[:20]!r}")],
        ) from None


@dataclass(frozen=True)
class VerifyChoice:
    """What the verify form asked for: a clinic's record (with its choices) or a document."""

    clinic_id: int | None
    specialist_id: int | None
    offering_id: int | None
    snapshot_id: int | None
    as_of: date | None
    document: Any


@router.post("/verify", dependencies=[CsrfChecked])
async def verify_submit(
    request: Request,
    user: Verifier,
    state: StateDep,
    clinic_id: Annotated[str, Form(max_length=12)] = "",
    specialist_id: Annotated[str, Form(max_length=12)] = "",
    offering_id: Annotated[str, Form(max_length=12)] = "",
    snapshot_id: Annotated[str, Form(max_length=12)] = "",
    as_of: Annotated[str, Form(max_length=20)] = "",
    dossier: Annotated[str, Form(max_length=500_000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
    attachments: Annotated[list[UploadFile], File()] = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    document: Any = None
    if file is not None and file.filename:
        data = await read_upload(file, state.settings.max_upload_bytes)
        document = await run_in_threadpool(parse_structured, decode_text(data, file.filename), file.filename)
    elif dossier.strip():
        document = await run_in_threadpool(parse_structured, dossier, "pasted dossier")
    if document is not None and not isinstance(document, dict):
        raise InputError(
            N_("the dossier must be a YAML or JSON mapping (clinic:, specialist:, offering:, …)")
        )
    cid = _as_id(clinic_id)
    if cid is not None and document is not None:
        raise InputError(
            "a clinic's verification reads its record: choose the clinic, or paste a dossier, not both "
            "(to verify a document as the clinic's, import it on the clinic's page first)"
        )
    if document is not None and file_references(document):
        document = inline_attachments(document, await _attachments(attachments, state))
    try:
        check_document(document)
    except ValueError as exc:
        raise InputError(f"the dossier cannot be stored: {exc}") from None
    if cid is None and document is None:
        raise InputError(N_("choose a clinic, or paste or upload a dossier"))
    choice = VerifyChoice(
        cid, _as_id(specialist_id), _as_id(offering_id), _as_id(snapshot_id), _as_of(as_of), document
    )
    # Verifying is CPU and database work: off the event loop, so other requests go on meanwhile.
    vid = await run_in_threadpool(_verify, state, user, choice)
    return redirect(request, f"/verifications/{vid}", N_("Verification stored."))


async def _attachments(files: list[UploadFile], state: ServiceState) -> dict[str, bytes]:
    """The files a pasted dossier refers to, by cleaned name; a file input left empty is skipped."""
    uploaded = {}
    for item in files:
        if item.filename:
            uploaded[clean_filename(item.filename)] = await read_upload(item, state.settings.max_upload_bytes)
    return uploaded


def _verify(state: ServiceState, user: Principal, choice: VerifyChoice) -> int:
    with state.db.writing() as s:
        if choice.clinic_id is not None:
            verification = verifications.verify_record(
                s,
                user.actor,
                state.kb,
                choice.clinic_id,
                specialist_id=choice.specialist_id,
                offering_id=choice.offering_id,
                snapshot_id=choice.snapshot_id,
                as_of=choice.as_of,
            )
        else:
            snapshot = registry.get_snapshot(s, choice.snapshot_id) if choice.snapshot_id else None
            verification = verifications.run_verification(
                s, user.actor, state.kb, dossier=choice.document, snapshot=snapshot, as_of=choice.as_of
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
    tr = translator(request)
    card = translated_card(current.result, tr)
    quote, bars = quote_view(current.result.get("quote_audit"), tr)
    price_chart = (
        quote_chart(tr.gettext("Quoted price against the reference range"), bars, width=420) if bars else ""
    )
    return render(
        request,
        "verification.html",
        {
            "v": current,
            "card": card,
            "verdict_label": L.label(L.VERDICTS, current.verdict, tr),
            "verdict_meaning": L.label(L.VERDICT_MEANINGS, current.verdict, tr),
            "previous": previous,
            "changes": diff,
            "chart": scorecard_svg(card, tr),
            # The SVG's texts are escaped where charts.py builds it.
            "price_chart": Markup(price_chart),
            "quote": quote,
        },
    )


def scorecard_svg(card: dict[str, Any], tr: Translator) -> Markup:
    """The 24 criteria at a glance: a grid, a row per step, a coloured square per criterion
    (texts escaped in charts.py)."""
    rows = [
        (
            str(step.get("id")),
            [
                CriterionCell(
                    str(c.get("id")), str(c.get("status")), f"{c.get('id')} {c['title']}: {c['status_label']}"
                )
                for c in step.get("criteria", [])
            ],
        )
        for step in card.get("steps") or []
    ]
    legend = {status: tr.gettext(message) for status, message in L.CRITERION_STATUS.items()}
    return Markup(criteria_grid(tr.gettext("The 24 criteria"), rows, legend)) if rows else Markup("")


@router.get("/verifications/{verification_id}/report")
def verification_report(
    request: Request, verification_id: IdPath, _user: Reader, session: SessionDep
) -> Response:
    """The printable HTML scorecard report in the page language (`?lang=`, the remembered choice
    or the browser's), when the reports engine is installed."""
    current = verifications.get_verification(session, verification_id)
    nonce = secrets.token_urlsafe(16)
    language = translator(request).language
    html = render_scorecard_html(current.result, style_nonce=nonce, language=language)
    response = HTMLResponse(str(html), headers={"Content-Security-Policy": styled_page_csp(nonce)})
    if request.query_params.get("lang") == language:  # an explicit choice, remembered as on pages
        remember_language(request, response, language)
    return response
