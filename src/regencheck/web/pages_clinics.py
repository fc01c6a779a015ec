"""Dashboard and clinic pages: list with verdicts and expiring credentials, and one clinic's
record shown as the five steps of the checklist (the builder's forms are in `pages_builder`),
with evidence, staleness warnings, registry matches and verification history."""

from __future__ import annotations

from typing import Annotated, Any, get_args

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..classify.therapy import ATTRIBUTE_VALUES, BOOL_VALUES
from ..errors import FieldProblem, ValidationFailed, pydantic_problems
from ..knowledge.facts import evidence_max_age_months
from ..reports.i18n import N_
from ..store import directory, dossier_record, records, registry, scans, verifications
from ..store.base import utcnow
from ..store.evidence import attach_evidence, evidence_for, get_evidence
from ..store.models import Clinic, Credential
from ..store.record_sections import SECTIONS, section_value
from ..store.schemas import (
    ClinicCreate,
    ClinicUpdate,
    Indication,
    InstitutionType,
    OfferingRole,
    PriceTier,
    Specialty,
)
from ..verify import dossier as dm
from .api_common import IdPath, read_upload
from .api_evidence import evidence_response
from .builder_forms import FormEdit, unknown_fields
from .deps import CsrfChecked, Editor, Reader, SessionDep, StateDep
from .pages_common import redirect, render
from .state import ServiceState

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


def validated(model: Any, data: dict[str, Any], what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            f"the {what} form has invalid fields", problems=pydantic_problems(exc)
        ) from None


