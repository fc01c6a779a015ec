"""The team's directory: clinics, their specialists, credentials and offerings.

Every function takes the session and the acting user, writes its audit entry through
`records`, and raises `NotFound` / `Conflict` that the adapters turn into status codes. A clinic
with its parts is its dossier (`dossier_record`): a change to a part is checked against the
dossier model, bumps the clinic's version and, given `clinic_version`, is refused when the
record changed since the editor read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, get_args

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, defer

from ..dates import months_before
from ..errors import Conflict, FieldProblem, NotFound, ValidationFailed
from ..knowledge import KnowledgeBase
from ..verify.dossier import CredentialKind
from . import dossier_record, records
from .audit import jsonable
from .models import Clinic, Credential, Offering, Specialist, Verification
from .records import Page
from .roles import Actor
from .schemas import (
    ClinicCreate,
    ClinicUpdate,
    CredentialCreate,
    CredentialUpdate,
    OfferingCreate,
    OfferingUpdate,
    SpecialistCreate,
    SpecialistUpdate,
)

CREDENTIAL_KINDS: tuple[str, ...] = get_args(CredentialKind)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def create_clinic(
    session: Session, actor: Actor, data: ClinicCreate, kb: KnowledgeBase | None = None
) -> Clinic:
    """A new clinic; a name already used (in any letter case) is a conflict. With `dossier`, the
    record is imported from it (the other fields, when given, must agree with it)."""
    if data.dossier is not None:
        document = _with_fields(data.dossier, data.model_dump(exclude={"dossier", "notes"}))
        clinic = dossier_record.import_dossier(session, actor, document, kb=kb, file="dossier").clinic
        if data.notes:
            records.update(
                session, actor, clinic, {"notes": data.notes}, clinic.version, f"clinic {clinic.id}"
            )
        return clinic
    if dossier_record.name_taken(session, data.name):
        raise Conflict(f"a clinic named '{data.name}' already exists")
    fields = data.model_dump(exclude={"dossier"})
    return records.create(session, actor, Clinic(**fields), f"clinic '{data.name}'")


def _with_fields(document: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The dossier with the clinic fields sent beside it filled in; a disagreement is refused."""
    info = dict(document.get("clinic") or {}) if isinstance(document.get("clinic"), dict) else {}
    problems = []
    for key, value in fields.items():
        if value is None:
            continue
        if info.get(key) not in (None, value):
            problems.append(FieldProblem(f"clinic.{key}", f"differs from the {key} sent beside the dossier"))
        info[key] = value
    if problems:
        raise ValidationFailed("the dossier and the fields sent beside it disagree", problems=problems)
    return document | {"clinic": info}


def update_clinic(
    session: Session, actor: Actor, clinic_id: int, data: ClinicUpdate, kb: KnowledgeBase | None = None
) -> Clinic:
    """Change a clinic if nobody saved it since `data.version`; with `dossier`, replace its
    record with the dossier (an import)."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    changes = data.model_dump(exclude_unset=True, exclude={"version", "dossier"})
    if "name" in changes and changes["name"] is None:
        del changes["name"]
    if data.dossier is not None:
        notes = changes.pop("notes", None)
        document = _with_fields(data.dossier, changes)
        dossier_record.import_dossier(
            session, actor, document, clinic_id, version=data.version, kb=kb, file="dossier"
        )
        if notes is not None:
            records.update(session, actor, clinic, {"notes": notes}, clinic.version, f"clinic {clinic_id}")
        return clinic
    if changes.get("name") and dossier_record.name_taken(session, changes["name"], clinic_id):
        raise Conflict(f"a clinic named '{changes['name']}' already exists")
    return records.update(session, actor, clinic, changes, data.version, f"clinic {clinic_id}")


def delete_clinic(session: Session, actor: Actor, clinic_id: int, version: int | None = None) -> None:
    """Delete a clinic with its specialists, credentials and offerings (verifications stay)."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    records.delete(session, actor, clinic, f"clinic {clinic_id}", version)


