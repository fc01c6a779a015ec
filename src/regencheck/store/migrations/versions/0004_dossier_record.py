"""The clinic record is its dossier: the tables gain what a dossier carries, and each clinic's
dossier document moves into them.

Schema: `clinics.dossier` becomes `clinics.sections` (only the parts no table holds);
specialists gain `disciplinary_actions` and `evidence` (JSON), take fractional years and may be
unnamed; offerings gain `role` and `base_procedure` and may lack a name or description;
credentials gain `evidence_kind`, `evidence_recorded` and `position`; marketing documents gain
`position`.

Data (upgrade): for every clinic whose stored document holds clinic, specialist, offering or
marketing parts, those parts go into the tables and leave the JSON. What the tables already hold
wins and the document only fills gaps, so nothing entered through the forms is overwritten:
credentials are matched by kind and number, the specialist by name, the offering by marketing
name; unmatched ones are added. Marketing texts become marketing documents. Downgrade puts the
whole dossier (first specialist and offering) back into the JSON column and reverses the schema.

Revision ID: 0004_dossier_record
Revises: 0003_sessions
Create Date: 2026-12-14
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_dossier_record"
down_revision = "0003_sessions"
branch_labels = None
depends_on = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)
MIGRATED_BY = "migration"

CLINIC_KEYS = {"address": 400, "institution_type": 40, "licence_number": 100, "price_tier": 20}
SPECIALIST_TEXT = {"licence_number": 100, "specialty": 40, "subspecialty": 200}
EVIDENCE_TEXT = {"source": 400, "url": 1000, "method": 20, "checked_by": 200}
RESIDUAL_TOP = ("consultation", "quote", "aftercare", "patient", "facilitator")

clinics = sa.table(
    "clinics",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("address", sa.String),
    sa.column("institution_type", sa.String),
    sa.column("licence_number", sa.String),
    sa.column("price_tier", sa.String),
    sa.column("sections", JSON_DOC),
)
credentials = sa.table(
    "credentials",
    sa.column("id", sa.Integer),
    sa.column("clinic_id", sa.Integer),
    sa.column("specialist_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("number", sa.String),
    sa.column("valid_until", sa.Date),
    sa.column("claimed_only", sa.Boolean),
    sa.column("checked_on", sa.Date),
    sa.column("method", sa.String),
    sa.column("source", sa.String),
    sa.column("url", sa.String),
    sa.column("checked_by", sa.String),
    sa.column("evidence_kind", sa.String),
    sa.column("evidence_recorded", sa.Boolean),
    sa.column("position", sa.Integer),
    sa.column("version", sa.Integer),
    sa.column("created_at", TIMESTAMP),
    sa.column("updated_at", TIMESTAMP),
)
specialists = sa.table(
    "specialists",
    sa.column("id", sa.Integer),
    sa.column("clinic_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("licence_number", sa.String),
    sa.column("specialty", sa.String),
    sa.column("board_certified", sa.Boolean),
    sa.column("subspecialty", sa.String),
    sa.column("years_in_subspecialty", sa.Float),
    sa.column("cumulative_cases", sa.Integer),
    sa.column("disciplinary_actions", JSON_DOC),
    sa.column("evidence", JSON_DOC),
    sa.column("version", sa.Integer),
    sa.column("created_at", TIMESTAMP),
    sa.column("updated_at", TIMESTAMP),
)
offerings = sa.table(
    "offerings",
    sa.column("id", sa.Integer),
    sa.column("clinic_id", sa.Integer),
    sa.column("marketing_name", sa.String),
    sa.column("description", sa.Text),
    sa.column("indication", sa.String),
    sa.column("therapy", JSON_DOC),
    sa.column("role", sa.String),
    sa.column("base_procedure", sa.String),
    sa.column("version", sa.Integer),
    sa.column("created_at", TIMESTAMP),
    sa.column("updated_at", TIMESTAMP),
)
documents = sa.table(
    "marketing_documents",
    sa.column("id", sa.Integer),
    sa.column("clinic_id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("origin", sa.String),
    sa.column("text", sa.Text),
    sa.column("sha256", sa.String),
    sa.column("position", sa.Integer),
    sa.column("created_by", sa.String),
    sa.column("created_at", TIMESTAMP),
)


def upgrade() -> None:
    with op.batch_alter_table("clinics") as batch:
        batch.alter_column("dossier", new_column_name="sections", existing_type=JSON_DOC)
    with op.batch_alter_table("specialists") as batch:
        batch.alter_column("name", existing_type=sa.String(200), nullable=True)
        batch.alter_column("years_in_subspecialty", existing_type=sa.Integer(), type_=sa.Float())
        batch.add_column(sa.Column("disciplinary_actions", JSON_DOC, nullable=True))
        batch.add_column(sa.Column("evidence", JSON_DOC, nullable=True))
    with op.batch_alter_table("offerings") as batch:
        batch.alter_column("marketing_name", existing_type=sa.String(200), nullable=True)
        batch.alter_column("description", existing_type=sa.Text(), nullable=True)
        batch.add_column(sa.Column("role", sa.String(20), nullable=True))
        batch.add_column(sa.Column("base_procedure", sa.String(200), nullable=True))
    with op.batch_alter_table("credentials") as batch:
        batch.add_column(sa.Column("evidence_kind", sa.String(40), nullable=True))
        batch.add_column(
            sa.Column("evidence_recorded", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("marketing_documents") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    conn = op.get_bind()
    # An empty description meant "none given" (the old column could not be NULL).
    conn.execute(offerings.update().where(offerings.c.description == "").values(description=None))
    now = datetime.now(UTC)
    for row in conn.execute(sa.select(clinics).where(clinics.c.sections.is_not(None))).mappings().all():
        document = row["sections"]
        if isinstance(document, dict):
            _move_into_tables(conn, dict(row), document, now)


def _text(value: Any, limit: int) -> str | None:
    return None if value is None else str(value)[:limit]


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


def _move_into_tables(
    conn: sa.Connection, clinic: dict[str, Any], document: dict[str, Any], now: datetime
) -> None:
    info = document.get("clinic") if isinstance(document.get("clinic"), dict) else {}
    assert isinstance(info, dict)
    cid = clinic["id"]
    fill = {
        k: _text(info.get(k), n)
        for k, n in CLINIC_KEYS.items()
        if clinic[k] is None and info.get(k) is not None
    }
    residual_clinic = {k: info[k] for k in ("lab", "evidence") if info.get(k) is not None}
    given = [c for c in (info.get("credentials") or []) if isinstance(c, dict) and c.get("kind")]
    if _move_credentials(conn, cid, given, now) == 0 and info.get("credentials") == []:
        residual_clinic["credentials"] = []
    if isinstance(document.get("specialist"), dict):
        _move_specialist(conn, cid, document["specialist"], now)
    if isinstance(document.get("offering"), dict):
        _move_offering(conn, cid, document["offering"], now)
    marketing = document.get("marketing")
    residual: dict[str, Any] = {"clinic": residual_clinic} if residual_clinic else {}
    if isinstance(marketing, list) and _move_marketing(conn, cid, marketing, now) == 0 and marketing == []:
        residual["marketing"] = []
    residual |= {k: document[k] for k in RESIDUAL_TOP if document.get(k) is not None}
    conn.execute(clinics.update().where(clinics.c.id == cid).values(sections=residual or None, **fill))


def _credential_values(raw: dict[str, Any]) -> tuple[dict[str, Any], bool, bool]:
    """The columns of one dossier credential, whether it gave evidence, and its claimed_only."""
    evidence = raw.get("evidence") if isinstance(raw.get("evidence"), dict) else None
    ev = evidence or {}
    values = {
        "kind": _text(raw["kind"], 60),
        "number": _text(raw.get("number"), 100),
        "valid_until": _day(raw.get("valid_until")),
        "checked_on": _day(ev.get("checked_on")),
        "evidence_kind": _text(ev.get("kind"), 40),
        **{k: _text(ev.get(k), n) for k, n in EVIDENCE_TEXT.items()},
    }
    return values, evidence is not None, bool(raw.get("claimed_only", False))


def _move_credentials(conn: sa.Connection, cid: int, given: list[dict[str, Any]], now: datetime) -> int:
    """Merge the document's credentials into the clinic's rows; returns how many rows there are."""
    stmt = sa.select(credentials).where(credentials.c.clinic_id == cid, credentials.c.specialist_id.is_(None))
    existing = [dict(r) for r in conn.execute(stmt.order_by(credentials.c.id)).mappings()]
    taken: set[int] = set()
    for position, raw in enumerate(given):
        values, recorded, claimed_only = _credential_values(raw)
        match = next(
            (
                r
                for r in existing
                if r["id"] not in taken and r["kind"] == values["kind"] and r["number"] == values["number"]
            ),
            None,
        )
        if match is None:
            conn.execute(
                credentials.insert().values(
                    clinic_id=cid,
                    specialist_id=None,
                    claimed_only=claimed_only,
                    evidence_recorded=recorded,
                    position=len(existing) + position,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            continue
        taken.add(match["id"])
        gaps = {k: v for k, v in values.items() if match.get(k) is None and v is not None}
        if recorded and not match["evidence_recorded"]:
            gaps["evidence_recorded"] = True
        if gaps:
            conn.execute(credentials.update().where(credentials.c.id == match["id"]).values(**gaps))
    return len(existing) + len(given) - len(taken)


def _move_specialist(conn: sa.Connection, cid: int, raw: dict[str, Any], now: datetime) -> None:
    values: dict[str, Any] = {k: _text(raw.get(k), n) for k, n in SPECIALIST_TEXT.items()}
    values |= {
        "name": _text(raw.get("name"), 200),
        "board_certified": raw.get("board_certified")
        if isinstance(raw.get("board_certified"), bool)
        else None,
        "years_in_subspecialty": _number(raw.get("years_in_subspecialty"), float),
        "cumulative_cases": _number(raw.get("cumulative_cases"), int),
        "disciplinary_actions": _listed(raw.get("disciplinary_actions")),
        "evidence": _listed(raw.get("evidence")),
    }
    stmt = sa.select(specialists).where(specialists.c.clinic_id == cid, specialists.c.name == values["name"])
    match = conn.execute(stmt.order_by(specialists.c.id)).mappings().first() if values["name"] else None
    if match is None:
        conn.execute(
            specialists.insert().values(clinic_id=cid, version=1, created_at=now, updated_at=now, **values)
        )
        return
    gaps = {k: v for k, v in values.items() if match[k] is None and v is not None}
    if gaps:
        conn.execute(specialists.update().where(specialists.c.id == match["id"]).values(**gaps))


def _number(value: Any, kind: type) -> Any:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return kind(str(value).replace(",", "").rstrip("+")) if isinstance(value, str) else kind(value)
    except ValueError:
        return None


def _move_offering(conn: sa.Connection, cid: int, raw: dict[str, Any], now: datetime) -> None:
    values = {
        "marketing_name": _text(raw.get("marketing_name"), 200),
        "description": _text(raw.get("description"), 1_000_000),
        "indication": _text(raw.get("indication"), 20),
        "therapy": raw.get("therapy") if isinstance(raw.get("therapy"), dict) else None,
        "role": _text(raw.get("role"), 20),
        "base_procedure": _text(raw.get("base_procedure"), 200),
    }
    stmt = sa.select(offerings).where(
        offerings.c.clinic_id == cid, offerings.c.marketing_name == values["marketing_name"]
    )
    match = (
        conn.execute(stmt.order_by(offerings.c.id)).mappings().first() if values["marketing_name"] else None
    )
    if match is None:
        conn.execute(
            offerings.insert().values(clinic_id=cid, version=1, created_at=now, updated_at=now, **values)
        )
        return
    gaps = {k: v for k, v in values.items() if match[k] is None and v is not None}
    if gaps:
        conn.execute(offerings.update().where(offerings.c.id == match["id"]).values(**gaps))


def _move_marketing(conn: sa.Connection, cid: int, items: list[Any], now: datetime) -> int:
    """Each marketing text becomes a document unless the clinic already keeps that text (a
    downgrade leaves the documents in place); a `file:` the server never read keeps its name.
    Returns how many documents the clinic has."""
    stmt = sa.select(documents.c.id, documents.c.text).where(documents.c.clinic_id == cid)
    existing = {row.id: row.text for row in conn.execute(stmt)}
    kept = set(existing)
    count = len(existing)
    for item in items:
        source = {"text": item} if isinstance(item, str) else item if isinstance(item, dict) else {}
        text: str = source["text"] if isinstance(source.get("text"), str) else ""
        match = next((i for i in sorted(kept) if existing[i] == text), None)
        if match is not None:
            kept.discard(match)
            continue
        origin = f"file: {source['file']}" if isinstance(source.get("file"), str) else ""
        first = text.strip().splitlines()[0][:80] if text.strip() else ""
        conn.execute(
            documents.insert().values(
                clinic_id=cid,
                title=first or origin[:300],
                origin=origin[:1000],
                text=text,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                position=count,
                created_by=MIGRATED_BY,
                created_at=now,
            )
        )
        count += 1
    return count


def downgrade() -> None:
    conn = op.get_bind()
    for cid in conn.execute(sa.select(clinics.c.id)).scalars().all():
        conn.execute(clinics.update().where(clinics.c.id == cid).values(sections=_reassembled(conn, cid)))
    conn.execute(offerings.update().where(offerings.c.description.is_(None)).values(description=""))
    conn.execute(offerings.update().where(offerings.c.marketing_name.is_(None)).values(marketing_name=""))
    conn.execute(
        specialists.update()
        .where(specialists.c.name.is_(None))
        .values(
            name=sa.literal("(unnamed specialist ") + sa.cast(specialists.c.id, sa.String) + sa.literal(")")
        )
    )
    with op.batch_alter_table("marketing_documents") as batch:
        batch.drop_column("position")
    with op.batch_alter_table("credentials") as batch:
        batch.drop_column("position")
        batch.drop_column("evidence_recorded")
        batch.drop_column("evidence_kind")
    with op.batch_alter_table("offerings") as batch:
        batch.drop_column("base_procedure")
        batch.drop_column("role")
        batch.alter_column("description", existing_type=sa.Text(), nullable=False)
        batch.alter_column("marketing_name", existing_type=sa.String(200), nullable=False)
    with op.batch_alter_table("specialists") as batch:
        batch.drop_column("evidence")
        batch.drop_column("disciplinary_actions")
        batch.alter_column(
            "years_in_subspecialty",
            existing_type=sa.Float(),
            type_=sa.Integer(),
            postgresql_using="round(years_in_subspecialty)::integer",
        )
        batch.alter_column("name", existing_type=sa.String(200), nullable=False)
    with op.batch_alter_table("clinics") as batch:
        batch.alter_column("sections", new_column_name="dossier", existing_type=JSON_DOC)


def _plain(row: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for key in keys:
        value = row[key]
        if value is not None:
            out[key] = value.isoformat() if isinstance(value, date) else value
    return out


def _reassembled(conn: sa.Connection, cid: int) -> dict[str, Any] | None:
    """The clinic's whole dossier as one JSON document again (first specialist and offering)."""
    clinic = conn.execute(sa.select(clinics).where(clinics.c.id == cid)).mappings().one()
    sections = dict(clinic["sections"] or {})
    info = _plain(clinic, ("name", *CLINIC_KEYS)) | dict(sections.pop("clinic", None) or {})
    creds = conn.execute(
        sa.select(credentials)
        .where(credentials.c.clinic_id == cid, credentials.c.specialist_id.is_(None))
        .order_by(credentials.c.position, credentials.c.id)
    ).mappings()
    listed = []
    for c in creds:
        item = _plain(c, ("kind", "number", "valid_until")) | (
            {"claimed_only": True} if c["claimed_only"] else {}
        )
        evidence = _plain(c, ("source", "url", "checked_on", "method", "checked_by"))
        evidence |= {"kind": c["evidence_kind"]} if c["evidence_kind"] else {}
        if evidence or c["evidence_recorded"]:
            item["evidence"] = evidence
        listed.append(item)
    if listed:
        info["credentials"] = listed
    spec = (
        conn.execute(sa.select(specialists).where(specialists.c.clinic_id == cid).order_by(specialists.c.id))
        .mappings()
        .first()
    )
    offer = (
        conn.execute(sa.select(offerings).where(offerings.c.clinic_id == cid).order_by(offerings.c.id))
        .mappings()
        .first()
    )
    texts = (
        conn.execute(
            sa.select(documents.c.text)
            .where(documents.c.clinic_id == cid)
            .order_by(documents.c.position, documents.c.id)
        )
        .scalars()
        .all()
    )
    parts: dict[str, Any] = {}
    if spec is not None:
        parts["specialist"] = _plain(
            spec,
            (
                "name",
                *SPECIALIST_TEXT,
                "board_certified",
                "years_in_subspecialty",
                "cumulative_cases",
                "disciplinary_actions",
                "evidence",
            ),
        )
    if offer is not None:
        parts["offering"] = _plain(
            offer, ("marketing_name", "description", "indication", "therapy", "role", "base_procedure")
        )
    if texts:
        parts["marketing"] = [{"text": t} for t in texts]
    if not sections and not parts and set(info) <= {"name", *CLINIC_KEYS} and not clinic["sections"]:
        return None
    return {"clinic": info} | parts | sections
