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


class CooccurrenceRule(Sourced):
    """A rule that fires when words of several semantic fields meet in one sentence.

    Phrase lists miss new wordings ("벗어나세요", "cancel their surgery"); a claim's *meaning*
    is the co-occurrence of a few word families: a disease and an effect verb, an ageing word
    and a reversal word. ``all_of`` lists groups of field ids; the rule fires when every group
    has at least one of its fields in the sentence. ``none_of`` lists fields that veto it (a
    citation turns a statistic into a reported one). The span runs from the first to the last
    field word that fired; the context engine then decides as for phrase rules, and
    ``negated_risk`` marks rules whose match is itself a negation ("no scarring"). ``window``
    caps the characters from the first to the last field word: a claim says its parts close
    together, while a long explanatory sentence scatters the same words far apart.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: ClaimCategory
    severity: Severity
    explanation: str
    basis: list[str] = Field(min_length=1)
    all_of: list[list[str]] = Field(min_length=2)
    none_of: list[str] = Field(default_factory=list)
    window: int = Field(default=60, ge=5, le=400)
    negated_risk: bool = False
    examples: RuleExamples

    @field_validator("all_of")
    @classmethod
    def _groups_not_empty(cls, groups: list[list[str]]) -> list[list[str]]:
        if any(not g for g in groups):
            raise ValueError("every all_of group needs at least one field id")
        return groups


class RulePack(StrictModel):
    """All claim rules of one language.

    ``vocab`` names shared regex fragments (a list of diseases, of cell sources) that rules
    use as ``{{name}}``, so one list serves many rules. ``cooccurrence`` rules combine the
    language's semantic fields (``fields_<lang>.yaml``) and catch wordings no phrase lists.
    """

    language: str = Field(pattern=r"^[a-z]{2}$")
    vocab: dict[str, str] = Field(default_factory=dict)
    rules: list[ClaimRule]
    cooccurrence: list[CooccurrenceRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> RulePack:
        seen: set[str] = set()
        for rule_id in [r.id for r in self.rules] + [r.id for r in self.cooccurrence]:
            if rule_id in seen:
                raise ValueError(f"rule id '{rule_id}' is used twice")
            seen.add(rule_id)
        return self


class SemanticField(Sourced):
    """A broad family of words with one meaning in claims (diseases, effect verbs, ageing words).

    ``terms`` are literal words matched like rule phrases (case-blind on word boundaries in
    Latin script; as substrings in Hangul, which attaches particles and endings, so a stem such
    as 되살리 matches 되살립니다's neighbours); ``regex`` covers inflections a substring cannot
    (사라집니다 fuses the stem with its ending).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    terms: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_words(self) -> SemanticField:
        if not (self.terms or self.regex):
            raise ValueError(f"field '{self.id}' needs terms or regex")
        return self


class FieldPack(StrictModel):
    """The semantic fields of one language, used by that language's co-occurrence rules."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    fields: list[SemanticField]

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, fields: list[SemanticField]) -> list[SemanticField]:
        ids = [f.id for f in fields]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"field id(s) used twice: {', '.join(dup)}")
        return fields


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


class OwnVoice(Sourced):
    """Words after which the page speaks for itself ("…, but we guarantee", "반면 저희는"): a
    claim matched after them in the same sentence is the page's own promise, so the learned
    model does not set it aside as a mention however much the sentence's opening ("Some
    clinics…") sounds like a warning. The rules' own context cues still apply."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    regex: list[str] = Field(min_length=1)


class ModelExemption(Sourced):
    """Sentences the learned model may not flag in `categories` by itself: a statement the
    product checks elsewhere ("…is a designated Advanced Regenerative Medicine Center": seed 002
    says a designated facility names its tier, and the registry check verifies it). Rule
    findings in the same sentence ("국내 최고") still stand."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    categories: list[ClaimCategory] = Field(min_length=1)
    regex: list[str] = Field(min_length=1)


class GuardPack(StrictModel):
    """Limits on the learned sentence layer of one language, as data."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    own_voice: list[OwnVoice] = Field(default_factory=list)
    model_exempt: list[ModelExemption] = Field(default_factory=list)


TOPIC_MODELS: dict[str, type[StrictModel]] = {
    "rules_*": RulePack,
    "context_*": ContextPack,
    "fields_*": FieldPack,
    "guards_*": GuardPack,
}
