"""Registry page: import a snapshot CSV, list snapshots, look rows up."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NotFound
from ..reports.i18n import N_
from ..store import registry
from .api_common import read_upload
from .deps import CsrfChecked, Editor, Reader, SessionDep, StateDep
from .pages_common import Flash, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/registry")
def registry_page(
    request: Request,
    _user: Reader,
    session: SessionDep,
    q: str = "",
    number: str = "",
    snapshot: int | None = None,
) -> Response:
    snapshots = registry.list_snapshots(session, limit=20).items
    rows = None
    if snapshots:
        try:
            rows = registry.lookup(
                session,
                snapshot_id=snapshot if snapshot and 0 < snapshot < 2**31 else None,
                q=q[:200].replace("\x00", "") or None,
                number=number[:100].replace("\x00", "") or None,
                limit=100,
            )
        except NotFound:
            rows = None
    return render(request, "registry.html", {"snapshots": snapshots, "rows": rows, "q": q, "number": number})


@router.post("/registry/import", dependencies=[CsrfChecked])
async def import_registry(
    request: Request,
    user: Editor,
    state: StateDep,
    file: Annotated[UploadFile, File()],
    source: Annotated[str, Form(max_length=400)] = "",
    retrieved_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    data = await read_upload(file, state.settings.max_upload_bytes)
    try:
        day = date.fromisoformat(retrieved_on) if retrieved_on else None
    except ValueError:
        raise InputError(f"retrieved on: not a date (YYYY-MM-DD): {retrieved_on!r}") from None

    def store() -> Flash:
        with state.db.writing() as s:
            snap = registry.import_snapshot(
                s,
                user.actor,
                state.blobs,
                data=data,
                filename=file.filename or "registry.csv",
                source=source.replace("\x00", ""),
                retrieved_on=day,
            )
            message = N_("Imported {rows} rows from {file} (retrieved {day}).")
            return Flash(
                message, {"rows": snap.row_count, "file": snap.filename, "day": snap.retrieved_on.isoformat()}
            )

    # Parsing and storing thousands of rows: off the event loop.
    return redirect(request, "/registry", await run_in_threadpool(store))
