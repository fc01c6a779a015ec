"""What a scan returns: findings, suppressed mentions, risk and summary, in the spec's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema import SEVERITY_RANK


@dataclass(slots=True)
class ClaimFinding:
    """A red-flag claim: where it is (str offsets into the scanned text), what and why.

    `cue` says what decided it: the rule pattern that fired, and for a negated risk the
    negation that is part of the claim.
    """

    category: str
    severity: str
    rule: str
    start: int
    end: int
    text: str
    sentence: str
    explanation: str
    basis: tuple[str, ...]
    cue: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "explanation": self.explanation,
            "basis": list(self.basis),
            "cue": self.cue,
        }


@dataclass(slots=True)
class Suppressed:
    """A mention of a claim that its sentence warns about, negates, questions or reports."""

    start: int
    end: int
    text: str
    context: str
    cue: str
    rule: str
    category: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "context": self.context,
            "cue": self.cue,
            "rule": self.rule,
            "category": self.category,
            "sentence": self.sentence,
        }


@dataclass
class ScanResult:
    """The scan of one input. `error` is set (and findings empty) when the input was unusable;
    `text_extracted` holds the text offsets refer to when it is not the file as given."""

    source: str
    language: str
    findings: list[ClaimFinding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    text_extracted: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def risk(self) -> str:
        """The highest severity found, or "none"."""
        best = "none"
        for f in self.findings:
            if SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]:
                best = f.severity
        return best

    @property
    def summary(self) -> dict[str, int]:
        """Number of findings per category."""
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.category] = out.get(f.category, 0) + 1
        return dict(sorted(out.items()))

    def at_or_above(self, severity: str) -> bool:
        """True when a finding is at least as severe as `severity` (for `--fail-on`)."""
        return SEVERITY_RANK[self.risk] >= SEVERITY_RANK[severity] > 0

    def to_dict(self) -> dict[str, Any]:
        """Exactly the `scan` JSON of product.md, plus `text_extracted`, `error` and `notes`
        where they apply."""
        out: dict[str, Any] = {
            "source": self.source,
            "language": self.language,
            "risk": self.risk,
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [s.to_dict() for s in self.suppressed],
            "summary": self.summary,
        }
        if self.text_extracted is not None:
            out["text_extracted"] = self.text_extracted
        if self.error is not None:
            out["error"] = self.error
        if self.notes:
            out["notes"] = list(self.notes)
        return out
