"""Schemas of the claim scanner's knowledge: rule packs and context packs, one file per language.

Rules and context cues are data (``knowledge/data/claims/rules_<lang>.yaml`` and
``context_<lang>.yaml``) so a reviewer can read, cite and extend them without touching code;
these models make a typo fail at load and name the allowed values.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..knowledge.common import Sourced, StrictModel

ClaimCategory = Literal[
    "disease_treatment",
    "anti_aging_reversal",
    "guarantee",
    "unsupported_statistic",
    "restricted_cell_source",
    "terminology_mismatch",
    "surgery_substitute",
    "superlative_comparison",
    "testimonial",
    "pressure_discount",
    "regulatory_overclaim",
]
CATEGORIES: tuple[str, ...] = ClaimCategory.__args__  # type: ignore[attr-defined]

Severity = Literal["high", "medium", "low"]
SEVERITY_RANK: dict[str, int] = {"none": 0, "low": 1, "medium": 2, "high": 3}

ContextKind = Literal["negated", "warning", "question", "hypothetical", "reported"]
CONTEXT_KINDS: tuple[str, ...] = ContextKind.__args__  # type: ignore[attr-defined]

Direction = Literal["forward", "backward", "both"]


class RuleExamples(StrictModel):
    """Sentences the rule must flag (positive) and must leave alone (negative); tests run them all."""

    positive: list[str] = Field(min_length=1)
    negative: list[str] = Field(default_factory=list)


class ClaimRule(Sourced):
    """One red-flag rule: what to look for, how serious it is, and which law or guidance it breaks.

    Patterns, any of which fires the rule:
    - ``phrases``: literal text; spaces also match hyphens and line breaks, matched case-blind
      on word boundaries (Latin script) or as substrings (Hangul, which attaches particles);
    - ``regex``: Hyperscan-compatible regular expressions (no look-around, no back-references);
    - ``morphs``: Korean dictionary-form phrases analysed by Kiwi at load, matched against the
      morphemes of candidate sentences so inflected forms match (완치되다 → 완치됩니다).
    ``requires`` (a regex that must also occur in the sentence) and ``unless`` (a regex that
    vetoes it) narrow a rule to its meaning, e.g. donor cells *for skin* or a percentage
    *without a cited study*. ``negated_risk`` marks rules whose match *is* a negation
    ("no side effects", "no surgery needed"): a negation cue inside the match is the claim, not
    a reason to drop it. In every other rule a negation inside the match negates it.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: ClaimCategory
    severity: Severity
    explanation: str
    basis: list[str] = Field(min_length=1)
    phrases: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    morphs: list[str] = Field(default_factory=list)
    anchors: list[str] = Field(default_factory=list)
    requires: str | None = None
    unless: str | None = None
    negated_risk: bool = False
    examples: RuleExamples

    @model_validator(mode="after")
    def _has_a_pattern(self) -> ClaimRule:
        if not (self.phrases or self.regex or self.morphs):
            raise ValueError(f"rule '{self.id}' needs at least one of phrases, regex or morphs")
        return self


class RulePack(StrictModel):
    """All claim rules of one language.

    ``vocab`` names shared regex fragments (a list of diseases, of cell sources) that rules
    use as ``{{name}}``, so one list serves many rules.
    """

    language: str = Field(pattern=r"^[a-z]{2}$")
    vocab: dict[str, str] = Field(default_factory=dict)
    rules: list[ClaimRule]

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[ClaimRule]) -> list[ClaimRule]:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"rule id '{rule.id}' is used twice")
            seen.add(rule.id)
        return rules


class ContextTrigger(Sourced):
    """A ConText-style cue: words that put nearby claims in a context where they are not claims.

    ``direction`` says which side of the cue its scope extends to (English negation looks
    forward, Korean negation backward); ``scope`` caps the distance in characters; a
    terminator between cue and claim ends the scope. ``skip_categories`` lists categories the
    cue never suppresses (e.g. a question does not excuse a discount deadline).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kind: ContextKind
    direction: Direction
    scope: int = Field(default=200, ge=1, le=2000)
    phrases: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    skip_categories: list[ClaimCategory] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_a_pattern(self) -> ContextTrigger:
        if not (self.phrases or self.regex):
            raise ValueError(f"trigger '{self.id}' needs phrases or regex")
        return self


class Terminator(Sourced):
    """Words that end a cue's scope ("but", "however", "하지만"), for the kinds listed."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kinds: list[ContextKind] = Field(min_length=1)
    phrases: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)


class PseudoTrigger(Sourced):
    """Look-alikes that contain a cue but are not one ("not only", "no wonder"): they mask it.

    With ``masks``, the pseudo-trigger instead cancels every trigger of those kinds in its
    sentence: a rhetorical "Why go under the knife…?" is a sales pitch, not a question.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    masks: list[ContextKind] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)


class ContextPack(StrictModel):
    """Context cues of one language: triggers, terminators and pseudo-triggers."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    triggers: list[ContextTrigger]
    terminators: list[Terminator] = Field(default_factory=list)
    pseudo: list[PseudoTrigger] = Field(default_factory=list)


TOPIC_MODELS: dict[str, type[StrictModel]] = {"rules_*": RulePack, "context_*": ContextPack}
