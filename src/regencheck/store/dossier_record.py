"""The clinic record is its dossier: assemble it (for verification and export) and import a
dossier into it (create or replace), every write audited.

Where each part of a dossier lives:

    clinic.name, address, institution_type,
      licence_number, price_tier            clinics columns
    clinic.credentials                      credentials rows of the clinic (no specialist), by position
    specialist                              a specialists row (the one chosen; default the first by id)
    offering                                an offerings row (the one chosen; default the first by id)
    marketing                               marketing_documents rows, by position (each with its scans)
    clinic.lab, clinic.evidence,
      consultation, quote, aftercare,
      patient, facilitator                  clinics.sections (JSON), in the dossier's own shape

Round trip: `import_dossier` stores exactly what `verify.dossier.parse_dossier` reads, so the
record assembles back into an equal `Dossier`, and the canonical export (`dossier_json`,
`dossier_yaml`) of a stored record is a fixed point: importing an export and exporting again
gives the same bytes. Two things are settled at import and documented as such:

- `file:` references are read in (`dossier_files.inline_files`) before storing, so a stored
  record stands alone; an import still holding one is refused.
- A stored clinic has a name: a new record needs `clinic.name`; importing into an existing
  clinic without one keeps the clinic's name.

Import is a replacement: after it the record is the document (other specialists, offerings,
credentials and marketing texts are removed, and the audit log keeps each one's last state).
Credentials are matched by kind and number, the specialist by name, the offering by marketing
name and marketing texts by their text, so unchanged parts keep their ids, evidence files and scans.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import Conflict, FieldProblem, InputFileError, NotFound, ValidationFailed
from ..knowledge import KnowledgeBase
from ..verify import dossier as dm
from . import records
from .base import Base, utcnow
from .dossier_files import file_references, inline_files
from .models import Clinic, Credential, MarketingDocument, Offering, Specialist
from .roles import Actor
from .schemas import MAX_ID, check_document

# The dossier sections kept as JSON on the clinic (with `clinic.lab` and `clinic.evidence`).
JSON_SECTIONS = ("consultation", "quote", "aftercare", "patient", "facilitator")
CLINIC_COLUMNS = ("name", "address", "institution_type", "licence_number", "price_tier")
SPECIALIST_COLUMNS = (
    "name",
    "licence_number",
    "specialty",
    "board_certified",
    "subspecialty",
    "years_in_subspecialty",
    "cumulative_cases",
)
OFFERING_COLUMNS = ("marketing_name", "description", "indication", "therapy", "role", "base_procedure")
EVIDENCE_COLUMNS = ("source", "url", "checked_on", "method", "checked_by")
MAX_MARKETING_CHARS = 2_000_000

# What the tables can hold beyond what the dossier model checks: text lengths, integer range.
TEXT_LIMITS: dict[str, int] = {
    "clinic.name": 200,
    "clinic.address": 400,
    "clinic.licence_number": 100,
    "clinic.credentials.*.number": 100,
    "clinic.credentials.*.evidence.source": 400,
    "clinic.credentials.*.evidence.url": 1000,
    "clinic.credentials.*.evidence.checked_by": 200,
    "specialist.name": 200,
    "specialist.licence_number": 100,
    "specialist.subspecialty": 200,
    "offering.marketing_name": 200,
    "offering.base_procedure": 200,
    "marketing.*.text": MAX_MARKETING_CHARS,
}


# ---------------------------------------------------------------------------------------------
# Canonical form and export


def _whole_numbers(value: Any) -> Any:
    """18.0 → 18 everywhere, so exports read as people write and stay byte-stable."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


def canonical(part: dm.DossierModel, *, mode: Literal["json", "python"] = "json") -> Any:
    """A dossier (or one of its sections) as plain data: only what is known, in model order."""
    return _whole_numbers(part.model_dump(mode=mode, exclude_defaults=True))


