"""The audit log: read entries and check the hash chain."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..store import audit, verifications
from ..store.audit_view import entry_for
from .api_common import Limit, Offset
from .api_models import AuditPage, ChainCheck
from .deps import Auditor, SessionDep

router = APIRouter(prefix="/api/audit", tags=["audit"])

Filter = Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")]


@router.get(
    "",
    summary="Audit entries, newest first (filter by entity, record id or actor); the content of "
    "entries about records your role may not read is withheld",
    response_model=AuditPage,
)
def entries(
    user: Auditor,
    session: SessionDep,
    entity: Filter = None,
    entity_id: Filter = None,
    actor: Filter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items, total = audit.list_entries(
        session, entity=entity, entity_id=entity_id, actor=actor, limit=limit, offset=offset
    )
    shown = [entry_for(e, user.role) for e in items]
    return {"items": shown, "total": total, "limit": limit, "offset": offset}


@router.get(
    "/verify",
    summary="Check the hash chain and the stored verifications; names the first break",
    response_model=ChainCheck,
)
def verify(_user: Auditor, session: SessionDep) -> dict[str, Any]:
    chain = audit.verify_chain(session)
    stored = verifications.check_stored_results(session)
    return chain.to_dict() | {
        "ok": chain.ok and stored.ok,
        "chain_ok": chain.ok,
        "verifications": stored.to_dict(),
    }
