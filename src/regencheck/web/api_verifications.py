"""Verifications: run one on a stored or posted dossier, list the history, see what changed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import InputError
from ..store import records, registry, verifications
from ..store.models import Clinic, Verification
from ..store.schemas import MAX_ID, check_document
from .api_common import IdPath, Limit, Offset, page_body
from .deps import Reader, SessionDep, StateDep, Verifier

router = APIRouter(prefix="/api/verifications", tags=["verifications"])

Verdict = Annotated[str | None, Query(pattern=r"^(verified|conditional|not_verified|insufficient_evidence)$")]


class VerifyRequest(BaseModel):
    """A dossier to verify, or a clinic whose stored dossier is verified (or both: posted for that clinic)."""

    model_config = ConfigDict(extra="forbid")
    dossier: dict[str, Any] | None = Field(default=None, description="The dossier (product spec keys).")
    clinic_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    snapshot_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Registry snapshot; default latest."
    )
    as_of: date | None = Field(default=None, description="Fixes 'today' for expiry checks.")

    @model_validator(mode="after")
    def _something_to_verify(self) -> VerifyRequest:
        if self.dossier is None and self.clinic_id is None:
            raise ValueError("send a 'dossier', a 'clinic_id' with a stored dossier, or both")
        check_document(self.dossier)
        return self


def summary(v: Verification) -> dict[str, Any]:
    return records.public(v, exclude=frozenset({"dossier", "result"}))


def full(v: Verification) -> dict[str, Any]:
    return records.public(v)


@router.post("", status_code=201, summary="Run and store a verification")
def run(body: VerifyRequest, user: Verifier, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        clinic = records.get_or_404(s, Clinic, body.clinic_id, "clinic") if body.clinic_id else None
        dossier = body.dossier if body.dossier is not None else (clinic.dossier if clinic else None)
        if dossier is None:
            raise InputError(f"clinic {body.clinic_id} has no stored dossier; send one in 'dossier'")
        snapshot = registry.get_snapshot(s, body.snapshot_id) if body.snapshot_id else None
        verification = verifications.run_verification(
            s, user.actor, state.kb, dossier=dossier, clinic=clinic, snapshot=snapshot, as_of=body.as_of
        )
        return full(verification)


@router.get("", summary="Verification history, newest first")
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


@router.get("/{verification_id}", summary="One verification: dossier, knowledge version and full scorecard")
def get_one(verification_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    return full(verifications.get_verification(session, verification_id))


@router.get("/{verification_id}/changes", summary="What changed since the clinic's previous verification")
def changes(verification_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    current = verifications.get_verification(session, verification_id)
    previous = verifications.previous_of(session, current)
    diff = verifications.changes(previous.result, current.result) if previous else []
    return {
        "verification_id": current.id,
        "previous_id": previous.id if previous else None,
        "changes": [c.__dict__ for c in diff],
    }
