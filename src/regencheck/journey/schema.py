"""Schemas of the journey knowledge: stages, follow-up protocols, reactions, emergency numbers, travel.

Every fact the schedule and the triage rely on (a follow-up day, a reaction's window, an
emergency number, a fit-to-fly day) is data with its source, so the patient's report and the
CLI cite the same entries. Texts a patient reads carry a label per report language.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from ..knowledge import Sourced, StrictModel

Severity = Literal["expected", "unexpected", "emergency"]
ReportLanguage = Literal["en", "id", "ko"]


class Labels(StrictModel):
    """One text in every report language; a missing language fails at load, not in a report."""

    en: str
    id: str
    ko: str

    def get(self, language: str) -> str:
        """The text in `language`, English when the language has no label."""
        return str(getattr(self, language, self.en)) if language in ("en", "id", "ko") else self.en


class Stage(Sourced):
    """One step of the patient journey (seed 000 part 9), in the order a case moves through them."""

    id: str
    label: Labels
    description: Labels


class StagesFile(StrictModel):
    stages: list[Stage] = Field(min_length=1)


class Visit(StrictModel):
    """A follow-up visit `day` days after the procedure; `remote` when the patient is likely home."""

    id: str
    day: int = Field(ge=1, le=3650)
    label: Labels
    remote: bool = False


class Maintenance(Sourced):
    """Maintenance sessions repeat every `every_months_min`–`every_months_max` months."""

    every_months_min: int = Field(ge=1, le=60)
    every_months_max: int = Field(ge=1, le=60)
    label: Labels

    @model_validator(mode="after")
    def _ordered(self) -> Maintenance:
        if self.every_months_max < self.every_months_min:
            raise ValueError("every_months_max must be at least every_months_min")
        return self


class FollowupProtocol(Sourced):
    """The follow-up visits of a therapy category; `default` applies when no other protocol fits."""

    id: str
    default: bool = False
    categories: list[str] = Field(default_factory=list)
    indications: list[str] = Field(default_factory=list)
    visits: list[Visit] = Field(min_length=1)
    maintenance: Maintenance | None = None


class FollowupFile(StrictModel):
    protocols: list[FollowupProtocol] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_default(self) -> FollowupFile:
        if sum(p.default for p in self.protocols) != 1:
            raise ValueError("exactly one protocol must have default: true")
        return self


class Reaction(Sourced):
    """A symptom a patient can report, how serious it is and, if expected, for how long.

    An `expected` reaction reported later than `expected_within_hours` after the procedure is
    no longer expected and is triaged as `unexpected`.
    """

    id: str
    severity: Severity
    label: Labels
    expected_within_hours: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _window_only_for_expected(self) -> Reaction:
        if self.severity == "expected" and self.expected_within_hours is None:
            raise ValueError("an expected reaction needs expected_within_hours")
        if self.severity != "expected" and self.expected_within_hours is not None:
            raise ValueError("only expected reactions have expected_within_hours")
        return self


class Action(Sourced):
    """What to do at a triage level, with how soon: `due_hours` after the report (None = no deadline)."""

    id: str
    level: Severity
    due_hours: int | None = Field(default=None, ge=0)
    label: Labels


class ReactionsFile(StrictModel):
    reactions: list[Reaction] = Field(min_length=1)
    actions: list[Action] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_level_has_an_action(self) -> ReactionsFile:
        missing = {"expected", "unexpected", "emergency"} - {a.level for a in self.actions}
        if missing:
            raise ValueError(f"no action for triage level(s): {', '.join(sorted(missing))}")
        return self


class EmergencyNumber(StrictModel):
    number: str = Field(pattern=r"^[0-9]{2,5}$")
    service: Literal["emergency", "ambulance", "police", "medical_helpline_foreigners", "medical_advice"]
    label: Labels


class CountryEmergency(Sourced):
    """A country's emergency numbers (ISO 3166 alpha-2 `country`)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    numbers: list[EmergencyNumber] = Field(min_length=1)


class EmergencyFile(StrictModel):
    countries: list[CountryEmergency] = Field(min_length=1)


class TravelRule(Sourced):
    """The earliest day after the procedure a patient may fly, for flights of one haul."""

    id: str
    haul: Literal["short_haul", "long_haul"]
    earliest_day: int = Field(ge=0, le=365)
    categories: list[str] = Field(default_factory=list)
    indications: list[str] = Field(default_factory=list)
    routes: list[str] = Field(default_factory=list)
    label: Labels
    reason: Labels


class TravelFile(StrictModel):
    rules: list[TravelRule]


class Question(Sourced):
    """A question a patient should ask the clinic, in every report language."""

    id: str
    text: Labels


class QuestionsFile(StrictModel):
    questions: list[Question] = Field(min_length=1)


TOPIC_MODELS: dict[str, type[BaseModel]] = {
    "stages": StagesFile,
    "followup": FollowupFile,
    "reactions": ReactionsFile,
    "emergency": EmergencyFile,
    "travel": TravelFile,
    "questions": QuestionsFile,
}
