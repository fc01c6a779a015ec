"""Schemas of the classification knowledge (`knowledge/data/classify/*.yaml`).

Rules are data: each has an `id`, a `when` (attribute → allowed values, all must hold), and an
outcome, plus `examples` that the test suite runs so every rule is proven by at least one case.
Keys and values of `when` are checked against the contract's enums at load, so a typo in a rule
fails loudly and names the allowed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from ..knowledge import Sourced, StrictModel
from .vocabulary import (
    CATEGORIES,
    CONDITION_VALUES,
    Category,
    Facility,
    RiskLevel,
    Status,
)

When = dict[str, list[str]]


def _check_when(when: dict[str, Any]) -> dict[str, list[str]]:
    """Normalise a `when` mapping (scalars become one-item lists) and check keys and values."""
    out: dict[str, list[str]] = {}
    for key, raw in when.items():
        if key not in CONDITION_VALUES:
            allowed = ", ".join(sorted(CONDITION_VALUES))
            raise ValueError(f"unknown attribute '{key}' (allowed: {allowed})")
        values = raw if isinstance(raw, list) else [raw]
        norm = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
        for v in norm:
            if v not in CONDITION_VALUES[key]:
                raise ValueError(f"{key}: unknown value '{v}' (allowed: {', '.join(CONDITION_VALUES[key])})")
        out[key] = norm
    return out


class Example(StrictModel):
    """An attribute set (or a free text) and what the rule must conclude for it."""

    attributes: dict[str, Any] = Field(default_factory=dict)
    text: str | None = None
    expect: str


class Conditional(Sourced):
    """An entry that applies `when` its conditions hold; keys and values checked at load."""

    when: When

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, value: Any) -> When:
        return _check_when(value or {})


class CategoryRule(Conditional):
    """Attributes that define a category; the first rule that surely matches names it."""

    id: str
    category: Category
    explanation: str
    examples: list[Example] = Field(min_length=1)


class Implication(Conditional):
    """A fact that follows from another: umbilical-cord tissue comes from a donor, and so on."""

    id: str
    then: dict[str, str]
    explanation: str

    @field_validator("then", mode="before")
    @classmethod
    def _then(cls, value: Any) -> dict[str, str]:
        return {k: v[0] for k, v in _check_when(value or {}).items()}


class OpenDefault(Sourced):
    """What an attribute nobody mentioned may still be: a narrower set than every value.

    Genetic modification, for example, is always declared, so an unmentioned manipulation is
    minimal, substantial or cultured, and still asked about when it matters.
    """

    attribute: str
    possible: list[str]
    explanation: str

    @model_validator(mode="after")
    def _known(self) -> OpenDefault:
        _check_when({self.attribute: self.possible})
        return self


class Precedence(Sourced):
    """When a text names several values of an attribute, one that absorbs the others.

    Cartilage cells "made from iPS cells" are named twice, as chondrocytes and as pluripotent
    cells; they are pluripotent-derived, which is what the law looks at, so the text is not
    read as contradicting itself.
    """

    attribute: str
    value: str
    over: list[str] = Field(min_length=1)
    explanation: str

    @model_validator(mode="after")
    def _known(self) -> Precedence:
        _check_when({self.attribute: [self.value, *self.over]})
        return self


class CategoryInfo(StrictModel):
    id: Category
    label: str
    plain: str


class CategoriesFile(StrictModel):
    categories: list[CategoryInfo]
    open_defaults: list[OpenDefault] = Field(default_factory=list)
    precedence: list[Precedence] = Field(default_factory=list)
    implications: list[Implication]
    rules: list[CategoryRule]

    @model_validator(mode="after")
    def _all_described(self) -> CategoriesFile:
        missing = set(CATEGORIES) - {c.id for c in self.categories}
        if missing:
            raise ValueError(f"categories without a description: {', '.join(sorted(missing))}")
        return self


class ConditionSpec(Sourced):
    """A condition a ruling depends on; `met_when`/`unmet_when` let attributes settle it."""

    id: str
    text: str
    met_when: When | None = None
    unmet_when: When | None = None

    @field_validator("met_when", "unmet_when", mode="before")
    @classmethod
    def _w(cls, value: Any) -> Any:
        return None if value is None else _check_when(value)


class Outcome(StrictModel):
    status: Status
    risk_level: RiskLevel | None = None
    risk_from_criteria: bool = False
    facility_required: Facility
    regime: str | None = None
    klass: str | None = Field(default=None, alias="class")
    summary: str
    conditions: list[ConditionSpec] = Field(default_factory=list)


class JurisdictionRule(Conditional):
    """One rule of a jurisdiction's ordered table."""

    id: str
    then: Outcome
    caveat: str | None = None
    asks: list[str] = Field(default_factory=list)
    fallback: bool = False
    examples: list[Example] = Field(min_length=1)


