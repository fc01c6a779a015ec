"""What a classification returns: the category, per-jurisdiction rulings, unknowns and evidence.

`Classification.to_dict()` is the `classify` JSON of the product spec; extra keys (the rule id
behind each ruling, the evidence words, caveats) are additions that tools may ignore.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Condition:
    """A condition a ruling depends on, and whether the description shows it met."""

    id: str
    text: str
    evidence_status: str
    source: tuple[str, ...]
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "evidence_status": self.evidence_status,
            "source": list(self.source),
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Ruling:
    """One jurisdiction's answer: status, Korean risk level, facility, conditions and why."""

    jurisdiction: str
    status: str
    risk_level: str | None
    facility_required: str
    conditions: tuple[Condition, ...]
    summary: str
    citations: tuple[str, ...]
    rule: str
    verified: bool = True
    regime: str | None = None
    klass: str | None = None
    caveats: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    possible_statuses: tuple[str, ...] = ()
    possible_rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "risk_level": self.risk_level,
            "facility_required": self.facility_required,
            "conditions": [c.to_dict() for c in self.conditions],
            "summary": self.summary,
            "citations": list(self.citations),
            "rule": self.rule,
            "verified": self.verified,
        }
        if self.regime:
            out["regime"] = self.regime
        if self.klass:
            out["class"] = self.klass
        if self.caveats:
            out["caveats"] = list(self.caveats)
        if self.depends_on:
            out["depends_on"] = list(self.depends_on)
        if self.possible_statuses:
            out["possible_statuses"] = list(self.possible_statuses)
            out["possible_rules"] = list(self.possible_rules)
        return out


@dataclass(frozen=True)
class Evidence:
    """The words in a description that led to an attribute value (offsets into that text).

    `why` is set when the value is inferred from what the words describe rather than named
    ("liposuction" → the patient's own cells); the JSON then carries `"inferred": true`.
    """

    attribute: str
    value: str
    words: str
    start: int
    end: int
    cue: str
    field: str = "text"
    negated: bool = False
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "attribute": self.attribute,
            "value": self.value,
            "words": self.words,
            "start": self.start,
            "end": self.end,
            "cue": self.cue,
            "field": self.field,
            "negated": self.negated,
        }
        if self.why:
            out["inferred"] = True
            out["why"] = self.why
        return out


def evidence(
    attribute: str,
    value: str,
    words: str,
    start: int,
    end: int,
    cue: str,
    field_name: str = "text",
    negated: bool = False,
    why: str = "",
) -> Evidence:
    """An `Evidence` without the frozen `__init__` (free text makes one per cue found; the
    frozen `__init__` sets nine fields through `object.__setattr__`), like
    `assemble_classification`. The instance is the same and stays frozen."""
    ev: Evidence = object.__new__(Evidence)
    ev.__dict__.update(
        attribute=attribute,
        value=value,
        words=words,
        start=start,
        end=end,
        cue=cue,
        field=field_name,
        negated=negated,
        why=why,
    )
    return ev


@dataclass(frozen=True)
class ApprovedProduct:
    """An MFDS-approved product the therapy names, and whether it is used on its label."""

    name: str
    indication: str
    on_label: bool | None
    revoked: bool
    source: str
    company: str
    approved: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "indication": self.indication,
            "on_label": self.on_label,
            "revoked": self.revoked,
            "source": self.source,
            "company": self.company,
            "approved": self.approved,
        }


@dataclass(frozen=True)
class Classification:
    """The full answer for one therapy description (shared and read-only: results are cached)."""

    category: str
    attributes: Mapping[str, Any]
    unknowns: tuple[str, ...]
    questions: tuple[str, ...]
    questions_ko: tuple[str, ...]
    approved_product: ApprovedProduct | None
    rulings: Mapping[str, Ruling]
    knowledge_version: str
    category_rule: str | None = None
    category_explanation: str = ""
    category_label: str = ""
    category_plain: str = ""
    possible_categories: tuple[str, ...] = ()
    conflicting: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = ()
    language: str | None = None
    kr_risk_level: str | None = None
    kr_risk_rule: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The `classify` JSON of the product spec, plus evidence and rule ids."""
        out: dict[str, Any] = {
            "category": self.category,
            "attributes": dict(self.attributes),
            "unknowns": list(self.unknowns),
            "questions": list(self.questions),
            "approved_product": self.approved_product.to_dict() if self.approved_product else None,
            "rulings": {j: r.to_dict() for j, r in self.rulings.items()},
            "knowledge_version": self.knowledge_version,
            "category_rule": self.category_rule,
            "category_label": self.category_label,
            "category_explanation": self.category_explanation or self.category_plain,
            "questions_ko": list(self.questions_ko),
            "evidence": [e.to_dict() for e in self.evidence],
            "notes": list(self.notes),
        }
        if self.possible_categories:
            out["possible_categories"] = list(self.possible_categories)
        if self.conflicting:
            out["conflicting"] = list(self.conflicting)
        if self.kr_risk_level:
            out["kr_risk"] = {"level": self.kr_risk_level, "criterion": self.kr_risk_rule}
        if self.language:
            out["language"] = self.language
        return out


#: The fields of `Classification`, for `assemble_classification`.
CLASSIFICATION_FIELDS: frozenset[str] = frozenset(f.name for f in fields(Classification))


def assemble_classification(values: dict[str, Any]) -> Classification:
    """A `Classification` from every field but `extra`, without the frozen `__init__`.

    A frozen dataclass sets each of its 20 fields through `object.__setattr__`; on a first-sight
    classification that was a tenth of the time. The instance is the same (its `__dict__`
    holds the fields, and it stays frozen); `values` must name every field but `extra`,
    which a test pins.
    """
    result: Classification = object.__new__(Classification)
    slots = result.__dict__
    slots.update(values)
    slots["extra"] = {}
    return result