def list_clinics(session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0) -> Page[Clinic]:
    """Clinics by name, optionally those whose name, address or licence number contains `q`.

    The dossier column is deferred: listings never show it and it is the largest column.
    """
    stmt = select(Clinic).order_by(Clinic.name, Clinic.id).options(defer(Clinic.sections))
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


def record_of(session: Session, clinic_id: int, clinic_version: int | None = None) -> Clinic:
    """The clinic whose record a part belongs to, refused when it moved past `clinic_version`
    (the version the editor's page showed)."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    if clinic_version is not None:
        records.check_version(clinic, clinic_version, f"clinic {clinic_id}")
    return clinic


def _check_part(section: str, item: dict[str, Any]) -> None:
    """A stored part must be one the dossier accepts (so the record always verifies)."""
    document: dict[str, Any] = (
        {"clinic": {"credentials": [item]}} if section == "credential" else {section: item}
    )
    dossier_record.validate_dossier(jsonable(document), f"the {section}")


def add_specialist(
    session: Session, actor: Actor, clinic_id: int, data: SpecialistCreate, clinic_version: int | None = None
) -> Specialist:
    clinic = record_of(session, clinic_id, clinic_version)
    taken = session.scalar(
        select(Specialist.id).where(Specialist.clinic_id == clinic_id, Specialist.name == data.name)
    )
    if taken is not None:
        raise Conflict(f"clinic {clinic_id} already lists a specialist named '{data.name}'")
    spec = Specialist(clinic_id=clinic_id, **_specialist_values(data.model_dump()))
    _check_part("specialist", dossier_record.specialist_item(spec))
    records.create(session, actor, spec, f"specialist '{data.name}'")
    dossier_record.touch(session, clinic)
    return spec


def _specialist_values(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready lists (dates as ISO text, unknown keys dropped) for the JSON columns."""
    for key in ("disciplinary_actions", "evidence"):
        if values.get(key) is not None:
            values[key] = [jsonable({k: v for k, v in item.items() if v is not None}) for item in values[key]]
    return values


def update_specialist(
    session: Session,
    actor: Actor,
    clinic_id: int,
    specialist_id: int,
    data: SpecialistUpdate,
    clinic_version: int | None = None,
) -> Specialist:
    clinic = record_of(session, clinic_id, clinic_version)
    spec = _owned(session, Specialist, specialist_id, clinic_id, "specialist")
    changes = _specialist_values(data.model_dump(exclude_unset=True, exclude={"version"}))
    if changes.get("name") is None:
        changes.pop("name", None)
    name = changes.get("name")
    if name and name != spec.name:
        clash = session.scalar(
            select(Specialist.id).where(
                Specialist.clinic_id == clinic_id, Specialist.name == name, Specialist.id != specialist_id
            )
        )
        if clash is not None:
            raise Conflict(f"clinic {clinic_id} already lists a specialist named '{name}'")
    _check_part("specialist", dossier_record.specialist_item(spec) | changes)
    records.update(session, actor, spec, changes, data.version, f"specialist {specialist_id}")
    dossier_record.touch(session, clinic)
    return spec  # type: ignore[no-any-return]


def delete_specialist(
    session: Session,
    actor: Actor,
    clinic_id: int,
    specialist_id: int,
    clinic_version: int | None = None,
    version: int | None = None,
) -> None:
    clinic = record_of(session, clinic_id, clinic_version)
    spec = _owned(session, Specialist, specialist_id, clinic_id, "specialist")
    records.delete(session, actor, spec, f"specialist {specialist_id}", version)
    dossier_record.touch(session, clinic)


EVIDENCE_FIELDS = ("checked_on", "method", "source", "url", "checked_by", "evidence_kind")


def _check_clinic_kind(kind: str | None, specialist_id: int | None) -> None:
    if specialist_id is None and kind is not None and kind not in CREDENTIAL_KINDS:
        raise ValidationFailed(
            f"'{kind}' is not a clinic credential a dossier knows",
            problems=[FieldProblem("kind", f"expected one of {', '.join(CREDENTIAL_KINDS)}")],
        )


