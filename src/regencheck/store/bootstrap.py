"""Set up a working team database in one step: schema, first admin, sample registry, sample
dossiers imported as clinic records (their `file:` references read in, so each record stands
alone), and a verification of each record. Running it again changes nothing that exists.
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
from . import dossier_record, migrate, registry, verifications
from .db import Database
from .dossier_files import inline_files
from .models import Clinic, RegistrySnapshot, User, Verification
from .roles import SYSTEM, Actor
from .schemas import UserCreate
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


def clinic_from_dossier(
    s: Session, actor: Actor, dossier: dict[str, Any], kb: KnowledgeBase | None = None
) -> Clinic:
    """The clinic a dossier describes: found by name, else imported as a new record from it."""
    info = dossier.get("clinic") or {}
    name = str(info.get("name") or "").strip()
    if not name:
        raise ValueError("the dossier names no clinic")
    existing = s.scalars(select(Clinic).where(func.lower(Clinic.name) == name.lower())).first()
    if existing is not None:
        return existing
    return dossier_record.import_dossier(s, actor, dossier, kb=kb, file=name).clinic


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
            clinic = clinic_from_dossier(s, actor, dossier, kb)
            done = s.scalars(
                select(Verification)
                .where(Verification.clinic_id == clinic.id)
                .order_by(Verification.id.desc())
            ).first()
            if done is None:
                # The record, not the file: what is verified is what the team sees and edits.
                done = verifications.verify_record(
                    s, actor, kb, clinic.id, snapshot_id=snapshot.id if snapshot else None, as_of=as_of
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
