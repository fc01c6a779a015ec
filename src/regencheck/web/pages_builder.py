"""The dossier builder: the forms of the clinic page that save one part of the record each
(a section, a specialist, a credential, an offering, a marketing text), the import of a whole
dossier, and its export.

Every form carries the clinic version the page showed; a save validates its part with the
dossier model, bumps the version and is audited. A refused save shows the clinic page again
(422, or 409 when someone saved first) with each message next to its field and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload

from ..classify.therapy import Therapy
from ..errors import Conflict, FieldProblem, InputError, ValidationFailed, pydantic_problems
from ..inputs import decode_text, parse_structured
from ..reports.i18n import N_
from ..store import directory, dossier_record
from ..store.blobs import clean_filename
from ..store.dossier_files import extract_text, file_references, inline_attachments
from ..store.models import Offering
from ..store.record_sections import SECTIONS, save_section
from ..store.schemas import (
    CredentialCreate,
    CredentialUpdate,
    OfferingCreate,
    OfferingUpdate,
    SpecialistCreate,
    SpecialistUpdate,
)
from ..verify import dossier as dm
from .api_common import IdPath, read_upload
from .builder_forms import FormEdit, FormRejected, field_errors, nested, typed_values
from .deps import CsrfChecked, Editor, Reader, SessionDep, StateDep
from .pages_clinics import render_clinic
from .pages_common import Flash, redirect, render
from .state import ServiceState

router = APIRouter(include_in_schema=False)

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
COMMA_LISTS = {"aftercare": ("follow_up_days", "adverse_event_languages")}
SECTION_PREFIX = {"lab": "clinic.lab."} | {s: f"{s}." for s in SECTIONS if s != "lab"}
SPECIALIST_FIELDS = (*dossier_record.SPECIALIST_COLUMNS, "disciplinary_actions", "evidence")
CREDENTIAL_FIELDS: tuple[str, ...] = ("kind", "number", "valid_from", "valid_until", "claimed_only")
CREDENTIAL_FIELDS += ("checked_on", "method", "source", "url", "checked_by")


def _version(values: Mapping[str, str]) -> int:
    raw = values.get("version", "")
    if not raw.isdigit() or len(raw) > 9:
        raise ValidationFailed(
            "the form carries no record version", problems=[FieldProblem("version", "reload the page")]
        )
    return int(raw)


def _validated(
    model: Any, data: dict[str, Any], prefix: str = "", renames: Mapping[str, str] | None = None
) -> Any:
    """`model` built from `data`, or FormRejected naming each field by its dossier path."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            FieldProblem(f"{prefix}{p.location}" if p.location else prefix.rstrip("."), p.message)
            for p in pydantic_problems(exc)
        ]
        raise FormRejected(
            ValidationFailed("some fields need fixing", problems=problems), prefix, renames
        ) from None


def _dossier_part(document: dict[str, Any], prefix: str, renames: Mapping[str, str]) -> dm.Dossier:
    try:
        return dossier_record.validate_dossier(document, "the form")
    except ValidationFailed as exc:
        raise FormRejected(exc, prefix, renames) from None


async def _save(
    request: Request,
    state: ServiceState,
    clinic_id: int,
    form_id: str,
    write: Callable[[Session, int, dict[str, str], FormData], str | Flash],
) -> Response:
    """Run one builder save; on a refusal show the clinic page with the form as it was typed."""
    form = await request.form()
    values = typed_values(form.multi_items())
    try:
        version = _version(values)

        def work() -> str | Flash:
            with state.db.writing() as s:
                return write(s, version, values, form)

        flash = await run_in_threadpool(work)
    except FormRejected as rejected:
        return _again(request, state, clinic_id, form_id, values, rejected)
    except (ValidationFailed, InputError, Conflict) as exc:
        return _again(request, state, clinic_id, form_id, values, FormRejected(exc))
    return redirect(request, f"/clinics/{clinic_id}#{form_id}", flash)


