"""What a caller may send to create or change a record: strict models shared by API and pages.

Model layers follow one pattern: `<Entity>Fields` (what a person fills in), `<Entity>Create`,
and `<Entity>Update` (every field optional, plus the `version` the edit was based on).
Values that the dossier contract enumerates are `Literal`s, so a typo names the allowed values.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..verify.dossier import DisciplinaryAction, Evidence
from .audit import jsonable

InstitutionType = Literal["clinic", "hospital", "general_hospital", "tertiary_hospital"]
PriceTier = Literal["express", "standard", "premium", "vip"]
Specialty = Literal["plastic_surgery", "dermatology", "orthopedics", "family_medicine", "other"]
CheckMethod = Literal["registry", "document", "phone", "site_visit"]
Indication = Literal["aesthetic", "orthopedic", "disease", "wellness"]
OfferingRole = Literal["adjunct", "standalone"]
SpecialistFact = Literal[
    "medical_licence", "board_certification", "practice_history", "case_log", "disciplinary_record"
]
RoleName = Literal["admin", "verifier", "coordinator", "viewer"]

# A YAML or JSON document stored as JSON: dates become ISO strings so every backend can hold it.
JsonDoc = Annotated[dict[str, Any], AfterValidator(jsonable)]

Name = Field(min_length=1, max_length=200, pattern=r"\S")
KindPattern = r"^[a-z][a-z0-9_]{1,59}$"


MAX_ID = 2**31 - 1
MAX_DOCUMENT_DEPTH = 20


def check_document(value: Any, where: str = "", depth: int = 0) -> None:
    """Refuse what no database can store faithfully: NUL characters, NaN/Infinity, huge integers,
    and documents nested deeper than people write."""
    if depth > MAX_DOCUMENT_DEPTH:
        raise ValueError(f"{where or 'document'}: nested more than {MAX_DOCUMENT_DEPTH} levels deep")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where or 'text'}: contains a NUL character")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError(f"{where or 'number'}: integer too large")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where or 'number'}: must be a finite number")
        if abs(value) >= 2**53:
            # PostgreSQL's JSONB keeps 1e20 as the integer 100000000000000000000: it would come
            # back as a different number (and a different document) than the one stored.
            raise ValueError(f"{where or 'number'}: too large to store exactly")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_document(key, where, depth + 1)
            check_document(item, f"{where}.{key}" if where else str(key), depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_document(item, f"{where}[{i}]", depth + 1)


class Input(BaseModel):
    """Rejects unknown keys, trims surrounding whitespace, and refuses unstorable values."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="after")
    def _storable(self) -> Input:
        check_document(self.model_dump(mode="python"))
        return self


class ClinicFields(Input):
    address: str | None = Field(default=None, max_length=400)
    institution_type: InstitutionType | None = None
    licence_number: str | None = Field(default=None, max_length=100)
    price_tier: PriceTier | None = None
    notes: str = Field(default="", max_length=20_000)


class ClinicCreate(ClinicFields):
    name: str = Name
    dossier: JsonDoc | None = None


class ClinicUpdate(Input):
    version: int = Field(
        ge=1, le=MAX_ID, description="The version this edit is based on (optimistic locking)."
    )
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    address: str | None = Field(default=None, max_length=400)
    institution_type: InstitutionType | None = None
    licence_number: str | None = Field(default=None, max_length=100)
    price_tier: PriceTier | None = None
    notes: str | None = Field(default=None, max_length=20_000)
    dossier: JsonDoc | None = None


class SpecialistFields(Input):
    """A specialist's facts: the dossier's `specialist` keys (criteria 1.1 to 1.5)."""

    licence_number: str | None = Field(default=None, max_length=100)
    specialty: Specialty | None = None
    board_certified: bool | None = None
    subspecialty: str | None = Field(default=None, max_length=200)
    years_in_subspecialty: float | None = Field(default=None, ge=0, le=80)
    cumulative_cases: int | None = Field(default=None, ge=0, le=MAX_ID)
    disciplinary_actions: list[DisciplinaryAction] | None = Field(
        default=None, description="Each {date, summary, kind, until}; [] means checked and none on record."
    )
    evidence: list[Evidence] | None = Field(
        default=None, description="Each {kind, source, url, checked_on, method, checked_by}."
    )


class SpecialistCreate(SpecialistFields):
    name: str = Name


class SpecialistUpdate(SpecialistFields):
    version: int = Field(ge=1, le=MAX_ID)
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")


class CredentialCreate(Input):
    kind: str = Field(pattern=KindPattern, description="e.g. regenerative_medicine_institution, kahf")
    specialist_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    number: str | None = Field(default=None, max_length=100)
    valid_from: date | None = None
    valid_until: date | None = None
    claimed_only: bool = True
    checked_on: date | None = None
    method: CheckMethod | None = None
    source: str | None = Field(default=None, max_length=400)
    url: str | None = Field(default=None, max_length=1000)
    checked_by: str | None = Field(default=None, max_length=200)
    evidence_kind: SpecialistFact | None = None


class CredentialUpdate(Input):
    version: int = Field(ge=1, le=MAX_ID)
    kind: str | None = Field(default=None, pattern=KindPattern)
    number: str | None = Field(default=None, max_length=100)
    valid_from: date | None = None
    valid_until: date | None = None
    claimed_only: bool | None = None
    checked_on: date | None = None
    method: CheckMethod | None = None
    source: str | None = Field(default=None, max_length=400)
    url: str | None = Field(default=None, max_length=1000)
    checked_by: str | None = Field(default=None, max_length=200)
    evidence_kind: SpecialistFact | None = None


class OfferingFields(Input):
    """An offering: the dossier's `offering` keys; `therapy` holds structured attributes (see
    `regencheck schema dossier`), `description` free text in any language."""

    description: str | None = Field(default=None, max_length=100_000)
    indication: Indication | None = None
    therapy: JsonDoc | None = None
    role: OfferingRole | None = None
    base_procedure: str | None = Field(default=None, max_length=200)


class OfferingCreate(OfferingFields):
    marketing_name: str = Name


class OfferingUpdate(OfferingFields):
    version: int = Field(ge=1, le=MAX_ID)
    marketing_name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")


class UserCreate(Input):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    role: RoleName
    display_name: str = Field(default="", max_length=200)
    password: str | None = Field(default=None, min_length=12, max_length=200)


class UserUpdate(Input):
    version: int = Field(ge=1, le=MAX_ID)
    role: RoleName | None = None
    display_name: str | None = Field(default=None, max_length=200)
    active: bool | None = None
