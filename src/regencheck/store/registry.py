"""Registry snapshots: import a registry CSV with its source and retrieval date, then look rows up.

The CSV has the columns `kind,name,address,number,valid_from,valid_until,source,retrieved_on`
(product spec). Every bad row is reported at once with its line and column, and nothing is
stored unless the whole file is valid.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..errors import FieldProblem, InputFileError, NotFound, ValidationFailed
from ..inputs import decode_text
from ..verify.registry import COLUMNS, RegistryEntry, parse_registry
from . import audit, records
from .blobs import BlobStore, clean_filename
from .models import RegistryRow, RegistrySnapshot
from .records import Page
from .roles import Actor

COLUMN_LIMITS = (("kind", 60), ("name", 200), ("address", 400), ("number", 100), ("source", 400))
MAX_ROWS = 200_000


def parse_registry_csv(
    data: bytes,
    filename: str,
    *,
    default_source: str | None = None,
    default_retrieved_on: date | None = None,
) -> list[RegistryEntry]:
    """Rows of a registry CSV (the verifier's own entries), or ValidationFailed listing every bad
    cell by line and column.

    The format is the verification engine's (`regencheck.verify.parse_registry`): whatever is
    stored here is exactly what a later verification reads back. The store adds only its own
    limits: a name on every row (rows are listed by name) and column lengths.
    """
    text = decode_text(data, filename)
    snapshot = parse_registry(
        text,
        filename,
        default_source=default_source,
        default_retrieved_on=default_retrieved_on,
        require_name=True,
    )
    if len(snapshot.entries) > MAX_ROWS:
        raise InputFileError(f"{filename}: more than {MAX_ROWS:,} rows; split the file")
    problems: list[FieldProblem] = []
    for entry in snapshot.entries:
        for col, limit in COLUMN_LIMITS:
            if len(getattr(entry, col)) > limit:
                problems.append(
                    FieldProblem(f"line {entry.line}.{col}", f"longer than {limit} characters", filename)
                )
    if problems:
        raise ValidationFailed(
            f"{filename}: {len(problems)} problem(s) in the registry CSV", problems=problems[:50]
        )
    if not snapshot.entries:
        raise InputFileError(f"{filename}: the registry CSV has a header but no rows")
    return snapshot.entries


def import_snapshot(
    session: Session,
    actor: Actor,
    blobs: BlobStore | None,
    *,
    data: bytes,
    filename: str,
    source: str | None = None,
    retrieved_on: date | None = None,
) -> RegistrySnapshot:
    """Store a validated registry CSV as one snapshot with all its rows, and audit the import.

    `source` defaults to the rows' source when they agree (else it says each row names its own);
    `retrieved_on` defaults to the latest retrieval date of the rows.
    """
    name = clean_filename(filename)
    rows = parse_registry_csv(data, name, default_source=source, default_retrieved_on=retrieved_on)
    sources = {r.source for r in rows if r.source}
    dates = {r.retrieved_on for r in rows if r.retrieved_on}
    source = (source or "").strip() or (
        sources.pop()
        if len(sources) == 1
        else f"{name}: {len(sources)} sources, named on each row"
        if sources
        else ""
    )
    retrieved = retrieved_on or (max(dates) if dates else None)
    if not source:
        raise ValidationFailed(
            f"{name}: say where the registry came from",
            problems=[FieldProblem("source", "is required", name)],
        )
    if retrieved is None:
        raise ValidationFailed(
            f"{name}: say when the registry was retrieved",
            problems=[FieldProblem("retrieved_on", "is required", name)],
        )
    sha = blobs.put(data) if blobs is not None else hashlib.sha256(data).hexdigest()
    snapshot = RegistrySnapshot(
        source=source[:400],
        retrieved_on=retrieved,
        filename=name,
        sha256=sha,
        row_count=len(rows),
        imported_by=actor.username,
    )
    session.add(snapshot)
    records.flush(session, f"registry snapshot '{name}'")
    session.add_all(
        RegistryRow(
            snapshot_id=snapshot.id,
            line=r.line,
            kind=r.kind,
            name=r.name,
            address=r.address,
            number=r.number,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            source=r.source,
            retrieved_on=r.retrieved_on,
        )
        for r in rows
    )
    records.flush(session, f"registry snapshot '{name}'")
    audit.record(
        session,
        actor=actor.username,
        action="import",
        entity="registry_snapshots",
        entity_id=snapshot.id,
        after=records.public(snapshot),
    )
    return snapshot


def latest_snapshot(session: Session) -> RegistrySnapshot | None:
    """The snapshot retrieved most recently (ties: imported last)."""
    stmt = select(RegistrySnapshot).order_by(RegistrySnapshot.retrieved_on.desc(), RegistrySnapshot.id.desc())
    return session.scalars(stmt.limit(1)).first()


def get_snapshot(session: Session, snapshot_id: int) -> RegistrySnapshot:
    return records.get_or_404(session, RegistrySnapshot, snapshot_id, "registry snapshot")


def list_snapshots(session: Session, limit: int = 50, offset: int = 0) -> Page[RegistrySnapshot]:
    stmt = select(RegistrySnapshot).order_by(RegistrySnapshot.retrieved_on.desc(), RegistrySnapshot.id.desc())
    return records.paginate(session, stmt, limit, offset)


def lookup(
    session: Session,
    *,
    snapshot_id: int | None = None,
    q: str | None = None,
    kind: str | None = None,
    number: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[RegistryRow]:
    """Rows matching a name or address fragment, a kind and/or an exact number.

    Without `snapshot_id` the latest snapshot is searched.
    """
    if snapshot_id is None:
        latest = latest_snapshot(session)
        if latest is None:
            raise NotFound("no registry snapshot has been imported yet")
        snapshot_id = latest.id
    else:
        get_snapshot(session, snapshot_id)
    stmt = select(RegistryRow).where(RegistryRow.snapshot_id == snapshot_id).order_by(RegistryRow.line)
    if q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                func.lower(RegistryRow.name).like(pattern, escape="\\"),
                func.lower(RegistryRow.address).like(pattern, escape="\\"),
            )
        )
    if kind:
        stmt = stmt.where(RegistryRow.kind == kind)
    if number:
        stmt = stmt.where(RegistryRow.number == number.strip())
    return records.paginate(session, stmt, limit, offset)


def snapshot_csv(session: Session, snapshot: RegistrySnapshot) -> str:
    """The snapshot's rows written back as a registry CSV (what the verification engine reads)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in session.scalars(
        select(RegistryRow).where(RegistryRow.snapshot_id == snapshot.id).order_by(RegistryRow.line)
    ):
        writer.writerow(
            [
                row.kind,
                row.name,
                row.address,
                row.number,
                row.valid_from.isoformat() if row.valid_from else "",
                row.valid_until.isoformat() if row.valid_until else "",
                row.source,
                row.retrieved_on.isoformat() if row.retrieved_on else "",
            ]
        )
    return out.getvalue()


def rows_for_clinic(
    session: Session, name: str, numbers: list[str]
) -> tuple[RegistrySnapshot | None, list[RegistryRow]]:
    """What the latest snapshot lists for a clinic: rows with its exact name (any case) or one of
    its licence or credential numbers."""
    snapshot = latest_snapshot(session)
    if snapshot is None:
        return None, []
    wanted = [n for n in numbers if n]
    condition = func.lower(RegistryRow.name) == name.lower()
    if wanted:
        condition = or_(condition, RegistryRow.number.in_(wanted))
    stmt = (
        select(RegistryRow)
        .where(RegistryRow.snapshot_id == snapshot.id, condition)
        .order_by(RegistryRow.line)
    )
    return snapshot, list(session.scalars(stmt).all())
