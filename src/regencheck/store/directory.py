"""The team's directory: clinics, their specialists, credentials and offerings.

Every function takes the session and the acting user, writes its audit entry through
`records`, and raises `NotFound` / `Conflict` that the adapters turn into status codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, defer

from ..dates import months_before
from ..errors import Conflict, NotFound
from ..verify.dossier import parse_dossier
from . import records
from .models import Clinic, Credential, Offering, Specialist, Verification
from .records import Page
from .roles import Actor
from .schemas import (
    ClinicCreate,
    ClinicUpdate,
    CredentialCreate,
    CredentialUpdate,
    OfferingCreate,
    SpecialistCreate,
    SpecialistUpdate,
)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _name_taken(session: Session, name: str, exclude_id: int | None = None) -> bool:
    stmt = select(Clinic.id).where(func.lower(Clinic.name) == name.lower())
    if exclude_id is not None:
        stmt = stmt.where(Clinic.id != exclude_id)
    return session.scalar(stmt) is not None


def create_clinic(session: Session, actor: Actor, data: ClinicCreate) -> Clinic:
    """A new clinic; a name already used (in any letter case) is a conflict."""
    if _name_taken(session, data.name):
        raise Conflict(f"a clinic named '{data.name}' already exists")
    _check_dossier(data.dossier, data.name)
    return records.create(session, actor, Clinic(**data.model_dump()), f"clinic '{data.name}'")


def _check_dossier(dossier: dict[str, Any] | None, clinic_name: str) -> None:
    """A stored dossier must be one `verify` can read: refuse it at save, naming the field,
    rather than let the error surface only when someone presses Verify."""
    if dossier is not None:
        parse_dossier(dossier, f"dossier of clinic '{clinic_name}'")


def update_clinic(session: Session, actor: Actor, clinic_id: int, data: ClinicUpdate) -> Clinic:
    """Change a clinic if nobody saved it since `data.version`."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "name" in changes and changes["name"] is None:
        del changes["name"]
    if changes.get("name") and _name_taken(session, changes["name"], clinic_id):
        raise Conflict(f"a clinic named '{changes['name']}' already exists")
    if changes.get("dossier") is not None:
        _check_dossier(changes["dossier"], changes.get("name") or clinic.name)
    return records.update(session, actor, clinic, changes, data.version, f"clinic {clinic_id}")


