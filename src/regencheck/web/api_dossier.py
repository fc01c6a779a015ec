"""A clinic's record as its dossier: export (JSON or YAML), import (replace), save one section,
add or remove marketing texts. Every change bumps the clinic's version and is audited."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..store import dossier_record, scans
from ..store.directory import record_of
from ..store.record_sections import save_section, section_value
from ..store.schemas import MAX_ID, InstitutionType, PriceTier
from ..verify import dossier as dm
from .api_common import IdPath
from .deps import Editor, Reader, SessionDep, StateDep

router = APIRouter(prefix="/api/clinics", tags=["dossier"])

Version = Annotated[int, Field(ge=1, le=MAX_ID, description="The clinic version this change is based on.")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


class RecordChangeOut(BaseModel):
    action: Literal["added", "changed", "removed"]
    part: Literal["clinic", "sections", "credential", "specialist", "offering", "marketing"]
    label: str
    fields: list[str]


class ImportOut(BaseModel):
    """The clinic after an import and what the import changed (empty: nothing did)."""

    clinic_id: int
    version: int
    created: bool
    changes: list[RecordChangeOut]


class DossierImport(BaseModel):
    """A whole dossier replacing the clinic's record (other parts are removed)."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    dossier: dm.Dossier = Field(
        description="Product-spec keys; `file:` references are refused here: put the text in."
    )


@router.get(
    "/{clinic_id}/dossier",
    summary="The clinic's record as a dossier (JSON, or YAML with ?format=yaml)",
    response_model=dm.Dossier,
    responses={200: {"content": {"application/yaml": {"schema": {"type": "string"}}}}},
)
def get_dossier(
    clinic_id: IdPath,
    _user: Reader,
    session: SessionDep,
    format: Annotated[Literal["json", "yaml"], Query(description="json (default) or yaml")] = "json",
    specialist_id: OptionalId = None,
    offering_id: OptionalId = None,
) -> Response:
    dossier = dossier_record.record_dossier(session, clinic_id, specialist_id, offering_id)
    if format == "yaml":
        return Response(dossier_record.dossier_yaml(dossier), media_type="application/yaml")
    return Response(dossier_record.dossier_json(dossier), media_type="application/json")


def import_out(result: dossier_record.ImportResult) -> ImportOut:
    return ImportOut(
        clinic_id=result.clinic.id,
        version=result.clinic.version,
        created=result.created,
        changes=[RecordChangeOut.model_validate(c.to_dict()) for c in result.changes],
    )


@router.put(
    "/{clinic_id}/dossier",
    summary="Replace the clinic's record with a dossier (an import; send the version you read)",
)
def put_dossier(clinic_id: IdPath, body: DossierImport, user: Editor, state: StateDep) -> ImportOut:
    document = dossier_record.canonical(body.dossier)
    with state.db.writing() as s:
        result = dossier_record.import_dossier(
            s, user.actor, document, clinic_id, version=body.version, kb=state.kb, file="dossier"
        )
        return import_out(result)


M = TypeVar("M", bound=BaseModel)


