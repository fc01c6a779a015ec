"""Dashboard and clinic pages: list with verdicts and expiring credentials, one clinic with its
credentials, evidence, staleness warnings, specialists, dossier and verification history."""

from __future__ import annotations

from collections import OrderedDict
from typing import Annotated, Any, get_args

import yaml
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select

from ..errors import InputError, ValidationFailed, pydantic_problems
from ..inputs import parse_structured
from ..knowledge.facts import evidence_max_age_months
from ..store import directory, records, registry, scans, verifications
from ..store.base import utcnow
from ..store.evidence import attach_evidence, evidence_for, get_evidence
from ..store.models import Clinic, Credential, Offering, Specialist
from ..store.schemas import ClinicCreate, ClinicUpdate, CredentialCreate, SpecialistCreate
from ..verify.dossier import CredentialKind, Method
from .api_common import IdPath, read_upload
from .api_evidence import evidence_response
from .deps import CsrfChecked, Editor, Reader, SessionDep, StateDep
from .pages_common import redirect, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


def form_fields(form: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Non-empty text fields of a submitted form (empty inputs mean 'not given')."""
    out: dict[str, Any] = {}
    for name in names:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            out[name] = value.strip()
    return out


def validated(model: Any, data: dict[str, Any], what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            f"the {what} form has invalid fields", problems=pydantic_problems(exc)
        ) from None


# libyaml's emitter when present: the pure-Python one dominated the clinic page's time.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_YAML_CACHE: OrderedDict[tuple[str, int, int], str] = OrderedDict()
_YAML_CACHE_SIZE = 256


def dossier_yaml(dossier: dict[str, Any] | None, key: tuple[str, int, int] | None = None) -> str:
    """The stored dossier as YAML for the edit box, cached per (database, clinic, version):
    every save bumps the version, so a cached text is never stale."""
    if not dossier:
        return ""
    if key is not None and key in _YAML_CACHE:
        _YAML_CACHE.move_to_end(key)
        return _YAML_CACHE[key]
    text = str(yaml.dump(dossier, Dumper=_DUMPER, allow_unicode=True, sort_keys=False))
    if key is not None:
        _YAML_CACHE[key] = text
        if len(_YAML_CACHE) > _YAML_CACHE_SIZE:
            _YAML_CACHE.popitem(last=False)
    return text


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


@router.post("/clinics", dependencies=[CsrfChecked])
async def create_clinic(request: Request, user: Editor, state: StateDep) -> Response:
    data = validated(ClinicCreate, form_fields(await request.form(), CLINIC_FIELDS), "clinic")
    with state.db.writing() as s:
        clinic = directory.create_clinic(s, user.actor, data)
        cid = clinic.id
    return redirect(request, f"/clinics/{cid}", f"Clinic '{data.name}' created.")


@router.get("/clinics/{clinic_id}")
def clinic_page(
    request: Request, clinic_id: IdPath, _user: Reader, session: SessionDep, state: StateDep
) -> Response:
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    today = utcnow().date()
    max_age = evidence_max_age_months(state.kb)
    credentials = session.scalars(
        select(Credential).where(Credential.clinic_id == clinic_id).order_by(Credential.kind)
    ).all()
    rows = [
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
    return render(
        request,
        "clinic.html",
        {
            "clinic": clinic,
            "credentials": rows,
            "specialists": session.scalars(
                select(Specialist).where(Specialist.clinic_id == clinic_id).order_by(Specialist.name)
            ).all(),
            "offerings": session.scalars(select(Offering).where(Offering.clinic_id == clinic_id)).all(),
            "history": history,
            "documents": scans.documents_of(session, clinic_id),
            "dossier_yaml": dossier_yaml(clinic.dossier, (state.db.url, clinic.id, clinic.version)),
            "max_age": max_age,
            "snapshot": snapshot,
            "registry_rows": registry_rows,
            "credential_kinds": get_args(CredentialKind),
            "evidence_methods": get_args(Method),
        },
    )


@router.post("/clinics/{clinic_id}/edit", dependencies=[CsrfChecked])
async def edit_clinic(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    form = await request.form()
    fields: dict[str, Any] = {name: (str(form.get(name) or "").strip() or None) for name in CLINIC_FIELDS}
    fields["notes"] = fields["notes"] or ""
    fields["version"] = form.get("version")
    data = validated(ClinicUpdate, fields, "clinic")
    with state.db.writing() as s:
        directory.update_clinic(s, user.actor, clinic_id, data)
    return redirect(request, f"/clinics/{clinic_id}", "Saved.")


@router.post("/clinics/{clinic_id}/delete", dependencies=[CsrfChecked])
def delete_clinic(
    request: Request, clinic_id: IdPath, user: Editor, state: StateDep, version: Annotated[int, Form(ge=1)]
) -> Response:
    with state.db.writing() as s:
        directory.delete_clinic(s, user.actor, clinic_id, version)
    return redirect(request, "/", "Clinic deleted.")


@router.post("/clinics/{clinic_id}/dossier", dependencies=[CsrfChecked])
def save_dossier(
    request: Request,
    clinic_id: IdPath,
    user: Editor,
    state: StateDep,
    version: Annotated[int, Form(ge=1)],
    dossier: Annotated[str, Form(max_length=500_000)] = "",
) -> Response:
    document = parse_structured(dossier, f"clinic {clinic_id} dossier") if dossier.strip() else None
    if document is not None and not isinstance(document, dict):
        raise InputError("the dossier must be a YAML mapping (clinic:, specialist:, offering:, …)")
    with state.db.writing() as s:
        directory.update_clinic(
            s,
            user.actor,
            clinic_id,
            validated(ClinicUpdate, {"version": version, "dossier": document}, "dossier"),
        )
    return redirect(request, f"/clinics/{clinic_id}", "Dossier saved.")


SPECIALIST_FIELDS = (
    "name",
    "licence_number",
    "specialty",
    "subspecialty",
    "years_in_subspecialty",
    "cumulative_cases",
    "board_certified",
)


@router.post("/clinics/{clinic_id}/specialists", dependencies=[CsrfChecked])
async def add_specialist(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    data = validated(SpecialistCreate, form_fields(await request.form(), SPECIALIST_FIELDS), "specialist")
    with state.db.writing() as s:
        directory.add_specialist(s, user.actor, clinic_id, data)
    return redirect(request, f"/clinics/{clinic_id}", f"Specialist '{data.name}' added.")


CREDENTIAL_FIELDS = (
    "kind",
    "number",
    "valid_from",
    "valid_until",
    "checked_on",
    "method",
    "source",
    "url",
    "checked_by",
)


@router.post("/clinics/{clinic_id}/credentials", dependencies=[CsrfChecked])
async def add_credential(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    form = await request.form()
    fields = form_fields(form, CREDENTIAL_FIELDS)
    fields["claimed_only"] = form.get("claimed_only") == "on"
    data = validated(CredentialCreate, fields, "credential")
    with state.db.writing() as s:
        directory.add_credential(s, user.actor, clinic_id, data)
    return redirect(request, f"/clinics/{clinic_id}", "Credential added.")


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
    return redirect(request, f"/clinics/{clinic_id}", "Evidence uploaded.")


@router.get("/evidence/{evidence_id}")
def download_evidence(evidence_id: IdPath, _user: Reader, session: SessionDep, state: StateDep) -> Response:
    evidence = get_evidence(session, evidence_id)
    return evidence_response(evidence, state.blobs.read(evidence.sha256))
