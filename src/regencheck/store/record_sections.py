"""Save one section of a clinic's record at a time (the builder's step forms and
`PUT /api/clinics/{id}/sections/{section}`), validated with the dossier model like an import.

Sections and where they are kept:

    clinic        name, address, institution_type, licence_number, price_tier (columns) and
                  evidence, the institution licence check (JSON); credentials have their own routes
    lab           clinic.lab (JSON)
    consultation, quote, aftercare, patient, facilitator   (JSON, the dossier's own shape)
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from sqlalchemy.orm import Session

from ..errors import Conflict, FieldProblem, ValidationFailed
from . import records
from .audit import jsonable
from .dossier_record import CLINIC_COLUMNS, canonical, name_taken, validate_dossier
from .models import Clinic
from .roles import Actor

Section = Literal["clinic", "lab", "consultation", "quote", "aftercare", "patient", "facilitator"]
SECTIONS: tuple[str, ...] = get_args(Section)
# Where each section sits in a dossier document.
SECTION_PATH: dict[str, tuple[str, ...]] = {"lab": ("clinic", "lab")} | {
    s: (s,) for s in SECTIONS if s != "lab"
}
CLINIC_SECTION_KEYS = (*CLINIC_COLUMNS, "evidence")


def _nest(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    for key in reversed(path):
        value = {key: value}
    return dict(value)


def section_value(clinic: Clinic, section: str) -> dict[str, Any] | None:
    """A section's stored value as dossier data (None: nothing known)."""
    stored = clinic.sections or {}
    if section == "clinic":
        evidence = (stored.get("clinic") or {}).get("evidence")
        values = {k: getattr(clinic, k) for k in CLINIC_COLUMNS} | {"evidence": evidence}
        return {k: v for k, v in values.items() if v is not None}
    value = (stored.get("clinic") or {}).get("lab") if section == "lab" else stored.get(section)
    return dict(value) if isinstance(value, dict) else None


def save_section(
    session: Session, actor: Actor, clinic_id: int, section: str, value: dict[str, Any] | None, version: int
) -> Clinic:
    """Replace one section (None clears it) if the record is still at `version`; the change is
    validated with the dossier model first, errors naming the dossier path (`quote.lines.0.amount`)."""
    if section not in SECTIONS:
        raise ValidationFailed(f"unknown section '{section}'; sections: {', '.join(SECTIONS)}")
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    records.check_version(clinic, version, f"clinic {clinic_id}")
    if section == "clinic":
        return _save_clinic(session, actor, clinic, value or {}, version)
    path = SECTION_PATH[section]
    dossier = validate_dossier(jsonable(_nest(path, value)), f"the {section} section")
    part: Any = dossier
    for key in path:
        part = getattr(part, key) if part is not None else None
    sections = _replace(clinic.sections, path, None if part is None else canonical(part))
    return records.update(session, actor, clinic, {"sections": sections}, version, f"clinic {clinic_id}")


def _replace(stored: dict[str, Any] | None, path: tuple[str, ...], value: Any) -> dict[str, Any] | None:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in (stored or {}).items()}
    holder = out
    for key in path[:-1]:
        holder = holder.setdefault(key, {})
    if value is None:
        holder.pop(path[-1], None)
    else:
        holder[path[-1]] = value
    if "clinic" in out and not out["clinic"]:
        del out["clinic"]
    return out or None


def _save_clinic(
    session: Session, actor: Actor, clinic: Clinic, value: dict[str, Any], version: int
) -> Clinic:
    elsewhere = [k for k in ("credentials", "lab") if k in value]
    if elsewhere:
        raise ValidationFailed(
            "the clinic section holds the clinic's own facts",
            problems=[
                FieldProblem(f"clinic.{k}", "saved on its own: the credential routes or the lab section")
                for k in elsewhere
            ],
        )
    dossier = validate_dossier(jsonable({"clinic": value}), "the clinic section")
    info = dossier.clinic
    assert info is not None
    name = (info.name or "").strip()
    if not name:
        raise ValidationFailed(
            "the clinic needs its name", problems=[FieldProblem("clinic.name", "give the clinic's name")]
        )
    if name != clinic.name and name_taken(session, name, clinic.id):
        raise Conflict(f"a clinic named '{name}' already exists")
    changes: dict[str, Any] = {k: getattr(info, k) for k in CLINIC_COLUMNS} | {"name": name}
    evidence = canonical(info.evidence) if info.evidence is not None else None
    changes["sections"] = _replace(clinic.sections, ("clinic", "evidence"), evidence)
    return records.update(session, actor, clinic, changes, version, f"clinic {clinic.id}")
