"""Verifications: run one on a clinic's record or a posted dossier, list the history, see what changed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..store import records, registry, verifications
from ..store.models import Verification
from ..store.schemas import MAX_ID, check_document
from .api_common import IdPath, Limit, Offset, page_body
from .api_models import VerificationChanges, VerificationPage, VerificationPublic
from .deps import Reader, SessionDep, StateDep, Verifier

router = APIRouter(prefix="/api/verifications", tags=["verifications"])

Verdict = Annotated[str | None, Query(pattern=r"^(verified|conditional|not_verified|insufficient_evidence)$")]


class VerifyRequest(BaseModel):
    """A clinic whose record is verified (with the specialist and offering to verify), or a
    dossier not stored as a clinic's record."""

    model_config = ConfigDict(extra="forbid")
    clinic_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Verify this clinic's record.")
    specialist_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="The clinic's specialist to verify; default its first."
    )
    offering_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="The clinic's offering to verify; default its first."
    )
    dossier: dict[str, Any] | None = Field(
        default=None, description="A dossier (product spec keys) verified without storing it as a record."
    )
    snapshot_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Registry snapshot; default latest."
    )
    as_of: date | None = Field(default=None, description="Fixes 'today' for expiry checks; default today.")

    @model_validator(mode="after")
    def _one_thing_to_verify(self) -> VerifyRequest:
        if (self.dossier is None) == (self.clinic_id is None):
            # A clinic's verification reads its record: a posted document beside it would be a
            # verification of the clinic that its record does not back.
            raise ValueError(
                "send a 'clinic_id' (its record is verified) or a 'dossier', not both; to verify a "
                "document as a clinic's, import it first (PUT /api/clinics/{id}/dossier)"
            )
        if self.clinic_id is None and (self.specialist_id is not None or self.offering_id is not None):
            raise ValueError(
                "'specialist_id' and 'offering_id' choose within a clinic's record: send 'clinic_id'"
            )
        check_document(self.dossier)
        return self


def summary(v: Verification) -> dict[str, Any]:
    return records.public(v, exclude=frozenset({"dossier", "result"}))


def full(v: Verification) -> dict[str, Any]:
    return records.public(v)


@router.post(
    "",
    status_code=201,
    summary="Run and store a verification (of a clinic's record, or of a dossier)",
    response_model=VerificationPublic,
)
def run(body: VerifyRequest, user: Verifier, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        if body.clinic_id is not None:
            verification = verifications.verify_record(
                s,
                user.actor,
                state.kb,
                body.clinic_id,
                specialist_id=body.specialist_id,
                offering_id=body.offering_id,
                snapshot_id=body.snapshot_id,
                as_of=body.as_of,
            )
            return full(verification)
        assert body.dossier is not None
        snapshot = registry.get_snapshot(s, body.snapshot_id) if body.snapshot_id else None
        verification = verifications.run_verification(
            s, user.actor, state.kb, dossier=body.dossier, snapshot=snapshot, as_of=body.as_of
        )
        return full(verification)


@router.get("", summary="Verification history, newest first", response_model=VerificationPage)
def history(
    _user: Reader,
    session: SessionDep,
    clinic_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    verdict: Verdict = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = verifications.list_verifications(
        session, clinic_id=clinic_id, verdict=verdict, limit=limit, offset=offset
    )
    return page_body(page, summary)


@router.get(
    "/{verification_id}",
    summary="One verification: dossier, knowledge version and full scorecard",
    response_model=VerificationPublic,
)
def get_one(verification_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    return full(verifications.get_verification(session, verification_id))


@router.get(
    "/{verification_id}/changes",
    summary="What changed since the clinic's previous verification",
    response_model=VerificationChanges,
)
def changes(verification_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    current = verifications.get_verification(session, verification_id)
    previous = verifications.previous_of(session, current)
    diff = verifications.changes(previous.result, current.result) if previous else []
    return {
        "verification_id": current.id,
        "previous_id": previous.id if previous else None,
        "changes": [c.__dict__ for c in diff],
    }
