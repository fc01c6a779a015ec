"""Registry snapshots: import a CSV, list snapshots, look rows up."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.concurrency import run_in_threadpool

from ..store import records, registry
from .api_common import IdPath, Limit, Offset, SearchText, page_body, read_upload
from .api_models import RegistryRowPage, SnapshotPage, SnapshotPublic
from .deps import Editor, Reader, SessionDep, StateDep

router = APIRouter(prefix="/api/registry", tags=["registry"])


@router.post(
    "/snapshots",
    status_code=201,
    summary="Import a registry CSV as a dated snapshot",
    response_model=SnapshotPublic,
)
async def import_registry(
    user: Editor,
    state: StateDep,
    file: Annotated[
        UploadFile,
        File(description="CSV: kind,name,address,number,valid_from,valid_until,source,retrieved_on"),
    ],
    source: Annotated[str | None, Form(max_length=400, pattern=r"^[^\x00]*$")] = None,
    retrieved_on: Annotated[date | None, Form()] = None,
) -> dict[str, Any]:
    data = await read_upload(file, state.settings.max_upload_bytes)

    def store() -> dict[str, Any]:
        with state.db.writing() as s:
            snapshot = registry.import_snapshot(
                s,
                user.actor,
                state.blobs,
                data=data,
                filename=file.filename or "registry.csv",
                source=source,
                retrieved_on=retrieved_on,
            )
            return records.public(snapshot)

    # Parsing and storing thousands of rows: off the event loop.
    result: dict[str, Any] = await run_in_threadpool(store)
    return result


@router.get("/snapshots", summary="Imported snapshots, newest retrieval first", response_model=SnapshotPage)
def list_snapshots(
    _user: Reader, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    return page_body(registry.list_snapshots(session, limit, offset))


@router.get("/snapshots/{snapshot_id}", summary="One snapshot", response_model=SnapshotPublic)
def get_snapshot(snapshot_id: IdPath, _user: Reader, session: SessionDep) -> dict[str, Any]:
    return records.public(registry.get_snapshot(session, snapshot_id))


@router.get(
    "/rows",
    summary="Look up registry rows (latest snapshot unless `snapshot_id` is given)",
    response_model=RegistryRowPage,
)
def lookup(
    _user: Reader,
    session: SessionDep,
    q: SearchText = None,
    kind: SearchText = None,
    number: SearchText = None,
    snapshot_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = registry.lookup(
        session, snapshot_id=snapshot_id, q=q, kind=kind, number=number, limit=limit, offset=offset
    )
    return page_body(page)
