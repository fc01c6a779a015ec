"""A patient case as plain models, independent of the database, the web app and the CLI.

The store persists these; the CLI reads them from YAML; the schedule, the triage, the FHIR
and ICS exports and the patient report read them. Personal data is kept to the minimum the
journey needs (an alias, home country, language, contact channel and time zone), and a case
cannot exist without the patient's recorded consent to store it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import FieldProblem, ValidationFailed

DocumentKind = Literal["consent", "quote", "protocol", "photo", "other"]
ReportLanguage = Literal["en", "id", "ko"]
CLINIC_TIMEZONE = "Asia/Seoul"


class InputModel(BaseModel):
    """User input: unknown keys are errors that name the allowed keys."""

    model_config = ConfigDict(extra="forbid")


def check_timezone(value: str) -> str:
    """An IANA zone name such as 'Asia/Jakarta'; anything else is refused with examples."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}; use an IANA name such as Asia/Singapore or Asia/Jakarta"
        ) from None
    return value


class Patient(InputModel):
    """The minimum personal data: who (an alias will do), where home is, language and channel."""

    alias: str = Field(min_length=1, max_length=120)
    home_country: str = Field(pattern=r"^[A-Z]{2}$")
    language: ReportLanguage = "en"
    contact_channel: str = Field(min_length=1, max_length=200)
    timezone: str = CLINIC_TIMEZONE
    consent_to_store: Literal[True]
    consent_recorded_on: date

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_timezone(value)


class Therapy(InputModel):
    """What the schedule needs to know about the offering; free keys go to the classifier."""

    category: str | None = None
    indication: str | None = None
    route: str | None = None


MAX_FOLLOW_UP_DAY = 3650


class CaseInput(InputModel):
    """What a coordinator gives to open a case (the YAML of `regencheck case open`)."""

    patient: Patient
    clinic: str = Field(min_length=1, max_length=200)
    offering: str = Field(min_length=1, max_length=200)
    therapy: Therapy = Therapy()
    verification: str | None = Field(default=None, max_length=500)
    verdict: str | None = None
    procedure_date: date | None = None
    appointment_time: time = time(10, 0)
    clinic_follow_up_days: list[int] = Field(default_factory=list, max_length=50)
    notes: list[str] = []

    @field_validator("clinic_follow_up_days")
    @classmethod
    def _days_after(cls, value: list[int]) -> list[int]:
        return _check_follow_up_days(value)


def _check_follow_up_days(days: list[int]) -> list[int]:
    """Follow-up days count from the procedure; a day outside 1..3650 is a typo (and one past
    the calendar's range cannot be scheduled at all)."""
    if any(not 1 <= d <= MAX_FOLLOW_UP_DAY for d in days):
        raise ValueError(f"follow-up days count from the procedure: each between 1 and {MAX_FOLLOW_UP_DAY}")
    return days


class CaseChanges(InputModel):
    """Corrections to an open case: only the fields given change (a wrong date, a new contact).

    The schedule is derived from the procedure date and appointment time whenever it is read,
    so a corrected date moves every follow-up with it.
    """

    procedure_date: date | None = None
    appointment_time: time | None = None
    contact_channel: str | None = Field(default=None, min_length=1, max_length=200)
    timezone: str | None = None
    verification_note: str | None = Field(default=None, max_length=500)
    clinic_follow_up_days: list[int] | None = Field(default=None, max_length=50)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @field_validator("clinic_follow_up_days")
    @classmethod
    def _days_after(cls, value: list[int] | None) -> list[int] | None:
        return None if value is None else _check_follow_up_days(value)

    def stored(self) -> dict[str, object]:
        """The fields given, as the store keeps them (a time as HH:MM); only the procedure date
        may be cleared with null, the other fields given as null are refused."""
        given = self.model_dump(exclude_unset=True)
        cleared = sorted(k for k, v in given.items() if v is None and k != "procedure_date")
        if cleared:
            raise ValidationFailed(
                "the case changes have problems",
                problems=[FieldProblem(k, "cannot be empty; leave it out to keep it") for k in cleared],
            )
        if isinstance(given.get("appointment_time"), time):
            given["appointment_time"] = given["appointment_time"].strftime("%H:%M")
        return given


class StageChange(InputModel):
    """The case moved into `stage` at `at`, moved on by `by`."""

    stage: str
    at: datetime
    by: str


class Note(InputModel):
    at: datetime
    by: str
    text: str = Field(min_length=1, max_length=5000)


class EvidenceDocument(InputModel):
    """A file kept as evidence (consent, quote, protocol, photo): stored by content hash."""

    kind: DocumentKind
    filename: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    media_type: str = "application/octet-stream"
    added_at: datetime
    added_by: str


class AdverseEventReport(InputModel):
    """What the patient or coordinator reports: when it began, which symptoms, in their words."""

    onset: date
    symptoms: list[str] = []
    free_text: str = Field(default="", max_length=5000)
    reporter: str = Field(min_length=1, max_length=200)
    reported_at: datetime
    photos: list[str] = []


EscalationAction = Literal[
    "reported",
    "clinic_contacted",
    "senior_review_requested",
    "senior_review_done",
    "authority_reported",
    "emergency_called",
    "note",
    "closed",
]


class EscalationEntry(InputModel):
    """One line of an adverse event's escalation log, kept until the event is closed."""

    at: datetime
    by: str
    action: EscalationAction
    note: str = ""
