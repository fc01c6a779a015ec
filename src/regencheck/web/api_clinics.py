"""Clinics with their specialists, credentials and offerings (the parts of each clinic's record)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationFailed
from ..store import directory, dossier_record, records, scans
from ..store.models import Clinic, Credential
from ..store.schemas import (
    ClinicCreate,
    ClinicUpdate,
    CredentialCreate,
    CredentialUpdate,
    OfferingCreate,
    OfferingUpdate,
    SpecialistCreate,
    SpecialistUpdate,
)
from .api_common import IdPath, Limit, Offset, SearchText, listing, page_body
from .api_models import (
    ClinicDetail,
    ClinicPage,
    ClinicWithDossier,
    CredentialPublic,
    OfferingPublic,
    SpecialistPublic,
)
from .deps import Editor, Reader, SessionDep, StateDep

router = APIRouter(prefix="/api/clinics", tags=["clinics"])


def clinic_body(
    clinic: Clinic, verdict: str | None = None, *, session: Session | None = None
) -> dict[str, Any]:
    """A clinic's columns; given a session, also its whole record as a dossier (`dossier`: null
    when a part entered before the record was a dossier no longer validates)."""
    body = records.public(clinic, exclude=frozenset({"sections"})) | {"latest_verdict": verdict}
    if session is not None:
        try:
            body["dossier"] = dossier_record.assemble(session, clinic.id)
        except ValidationFailed:
            body["dossier"] = None
    return body


@router.get(
    "",
    summary="List clinics (search by name, address or licence number); dossiers are on the detail",
    response_model=ClinicPage,
)
def list_clinics(
    _user: Reader, session: SessionDep, q: SearchText = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    page = directory.list_clinics(session, q=q, limit=limit, offset=offset)
    verdicts = directory.latest_verdicts(session, [c.id for c in page.items])
    return page_body(
        page,
        lambda c: clinic_body(c, verdicts[c.id].verdict if c.id in verdicts else None),
    )


@router.post(
    "",
    status_code=201,
    summary="Create a clinic (with `dossier`: import its whole record)",
    response_model=ClinicWithDossier,
)
def create_clinic(body: ClinicCreate, user: Editor, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return clinic_body(directory.create_clinic(s, user.actor, body, state.kb), session=s)


@router.get(
    "/{clinic_id}",
    summary="One clinic with its specialists, credentials and offerings",
    response_model=ClinicDetail,
)
def get_clinic(clinic_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    verdicts = directory.latest_verdicts(session, [clinic.id])
    docs = dossier_record.marketing_documents(session, clinic_id)
    latest = scans.latest_scans(session, [d.id for d in docs])
    verdict = verdicts[clinic.id].verdict if clinic.id in verdicts else None
    return clinic_body(clinic, verdict, session=session) | {
        "specialists": listing(dossier_record.clinic_specialists(session, clinic_id)),
        "credentials": listing(
            session.scalars(
                select(Credential)
                .where(Credential.clinic_id == clinic_id)
                .order_by(Credential.position, Credential.id)
            )
        ),
        "offerings": listing(dossier_record.clinic_offerings(session, clinic_id)),
        "marketing": [
            records.public(d, exclude=frozenset({"text"}))
            | {"risk": latest[d.id].risk if d.id in latest else None}
            for d in docs
        ],
    }


@router.patch(
    "/{clinic_id}",
    summary="Change a clinic; send the `version` you read (409 if it changed since); `dossier` replaces the record",
    response_model=ClinicWithDossier,
)
def update_clinic(clinic_id: IdPath, body: ClinicUpdate, user: Editor, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return clinic_body(directory.update_clinic(s, user.actor, clinic_id, body, state.kb), session=s)


@router.delete(
    "/{clinic_id}", status_code=204, summary="Delete a clinic and its records (verifications stay)"
)
def delete_clinic(
    clinic_id: IdPath,
    user: Editor,
    state: StateDep,
    version: int | None = Query(default=None, ge=1, le=2**31 - 1),
) -> None:
    with state.db.writing() as s:
        directory.delete_clinic(s, user.actor, clinic_id, version)


@router.post(
    "/{clinic_id}/specialists", status_code=201, summary="Add a specialist", response_model=SpecialistPublic
)
def add_specialist(
    clinic_id: IdPath, body: SpecialistCreate, user: Editor, state: StateDep
) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(directory.add_specialist(s, user.actor, clinic_id, body))


@router.patch(
    "/{clinic_id}/specialists/{specialist_id}",
    summary="Change a specialist (optimistic locking)",
    response_model=SpecialistPublic,
)
def update_specialist(
    clinic_id: IdPath, specialist_id: IdPath, body: SpecialistUpdate, user: Editor, state: StateDep
) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(directory.update_specialist(s, user.actor, clinic_id, specialist_id, body))


@router.delete("/{clinic_id}/specialists/{specialist_id}", status_code=204, summary="Remove a specialist")
def delete_specialist(clinic_id: IdPath, specialist_id: IdPath, user: Editor, state: StateDep) -> None:
    with state.db.writing() as s:
        directory.delete_specialist(s, user.actor, clinic_id, specialist_id)


@router.post(
    "/{clinic_id}/credentials",
    status_code=201,
    summary="Add a credential the clinic holds or claims",
    response_model=CredentialPublic,
)
def add_credential(
    clinic_id: IdPath, body: CredentialCreate, user: Editor, state: StateDep
) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(directory.add_credential(s, user.actor, clinic_id, body))


@router.patch(
    "/{clinic_id}/credentials/{credential_id}",
    summary="Change a credential (optimistic locking)",
    response_model=CredentialPublic,
)
def update_credential(
    clinic_id: IdPath, credential_id: IdPath, body: CredentialUpdate, user: Editor, state: StateDep
) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(directory.update_credential(s, user.actor, clinic_id, credential_id, body))


@router.delete("/{clinic_id}/credentials/{credential_id}", status_code=204, summary="Remove a credential")
def delete_credential(clinic_id: IdPath, credential_id: IdPath, user: Editor, state: StateDep) -> None:
    with state.db.writing() as s:
        directory.delete_credential(s, user.actor, clinic_id, credential_id)


@router.post(
    "/{clinic_id}/offerings", status_code=201, summary="Add an offering", response_model=OfferingPublic
)
def add_offering(clinic_id: IdPath, body: OfferingCreate, user: Editor, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(directory.add_offering(s, user.actor, clinic_id, body))


@router.patch(
    "/{clinic_id}/offerings/{offering_id}",
    summary="Change an offering (optimistic locking)",
    response_model=OfferingPublic,
)
def update_offering(
    clinic_id: IdPath, offering_id: IdPath, body: OfferingUpdate, user: Editor, state: StateDep
) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(directory.update_offering(s, user.actor, clinic_id, offering_id, body))


@router.delete("/{clinic_id}/offerings/{offering_id}", status_code=204, summary="Remove an offering")
def delete_offering(clinic_id: IdPath, offering_id: IdPath, user: Editor, state: StateDep) -> None:
    with state.db.writing() as s:
        directory.delete_offering(s, user.actor, clinic_id, offering_id)
