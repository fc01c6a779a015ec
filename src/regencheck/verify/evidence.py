"""Evidence discipline: is a check complete, recent, by a primary method, and its credential unexpired?

A facilitator's verdict is only as good as the checks behind it, so every piece of evidence is
judged the same way: it must name its source, method, date and checker; it must be no older
than the configured number of months (12 by default) on the as-of date; a credential past its
`valid_until` is expired; and a credential marked `claimed_only` is never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..dates import months_before
from .dossier import Evidence

Freshness = Literal["fresh", "stale", "incomplete", "missing", "future"]


@dataclass(frozen=True)
class EvidencePolicy:
    """How old evidence may be and which methods count as checking a primary source."""

    max_age_months: int
    primary_methods: frozenset[str]


@dataclass(frozen=True)
class EvidenceAssessment:
    status: Freshness
    detail: str


def assess(evidence: Evidence | None, as_of: date, policy: EvidencePolicy) -> EvidenceAssessment:
    """Judge one piece of evidence on the as-of date."""
    if evidence is None:
        return EvidenceAssessment("missing", "no evidence recorded")
    absent = [
        name
        for name, value in (
            ("source", evidence.source or evidence.url),
            ("method", evidence.method),
            ("checked_on", evidence.checked_on),
            ("checked_by", evidence.checked_by),
        )
        if not value
    ]
    if absent:
        return EvidenceAssessment("incomplete", f"evidence lacks {', '.join(absent)}")
    assert evidence.checked_on is not None and evidence.method is not None
    if evidence.method not in policy.primary_methods:
        return EvidenceAssessment("incomplete", f"method '{evidence.method}' is not a primary-source check")
    if evidence.checked_on > as_of:
        return EvidenceAssessment(
            "future", f"checked on {evidence.checked_on.isoformat()}, after the as-of date"
        )
    oldest = months_before(as_of, policy.max_age_months)
    if evidence.checked_on < oldest:
        return EvidenceAssessment(
            "stale",
            f"checked on {evidence.checked_on.isoformat()}, more than {policy.max_age_months} months "
            f"before {as_of.isoformat()}",
        )
    return EvidenceAssessment(
        "fresh", f"checked on {evidence.checked_on.isoformat()} by {evidence.method} ({evidence.checked_by})"
    )


def evidence_record(kind: str, evidence: Evidence | None, detail: str = "") -> dict[str, Any]:
    """The scorecard's evidence entry for a dossier check: kind, source, checked_on, method, by."""
    record: dict[str, Any] = {"kind": kind, "source": None, "checked_on": None}
    if evidence is not None:
        record.update(
            source=evidence.source or evidence.url,
            checked_on=evidence.checked_on.isoformat() if evidence.checked_on else None,
            method=evidence.method,
            checked_by=evidence.checked_by,
        )
        if evidence.url:
            record["url"] = evidence.url
    if detail:
        record["detail"] = detail
    return record
