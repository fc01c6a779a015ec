"""Generic record handling every entity shares: public views, lookups, audited create, update
with optimistic locking, delete, and pagination.

A change and its audit entry are written in the same transaction, so there is never a change
without its entry nor an entry for a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import Conflict, NotFound
from . import audit
from .base import Base
from .roles import Actor

T = TypeVar("T", bound=Base)

# Never copied into API output or the audit log.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "sid_hash"})


def public(obj: Base, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The record's columns as JSON-safe values, without secrets."""
    out: dict[str, Any] = {}
    for attr in inspect(type(obj)).column_attrs:
        if attr.key in SECRET_COLUMNS or attr.key in exclude:
            continue
        out[attr.key] = audit.jsonable(getattr(obj, attr.key))
    return out


def entity_name(model: type[Base]) -> str:
    return str(model.__tablename__)


def ident(obj: Base) -> str:
    """The primary key of a persisted record, as text."""
    identity = inspect(obj).identity
    return str(identity[0]) if identity else ""


def get_or_404(session: Session, model: type[T], record_id: int, what: str | None = None) -> T:
    """The record with this id, or NotFound naming the kind and id."""
    obj = session.get(model, record_id)
    if obj is None:
        label = what or entity_name(model).rstrip("s")
        raise NotFound(f"{label} {record_id} does not exist")
    return obj


def flush(session: Session, what: str) -> None:
    """Flush and turn database-level conflicts into `Conflict` with a message a person can act on."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(f"{what} was changed by someone else while you edited it; reload and retry") from None
    except IntegrityError as exc:
        detail = str(exc.orig).splitlines()[0] if exc.orig else "constraint violated"
        raise Conflict(f"{what} conflicts with an existing record ({detail})") from None


def create(session: Session, actor: Actor, obj: T, what: str) -> T:
    """Insert a record and write its audit entry."""
    session.add(obj)
    flush(session, what)
    audit.record(
        session,
        actor=actor.username,
        action="create",
        entity=entity_name(type(obj)),
        entity_id=ident(obj),
        after=public(obj),
    )
    return obj


def check_version(obj: Any, expected: int, what: str) -> None:
    """Refuse an edit based on an older version of the record than the stored one."""
    if obj.version != expected:
        raise Conflict(
            f"{what} was changed by someone else (stored version {obj.version}, your edit was based "
            f"on version {expected}); reload it and apply your change again"
        )


def update(
    session: Session, actor: Actor, obj: T, changes: dict[str, Any], expected_version: int | None, what: str
) -> T:
    """Apply `changes` if the record is still at `expected_version` (None: a record without
    versions, or a change the caller already checked); audit before and after."""
    if expected_version is not None:
        check_version(obj, expected_version, what)
    before = public(obj)
    for key, value in changes.items():
        setattr(obj, key, value)
    flush(session, what)
    after = public(obj)
    if before != after:
        audit.record(
            session,
            actor=actor.username,
            action="update",
            entity=entity_name(type(obj)),
            entity_id=ident(obj),
            before=before,
            after=after,
        )
    return obj


def delete(session: Session, actor: Actor, obj: Base, what: str, expected_version: int | None = None) -> None:
    """Delete a record (optionally only at `expected_version`) and audit what it was."""
    if expected_version is not None:
        check_version(obj, expected_version, what)
    before = public(obj)
    record_id = ident(obj)
    session.delete(obj)
    flush(session, what)
    audit.record(
        session,
        actor=actor.username,
        action="delete",
        entity=entity_name(type(obj)),
        entity_id=record_id,
        before=before,
    )


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing with the total count, so clients can page through everything."""

    items: Sequence[T]
    total: int
    limit: int
    offset: int


def paginate(session: Session, stmt: Select[Any], limit: int, offset: int) -> Page[Any]:
    """Run `stmt` for one page and count all its rows."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = session.scalars(stmt.limit(limit).offset(offset)).all()
    return Page(items=items, total=int(total), limit=limit, offset=offset)