class SectionPut(BaseModel, Generic[M]):
    """One section's new value (null clears it), based on the clinic version you read."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    value: M | None = None


class SectionOut(BaseModel):
    clinic_id: int
    version: int
    section: str
    value: dict[str, Any] | None


class ClinicFacts(dm.DossierModel):
    """The clinic's own facts: the dossier's `clinic` keys but its credentials and lab."""

    name: str = Field(min_length=1, max_length=200)
    address: str | None = None
    institution_type: InstitutionType | None = None
    licence_number: str | None = None
    price_tier: PriceTier | None = None
    evidence: dm.Evidence | None = None


def _save(state: Any, user: Any, clinic_id: int, section: str, body: SectionPut[Any]) -> SectionOut:
    value = None if body.value is None else dossier_record.canonical(body.value)
    with state.db.writing() as s:
        clinic = save_section(s, user.actor, clinic_id, section, value, body.version)
        return SectionOut(
            clinic_id=clinic.id, version=clinic.version, section=section, value=section_value(clinic, section)
        )


@router.put("/{clinic_id}/sections/clinic", summary="Save the clinic's own facts (name, address, …)")
def put_clinic_section(
    clinic_id: IdPath, body: SectionPut[ClinicFacts], user: Editor, state: StateDep
) -> SectionOut:
    return _save(state, user, clinic_id, "clinic", body)


@router.put("/{clinic_id}/sections/lab", summary="Save the cell-processing lab (criterion 2.3)")
def put_lab(clinic_id: IdPath, body: SectionPut[dm.Lab], user: Editor, state: StateDep) -> SectionOut:
    return _save(state, user, clinic_id, "lab", body)


@router.put("/{clinic_id}/sections/consultation", summary="Save consultation, written protocol and consent")
def put_consultation(
    clinic_id: IdPath, body: SectionPut[dm.Consultation], user: Editor, state: StateDep
) -> SectionOut:
    return _save(state, user, clinic_id, "consultation", body)


@router.put("/{clinic_id}/sections/quote", summary="Save the quote (currency, lines, agency fee)")
def put_quote(clinic_id: IdPath, body: SectionPut[dm.Quote], user: Editor, state: StateDep) -> SectionOut:
    return _save(state, user, clinic_id, "quote", body)


@router.put("/{clinic_id}/sections/aftercare", summary="Save aftercare and candidacy screening")
def put_aftercare(
    clinic_id: IdPath, body: SectionPut[dm.Aftercare], user: Editor, state: StateDep
) -> SectionOut:
    return _save(state, user, clinic_id, "aftercare", body)


@router.put("/{clinic_id}/sections/patient", summary="Save the patient context (home country, language)")
def put_patient(clinic_id: IdPath, body: SectionPut[dm.Patient], user: Editor, state: StateDep) -> SectionOut:
    return _save(state, user, clinic_id, "patient", body)


@router.put("/{clinic_id}/sections/facilitator", summary="Save the introducing agency (criterion 2.4)")
def put_facilitator(
    clinic_id: IdPath, body: SectionPut[dm.Facilitator], user: Editor, state: StateDep
) -> SectionOut:
    return _save(state, user, clinic_id, "facilitator", body)


class MarketingIn(BaseModel):
    """A marketing text of the clinic (a page's visible text, an advert, a brochure)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=dossier_record.MAX_MARKETING_CHARS, pattern=r"\S")
    title: str = Field(default="", max_length=300, pattern=r"^[^\x00]*$")
    origin: str = Field(default="", max_length=1000, pattern=r"^[^\x00]*$")


class MarketingOut(BaseModel):
    """A stored marketing text with its latest scan's risk."""

    id: int
    clinic_id: int
    title: str
    origin: str
    position: int
    sha256: str
    risk: str | None
    scan_id: int | None
    clinic_version: int


@router.post(
    "/{clinic_id}/marketing", status_code=201, summary="Add a marketing text to the record (it is scanned)"
)
def add_marketing(clinic_id: IdPath, body: MarketingIn, user: Editor, state: StateDep) -> MarketingOut:
    dossier_record.validate_dossier({"marketing": [{"text": body.text}]}, "the marketing text")
    with state.db.writing() as s:
        clinic = record_of(s, clinic_id)
        doc = dossier_record.add_marketing_text(
            s, user.actor, clinic, body.text, title=body.title, origin=body.origin, kb=state.kb
        )
        dossier_record.touch(s, clinic)
        scan = scans.latest_scans(s, [doc.id]).get(doc.id)
        return MarketingOut(
            id=doc.id,
            clinic_id=clinic.id,
            title=doc.title,
            origin=doc.origin,
            position=doc.position,
            sha256=doc.sha256,
            risk=scan.risk if scan else None,
            scan_id=scan.id if scan else None,
            clinic_version=clinic.version,
        )


@router.delete(
    "/{clinic_id}/marketing/{document_id}", status_code=204, summary="Remove a marketing text and its scans"
)
def delete_marketing(clinic_id: IdPath, document_id: IdPath, user: Editor, state: StateDep) -> None:
    with state.db.writing() as s:
        dossier_record.remove_marketing_text(s, user.actor, clinic_id, document_id)
