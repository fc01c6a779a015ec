"""Registry snapshots: import a registry CSV with its source and retrieval date, then look rows up.

The CSV has the columns `kind,name,address,number,valid_from,valid_until,source,retrieved_on`
(product spec). Every bad row is reported at once with its line and column, and nothing is
stored unless the whole file is valid.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..errors import FieldProblem, InputFileError, NotFound, ValidationFailed
from ..inputs import decode_text
from . import audit, records
from .blobs import BlobStore, clean_filename
from .models import RegistryRow, RegistrySnapshot
from .records import Page
from .roles import Actor

COLUMNS = ("kind", "name", "address", "number", "valid_from", "valid_until", "source", "retrieved_on")
REQUIRED = ("kind", "name")
DATE_COLUMNS = ("valid_from", "valid_until", "retrieved_on")
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ParsedRow:
    line: int
    kind: str
    name: str
    address: str
    number: str
    valid_from: date | None
    valid_until: date | None
    source: str
    retrieved_on: date | None


def parse_registry_csv(data: bytes, filename: str) -> list[ParsedRow]:
    """Rows of a registry CSV, or ValidationFailed listing every bad cell by line and column."""
    text = decode_text(data, filename)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _parse_rows(reader, filename)
    except csv.Error as exc:
        raise ValidationFailed(f"{filename}: line {reader.line_num}: not valid CSV ({exc})") from None


def _parse_rows(reader: csv.DictReader[str], filename: str) -> list[ParsedRow]:
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        header_problems = [FieldProblem("header", f"missing column '{c}'", filename) for c in missing]
        header_problems += [
            FieldProblem("header", f"unknown column '{c}' (expected {', '.join(COLUMNS)})", filename)
            for c in unknown
        ]
        raise ValidationFailed(
            f"{filename}: the header must be {','.join(COLUMNS)}", problems=header_problems
        )
    reader.fieldnames = header
    rows: list[ParsedRow] = []
    problems: list[FieldProblem] = []
    for raw in reader:
        line = reader.line_num
        if len(rows) >= MAX_ROWS:
            raise InputFileError(f"{filename}: more than {MAX_ROWS:,} rows; split the file")
        if None in raw:
            problems.append(FieldProblem(f"line {line}", "more cells than columns", filename))
            continue
        cells = {k: (v or "").strip() for k, v in raw.items()}
        if not any(cells.values()):
            continue
        for col in REQUIRED:
            if not cells[col]:
                problems.append(FieldProblem(f"line {line}.{col}", "is empty", filename))
        dates: dict[str, date | None] = {}
        for col in DATE_COLUMNS:
            try:
                dates[col] = date.fromisoformat(cells[col]) if cells[col] else None
            except ValueError:
                problems.append(
                    FieldProblem(f"line {line}.{col}", f"not a date (YYYY-MM-DD): {cells[col]!r}", filename)
                )
                dates[col] = None
        for col, limit in (("kind", 60), ("name", 200), ("address", 400), ("number", 100), ("source", 400)):
            if len(cells[col]) > limit:
                problems.append(
                    FieldProblem(f"line {line}.{col}", f"longer than {limit} characters", filename)
                )
        rows.append(
            ParsedRow(
                line=line,
                kind=cells["kind"],
                name=cells["name"],
                address=cells["address"],
                number=cells["number"],
                valid_from=dates["valid_from"],
                valid_until=dates["valid_until"],
                source=cells["source"],
                retrieved_on=dates["retrieved_on"],
            )
        )
    if problems:
        raise ValidationFailed(
            f"{filename}: {len(problems)} problem(s) in the registry CSV", problems=problems[:50]
        )
    if not rows:
        raise InputFileError(f"{filename}: the registry CSV has a header but no rows")
    return rows


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
    rows = parse_registry_csv(data, name)
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
