"""Exports: clinics, verifications and cases as CSV or JSON, the audit log as JSON Lines, and a
verification as a FHIR VerificationResult Bundle. Every export is role-checked like the records
it holds and is never cached."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from ..errors import PermissionDenied
from ..journey.fhir import verification_bundle
from ..store import exports, records
from ..store.base import utcnow
from ..store.models import Verification
from ..store.roles import Permission
from .api_common import IdPath
from .api_models import FhirBundle
from .deps import Auditor, Reader, SessionDep, StateDep

router = APIRouter(prefix="/api", tags=["exports"])

ExportFormat = Annotated[Literal["csv", "json"], Query(description="csv for spreadsheets, json for tools")]
_NO_STORE = {"Cache-Control": "no-store"}


# The audit route comes first: `audit.jsonl` would otherwise be read as a {table}.
@router.get(
    "/export/audit.jsonl",
    summary="The whole audit log as JSON Lines, oldest first (content per your role)",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {"schema": {"type": "string"}}}}},
)
def export_audit(user: Auditor, state: StateDep) -> StreamingResponse:
    def lines() -> Any:
        with state.db.reading() as session:
            yield from exports.audit_lines(session, user.role)

    headers = _NO_STORE | {"Content-Disposition": 'attachment; filename="regencheck-audit.jsonl"'}
    return StreamingResponse(lines(), media_type="application/x-ndjson", headers=headers)


@router.get(
    "/export/{table}",
    summary="Clinics, verifications or cases (cases need manage_cases) as CSV or JSON",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            }
        }
    },
)
def export_table(
    table: Literal["clinics", "verifications", "cases"],
    user: Reader,
    session: SessionDep,
    format: ExportFormat = "csv",
) -> Response:
    if table == "cases" and not user.can(Permission.manage_cases):
        raise PermissionDenied(f"your role ({user.role}) may not read patient cases")
    rows = exports.rows_for(session, table)
    day = utcnow().date().isoformat()
    if format == "json":
        body, media = exports.to_json(rows), "application/json"
    else:
        body, media = exports.to_csv(rows), "text/csv; charset=utf-8"
    headers = _NO_STORE | {"Content-Disposition": f'attachment; filename="regencheck-{table}-{day}.{format}"'}
    return Response(body, media_type=media, headers=headers)


@router.get(
    "/verifications/{verification_id}/fhir",
    summary="A verification as a FHIR R4 VerificationResult Bundle",
    response_model=FhirBundle,
)
def verification_fhir(verification_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    stored = records.get_or_404(session, Verification, verification_id, "verification")
    return verification_bundle(stored.result, stored.id, utcnow())