def dossier_json(dossier: dm.Dossier) -> str:
    """The canonical JSON export (UTF-8, two-space indent, a final newline)."""
    return json.dumps(canonical(dossier), ensure_ascii=False, indent=2) + "\n"


# libyaml's emitter when present: the pure-Python one is several times slower.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dossier_yaml(dossier: dm.Dossier) -> str:
    """The canonical YAML export (dates unquoted, keys in the dossier's order)."""
    data = canonical(dossier, mode="python")
    return str(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100))


# ---------------------------------------------------------------------------------------------
# Rows → dossier


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def credential_item(cred: Credential) -> dict[str, Any]:
    """One credential row as a dossier `clinic.credentials` item."""
    item = _known({"kind": cred.kind, "number": cred.number, "valid_until": cred.valid_until})
    item["claimed_only"] = bool(cred.claimed_only)
    evidence = _known({k: getattr(cred, k) for k in EVIDENCE_COLUMNS} | {"kind": cred.evidence_kind})
    if evidence or cred.evidence_recorded:
        item["evidence"] = evidence
    return item


def specialist_item(spec: Specialist) -> dict[str, Any]:
    """One specialist row as the dossier's `specialist`."""
    item = _known({k: getattr(spec, k) for k in SPECIALIST_COLUMNS})
    return item | _known({"disciplinary_actions": spec.disciplinary_actions, "evidence": spec.evidence})


def offering_item(offering: Offering) -> dict[str, Any]:
    """One offering row as the dossier's `offering`."""
    return _known({k: getattr(offering, k) for k in OFFERING_COLUMNS})


def clinic_credentials(session: Session, clinic_id: int) -> list[Credential]:
    """The clinic's own credentials (not a specialist's), in dossier order."""
    stmt = (
        select(Credential)
        .where(Credential.clinic_id == clinic_id, Credential.specialist_id.is_(None))
        .order_by(Credential.position, Credential.id)
    )
    return list(session.scalars(stmt))


def clinic_specialists(session: Session, clinic_id: int) -> list[Specialist]:
    return list(
        session.scalars(select(Specialist).where(Specialist.clinic_id == clinic_id).order_by(Specialist.id))
    )


def clinic_offerings(session: Session, clinic_id: int) -> list[Offering]:
    return list(
        session.scalars(select(Offering).where(Offering.clinic_id == clinic_id).order_by(Offering.id))
    )


def marketing_documents(session: Session, clinic_id: int) -> list[MarketingDocument]:
    """The clinic's marketing texts in dossier order."""
    stmt = (
        select(MarketingDocument)
        .where(MarketingDocument.clinic_id == clinic_id)
        .order_by(MarketingDocument.position, MarketingDocument.id)
    )
    return list(session.scalars(stmt))


def _chosen(rows: list[Any], chosen_id: int | None, what: str, clinic_id: int) -> Any:
    if chosen_id is None:
        return rows[0] if rows else None
    for row in rows:
        if row.id == chosen_id:
            return row
    raise NotFound(f"{what} {chosen_id} does not belong to clinic {clinic_id}")


