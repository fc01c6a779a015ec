"""The scorecard: five steps of marks, the verdict and its reasons, and the audits behind them.

`Scorecard.to_dict()` is the `regencheck verify --format json` contract of product.md. Each
criterion adds to the contract's keys its `source` ids, their human `citations` and
`what_to_ask` (what to request from the clinic when the mark is not a pass); the card adds
`as_of`, the `registry` snapshot used, each claimed credential's check (`credentials`: confirmed,
failed with the date it expired or the snapshot date it is missing from, or unconfirmed) and
`warnings` (texts that could not be read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .verdict import Verdict


@dataclass(frozen=True)
class CriterionMark:
    id: str
    step: int
    title: str
    status: str
    critical: bool
    explanation: str
    evidence: list[dict[str, Any]]
    source: list[str]
    citations: list[str]
    what_to_ask: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "critical": self.critical,
            "evidence": self.evidence,
            "explanation": self.explanation,
            "source": self.source,
            "citations": self.citations,
            "what_to_ask": self.what_to_ask,
        }


@dataclass(frozen=True)
class StepMarks:
    id: int
    title: str
    criteria: list[CriterionMark]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "criteria": [c.to_dict() for c in self.criteria]}


@dataclass(frozen=True)
class Scorecard:
    """The result of `verify_dossier`; deterministic in its inputs except `generated_at`."""

    clinic: str | None
    specialist: str | None
    offering: str | None
    verdict: Verdict
    verdict_reasons: list[str]
    steps: list[StepMarks]
    classification: dict[str, Any] | None
    claims: dict[str, Any]
    quote_audit: dict[str, Any]
    documents_audit: dict[str, Any]
    knowledge_version: str
    generated_at: str
    as_of: str
    registry: dict[str, Any] | None = None
    credentials: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def criteria(self) -> list[CriterionMark]:
        return [c for s in self.steps for c in s.criteria]

    def criterion(self, criterion_id: str) -> CriterionMark:
        """One criterion's mark by id, e.g. `scorecard.criterion("2.2").status`."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clinic": self.clinic,
            "specialist": self.specialist,
            "offering": self.offering,
            "verdict": self.verdict,
            "verdict_reasons": self.verdict_reasons,
            "steps": [s.to_dict() for s in self.steps],
            "classification": self.classification,
            "claims": self.claims,
            "quote_audit": self.quote_audit,
            "documents_audit": self.documents_audit,
            "knowledge_version": self.knowledge_version,
            "generated_at": self.generated_at,
            "as_of": self.as_of,
            "registry": self.registry,
            "credentials": self.credentials,
            "warnings": self.warnings,
        }