@router.get("/")
def dashboard(
    request: Request, _user: Reader, session: SessionDep, state: StateDep, q: str = "", page: int = 1
) -> Response:
    page = max(1, min(page, 100_000))
    clinics = directory.list_clinics(
        session, q=q[:200].replace("\x00", "") or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    verdicts = directory.latest_verdicts(session, [c.id for c in clinics.items])
    today = utcnow().date()
    expiring = directory.expiring_credentials(session, today, state.settings.expiring_within_days)
    names = {
        c.id: c.name
        for c in session.scalars(
            select(Clinic).where(Clinic.id.in_({e.clinic_id for e in expiring if e.clinic_id}))
        )
    }
    return render(
        request,
        "dashboard.html",
        {
            "clinics": clinics,
            "verdicts": verdicts,
            "expiring": expiring,
            "clinic_names": names,
            "q": q,
            "page": page,
            "pages": max(1, -(-clinics.total // PAGE_SIZE)),
            "today": today,
            "within": state.settings.expiring_within_days,
        },
    )


@router.get("/clinics/new")
def new_clinic_form(request: Request, _user: Editor) -> Response:
    return render(request, "clinic_form.html", {"clinic": None})


CLINIC_FIELDS = ("name", "address", "institution_type", "licence_number", "price_tier", "notes")


class ClinicForm(BaseModel):
    """The new-clinic form (`clinic_form.html`), as text: `ClinicCreate` validates it afterwards,
    so a bad value gets the page's own field problem, not FastAPI's generic 422. An empty or blank
    input means "not given"; other posted fields (the CSRF token) are ignored."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: str = ""
    address: str = ""
    institution_type: str = ""
    licence_number: str = ""
    price_tier: str = ""
    notes: str = ""

    def given(self) -> dict[str, str]:
        return {name: value for name, value in self.model_dump().items() if value}


@router.post("/clinics", dependencies=[CsrfChecked])
async def create_clinic(
    request: Request, user: Editor, state: StateDep, form: Annotated[ClinicForm, Form()]
) -> Response:
    data = validated(ClinicCreate, form.given(), "clinic")
    with state.db.writing() as s:
        clinic = directory.create_clinic(s, user.actor, data)
        cid = clinic.id
    return redirect(request, f"/clinics/{cid}", N_("Clinic '{name}' created."), name=data.name)


@router.get("/clinics/{clinic_id}")
def clinic_page(
    request: Request, clinic_id: IdPath, _user: Reader, session: SessionDep, state: StateDep
) -> Response:
    return render_clinic(request, session, state, clinic_id)


def rows_for(edit: FormEdit | None, form_id: str, prefix: str, existing: int, blanks: int) -> range:
    """Which rows a list in a form shows: the record's plus `blanks` empty ones, or, when the
    form comes back to the person, every row they had (plus any they asked for)."""
    if edit is None or edit.form != form_id:
        return range(existing + blanks)
    typed = {
        int(head)
        for name in edit.values
        if name.startswith(prefix + ".") and (head := name[len(prefix) + 1 :].split(".")[0]).isdigit()
    }
    return range(max(max(typed) + 1 if typed else 0, existing) + edit.extra_rows)


def render_clinic(
    request: Request,
    session: Session,
    state: ServiceState,
    clinic_id: int,
    *,
    edit: FormEdit | None = None,
    status_code: int = 200,
) -> Response:
    """The clinic page: the record as the five steps of the checklist, each with its forms."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    today = utcnow().date()
    max_age = evidence_max_age_months(state.kb)
    credentials = session.scalars(
        select(Credential)
        .where(Credential.clinic_id == clinic_id)
        .order_by(Credential.position, Credential.id)
    ).all()
    rows: list[dict[str, Any]] = [
        {
            "credential": c,
            "warnings": directory.credential_warnings(
                c,
                today,
                expiring_within_days=state.settings.expiring_within_days,
                max_check_age_months=max_age,
            ),
            "evidence": evidence_for(session, c),
        }
        for c in credentials
    ]
    history = verifications.list_verifications(session, clinic_id=clinic_id, limit=20).items
    numbers = [clinic.licence_number or ""] + [c.number or "" for c in credentials]
    snapshot, registry_rows = registry.rows_for_clinic(session, clinic.name, numbers)
    documents = dossier_record.marketing_documents(session, clinic_id)
    try:
        dossier = dossier_record.record_dossier(session, clinic_id)
        record_problems: list[FieldProblem] = []
    except ValidationFailed as exc:
        dossier, record_problems = None, exc.problems
    context = {
        "clinic": clinic,
        "edit": edit,
        "rows_for": rows_for,
        "credentials": [r for r in rows if r["credential"].specialist_id is None],
        "specialist_credentials": [r for r in rows if r["credential"].specialist_id is not None],
        "specialists": dossier_record.clinic_specialists(session, clinic_id),
        "offerings": dossier_record.clinic_offerings(session, clinic_id),
        "documents": documents,
        "scans": scans.latest_scans(session, [d.id for d in documents]),
        "sections": {name: section_value(clinic, name) or {} for name in SECTIONS},
        "unknown": unknown_fields(dossier),
        "record_problems": record_problems,
        "history": history,
        "max_age": max_age,
        "snapshot": snapshot,
        "registry_rows": registry_rows,
        "snapshots": registry.list_snapshots(session, limit=50).items,
        "today": today,
        "choices": CHOICES,
    }
    return render(request, "clinic.html", context, status_code=status_code)


# The values each select of the builder offers (the dossier's enumerations).
CHOICES: dict[str, tuple[str, ...]] = {
    "credential_kinds": get_args(dm.CredentialKind),
    "methods": get_args(dm.Method),
    "facts": get_args(dm.SpecialistFact),
    "line_kinds": get_args(dm.LineKind),
    "specialties": get_args(Specialty),
    "institution_types": get_args(InstitutionType),
    "price_tiers": get_args(PriceTier),
    "indications": get_args(Indication),
    "roles": get_args(OfferingRole),
    "lab_sites": ("on_site", "off_site"),
    "disciplinary_kinds": ("warning", "fine", "suspension", "revocation", "other"),
} | {f"therapy_{name}": values for name, values in ATTRIBUTE_VALUES.items() if values != BOOL_VALUES}
THERAPY_FLAGS = tuple(name for name, values in ATTRIBUTE_VALUES.items() if values == BOOL_VALUES)
CHOICES["therapy_flags"] = THERAPY_FLAGS


@router.post("/clinics/{clinic_id}/edit", dependencies=[CsrfChecked])
async def edit_clinic(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    """Change the clinic's details; only the fields the form sends change (the notes form sends one)."""
    form = await request.form()
    fields: dict[str, Any] = {
        name: (str(form.get(name) or "").strip() or None) for name in CLINIC_FIELDS if name in form
    }
    if "notes" in fields:
        fields["notes"] = fields["notes"] or ""
    fields["version"] = form.get("version")
    data = validated(ClinicUpdate, fields, "clinic")
    with state.db.writing() as s:
        directory.update_clinic(s, user.actor, clinic_id, data)
    return redirect(request, f"/clinics/{clinic_id}", N_("Saved."))


@router.post("/clinics/{clinic_id}/delete", dependencies=[CsrfChecked])
def delete_clinic(
    request: Request, clinic_id: IdPath, user: Editor, state: StateDep, version: Annotated[int, Form(ge=1)]
) -> Response:
    with state.db.writing() as s:
        directory.delete_clinic(s, user.actor, clinic_id, version)
    return redirect(request, "/", N_("Clinic deleted."))


@router.post("/clinics/{clinic_id}/credentials/{credential_id}/evidence", dependencies=[CsrfChecked])
async def upload_evidence(
    request: Request,
    clinic_id: IdPath,
    credential_id: IdPath,
    user: Editor,
    state: StateDep,
    file: Annotated[UploadFile, File()],
    note: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    data = await read_upload(file, state.settings.max_upload_bytes)
    with state.db.writing() as s:
        attach_evidence(
            s,
            user.actor,
            state.blobs,
            clinic_id=clinic_id,
            credential_id=credential_id,
            filename=file.filename,
            content_type=file.content_type,
            data=data,
            max_bytes=state.settings.max_upload_bytes,
            note=note.replace("\x00", ""),
        )
    return redirect(request, f"/clinics/{clinic_id}", N_("Evidence uploaded."))


@router.get("/evidence/{evidence_id}")
def download_evidence(evidence_id: IdPath, _user: Reader, session: SessionDep, state: StateDep) -> Response:
    evidence = get_evidence(session, evidence_id)
    return evidence_response(evidence, state.blobs.read(evidence.sha256))