def record_document(
    session: Session, clinic_id: int, specialist_id: int | None = None, offering_id: int | None = None
) -> dict[str, Any]:
    """The record as a dossier document (before validation): rows and sections put together."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    sections = dict(clinic.sections or {})
    info = _known({k: getattr(clinic, k) for k in CLINIC_COLUMNS}) | dict(sections.pop("clinic", None) or {})
    creds = clinic_credentials(session, clinic_id)
    if creds:
        info["credentials"] = [credential_item(c) for c in creds]
    document: dict[str, Any] = {"clinic": info}
    spec = _chosen(clinic_specialists(session, clinic_id), specialist_id, "specialist", clinic_id)
    if spec is not None:
        document["specialist"] = specialist_item(spec)
    offering = _chosen(clinic_offerings(session, clinic_id), offering_id, "offering", clinic_id)
    if offering is not None:
        document["offering"] = offering_item(offering)
    docs = marketing_documents(session, clinic_id)
    if docs:
        document["marketing"] = [{"text": d.text} for d in docs]
    elif "marketing" in sections:
        document["marketing"] = sections.pop("marketing")
    sections.pop("marketing", None)
    return document | {k: sections[k] for k in JSON_SECTIONS if sections.get(k) is not None}


def record_dossier(
    session: Session, clinic_id: int, specialist_id: int | None = None, offering_id: int | None = None
) -> dm.Dossier:
    """The record as a validated `Dossier`; ValidationFailed names a stored part no dossier accepts
    (e.g. a credential of a kind the dossier does not know, entered before the record was one)."""
    document = record_document(session, clinic_id, specialist_id, offering_id)
    return dm.parse_dossier(document, f"record of clinic {clinic_id}")


def assemble(
    session: Session, clinic_id: int, specialist_id: int | None = None, offering_id: int | None = None
) -> dict[str, Any]:
    """The dossier verification reads, as JSON data: the clinic with the chosen specialist and
    offering (default: the first of each by id)."""
    result: dict[str, Any] = canonical(record_dossier(session, clinic_id, specialist_id, offering_id))
    return result


# ---------------------------------------------------------------------------------------------
# Validation beyond the dossier model: what the tables can hold


def _paths(value: Any, prefix: str) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _paths(v, f"{prefix}.{k}" if prefix else str(k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _paths(v, f"{prefix}.{i}")]
    return [(prefix, value)]


def _limit_for(path: str) -> int | None:
    generic = ".".join("*" if part.isdigit() else part for part in path.split("."))
    return TEXT_LIMITS.get(generic)


def storage_problems(dossier: dm.Dossier, file: str | None = None) -> list[FieldProblem]:
    """Fields a database column could not hold (too long, integer too large, NUL, NaN), by path."""
    data = canonical(dossier)
    problems: list[FieldProblem] = []
    for path, value in _paths(data, ""):
        limit = _limit_for(path)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            problems.append(FieldProblem(path, f"longer than {limit:,} characters", file))
        try:
            check_document(value, path)
        except ValueError as exc:
            problems.append(FieldProblem(path, str(exc).removeprefix(f"{path}: "), file))
    cases = dossier.specialist.cumulative_cases if dossier.specialist else None
    if cases is not None and cases > MAX_ID:
        problems.append(FieldProblem("specialist.cumulative_cases", f"larger than {MAX_ID:,}", file))
    return problems


def validate_dossier(document: Any, file: str = "<dossier>") -> dm.Dossier:
    """Parse with the dossier model (naming the field), then check what the store can hold."""
    dossier = dm.parse_dossier(document, file)
    problems = storage_problems(dossier, file)
    if problems:
        raise ValidationFailed(f"{file}: some fields cannot be stored as given", problems=problems)
    return dossier


# ---------------------------------------------------------------------------------------------
# Dossier → rows


def sections_of(dossier: dm.Dossier) -> dict[str, Any] | None:
    """The parts of a dossier no table holds, as stored in `clinics.sections`."""
    out: dict[str, Any] = {}
    clinic: dict[str, Any] = {}
    if dossier.clinic is not None:
        for key in ("lab", "evidence"):
            part = getattr(dossier.clinic, key)
            if part is not None:
                clinic[key] = canonical(part)
        if dossier.clinic.credentials == []:
            clinic["credentials"] = []  # "holds none" (known), not unknown
    if clinic:
        out["clinic"] = clinic
    if dossier.marketing == []:
        out["marketing"] = []
    for key in JSON_SECTIONS:
        part = getattr(dossier, key)
        if part is not None:
            out[key] = canonical(part)
    return out or None


def credential_columns(item: dm.Credential) -> dict[str, Any]:
    """The credentials-table columns of one dossier credential."""
    ev = item.evidence
    return {
        "kind": item.kind,
        "number": item.number,
        "valid_until": item.valid_until,
        "claimed_only": item.claimed_only,
        "evidence_recorded": ev is not None,
        "evidence_kind": ev.kind if ev else None,
    } | {k: (getattr(ev, k) if ev else None) for k in EVIDENCE_COLUMNS}


def specialist_columns(spec: dm.Specialist) -> dict[str, Any]:
    values = {k: getattr(spec, k) for k in SPECIALIST_COLUMNS}
    for key in ("disciplinary_actions", "evidence"):
        items = getattr(spec, key)
        values[key] = None if items is None else [canonical(i) for i in items]
    return values


def offering_columns(offering: dm.Offering) -> dict[str, Any]:
    values = {k: getattr(offering, k) for k in OFFERING_COLUMNS}
    if values["therapy"] is not None:
        values["therapy"] = json.loads(json.dumps(values["therapy"], default=str))
    return values


def marketing_title(text: str) -> str:
    """A document's title when the dossier gives none: its first line, shortened (or empty)."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first if len(first) <= 80 else first[:79] + "…"


