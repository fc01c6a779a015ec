"""Response models of the JSON API: what `/docs` shows and the schemathesis test checks.

Two layers:

- **Record models** (`ClinicPublic`, `CredentialPublic`, …) describe `store.records.public`, which
  renders every column of a row except secrets. They are generated from the SQLAlchemy tables by
  `record_model`, so a new column is in the schema without a second list to keep in step. Dates
  and times are ISO strings there, as `public` writes them.
- **Result models** (`ClassificationOut`, `ScanOut`, `ScorecardOut`, …) describe the engines' JSON
  contracts (product.md). They name the keys always present and allow the rest (`extra="allow"`),
  since several keys appear only when they apply; the contract, not this module, is the source
  of truth for the keys inside them.

Every model allows extra keys, so declaring a response model never drops a field a route
returned before; fields are required and without defaults, so none is added either.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model
from sqlalchemy import inspect

from ..store.base import Base
from ..store.cases import tables as case_tables
from ..store.models import (
    ApiToken,
    AuditEntry,
    Clinic,
    Credential,
    EvidenceFile,
    MarketingDocument,
    Offering,
    RegistryRow,
    RegistrySnapshot,
    Specialist,
    User,
    Verification,
)
from ..store.records import SECRET_COLUMNS

Number = int | float  # a float field would turn 3 into 3.0


class Out(BaseModel):
    """Base of every response model: open to the keys a contract adds where they apply."""

    model_config = ConfigDict(extra="allow")


def _column_type(python_type: type[Any], nullable: bool) -> Any:
    kind: Any
    if issubclass(python_type, datetime | date):
        kind = str
    elif python_type is bool:
        kind = bool
    elif python_type is int:
        kind = int
    elif python_type is float:
        kind = Number
    elif python_type is str:
        kind = str
    else:  # JSON columns: documents whose shape the record's own schema describes
        kind = Any
    return kind | None if nullable and kind is not Any else kind


def record_model(
    table: type[Base],
    name: str,
    *,
    exclude: frozenset[str] = frozenset(),
    extra: dict[str, Any] | None = None,
) -> type[Out]:
    """A model of `records.public(row)` for rows of `table`, plus `extra` fields (name -> type)."""
    fields: dict[str, Any] = {}
    for attr in inspect(table).column_attrs:
        if attr.key in SECRET_COLUMNS or attr.key in exclude:
            continue
        column = attr.columns[0]
        try:
            python_type = column.type.python_type
        except NotImplementedError:  # a JSON column
            python_type = object
        fields[attr.key] = (_column_type(python_type, bool(column.nullable)), ...)
    for key, kind in (extra or {}).items():
        fields[key] = (kind, ...)
    model: type[Out] = create_model(name, __base__=Out, __module__=__name__, **fields)
    return model


def page_model(item: Any, name: str) -> type[Out]:
    """One page of a listing: `items` of `item`, with the total and the page's limit and offset."""
    model: type[Out] = create_model(
        name,
        __base__=Out,
        __module__=__name__,
        items=(list[item], ...),
        total=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
    )
    return model


# ---- records ------------------------------------------------------------------------------------

UserPublic = record_model(User, "UserPublic")
NewUserOut = record_model(User, "NewUserOut", extra={"one_time_password": str | None})
TokenPublic = record_model(ApiToken, "TokenPublic")
NewTokenOut = record_model(ApiToken, "NewTokenOut", extra={"secret": str})
SpecialistPublic = record_model(Specialist, "SpecialistPublic")
CredentialPublic = record_model(Credential, "CredentialPublic")
OfferingPublic = record_model(Offering, "OfferingPublic")
EvidencePublic = record_model(EvidenceFile, "EvidencePublic")
SnapshotPublic = record_model(RegistrySnapshot, "SnapshotPublic")
RegistryRowPublic = record_model(RegistryRow, "RegistryRowPublic")
VerificationPublic = record_model(Verification, "VerificationPublic")
VerificationSummary = record_model(
    Verification, "VerificationSummary", exclude=frozenset({"dossier", "result"})
)
MarketingSummary = record_model(
    MarketingDocument, "MarketingSummary", exclude=frozenset({"text"}), extra={"risk": str | None}
)
ClinicOut = record_model(
    Clinic, "ClinicOut", exclude=frozenset({"sections"}), extra={"latest_verdict": str | None}
)
ClinicWithDossier = record_model(
    Clinic,
    "ClinicWithDossier",
    exclude=frozenset({"sections"}),
    extra={"latest_verdict": str | None, "dossier": dict[str, Any] | None},
)
ClinicDetail = record_model(
    Clinic,
    "ClinicDetail",
    exclude=frozenset({"sections"}),
    extra={
        "latest_verdict": str | None,
        "dossier": dict[str, Any] | None,
        "specialists": list[SpecialistPublic],  # type: ignore[valid-type]
        "credentials": list[CredentialPublic],  # type: ignore[valid-type]
        "offerings": list[OfferingPublic],  # type: ignore[valid-type]
        "marketing": list[MarketingSummary],  # type: ignore[valid-type]
    },
)
AuditEntryOut = record_model(
    AuditEntry,
    "AuditEntryOut",
    exclude=frozenset({"before", "after"}),
    extra={
        "withheld": bool,
        "before": dict[str, Any] | None,
        "after": dict[str, Any] | None,
        "changes": list[dict[str, Any]],
    },
)

