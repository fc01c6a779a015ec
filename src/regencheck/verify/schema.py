"""Schemas of the verification knowledge: criteria, thresholds, prices, FX, fees, document items, cues.

Every number a criterion compares against (15 years, 30 minutes, 12 months, a price range, an
FX rate, a fee cap) and every phrase it looks for lives in `knowledge/data/verify/` with its
source, so a facilitator can show where each mark comes from and overlay newer figures.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from ..knowledge import Sourced, StrictModel

Tier = Literal["express", "standard", "premium", "vip"]
InstitutionType = Literal["clinic", "hospital", "general_hospital", "tertiary_hospital"]


class Step(StrictModel):
    """One of the five verification steps (seed 000's "5-Step")."""

    id: int = Field(ge=1, le=9)
    title: str


class CriterionSpec(Sourced):
    """One criterion's metadata: what it checks, whether it decides the verdict, what to ask for."""

    id: str = Field(pattern=r"^\d\.\d+$")
    step: int
    title: str
    critical: bool = False
    what_to_ask: str


class CriteriaFile(StrictModel):
    steps: list[Step] = Field(min_length=1)
    criteria: list[CriterionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaFile:
        step_ids = {s.id for s in self.steps}
        seen: set[str] = set()
        for c in self.criteria:
            if c.step not in step_ids:
                raise ValueError(f"criterion {c.id} names unknown step {c.step}")
            if not c.id.startswith(f"{c.step}."):
                raise ValueError(f"criterion {c.id} is not numbered within step {c.step}")
            if c.id in seen:
                raise ValueError(f"criterion {c.id} is defined twice")
            seen.add(c.id)
        return self


class Threshold(Sourced):
    """A number a criterion compares against, e.g. `specialist_min_years: 15`."""

    id: str
    value: float
    unit: str
    description: str = ""


class FollowUpVisit(Sourced):
    """A follow-up visit the schedule must include, with the days that count as that visit."""

    id: str
    label: str
    day: int = Field(ge=0)
    earliest: int = Field(ge=0)
    latest: int = Field(ge=0)


class SpecialtyMatch(Sourced):
    """Board specialties that match an indication (criterion 1.2)."""

    indication: Literal["aesthetic", "orthopedic", "disease", "wellness"]
    specialties: list[str] = Field(min_length=1)


class CategoryList(Sourced):
    """A named set of therapy categories a rule applies to (e.g. those that need a cell lab)."""

    id: str
    categories: list[str] = Field(min_length=1)
    description: str = ""


class ThresholdsFile(StrictModel):
    thresholds: list[Threshold]
    follow_up: list[FollowUpVisit] = Field(min_length=1)
    specialty_matches: list[SpecialtyMatch]
    category_sets: list[CategoryList]
    primary_methods: list[Literal["registry", "document", "phone", "site_visit"]] = Field(min_length=1)

    def value(self, threshold_id: str) -> Threshold:
        """The threshold with this id; a missing one is a knowledge error, not a silent default."""
        for t in self.thresholds:
            if t.id == threshold_id:
                return t
        raise KeyError(threshold_id)

    def categories(self, set_id: str) -> CategoryList:
        for c in self.category_sets:
            if c.id == set_id:
                return c
        raise KeyError(set_id)


Indication = Literal["aesthetic", "orthopedic", "disease", "wellness", "non_aesthetic"]


class PriceRange(Sourced):
    """A reference range for one priced item, by clinic tier (None = every tier) and currency.

    `indication` narrows it to one or more indications (`non_aesthetic` = any but aesthetic);
    `context_cues` to offerings whose line or description names one of them (e.g. "knee").
    `high` is the upper bound a price is judged against; `typical_high` an upper figure the
    source gives as open-ended ("12M+"), shown but not enforced. `legitimate_aesthetic_price:
    false` says the use has no legitimate routine price at all (the audit says so instead of
    comparing).
    """

    item: str
    tier: Tier | None = None
    indication: Indication | list[Indication] | None = None
    context_cues: list[str] = Field(default_factory=list)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    low: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, ge=0)
    typical_high: float | None = Field(default=None, ge=0)
    unit: str = "session"
    legitimate_aesthetic_price: bool = True
    note: str = ""

    def indications(self) -> list[str] | None:
        """The indications the range applies to (None = every indication)."""
        if self.indication is None:
            return None
        listed: list[str] = [self.indication] if isinstance(self.indication, str) else list(self.indication)
        if "non_aesthetic" in listed:
            listed += ["orthopedic", "disease", "wellness"]
        return listed


class PriceItem(Sourced):
    """A kind of quote line (SVF add-on, PRP session, exosome session…) and the phrases naming it."""

    id: str
    regenerative: bool = True
    cues: list[str] = Field(min_length=1)
    categories: list[str] = Field(default_factory=list)


class PricesFile(StrictModel):
    items: list[PriceItem]
    base_procedure_cues: list[str] = Field(min_length=1)
    bundle_cues: list[str] = Field(min_length=1)
    agency_fee_cues: list[str] = Field(min_length=1)
    ranges: list[PriceRange]
    cue_source: list[str] = Field(min_length=1)


class FxRate(Sourced):
    """Units of `quote` currency per one unit of `base` currency, as of the entry's `as_of` date."""

    base: str = Field(pattern=r"^[A-Z]{3}$")
    quote: str = Field(pattern=r"^[A-Z]{3}$")
    rate: float = Field(gt=0)


class FxFile(StrictModel):
    rates: list[FxRate] = Field(min_length=1)


class FeeCap(Sourced):
    """The highest agency fee, as a percentage of the medical fee, for one institution type."""

    institution_type: InstitutionType
    max_percent: float = Field(gt=0, le=100)


class FeesFile(StrictModel):
    agency_fee_caps: list[FeeCap] = Field(min_length=1)


class DocumentItem(Sourced):
    """An item a consent or protocol document must contain, with the phrases that show it is there.

    `required_when` says when it is required: always, or only when the therapy's Korean ruling
    needs committee approval or a designated institution.
    """

    id: str
    document: Literal["consent", "protocol"]
    title: str
    required_when: Literal["always", "ruling_needs_committee"] = "always"
    cues_en: list[str] = Field(min_length=1)
    cues_ko: list[str] = Field(min_length=1)


class ConsentItemsFile(StrictModel):
    items: list[DocumentItem] = Field(min_length=1)
    protocol_fields: list[str] = Field(min_length=1)
    protocol_source: list[str] = Field(min_length=1)


class TermGroup(Sourced):
    """Phrases that imply viable stem cells, and the categories for which they are accurate."""

    id: str
    terms: list[str] = Field(min_length=1)
    accurate_for: list[str] = Field(min_length=1)


class ConditionLink(Sourced):
    """Which criterion settles a ruling condition whose id matches `pattern` (criterion 3.2)."""

    pattern: str
    criterion: str


class TerminologyFile(StrictModel):
    term_groups: list[TermGroup] = Field(min_length=1)
    condition_links: list[ConditionLink] = Field(default_factory=list)


class DesignationTier(Sourced):
    """A designation tier a clinic may claim, whether the law has it, and what the registry can show.

    `in_law: false` marks a tier (seed 002's "Center") that no registry can confirm: a claim of it
    is checked against `registry_kind` (the designation the law does have) and flagged.
    """

    id: str
    label: str
    in_law: bool
    credential_kinds: list[str] = Field(min_length=1)
    registry_kind: str
    law_equivalent: str
    cues_en: list[str] = Field(min_length=1)
    cues_ko: list[str] = Field(min_length=1)


class DesignationTiersFile(StrictModel):
    tiers: list[DesignationTier] = Field(min_length=1)

    def for_credential(self, kind: str) -> DesignationTier | None:
        """The tier a dossier credential kind claims, or None for other credentials."""
        return next((t for t in self.tiers if kind in t.credential_kinds), None)


TOPIC_MODELS: dict[str, type[BaseModel]] = {
    "designation_tiers": DesignationTiersFile,
    "criteria": CriteriaFile,
    "thresholds": ThresholdsFile,
    "prices": PricesFile,
    "fx": FxFile,
    "fees": FeesFile,
    "consent_items": ConsentItemsFile,
    "terminology": TerminologyFile,
}