def name_taken(session: Session, name: str, exclude_id: int | None = None) -> bool:
    """Whether another clinic already has this name (in any letter case)."""
    stmt = select(Clinic.id).where(func.lower(Clinic.name) == name.lower())
    if exclude_id is not None:
        stmt = stmt.where(Clinic.id != exclude_id)
    return session.scalar(stmt) is not None


def touch(session: Session, clinic: Clinic) -> None:
    """Bump the clinic's version after a change to one of its parts (the part's own audit entry
    records the change), so an edit based on the record before it is refused."""
    clinic.updated_at = utcnow()
    records.flush(session, f"clinic {clinic.id}")


# ---------------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class RecordChange:
    """One change an import made: `action` added | changed | removed, `part` what kind of part."""

    action: Literal["added", "changed", "removed"]
    part: Literal["clinic", "sections", "credential", "specialist", "offering", "marketing"]
    label: str
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "part": self.part, "label": self.label, "fields": list(self.fields)}


@dataclass
class ImportResult:
    """The stored clinic and what the import changed (empty: the record already was the document)."""

    clinic: Clinic
    created: bool
    changes: list[RecordChange] = field(default_factory=list)


def _differences(obj: Base, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(obj, k) != v}


def _update(session: Session, actor: Actor, obj: Any, values: dict[str, Any], what: str) -> tuple[str, ...]:
    changed = _differences(obj, values)
    if changed:
        version = getattr(obj, "version", None)
        records.update(session, actor, obj, changed, version, what)
    return tuple(changed)


def import_dossier(
    session: Session,
    actor: Actor,
    document: Any,
    clinic_id: int | None = None,
    *,
    version: int | None = None,
    kb: KnowledgeBase | None = None,
    base_dir: Path | None = None,
    file: str = "<dossier>",
) -> ImportResult:
    """Create a clinic record from a dossier, or replace clinic `clinic_id`'s record with it.

    The document is validated first (ValidationFailed names each wrong field) and nothing is
    written unless all of it is valid; the writes share the caller's transaction, so an error
    part-way (a name taken, a concurrent edit) rolls everything back. `version`, when given, is
    the clinic version the replacement is based on. `base_dir` reads `file:` references in;
    otherwise a document still holding one is refused. With `kb`, new marketing texts are scanned.
    """
    if base_dir is not None:
        document = inline_files(document, base_dir)
    refs = file_references(document)
    if refs:
        raise InputFileError(
            f"{file}: '{refs[0]}' is a file reference; attach the file (or import from its folder) "
            "so its text is stored with the record"
        )
    dossier = validate_dossier(document, file)
    info = dossier.clinic or dm.Clinic()
    if (clinic_id is None and info.name is None) or (info.name is not None and not info.name.strip()):
        raise ValidationFailed(
            f"{file}: a clinic record needs its name",
            problems=[FieldProblem("clinic.name", "give the clinic's name", file)],
        )
    if clinic_id is None:
        return _create(session, actor, dossier, kb)
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    if version is not None:
        records.check_version(clinic, version, f"clinic {clinic_id}")
    return _replace(session, actor, clinic, dossier, kb)