def _again(
    request: Request,
    state: ServiceState,
    clinic_id: int,
    form_id: str,
    values: dict[str, str],
    rejected: FormRejected,
) -> Response:
    errors, general = field_errors(
        rejected.error.problems, prefix=rejected.prefix, renames=rejected.renames, inputs=values
    )
    edit = FormEdit(form_id, values, errors, [rejected.error.message, *general])
    status = 409 if isinstance(rejected.error, Conflict) else rejected.error.http_status
    with state.db.reading() as session:
        return render_clinic(request, session, state, clinic_id, edit=edit, status_code=status)


# ---------------------------------------------------------------------------------------------
# Sections: clinic facts, lab, consultation, quote, aftercare, patient, facilitator


@router.post("/clinics/{clinic_id}/sections/{section}", dependencies=[CsrfChecked])
async def save_section_form(
    request: Request, clinic_id: IdPath, section: str, user: Editor, state: StateDep
) -> Response:
    if section not in SECTIONS:
        raise ValidationFailed(f"unknown section '{section}'")
    form_id = f"section-{section}"
    form = await request.form()
    if section == "quote" and form.get("more"):  # more blank rows, nothing saved, nothing lost
        values = typed_values(form.multi_items())
        with state.db.reading() as session:
            return render_clinic(
                request, session, state, clinic_id, edit=FormEdit(form_id, values, extra_rows=3)
            )
    try:
        consent = await _uploaded_text(form, "consent_file", state) if section == "consultation" else None
    except InputError as exc:
        return _again(request, state, clinic_id, form_id, typed_values(form.multi_items()), FormRejected(exc))

    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        prefix = SECTION_PREFIX[section]
        data, renames = nested(values, comma_lists=COMMA_LISTS.get(section, ()))
        for key in ("claimed_only",):
            if key in data:
                data[key] = data[key] == "on"
        if section == "consultation":
            text = consent if consent is not None else data.pop("consent", None)
            data.pop("consent", None)
            if text:
                data["consent"] = {"text": text}
        try:
            save_section(s, user.actor, clinic_id, section, data or None, version)
        except ValidationFailed as exc:
            raise FormRejected(exc, prefix, renames) from None
        return N_("Saved.")

    return await _save(request, state, clinic_id, form_id, write)


async def _uploaded_text(form: FormData, name: str, state: ServiceState) -> str | None:
    """The visible text of an uploaded .txt/.md/.html/.pdf file, read as the scanner reads it."""
    item = form.get(name)
    if not isinstance(item, StarletteUpload) or not item.filename:
        return None
    filename = clean_filename(item.filename)
    if not filename.lower().endswith(TEXT_SUFFIXES):
        raise ValidationFailed(
            f"{filename}: use a {', '.join(TEXT_SUFFIXES)} file",
            problems=[FieldProblem(name, f"expected one of {', '.join(TEXT_SUFFIXES)}")],
        )
    data = await read_upload(item, state.settings.max_upload_bytes)
    return await run_in_threadpool(extract_text, filename, data)


# ---------------------------------------------------------------------------------------------
# Specialists


def _specialist(values: dict[str, str]) -> dm.Specialist:
    data, renames = nested(values)
    record = data.pop("disciplinary_record", None)
    if record == "none" and "disciplinary_actions" not in data:
        data["disciplinary_actions"] = []
    spec = _dossier_part({"specialist": data}, "specialist.", renames).specialist
    return spec or dm.Specialist()


def _specialist_fields(spec: dm.Specialist) -> dict[str, Any]:
    data = dossier_record.canonical(spec)
    return {k: data.get(k) for k in SPECIALIST_FIELDS}


