"""The dossier a facilitator writes about one clinic, specialist and offering (input of `verify`).

Every key is optional: a missing key means "unknown", never "fine", and the criterion that
needs it says so. Unknown keys and values are rejected so that a typo ("physican_led") fails
loudly and names the allowed values instead of silently turning a pass into an unknown.

Beyond the product specification's dossier, a few optional keys carry what the issue asks
the verification to check: `clinic.evidence` (the institution licence check), `facilitator`
(the agency's registration and fee), per-line `kind`/`note` on quotes (what a line is and why a
price deviates), `specialist.evidence[].kind` (which fact a document proves) and
`disciplinary_actions[].kind/until` (suspensions with their end date).
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import ValidationFailed, pydantic_problems
from ..inputs import load_structured_file
from ..journey.case import MAX_FOLLOW_UP_DAY

CredentialKind = Literal[
    "regenerative_medicine_institution",
    "regenerative_medicine_center",
    "foreign_patient_registration",
    "kahf",
    "koiha",
    "cell_processing_licence",
    "ad_prereview",
    "malpractice_insurance",
]
Method = Literal["registry", "document", "phone", "site_visit"]
SpecialistFact = Literal[
    "medical_licence", "board_certification", "practice_history", "case_log", "disciplinary_record"
]
LineKind = Literal["base_procedure", "regenerative", "agency_fee", "other"]


class DossierModel(BaseModel):
    """Base of every dossier section: unknown keys are errors that list the allowed keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _number(value: Any) -> Any:
    """Accept figures as people write them ("15,000,000", "10,000+", "18 years" stays an error)."""
    if isinstance(value, str):
        cleaned = value.replace(",", "").replace("_", "").replace(" ", "").rstrip("+")
        try:
            return float(cleaned) if "." in cleaned else int(cleaned)
        except ValueError:
            return value
    return value


def _text_source(value: Any) -> Any:
    """A bare string where a text source is expected is that text."""
    return {"text": value} if isinstance(value, str) else value


def _listed(value: Any) -> Any:
    """A single mapping where a list is expected is a list of one."""
    return [value] if isinstance(value, dict) else value


Number = Annotated[float, BeforeValidator(_number)]
Count = Annotated[int, BeforeValidator(_number)]


class Evidence(DossierModel):
    """How a fact was checked: where, by which method, when and by whom."""

    kind: SpecialistFact | None = None
    source: str | None = None
    url: str | None = None
    checked_on: date | None = None
    method: Method | None = None
    checked_by: str | None = None


class Credential(DossierModel):
    """A credential the clinic holds or claims; `claimed_only` means nobody checked it."""

    kind: CredentialKind
    number: str | None = None
    valid_until: date | None = None
    claimed_only: bool = False
    evidence: Evidence | None = None


class Lab(DossierModel):
    site: Literal["on_site", "off_site"] | None = None
    name: str | None = None
    licence_number: str | None = None
    evidence: Evidence | None = None


class Clinic(DossierModel):
    name: str | None = None
    address: str | None = None
    institution_type: Literal["clinic", "hospital", "general_hospital", "tertiary_hospital"] | None = None
    licence_number: str | None = None
    price_tier: Literal["express", "standard", "premium", "vip"] | None = None
    credentials: list[Credential] | None = None
    lab: Lab | None = None
    evidence: Evidence | None = None


class DisciplinaryAction(DossierModel):
    date: dt.date | None = None
    summary: str | None = None
    kind: Literal["warning", "fine", "suspension", "revocation", "other"] | None = None
    until: dt.date | None = None


class Specialist(DossierModel):
    name: str | None = None
    licence_number: str | None = None
    specialty: Literal["plastic_surgery", "dermatology", "orthopedics", "family_medicine", "other"] | None = (
        None
    )
    board_certified: bool | None = None
    subspecialty: str | None = None
    years_in_subspecialty: Number | None = Field(default=None, ge=0, le=80)
    cumulative_cases: Count | None = Field(default=None, ge=0)
    disciplinary_actions: Annotated[list[DisciplinaryAction] | None, BeforeValidator(_listed)] = None
    evidence: Annotated[list[Evidence] | None, BeforeValidator(_listed)] = None


class Offering(DossierModel):
    marketing_name: str | None = None
    therapy: dict[str, Any] | None = None
    description: str | None = None
    indication: Literal["aesthetic", "orthopedic", "disease", "wellness"] | None = None
    role: Literal["adjunct", "standalone"] | None = None
    base_procedure: str | None = None