def add_credential(
    session: Session, actor: Actor, clinic_id: int, data: CredentialCreate, clinic_version: int | None = None
) -> Credential:
    clinic = record_of(session, clinic_id, clinic_version)
    if data.specialist_id is not None:
        _owned(session, Specialist, data.specialist_id, clinic_id, "specialist")
    _check_clinic_kind(data.kind, data.specialist_id)
    values = data.model_dump()
    values["evidence_recorded"] = any(values.get(k) is not None for k in EVIDENCE_FIELDS)
    if data.specialist_id is None:
        last = session.scalar(
            select(func.max(Credential.position)).where(
                Credential.clinic_id == clinic_id, Credential.specialist_id.is_(None)
            )
        )
        values["position"] = 0 if last is None else int(last) + 1
    cred = Credential(clinic_id=clinic_id, **values)
    if data.specialist_id is None:
        _check_part("credential", dossier_record.credential_item(cred))
    records.create(session, actor, cred, f"credential '{data.kind}'")
    dossier_record.touch(session, clinic)
    return cred


def update_credential(
    session: Session,
    actor: Actor,
    clinic_id: int,
    credential_id: int,
    data: CredentialUpdate,
    clinic_version: int | None = None,
) -> Credential:
    clinic = record_of(session, clinic_id, clinic_version)
    cred = _owned(session, Credential, credential_id, clinic_id, "credential")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    for required in ("kind", "claimed_only"):
        if changes.get(required) is None:
            changes.pop(required, None)
    _check_clinic_kind(changes.get("kind"), cred.specialist_id)
    if any(k in changes for k in EVIDENCE_FIELDS):
        merged = {k: changes.get(k, getattr(cred, k)) for k in EVIDENCE_FIELDS}
        changes["evidence_recorded"] = any(v is not None for v in merged.values())
    records.update(session, actor, cred, changes, data.version, f"credential {credential_id}")
    if cred.specialist_id is None:
        _check_part("credential", dossier_record.credential_item(cred))
    dossier_record.touch(session, clinic)
    return cred  # type: ignore[no-any-return]


def delete_credential(
    session: Session,
    actor: Actor,
    clinic_id: int,
    credential_id: int,
    clinic_version: int | None = None,
    version: int | None = None,
) -> None:
    clinic = record_of(session, clinic_id, clinic_version)
    cred = _owned(session, Credential, credential_id, clinic_id, "credential")
    records.delete(session, actor, cred, f"credential {credential_id}", version)
    dossier_record.touch(session, clinic)


def get_credential(session: Session, clinic_id: int, credential_id: int) -> Credential:
    return _owned(session, Credential, credential_id, clinic_id, "credential")  # type: ignore[no-any-return]


def add_offering(
    session: Session, actor: Actor, clinic_id: int, data: OfferingCreate, clinic_version: int | None = None
) -> Offering:
    clinic = record_of(session, clinic_id, clinic_version)
    offering = Offering(clinic_id=clinic_id, **data.model_dump())
    _check_part("offering", dossier_record.offering_item(offering))
    records.create(session, actor, offering, f"offering '{data.marketing_name}'")
    dossier_record.touch(session, clinic)
    return offering


def update_offering(
    session: Session,
    actor: Actor,
    clinic_id: int,
    offering_id: int,
    data: OfferingUpdate,
    clinic_version: int | None = None,
) -> Offering:
    clinic = record_of(session, clinic_id, clinic_version)
    offering = _owned(session, Offering, offering_id, clinic_id, "offering")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("marketing_name") is None:
        changes.pop("marketing_name", None)
    _check_part("offering", dossier_record.offering_item(offering) | changes)
    records.update(session, actor, offering, changes, data.version, f"offering {offering_id}")
    dossier_record.touch(session, clinic)
    return offering  # type: ignore[no-any-return]


def delete_offering(
    session: Session,
    actor: Actor,
    clinic_id: int,
    offering_id: int,
    clinic_version: int | None = None,
    version: int | None = None,
) -> None:
    clinic = record_of(session, clinic_id, clinic_version)
    offering = _owned(session, Offering, offering_id, clinic_id, "offering")
    records.delete(session, actor, offering, f"offering {offering_id}", version)
    dossier_record.touch(session, clinic)


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
