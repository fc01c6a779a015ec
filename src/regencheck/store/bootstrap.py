"""Set up a working team database in one step: schema, first admin, sample registry, sample
dossiers as clinics (their `file:` references read in, so each stored dossier stands alone), and
their verifications. Running it again changes nothing that exists.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..inputs import load_structured_file, read_bytes
from ..knowledge import KnowledgeBase
from . import directory, migrate, registry, verifications
from .db import Database
from .dossier_files import inline_files
from .models import Clinic, RegistrySnapshot, User, Verification
from .roles import SYSTEM, Actor
from .schemas import ClinicCreate, CredentialCreate, SpecialistCreate, UserCreate
from .users import create_user

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
FIRST_ADMIN = "admin"
SAMPLE_REGISTRY_SOURCE = "regencheck sample registry (fictional clinics; each row names its list)"


@dataclass
class VerifiedSample:
    clinic: str
    clinic_id: int
    verification_id: int
    verdict: str
    dossier: Path
    report: Path | None = None


@dataclass
class BootstrapResult:
    """What the set-up did, for the person at the terminal."""

    admin: str | None = None
    one_time_password: str | None = None
    snapshot_id: int | None = None
    snapshot_rows: int = 0
    snapshot_new: bool = False
    samples: list[VerifiedSample] = field(default_factory=list)


def ensure_admin(db: Database, username: str = FIRST_ADMIN) -> tuple[str | None, str | None]:
    """Create the first admin when there is no user at all; returns (username, one-time password)."""
    with db.writing() as s:
        if s.scalar(select(func.count()).select_from(User)):
            return None, None
        new = create_user(
            s, SYSTEM, UserCreate(username=username, role="admin", display_name="Administrator")
        )
        return new.user.username, new.one_time_password


def ensure_snapshot(
    db: Database, path: Path, actor: Actor, source: str | None = None
) -> tuple[RegistrySnapshot, bool]:
    """Import a registry CSV unless a snapshot with the same content exists."""
    data = read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    with db.writing() as s:
        existing = s.scalars(select(RegistrySnapshot).where(RegistrySnapshot.sha256 == sha)).first()
        if existing is not None:
            return existing, False
        return registry.import_snapshot(s, actor, None, data=data, filename=path.name, source=source), True


def _credential_fields(raw: dict[str, Any]) -> dict[str, Any]:
    evidence = raw.get("evidence") or {}
    fields = {
        "kind": raw.get("kind"),
        "number": raw.get("number"),
        "valid_until": raw.get("valid_until"),
        "claimed_only": bool(raw.get("claimed_only", not evidence)),
        "checked_on": evidence.get("checked_on"),
        "method": evidence.get("method"),
        "source": evidence.get("source"),
        "url": evidence.get("url"),
        "checked_by": evidence.get("checked_by"),
    }
    return {
        k: (str(v) if k in ("number",) and v is not None else v) for k, v in fields.items() if v is not None
    }


def clinic_from_dossier(s: Session, actor: Actor, dossier: dict[str, Any]) -> Clinic:
    """The clinic a dossier describes: found by name, else created with its credentials and specialist."""
    info = dossier.get("clinic") or {}
    name = str(info.get("name") or "").strip()
    if not name:
        raise ValueError("the dossier names no clinic")
    existing = s.scalars(select(Clinic).where(func.lower(Clinic.name) == name.lower())).first()
    if existing is not None:
        return existing
    keys = ("address", "institution_type", "licence_number", "price_tier")
    clinic = directory.create_clinic(
        s,
        actor,
        ClinicCreate(name=name, dossier=dossier, **{k: info[k] for k in keys if info.get(k) is not None}),
    )
    for raw in info.get("credentials") or []:
        directory.add_credential(
            s, actor, clinic.id, CredentialCreate.model_validate(_credential_fields(raw))
        )
    spec = dossier.get("specialist") or {}
    if spec.get("name"):
        fields = (
            "licence_number",
            "specialty",
            "board_certified",
            "subspecialty",
            "years_in_subspecialty",
            "cumulative_cases",
        )
        directory.add_specialist(
            s,
            actor,
            clinic.id,
            SpecialistCreate(name=spec["name"], **{k: spec[k] for k in fields if spec.get(k) is not None}),
        )
    return clinic


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "clinic"


def bootstrap(
    db: Database,
    kb: KnowledgeBase,
    *,
    samples_dir: Path = SAMPLES_DIR,
    report_dir: Path | None = None,
    as_of: date | None = None,
) -> BootstrapResult:
    """Migrate, create the first admin, import the sample registry and dossiers, verify each once."""
    migrate.upgrade(db)
    result = BootstrapResult()
    result.admin, result.one_time_password = ensure_admin(db)
    with db.reading() as s:
        admin = s.scalars(select(User).where(User.role == "admin").order_by(User.id)).first()
    actor = Actor(username=admin.username, role=admin.role, user_id=admin.id) if admin else SYSTEM
    registry_csv = samples_dir / "registry.csv"
    snapshot = None
    if registry_csv.is_file():
        snapshot, result.snapshot_new = ensure_snapshot(db, registry_csv, actor, SAMPLE_REGISTRY_SOURCE)
        result.snapshot_id, result.snapshot_rows = snapshot.id, snapshot.row_count
    for path in sorted((samples_dir / "dossiers").glob("*.y*ml")):
        dossier = inline_files(load_structured_file(path), path.parent)
        with db.writing() as s:
            clinic = clinic_from_dossier(s, actor, dossier)
            done = s.scalars(
                select(Verification)
                .where(Verification.clinic_id == clinic.id)
                .order_by(Verification.id.desc())
            ).first()
            if done is None:
                snap = s.get(RegistrySnapshot, snapshot.id) if snapshot else None
                done = verifications.run_verification(
                    s,
                    actor,
                    kb,
                    dossier=dossier,
                    clinic=clinic,
                    snapshot=snap,
                    as_of=as_of,
                    base_dir=path.parent,
                )
            sample = VerifiedSample(clinic.name, clinic.id, done.id, done.verdict, path)
            card = done.result
        if report_dir is not None:
            sample.report = write_report(card, report_dir / f"{_slug(sample.clinic)}.html")
        result.samples.append(sample)
    return result


def write_report(card: dict[str, Any], target: Path) -> Path:
    """The HTML scorecard report of one verification."""
    from ..reports.scorecard import render_scorecard_html

    html = render_scorecard_html(card)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(str(html), encoding="utf-8")
    return target