class TextSource(DossierModel):
    """A text to read: inline `text`, or a `file` resolved against the dossier's folder."""

    text: str | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> TextSource:
        if (self.text is None) == (self.file is None):
            raise ValueError("give exactly one of 'text' or 'file'")
        return self


class WrittenProtocol(DossierModel):
    biologic: bool | None = None
    source: bool | None = None
    manipulation: bool | None = None
    risk_class: bool | None = None
    designation_status: bool | None = None


class Consultation(DossierModel):
    physician_led: bool | None = None
    minutes: Number | None = Field(default=None, ge=0, le=1440)
    written_protocol: WrittenProtocol | None = None
    consent: Annotated[TextSource | None, BeforeValidator(_text_source)] = None


class QuoteLine(DossierModel):
    item: str
    amount: Number = Field(ge=0)
    quantity: Count = Field(default=1, ge=1)
    kind: LineKind | None = None
    note: str | None = None


class Quote(DossierModel):
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    lines: list[QuoteLine] | None = None
    agency_fee_percent: Number | None = Field(default=None, ge=0, le=100)

    @field_validator("currency", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("currency")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        from babel.numbers import list_currencies

        if value is not None and value not in list_currencies():
            raise ValueError(
                f"unknown currency code {value!r}; expected an ISO 4217 code such as KRW, USD, SGD"
            )
        return value


class Facilitator(DossierModel):
    """The medical-tourism agency introducing the patient, if any (criterion 2.4, fee cap)."""

    name: str | None = None
    registration_number: str | None = None
    valid_until: date | None = None
    claimed_only: bool = False
    evidence: Evidence | None = None


class CandidacyScreening(DossierModel):
    health: bool | None = None
    anaesthesia: bool | None = None
    donor_fat: bool | None = None
    goals: bool | None = None
    prior_procedures: bool | None = None


class Aftercare(DossierModel):
    # Days after the procedure (0: the day itself); beyond ten years is a typo, and a day past
    # the calendar's range could not be scheduled at all.
    follow_up_days: list[Annotated[int, Field(ge=0, le=MAX_FOLLOW_UP_DAY)]] | None = None
    baseline_photos: bool | None = None
    adverse_event_languages: list[str] | None = None
    escalation_to_senior_physician: bool | None = None
    remote_follow_up: bool | None = None
    candidacy_screening: CandidacyScreening | None = None


class Patient(DossierModel):
    home_country: str | None = None
    language: str | None = None


class Dossier(DossierModel):
    """One clinic + specialist + offering, with the evidence a facilitator gathered."""

    clinic: Clinic | None = None
    specialist: Specialist | None = None
    offering: Offering | None = None
    marketing: list[Annotated[TextSource, BeforeValidator(_text_source)]] | None = None
    consultation: Consultation | None = None
    quote: Quote | None = None
    aftercare: Aftercare | None = None
    patient: Patient | None = None
    facilitator: Facilitator | None = None


def parse_dossier(data: Any, file: str = "<dossier>") -> Dossier:
    """Validate a parsed document; errors name the file, the YAML path and what was expected."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationFailed(f"{file}: a dossier is a mapping (clinic:, specialist:, offering:, …)")
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, file)
        for problem, err in zip(problems, exc.errors(), strict=True):
            if err.get("type") == "extra_forbidden":
                allowed = _allowed_keys(tuple(err.get("loc", ()))[:-1])
                if allowed:
                    problem.message = f"unknown key; allowed keys here: {', '.join(allowed)}"
        raise ValidationFailed(
            f"{file}: does not match the dossier schema (see `regencheck schema dossier`)",
            problems=problems,
        ) from None


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The field names of the dossier section at `loc`, so a typo's message lists the right ones."""
    model: type[BaseModel] = Dossier
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        inner = _model_in(field.annotation)
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def load_dossier(path: Path) -> Dossier:
    """Read a dossier (YAML or JSON); relative `file:` entries resolve against its folder later."""
    return parse_dossier(load_structured_file(Path(path)), str(path))


def dossier_json_schema() -> dict[str, Any]:
    """The dossier's JSON Schema, for `regencheck schema dossier` and editors."""
    schema = Dossier.model_json_schema()
    schema["title"] = "regencheck dossier"
    return schema