def delete_clinic(session: Session, actor: Actor, clinic_id: int, version: int | None = None) -> None:
    """Delete a clinic with its specialists, credentials and offerings (verifications stay)."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    records.delete(session, actor, clinic, f"clinic {clinic_id}", version)


def list_clinics(session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0) -> Page[Clinic]:
    """Clinics by name, optionally those whose name, address or licence number contains `q`.

    The dossier column is deferred: listings never show it and it is the largest column.
    """
    stmt = select(Clinic).order_by(Clinic.name, Clinic.id).options(defer(Clinic.dossier))
    if q:
        pattern = f"%{_escape_like(q.lower())}%"
        stmt = stmt.where(
            or_(
                func.lower(Clinic.name).like(pattern, escape="\\"),
                func.lower(Clinic.address).like(pattern, escape="\\"),
                func.lower(Clinic.licence_number).like(pattern, escape="\\"),
            )
        )
    return records.paginate(session, stmt, limit, offset)


def latest_verdicts(session: Session, clinic_ids: list[int]) -> dict[int, Verification]:
    """The most recent verification of each listed clinic."""
    if not clinic_ids:
        return {}
    newest = (
        select(func.max(Verification.id))
        .where(Verification.clinic_id.in_(clinic_ids))
        .group_by(Verification.clinic_id)
        .scalar_subquery()
    )
    stmt = select(Verification).where(Verification.id.in_(newest))
    # Only the summary columns: the stored dossier and scorecard are large JSON documents.
    stmt = stmt.options(defer(Verification.dossier), defer(Verification.result))
    rows = session.scalars(stmt).all()
    return {v.clinic_id: v for v in rows if v.clinic_id is not None}


def _owned(session: Session, model: type[Any], record_id: int, clinic_id: int, what: str) -> Any:
    obj = records.get_or_404(session, model, record_id, what)
    if obj.clinic_id != clinic_id:
        raise NotFound(f"{what} {record_id} does not belong to clinic {clinic_id}")
    return obj


def add_specialist(session: Session, actor: Actor, clinic_id: int, data: SpecialistCreate) -> Specialist:
    records.get_or_404(session, Clinic, clinic_id, "clinic")
    taken = session.scalar(
        select(Specialist.id).where(Specialist.clinic_id == clinic_id, Specialist.name == data.name)
    )
    if taken is not None:
        raise Conflict(f"clinic {clinic_id} already lists a specialist named '{data.name}'")
    return records.create(
        session, actor, Specialist(clinic_id=clinic_id, **data.model_dump()), f"specialist '{data.name}'"
    )


def update_specialist(
    session: Session, actor: Actor, clinic_id: int, specialist_id: int, data: SpecialistUpdate
) -> Specialist:
    spec = _owned(session, Specialist, specialist_id, clinic_id, "specialist")
    changes = {k: v for k, v in data.model_dump(exclude_unset=True, exclude={"version"}).items()}
    if changes.get("name") is None:
        changes.pop("name", None)
    return records.update(session, actor, spec, changes, data.version, f"specialist {specialist_id}")  # type: ignore[no-any-return]


def delete_specialist(session: Session, actor: Actor, clinic_id: int, specialist_id: int) -> None:
    spec = _owned(session, Specialist, specialist_id, clinic_id, "specialist")
    records.delete(session, actor, spec, f"specialist {specialist_id}")


def add_credential(session: Session, actor: Actor, clinic_id: int, data: CredentialCreate) -> Credential:
    records.get_or_404(session, Clinic, clinic_id, "clinic")
    if data.specialist_id is not None:
        _owned(session, Specialist, data.specialist_id, clinic_id, "specialist")
    return records.create(
        session, actor, Credential(clinic_id=clinic_id, **data.model_dump()), f"credential '{data.kind}'"
    )


def update_credential(
    session: Session, actor: Actor, clinic_id: int, credential_id: int, data: CredentialUpdate
) -> Credential:
    cred = _owned(session, Credential, credential_id, clinic_id, "credential")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    for required in ("kind", "claimed_only"):
        if changes.get(required) is None:
            changes.pop(required, None)
    return records.update(session, actor, cred, changes, data.version, f"credential {credential_id}")  # type: ignore[no-any-return]


def delete_credential(session: Session, actor: Actor, clinic_id: int, credential_id: int) -> None:
    cred = _owned(session, Credential, credential_id, clinic_id, "credential")
    records.delete(session, actor, cred, f"credential {credential_id}")


def get_credential(session: Session, clinic_id: int, credential_id: int) -> Credential:
    return _owned(session, Credential, credential_id, clinic_id, "credential")  # type: ignore[no-any-return]


def add_offering(session: Session, actor: Actor, clinic_id: int, data: OfferingCreate) -> Offering:
    records.get_or_404(session, Clinic, clinic_id, "clinic")
    return records.create(
        session,
        actor,
        Offering(clinic_id=clinic_id, **data.model_dump()),
        f"offering '{data.marketing_name}'",
    )


def delete_offering(session: Session, actor: Actor, clinic_id: int, offering_id: int) -> None:
    offering = _owned(session, Offering, offering_id, clinic_id, "offering")
    records.delete(session, actor, offering, f"offering {offering_id}")


@dataclass(frozen=True)
class CredentialWarning:
    """Why a credential needs attention: expired, expiring soon, never checked, or checked too long ago."""

    credential: Credential
    reason: str


def credential_warnings(
    credential: Credential, today: date, *, expiring_within_days: int, max_check_age_months: int | None
) -> list[str]:
    """What a person should re-check about one credential, in plain words.

    `max_check_age_months` comes from the knowledge base (criterion 2.5's freshness rule);
    None means the knowledge base sets no limit, so staleness is not judged.
    """
    out: list[str] = []
    if credential.valid_until is not None:
        if credential.valid_until < today:
            out.append(f"expired on {credential.valid_until.isoformat()}")
        elif credential.valid_until <= today + timedelta(days=expiring_within_days):
            out.append(f"expires on {credential.valid_until.isoformat()}")
    if credential.checked_on is None or credential.claimed_only:
        out.append("claimed only: never checked against a primary source")
    elif max_check_age_months is not None and credential.checked_on < months_before(
        today, max_check_age_months
    ):
        out.append(
            f"last checked on {credential.checked_on.isoformat()}, more than {max_check_age_months} months ago"
        )
    return out


def expiring_credentials(
    session: Session, today: date, within_days: int, limit: int = 50
) -> list[Credential]:
    """Credentials that expired or will expire within `within_days`, soonest first."""
    stmt = (
        select(Credential)
        .where(
            Credential.valid_until.is_not(None), Credential.valid_until <= today + timedelta(days=within_days)
        )
        .order_by(Credential.valid_until)
        .limit(limit)
    )
    return list(session.scalars(stmt).all())