class RiskCriterion(Conditional):
    """One line of a risk-level table (Korea: Enforcement Decree Art. 4)."""

    id: str
    level: RiskLevel
    explanation: str
    examples: list[Example] = Field(min_length=1)


class Term(Sourced):
    """A term users meet in seeds or ads, and what it maps to in law."""

    id: str
    term: str
    cues: list[str]
    maps_to: str
    explanation: str


class Undecided(Sourced):
    id: str
    summary: str


#: A jurisdiction is a two-letter code (ISO 3166-1, or EU): its rules file is `rules_<code>.yaml`.
JURISDICTION_CODE = r"^[A-Z]{2}$"


class Members(Sourced):
    """Countries whose patients this jurisdiction's ruling applies to (EU member states → EU)."""

    countries: list[str] = Field(min_length=1)

    @field_validator("countries")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        bad = [c for c in value if len(c) != 2 or not c.isupper()]
        if bad:
            raise ValueError(f"not ISO 3166-1 alpha-2 codes: {', '.join(bad)}")
        return value


class JurisdictionFile(StrictModel):
    """One jurisdiction's rules; adding a file `rules_<code>.yaml` (in an overlay too) adds it."""

    jurisdiction: str = Field(pattern=JURISDICTION_CODE)
    name: str
    framework: str
    #: Where the jurisdiction is listed among the rulings (lower first; ties by code).
    order: int = 100
    members: Members | None = None
    risk_levels: list[RiskCriterion] = Field(default_factory=list)
    rules: list[JurisdictionRule]
    undecided: Undecided
    terms: list[Term] = Field(default_factory=list)


class Product(Sourced):
    """An MFDS-approved (or revoked) cell-therapy product and its label."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    company: str
    approved: str
    revoked_on: str | None = None
    attributes: dict[str, str]
    label: str
    indications: list[str]
    #: Words (English or Korean) that name the labelled use: "knee" for a knee-cartilage product.
    label_cues: list[str] = Field(default_factory=list)
    #: Words that fit the label without naming it ("osteoarthritis", "cartilage" for the knee
    #: product): neither on nor off label. Any other use the text names is off label.
    neutral_cues: list[str] = Field(default_factory=list)
    #: The body sites (`sites.yaml` ids) the label names: the knee for Cartistem, the under-eye
    #: area for Rosmir. Empty when the label names a condition rather than a site (burns, ALS).
    label_sites: list[str] = Field(default_factory=list)

    @field_validator("attributes", mode="before")
    @classmethod
    def _attrs(cls, value: Any) -> dict[str, str]:
        return {k: v[0] for k, v in _check_when(value or {}).items()}

    @field_validator("indications", mode="before")
    @classmethod
    def _ind(cls, value: Any) -> list[str]:
        return _check_when({"indication": value})["indication"]


@dataclass(frozen=True)
class SiteWord:
    """A word naming a body site (`BodySite`), as a cue payload."""

    site: str


class BodySite(Sourced):
    """A body site a therapy may be given at, and the words that name it, per language.

    An approved product's label names its sites (`Product.label_sites`), so a text that places
    the product elsewhere uses it off label. `within` names a wider site (the under-eye area is
    part of the face): naming only the wider site does not leave the label.
    """

    id: str = Field(pattern=r"^[a-z_]+$")
    within: str | None = None
    #: Language code → the words (cue syntax of that language's vocabulary).
    cues: dict[str, list[str]]


class SitesFile(StrictModel):
    """The body sites the classifier knows (`classify/sites.yaml`)."""

    sites: list[BodySite]

    @model_validator(mode="after")
    def _known_wider_sites(self) -> SitesFile:
        ids = {s.id for s in self.sites}
        unknown = sorted({s.within for s in self.sites if s.within and s.within not in ids})
        if unknown:
            raise ValueError(f"within names unknown sites: {', '.join(unknown)}")
        return self


@dataclass(frozen=True)
class LabelWord:
    """A word of a product's label (`label`) or one that fits it (`neutral`), as a cue payload."""

    product: str
    kind: str  # "label" or "neutral"