def _clinic_values(dossier: dm.Dossier, keep_name: str | None) -> dict[str, Any]:
    info = dossier.clinic or dm.Clinic()
    values = {k: getattr(info, k) for k in CLINIC_COLUMNS}
    values["name"] = values["name"] if values["name"] is not None else keep_name or ""
    values["sections"] = sections_of(dossier)
    return values


def _create(session: Session, actor: Actor, dossier: dm.Dossier, kb: KnowledgeBase | None) -> ImportResult:
    values = _clinic_values(dossier, None)
    if name_taken(session, values["name"]):
        raise Conflict(f"a clinic named '{values['name']}' already exists")
    clinic = records.create(session, actor, Clinic(**values), f"clinic '{values['name']}'")
    result = ImportResult(clinic, created=True, changes=[RecordChange("added", "clinic", clinic.name)])
    _sync_parts(session, actor, clinic, dossier, kb, result)
    return result


def _replace(
    session: Session, actor: Actor, clinic: Clinic, dossier: dm.Dossier, kb: KnowledgeBase | None
) -> ImportResult:
    values = _clinic_values(dossier, clinic.name)
    if values["name"] != clinic.name and name_taken(session, values["name"], clinic.id):
        raise Conflict(f"a clinic named '{values['name']}' already exists")
    result = ImportResult(clinic, created=False)
    old_sections = clinic.sections
    changed = _update(session, actor, clinic, values, f"clinic {clinic.id}")
    columns = tuple(k for k in changed if k != "sections")
    if columns:
        result.changes.append(RecordChange("changed", "clinic", clinic.name, columns))
    if "sections" in changed:
        names = changed_sections(old_sections, values["sections"])
        result.changes.append(RecordChange("changed", "sections", clinic.name, names))
    _sync_parts(session, actor, clinic, dossier, kb, result)
    if result.changes and not changed:
        touch(session, clinic)  # only parts changed: the record's version still moves on
    return result