@router.post("/clinics/{clinic_id}/specialists", dependencies=[CsrfChecked])
async def add_specialist(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        fields = {k: v for k, v in _specialist_fields(_specialist(values)).items() if v is not None}
        data = _validated(SpecialistCreate, fields)
        spec = directory.add_specialist(s, user.actor, clinic_id, data, clinic_version=version)
        return Flash(N_("Specialist '{name}' added."), {"name": spec.name})

    return await _save(request, state, clinic_id, "specialist-new", write)


@router.post("/clinics/{clinic_id}/specialists/{specialist_id}", dependencies=[CsrfChecked])
async def edit_specialist(
    request: Request, clinic_id: IdPath, specialist_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        current = directory.record_of(s, clinic_id)
        spec_row = next(
            (r for r in dossier_record.clinic_specialists(s, current.id) if r.id == specialist_id), None
        )
        fields = _specialist_fields(_specialist(values))
        fields["version"] = spec_row.version if spec_row else 1
        data = _validated(SpecialistUpdate, fields)
        directory.update_specialist(s, user.actor, clinic_id, specialist_id, data, clinic_version=version)
        return N_("Specialist saved.")

    return await _save(request, state, clinic_id, f"specialist-{specialist_id}", write)


@router.post("/clinics/{clinic_id}/specialists/{specialist_id}/delete", dependencies=[CsrfChecked])
async def delete_specialist(
    request: Request, clinic_id: IdPath, specialist_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, _values: dict[str, str], _form: FormData) -> str | Flash:
        directory.delete_specialist(s, user.actor, clinic_id, specialist_id, clinic_version=version)
        return N_("Specialist removed.")

    return await _save(request, state, clinic_id, "step-1", write)


# ---------------------------------------------------------------------------------------------
# Credentials


def _credential(values: dict[str, str], prefix: str) -> tuple[dm.Credential, dict[str, Any]]:
    """The dossier credential a form describes, and its columns (with the record-only valid_from)."""
    data, renames = nested(values)
    valid_from = data.pop("valid_from", None)
    data["claimed_only"] = data.get("claimed_only") == "on"
    dossier = _dossier_part({"clinic": {"credentials": [data]}}, prefix, renames)
    assert dossier.clinic is not None and dossier.clinic.credentials
    item = dossier.clinic.credentials[0]
    columns = dossier_record.credential_columns(item)
    fields = {k: columns.get(k) for k in CREDENTIAL_FIELDS} | {"valid_from": valid_from}
    return item, fields


@router.post("/clinics/{clinic_id}/credentials", dependencies=[CsrfChecked])
async def add_credential(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        item, fields = _credential(values, "clinic.credentials.0.")
        data = _validated(CredentialCreate, {k: v for k, v in fields.items() if v is not None})
        directory.add_credential(s, user.actor, clinic_id, data, clinic_version=version)
        return Flash(N_("Credential '{name}' added."), {"name": item.kind})

    return await _save(request, state, clinic_id, "credential-new", write)


@router.post("/clinics/{clinic_id}/credentials/{credential_id}", dependencies=[CsrfChecked])
async def edit_credential(
    request: Request, clinic_id: IdPath, credential_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        _item, fields = _credential(values, "clinic.credentials.0.")
        fields["version"] = directory.get_credential(s, clinic_id, credential_id).version
        data = _validated(CredentialUpdate, fields)
        directory.update_credential(s, user.actor, clinic_id, credential_id, data, clinic_version=version)
        return N_("Credential saved.")

    return await _save(request, state, clinic_id, f"credential-{credential_id}", write)


@router.post("/clinics/{clinic_id}/credentials/{credential_id}/delete", dependencies=[CsrfChecked])
async def delete_credential(
    request: Request, clinic_id: IdPath, credential_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, _values: dict[str, str], _form: FormData) -> str | Flash:
        directory.delete_credential(s, user.actor, clinic_id, credential_id, clinic_version=version)
        return N_("Credential removed.")

    return await _save(request, state, clinic_id, "step-2", write)


# ---------------------------------------------------------------------------------------------
# Offerings


def _offering(values: dict[str, str], keep: dict[str, Any] | None) -> dict[str, Any]:
    """The offering's fields: dossier-validated, structured attributes checked by the classifier's model."""
    data, renames = nested(values)
    therapy = data.pop("therapy", None)
    if therapy:
        attributes = _validated(Therapy, therapy, "offering.therapy.", renames)
        # Attributes the form does not show (a name or description inside `therapy`) stay.
        hidden = {
            k: v
            for k, v in (keep or {}).items()
            if k not in Therapy.model_fields or k in ("name", "description")
        }
        data["therapy"] = hidden | attributes.model_dump(exclude_none=True)
    offering = _dossier_part({"offering": data}, "offering.", renames).offering or dm.Offering()
    return dossier_record.offering_columns(offering)


@router.post("/clinics/{clinic_id}/offerings", dependencies=[CsrfChecked])
async def add_offering(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        fields = {k: v for k, v in _offering(values, None).items() if v is not None}
        data = _validated(OfferingCreate, fields, "offering.")
        directory.add_offering(s, user.actor, clinic_id, data, clinic_version=version)
        return Flash(N_("Offering '{name}' added."), {"name": data.marketing_name})

    return await _save(request, state, clinic_id, "offering-new", write)


@router.post("/clinics/{clinic_id}/offerings/{offering_id}", dependencies=[CsrfChecked])
async def edit_offering(
    request: Request, clinic_id: IdPath, offering_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, values: dict[str, str], _form: FormData) -> str | Flash:
        row = s.get(Offering, offering_id)
        fields = _offering(values, row.therapy if row and row.clinic_id == clinic_id else None)
        fields["version"] = row.version if row else 1
        data = _validated(OfferingUpdate, fields, "offering.")
        directory.update_offering(s, user.actor, clinic_id, offering_id, data, clinic_version=version)
        return N_("Offering saved.")

    return await _save(request, state, clinic_id, f"offering-{offering_id}", write)


@router.post("/clinics/{clinic_id}/offerings/{offering_id}/delete", dependencies=[CsrfChecked])
async def delete_offering(
    request: Request, clinic_id: IdPath, offering_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, _values: dict[str, str], _form: FormData) -> str | Flash:
        directory.delete_offering(s, user.actor, clinic_id, offering_id, clinic_version=version)
        return N_("Offering removed.")

    return await _save(request, state, clinic_id, "step-3", write)


# ---------------------------------------------------------------------------------------------
# Marketing texts


@router.post("/clinics/{clinic_id}/marketing", dependencies=[CsrfChecked])
async def add_marketing(request: Request, clinic_id: IdPath, user: Editor, state: StateDep) -> Response:
    form = await request.form()
    try:
        uploaded = await _uploaded_text(form, "file", state)
    except InputError as exc:
        return _again(
            request, state, clinic_id, "marketing-new", typed_values(form.multi_items()), FormRejected(exc)
        )

    def write(s: Session, version: int, values: dict[str, str], form: FormData) -> str | Flash:
        item = form.get("file")
        text = uploaded if uploaded is not None else values.get("text", "")
        origin = clean_filename(item.filename) if isinstance(item, StarletteUpload) and item.filename else ""
        origin = (values.get("origin", "").strip() or origin).replace("\x00", "")
        if not text.strip():
            raise ValidationFailed(
                "there is no text to keep",
                problems=[FieldProblem("marketing.0.text", "paste a text or upload a file")],
            )
        dossier = _dossier_part({"marketing": [{"text": text}]}, "marketing.0.", {})
        assert dossier.marketing
        clinic = directory.record_of(s, clinic_id, version)
        dossier_record.add_marketing_text(
            s,
            user.actor,
            clinic,
            text,
            title=values.get("title", "").replace("\x00", ""),
            origin=origin,
            kb=state.kb,
        )
        dossier_record.touch(s, clinic)
        return N_("Marketing text added and scanned.")

    return await _save(request, state, clinic_id, "marketing-new", write)


@router.post("/clinics/{clinic_id}/marketing/{document_id}/delete", dependencies=[CsrfChecked])
async def delete_marketing(
    request: Request, clinic_id: IdPath, document_id: IdPath, user: Editor, state: StateDep
) -> Response:
    def write(s: Session, version: int, _values: dict[str, str], _form: FormData) -> str | Flash:
        dossier_record.remove_marketing_text(s, user.actor, clinic_id, document_id, version)
        return N_("Marketing text removed.")

    return await _save(request, state, clinic_id, "step-3", write)


# ---------------------------------------------------------------------------------------------
# Import and export


class ImportForm(BaseModel):
    """The import form's text inputs (the dossier file and its attachments are `File()`
    parameters). Both stay text so that `_version` and the dossier parser report a bad value
    on the clinic page, as before; the CSRF token is ignored."""

    model_config = ConfigDict(extra="ignore")

    version: str = ""
    dossier: str = ""

    def typed(self) -> dict[str, str]:
        """What the person typed, for the form shown again (an empty input reads as not sent)."""
        return {name: value for name, value in self.model_dump().items() if value}


@router.post("/clinics/{clinic_id}/import", dependencies=[CsrfChecked])
@router.post("/clinics/{clinic_id}/dossier", dependencies=[CsrfChecked])
async def import_form(
    request: Request,
    clinic_id: IdPath,
    user: Editor,
    state: StateDep,
    form: Annotated[ImportForm, Form()],
    file: Annotated[UploadFile | None, File()] = None,
    attachments: Annotated[list[UploadFile], File()] = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    """Replace the record with a pasted or uploaded dossier; show what changed."""
    values = form.typed()
    try:
        version = _version(values)
        document = await _posted_dossier(file, form.dossier, state)
        document = (
            inline_attachments(document, await _attachments(attachments, state))
            if file_references(document)
            else document
        )

        def work() -> dossier_record.ImportResult:
            with state.db.writing() as s:
                result = dossier_record.import_dossier(
                    s, user.actor, document, clinic_id, version=version, kb=state.kb, file="dossier"
                )
                s.refresh(result.clinic)
                return result

        result = await run_in_threadpool(work)
    except (ValidationFailed, InputError, Conflict) as exc:
        return _again(request, state, clinic_id, "import", values, FormRejected(exc))
    return render(request, "import_result.html", {"clinic": result.clinic, "changes": result.changes})


async def _posted_dossier(item: UploadFile | None, text: str, state: ServiceState) -> dict[str, Any]:
    if item is not None and item.filename:
        data = await read_upload(item, state.settings.max_upload_bytes)
        document = await run_in_threadpool(parse_structured, decode_text(data, item.filename), item.filename)
    else:
        if len(text) > 500_000:
            raise InputError(N_("the pasted dossier is over 500,000 characters; upload it as a file"))
        document = await run_in_threadpool(parse_structured, text, "pasted dossier") if text.strip() else None
    if not isinstance(document, dict):
        raise InputError(
            N_("the dossier must be a YAML or JSON mapping (clinic:, specialist:, offering:, …)")
        )
    return document


async def _attachments(files: list[UploadFile], state: ServiceState) -> dict[str, bytes]:
    out = {}
    for item in files:
        if item.filename:
            out[clean_filename(item.filename)] = await read_upload(item, state.settings.max_upload_bytes)
    return out


@router.get("/clinics/{clinic_id}/dossier.{fmt}")
def export_dossier(
    clinic_id: IdPath,
    fmt: Literal["yaml", "json"],
    _user: Reader,
    session: SessionDep,
    specialist_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    offering_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The record as a dossier file to download."""
    dossier = dossier_record.record_dossier(session, clinic_id, specialist_id, offering_id)
    if fmt == "yaml":
        body, media = dossier_record.dossier_yaml(dossier), "application/yaml"
    else:
        body, media = dossier_record.dossier_json(dossier), "application/json"
    disposition = f'attachment; filename="clinic-{clinic_id}-dossier.{fmt}"'
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Content-Disposition": disposition})