class ProductsFile(StrictModel):
    jurisdiction: str = Field(pattern=JURISDICTION_CODE)
    products: list[Product]


class Question(Sourced):
    """The plain question that settles an unknown attribute, in English and Korean."""

    attribute: str
    priority: int
    en: str
    ko: str

    @field_validator("attribute")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CONDITION_VALUES and value != "product_name":
            raise ValueError(f"unknown attribute '{value}'")
        return value


class QuestionsFile(StrictModel):
    questions: list[Question]
    stem_cell_ambiguity: str


class Cue(Sourced):
    """Words that, found in a description, say something about one or more attributes.

    `sets` applies when the words are affirmed, `negated_sets` when they are negated ("not
    cultured"); a list of values means "one of these" ("injection": some injected route), which
    a more specific cue narrows. A `weak` cue only counts when no ordinary cue speaks to the
    same attribute.
    """

    id: str
    cues: list[str]
    sets: dict[str, list[str]] = Field(default_factory=dict)
    negated_sets: dict[str, list[str]] = Field(default_factory=dict)
    weak: bool = False
    marker: str | None = None

    @field_validator("sets", "negated_sets", mode="before")
    @classmethod
    def _sets(cls, value: Any) -> dict[str, list[str]]:
        return _check_when(value or {})


class Inference(Cue):
    """Words that describe what is done, from which a fact follows without being named.

    "Fat is taken from your abdomen by liposuction" never says "autologous", but a harvest
    from the patient makes the cells the patient's own. An inference is weaker than any cue:
    it fills an attribute only when no cue speaks to it, and `why` says why it follows (the
    output shows it beside the words).
    """

    why: str
    weak: bool = True
    #: Whether its words hide shorter cues inside them, as a vocabulary cue's do ("from the hip"
    #: names where marrow is taken, so the cue "hip" inside it must not read as a hip problem).
    hides: bool = False
    #: Cue or inference ids whose affirmed words anywhere in the text cancel this family: fat
    #: "injected back" is moved as tissue only if no cells are said to be separated from it.
    unless: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _always_weak(self) -> Inference:
        if not self.weak:
            raise ValueError(f"{self.id}: an inference is always weak (it yields to any cue)")
        return self


class InferencesFile(StrictModel):
    """The inferences of one language, by family of wording."""

    language: str
    inferences: list[Inference]


class VocabularyFile(StrictModel):
    """The cues of one language (the nouns Kiwi must keep whole are `text.korean.DOMAIN_NOUNS`)."""

    language: str
    negators: list[str]
    negation_window: int = 3
    cues: list[Cue]


TOPIC_MODELS: dict[str, type[BaseModel]] = {
    "categories": CategoriesFile,
    "rules_*": JurisdictionFile,
    "products_*": ProductsFile,
    "questions": QuestionsFile,
    "vocabulary_*": VocabularyFile,
    "inferences_*": InferencesFile,
    "sites": SitesFile,
}