def changed_sections(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[str, ...]:
    """Which stored sections differ, by dossier path (`clinic.lab`, `quote`, …)."""
    old, new = old or {}, new or {}
    out = [
        f"clinic.{k}"
        for k in ("lab", "evidence", "credentials")
        if (old.get("clinic") or {}).get(k) != (new.get("clinic") or {}).get(k)
    ]
    return tuple(out + [k for k in ("marketing", *JSON_SECTIONS) if old.get(k) != new.get(k)])


def _sync_parts(
    session: Session,
    actor: Actor,
    clinic: Clinic,
    dossier: dm.Dossier,
    kb: KnowledgeBase | None,
    result: ImportResult,
) -> None:
    _sync_credentials(
        session, actor, clinic, list((dossier.clinic.credentials if dossier.clinic else None) or []), result
    )
    _sync_one(
        session,
        actor,
        clinic_specialists(session, clinic.id),
        specialist_columns(dossier.specialist) if dossier.specialist else None,
        "name",
        lambda values: Specialist(clinic_id=clinic.id, **values),
        "specialist",
        result,
    )
    _sync_one(
        session,
        actor,
        clinic_offerings(session, clinic.id),
        offering_columns(dossier.offering) if dossier.offering else None,
        "marketing_name",
        lambda values: Offering(clinic_id=clinic.id, **values),
        "offering",
        result,
    )
    texts = [item.text or "" for item in dossier.marketing or []]
    _sync_marketing(session, actor, clinic, texts, kb, result)


def _label(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p not in (None, "")) or "(unnamed)"


def _sync_credentials(
    session: Session, actor: Actor, clinic: Clinic, items: list[dm.Credential], result: ImportResult
) -> None:
    remaining = clinic_credentials(session, clinic.id)
    for position, item in enumerate(items):
        values = credential_columns(item) | {"position": position}
        match = next((c for c in remaining if (c.kind, c.number) == (item.kind, item.number)), None)
        label = _label(item.kind, item.number)
        if match is None:
            records.create(
                session, actor, Credential(clinic_id=clinic.id, **values), f"credential '{item.kind}'"
            )
            result.changes.append(RecordChange("added", "credential", label))
            continue
        remaining.remove(match)
        changed = _update(session, actor, match, values, f"credential {match.id}")
        if set(changed) - {"position"}:
            result.changes.append(
                RecordChange("changed", "credential", label, tuple(set(changed) - {"position"}))
            )
    for cred in remaining:
        records.delete(session, actor, cred, f"credential {cred.id}")
        result.changes.append(RecordChange("removed", "credential", _label(cred.kind, cred.number)))


def _sync_one(
    session: Session,
    actor: Actor,
    existing: list[Any],
    values: dict[str, Any] | None,
    key: str,
    make: Any,
    part: Literal["specialist", "offering"],
    result: ImportResult,
) -> None:
    """Make the clinic's `part` rows exactly the document's one (matched by `key`) or none."""
    match = None if values is None else next((r for r in existing if getattr(r, key) == values[key]), None)
    for row in existing:
        if row is not match:
            records.delete(session, actor, row, f"{part} {row.id}")
            result.changes.append(RecordChange("removed", part, _label(getattr(row, key))))
    if values is None:
        return
    if match is None:
        records.create(session, actor, make(values), f"{part} '{values[key] or ''}'")
        result.changes.append(RecordChange("added", part, _label(values[key])))
        return
    changed = _update(session, actor, match, values, f"{part} {match.id}")
    if changed:
        result.changes.append(RecordChange("changed", part, _label(values[key]), changed))


def add_marketing_text(
    session: Session,
    actor: Actor,
    clinic: Clinic,
    text: str,
    *,
    title: str = "",
    origin: str = "",
    position: int | None = None,
    kb: KnowledgeBase | None = None,
) -> MarketingDocument:
    """Keep one marketing text of the clinic (scanned when `kb` is given and there is text)."""
    from .scans import scan_document

    if position is None:
        last = session.scalar(
            select(func.max(MarketingDocument.position)).where(MarketingDocument.clinic_id == clinic.id)
        )
        position = 0 if last is None else int(last) + 1
    document = MarketingDocument(
        clinic_id=clinic.id,
        title=(title.strip() or marketing_title(text))[:300],
        origin=origin[:1000],
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        position=position,
        created_by=actor.username,
    )
    records.create(session, actor, document, "marketing document")
    if kb is not None and text.strip():
        scan_document(session, actor, kb, document)
    return document


def _sync_marketing(
    session: Session,
    actor: Actor,
    clinic: Clinic,
    texts: list[str],
    kb: KnowledgeBase | None,
    result: ImportResult,
) -> None:
    remaining = marketing_documents(session, clinic.id)
    for position, text in enumerate(texts):
        match = next((d for d in remaining if d.text == text), None)
        if match is None:
            doc = add_marketing_text(session, actor, clinic, text, position=position, kb=kb)
            result.changes.append(RecordChange("added", "marketing", doc.title))
            continue
        remaining.remove(match)
        _update(session, actor, match, {"position": position}, f"marketing document {match.id}")
    for doc in remaining:
        records.delete(session, actor, doc, f"marketing document {doc.id}")
        result.changes.append(RecordChange("removed", "marketing", doc.title))


def remove_marketing_text(
    session: Session, actor: Actor, clinic_id: int, document_id: int, clinic_version: int | None = None
) -> None:
    """Delete one of the clinic's marketing texts (its scans go with it) and bump the version."""
    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    if clinic_version is not None:
        records.check_version(clinic, clinic_version, f"clinic {clinic_id}")
    doc = records.get_or_404(session, MarketingDocument, document_id, "marketing document")
    if doc.clinic_id != clinic_id:
        raise NotFound(f"marketing document {document_id} does not belong to clinic {clinic_id}")
    records.delete(session, actor, doc, f"marketing document {document_id}")
    touch(session, clinic)
