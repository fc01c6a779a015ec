"""Evidence files: upload to a credential, list, download by id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from ..store import directory, records
from ..store.evidence import attach_evidence, delete_evidence, evidence_for, get_evidence
from .api_common import IdPath, listing, read_upload
from .api_models import EvidenceList, EvidencePublic
from .deps import Editor, Reader, SessionDep, StateDep

router = APIRouter(prefix="/api", tags=["evidence"])


@router.get(
    "/clinics/{clinic_id}/credentials/{credential_id}/evidence",
    summary="Evidence of one credential",
    response_model=EvidenceList,
)
def list_evidence(
    clinic_id: IdPath, credential_id: IdPath, _user: Reader, session: SessionDep
) -> list[dict[str, Any]]:
    credential = directory.get_credential(session, clinic_id, credential_id)
    return listing(evidence_for(session, credential))


@router.post(
    "/clinics/{clinic_id}/credentials/{credential_id}/evidence",
    status_code=201,
    summary="Upload an evidence file (stored by SHA-256 with its original name and type)",
    response_model=EvidencePublic,
)
async def upload_evidence(
    clinic_id: IdPath,
    credential_id: IdPath,
    user: Editor,
    state: StateDep,
    file: Annotated[UploadFile, File(description="The document")],
    note: Annotated[str, Form(max_length=400, pattern=r"^[^\x00]*$")] = "",
) -> dict[str, Any]:
    data = await read_upload(file, state.settings.max_upload_bytes)
    with state.db.writing() as s:
        evidence = attach_evidence(
            s,
            user.actor,
            state.blobs,
            clinic_id=clinic_id,
            credential_id=credential_id,
            filename=file.filename,
            content_type=file.content_type,
            data=data,
            max_bytes=state.settings.max_upload_bytes,
            note=note,
        )
        return records.public(evidence)


@router.get(
    "/evidence/{evidence_id}/download",
    summary="Download an evidence file as an attachment",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_evidence(evidence_id: IdPath, _user: Reader, session: SessionDep, state: StateDep) -> Response:
    return evidence_response(
        get_evidence(session, evidence_id), state.blobs.read(get_evidence(session, evidence_id).sha256)
    )


def evidence_response(evidence: Any, data: bytes) -> Response:
    """Always an attachment, never rendered inline, so an uploaded HTML file cannot run here."""
    from urllib.parse import quote

    return Response(
        content=data,
        media_type=evidence.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(evidence.original_name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        },
    )


@router.delete("/evidence/{evidence_id}", status_code=204, summary="Unlink an evidence file")
def remove_evidence(evidence_id: IdPath, user: Editor, state: StateDep) -> None:
    with state.db.writing() as s:
        delete_evidence(s, user.actor, evidence_id)