CaseSummary = record_model(case_tables.JourneyCase, "CaseSummary")
CaseNotePublic = record_model(case_tables.JourneyNote, "CaseNotePublic")
CaseDocumentPublic = record_model(case_tables.JourneyDocument, "CaseDocumentPublic")
EscalationPublic = record_model(case_tables.JourneyEscalation, "EscalationPublic")
AdverseEventOut = record_model(
    case_tables.JourneyAdverseEvent,
    "AdverseEventOut",
    extra={"escalations": list[EscalationPublic]},  # type: ignore[valid-type]
)
CaseDetail = record_model(
    case_tables.JourneyCase,
    "CaseDetail",
    extra={
        "stage_history": list[record_model(case_tables.JourneyStageChange, "StageChangePublic")],  # type: ignore[misc]
        "notes": list[CaseNotePublic],  # type: ignore[valid-type]
        "documents": list[CaseDocumentPublic],  # type: ignore[valid-type]
        "adverse_events": list[AdverseEventOut],  # type: ignore[valid-type]
        "schedule": dict[str, Any] | None,
    },
)


# ---- engine and service results -----------------------------------------------------------------


class RulingOut(Out):
    status: str
    risk_level: str | None
    facility_required: str
    conditions: list[dict[str, Any]]
    summary: str
    citations: list[str]
    rule: str
    verified: bool


class ClassificationOut(Out):
    """The `classify` JSON of product.md (plus evidence, rule ids and, where they apply, the
    possible categories, conflicts, Korean risk and the description's language)."""

    category: str
    attributes: dict[str, Any]
    unknowns: list[str]
    questions: list[str]
    approved_product: dict[str, Any] | None
    rulings: dict[str, RulingOut]
    knowledge_version: str


class FindingOut(Out):
    category: str
    severity: str
    rule: str
    start: int
    end: int
    text: str
    sentence: str
    explanation: str
    basis: list[str]


class ScanOut(Out):
    """The `scan` JSON of product.md (plus `text_extracted` and `notes` where they apply; a stored
    scan adds `scan_id` and `document_id`)."""

    source: str
    language: str
    risk: str
    findings: list[FindingOut]
    suppressed: list[dict[str, Any]]
    summary: dict[str, int]


class SymptomOut(Out):
    id: str
    label: str | None
    severity: str
    expected_within_hours: int | None
    source: list[str]


class DueItem(Out):
    case_id: int
    patient: str
    item: str
    label: str
    date: str
    status: str


class DueList(Out):
    items: list[DueItem]


class MeOut(Out):
    id: int | None
    username: str
    role: str
    permissions: list[str]


class OneTimePassword(Out):
    one_time_password: str


class EndedSessions(Out):
    user_id: int
    ended_sessions: int


class ChainCheck(Out):
    """The audit chain's check and the stored verifications' check; `ok` only when both hold."""

    ok: bool
    chain_ok: bool
    checked: int
    broken_seq: int | None
    reason: str | None
    verifications: dict[str, Any]


class VerificationChange(Out):
    what: str
    title: str
    before: str | None
    after: str | None


class VerificationChanges(Out):
    verification_id: int
    previous_id: int | None
    changes: list[VerificationChange]


class MatchOut(Out):
    """Specialists for a goal, ranked by `ranking_rule`, and why others are left out."""

    goal: dict[str, Any]
    ranking_rule: str
    matches: list[dict[str, Any]]
    left_out: list[dict[str, Any]]
    not_documented: list[Any]


class MonitorOut(Out):
    """The monitoring report (`regencheck monitor --format json`)."""

    today: str
    within_days: int
    max_check_age_months: int
    due: list[dict[str, Any]]
    registry: dict[str, Any] | None
    needs_reverification: list[dict[str, Any]]


class FhirBundle(Out):
    """A FHIR R4 Bundle; `entry` (absent when empty, as FHIR wants) holds the resources named in
    the route."""

    resourceType: str
    id: str
    type: str
    timestamp: str


# ---- listings and pages of listings ------------------------------------------------------------

UserPage = page_model(UserPublic, "UserPage")
ClinicPage = page_model(ClinicOut, "ClinicPage")
SnapshotPage = page_model(SnapshotPublic, "SnapshotPage")
RegistryRowPage = page_model(RegistryRowPublic, "RegistryRowPage")
VerificationPage = page_model(VerificationSummary, "VerificationPage")
CasePage = page_model(CaseSummary, "CasePage")
AuditPage = page_model(AuditEntryOut, "AuditPage")
TokenList: Any = list[TokenPublic]  # type: ignore[valid-type]
EvidenceList: Any = list[EvidencePublic]  # type: ignore[valid-type]
