"""What a caller may send to create or change a record: strict models shared by API and pages.

Model layers follow one pattern: `<Entity>Fields` (what a person fills in), `<Entity>Create`,
and `<Entity>Update` (every field optional, plus the `version` the edit was based on).
Values that the dossier contract enumerates are `Literal`s, so a typo names the allowed values.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

InstitutionType = Literal["clinic", "hospital", "general_hospital", "tertiary_hospital"]
PriceTier = Literal["express", "standard", "premium", "vip"]
Specialty = Literal["plastic_surgery", "dermatology", "orthopedics", "family_medicine", "other"]
CheckMethod = Literal["registry", "document", "phone", "site_visit"]
Indication = Literal["aesthetic", "orthopedic", "disease", "wellness"]
RoleName = Literal["admin", "verifier", "coordinator", "viewer"]

Name = Field(min_length=1, max_length=200, pattern=r"\S")
KindPattern = r"^[a-z][a-z0-9_]{1,59}$"


class Input(BaseModel):
    """Rejects unknown keys and trims surrounding whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ClinicFields(Input):
    address: str | None = Field(default=None, max_length=400)
    institution_type: InstitutionType | None = None
    licence_number: str | None = Field(default=None, max_length=100)
    price_tier: PriceTier | None = None
    notes: str = Field(default="", max_length=20_000)


class ClinicCreate(ClinicFields):
    name: str = Name
    dossier: dict[str, Any] | None = None


class ClinicUpdate(Input):
    version: int = Field(ge=1, description="The version this edit is based on (optimistic locking).")
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    address: str | None = Field(default=None, max_length=400)
    institution_type: InstitutionType | None = None
    licence_number: str | None = Field(default=None, max_length=100)
    price_tier: PriceTier | None = None
    notes: str | None = Field(default=None, max_length=20_000)
    dossier: dict[str, Any] | None = None


class SpecialistCreate(Input):
    name: str = Name
    licence_number: str | None = Field(default=None, max_length=100)
    specialty: Specialty | None = None
    board_certified: bool | None = None
    subspecialty: str | None = Field(default=None, max_length=200)
    years_in_subspecialty: int | None = Field(default=None, ge=0, le=80)
    cumulative_cases: int | None = Field(default=None, ge=0, le=10_000_000)


class SpecialistUpdate(Input):
    version: int = Field(ge=1)
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    licence_number: str | None = Field(default=None, max_length=100)
    specialty: Specialty | None = None
    board_certified: bool | None = None
    subspecialty: str | None = Field(default=None, max_length=200)
    years_in_subspecialty: int | None = Field(default=None, ge=0, le=80)
    cumulative_cases: int | None = Field(default=None, ge=0, le=10_000_000)


class CredentialCreate(Input):
    kind: str = Field(pattern=KindPattern, description="e.g. regenerative_medicine_institution, kahf")
    specialist_id: int | None = Field(default=None, ge=1)
    number: str | None = Field(default=None, max_length=100)
    valid_from: date | None = None
    valid_until: date | None = None
    claimed_only: bool = True
    checked_on: date | None = None
    method: CheckMethod | None = None
    source: str | None = Field(default=None, max_length=400)
    url: str | None = Field(default=None, max_length=1000)
    checked_by: str | None = Field(default=None, max_length=200)


class CredentialUpdate(Input):
    version: int = Field(ge=1)
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


class OfferingCreate(Input):
    marketing_name: str = Name
    description: str = Field(default="", max_length=20_000)
    indication: Indication | None = None
    therapy: dict[str, Any] | None = None


class UserCreate(Input):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    role: RoleName
    display_name: str = Field(default="", max_length=200)
    password: str | None = Field(default=None, min_length=12, max_length=200)


class UserUpdate(Input):
    version: int = Field(ge=1)
    role: RoleName | None = None
    display_name: str | None = Field(default=None, max_length=200)
    active: bool | None = None
