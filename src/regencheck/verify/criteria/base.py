"""What a criterion check returns, how checks register by id, and the credential confirmation
that several criteria share (registry first, then primary-source evidence, never a bare claim).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..context import VerifyContext
from ..dossier import Evidence
from ..evidence import assess, evidence_record

Status = Literal["pass", "fail", "unknown", "not_applicable"]


@dataclass(frozen=True)
class Outcome:
    """A criterion's status, the reason in one or two sentences, the evidence it used and any
    source ids beyond the criterion's own (a threshold, a price range, a ruling's citations)."""

    status: Status
    explanation: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


Check = Callable[[VerifyContext], Outcome]
STATUS_OF: dict[str, Status] = {"confirmed": "pass", "failed": "fail", "unconfirmed": "unknown"}
CHECKS: dict[str, Check] = {}


def check(criterion_id: str) -> Callable[[Check], Check]:
    """Register the function that decides one criterion (its metadata is in criteria.yaml)."""

    def register(fn: Check) -> Check:
        if criterion_id in CHECKS:
            raise RuntimeError(f"criterion {criterion_id} registered twice")
        CHECKS[criterion_id] = fn
        return fn

    return register


@dataclass(frozen=True)
class Confirmation:
    """Whether a credential is confirmed, contradicted, or not established, and on what basis."""

    status: Literal["confirmed", "failed", "unconfirmed"]
    detail: str
    evidence: list[dict[str, Any]]
    stale: bool = False


def confirm_credential(
    ctx: VerifyContext,
    kind: str,
    *,
    number: str | None,
    name: str | None,
    valid_until: date | None = None,
    claimed_only: bool = False,
    evidence: Evidence | None = None,
) -> Confirmation:
    """Confirm one credential on the as-of date.

    A registry snapshot that lists this kind decides (absent, expired or not yet valid fails);
    otherwise dated primary-source evidence confirms, and a bare claim, a missing or stale
    check leaves it unconfirmed. A dossier `valid_until` in the past fails either way.
    """
    registry = ctx.registry
    if registry is not None and registry.covers(kind):
        found = registry.lookup(kind, on=ctx.as_of, number=number, name=name)
        entry = found.entry
        record: dict[str, Any] = {
            "kind": f"registry:{kind}",
            "source": entry.source if entry else ", ".join(registry.files),
            "checked_on": (
                entry.retrieved_on if entry else registry.retrieved_on(kind) or ctx.as_of
            ).isoformat(),
            "method": "registry",
            "detail": found.detail,
        }
        if entry is not None:
            record["registry_line"] = f"{entry.file}:{entry.line}"
        if found.status != "confirmed":
            return Confirmation("failed", found.detail, [record])
        assert entry is not None
        fresh = assess(
            Evidence(
                source=entry.source,
                method="registry",
                checked_on=entry.retrieved_on,
                checked_by="registry snapshot",
            ),
            ctx.as_of,
            ctx.policy,
        )
        if fresh.status != "fresh":
            return Confirmation(
                "unconfirmed", f"{found.detail}, but the snapshot is {fresh.detail}", [record], stale=True
            )
        return Confirmation("confirmed", found.detail, [record])
    label = f"{kind} {number}" if number else kind
    record = evidence_record(kind, evidence)
    if valid_until is not None and valid_until < ctx.as_of:
        return Confirmation("failed", f"{label} expired on {valid_until.isoformat()}", [record])
    if claimed_only:
        return Confirmation(
            "unconfirmed", f"{label} is claimed by the clinic only; nobody checked it", [record]
        )
    judged = assess(evidence, ctx.as_of, ctx.policy)
    record["freshness"] = judged.status
    if judged.status == "fresh":
        return Confirmation(
            "confirmed", f"{label} confirmed from a primary source, {judged.detail}", [record]
        )
    return Confirmation(
        "unconfirmed", f"{label} not confirmed: {judged.detail}", [record], stale=judged.status == "stale"
    )


def threshold(ctx: VerifyContext, threshold_id: str) -> tuple[float, list[str]]:
    """A threshold's value and its sources."""
    t = ctx.thresholds.value(threshold_id)
    return t.value, list(t.source)


def classification_missing(ctx: VerifyContext) -> Outcome:
    why = ctx.classification.error or "the offering could not be classified"
    return Outcome("unknown", f"the therapy is not known: {why}")


def ruling_evidence(ctx: VerifyContext) -> list[dict[str, Any]]:
    """The Korean ruling's citations as evidence records (what a designation decision rests on)."""
    cls = ctx.classification.value
    if cls is None:
        return []
    head = {
        "kind": "ruling:KR",
        "source": f"classification: {cls.category}, {cls.kr_status}, facility {cls.kr_facility_required}",
        "checked_on": None,
    }
    return [head] + [{"kind": "ruling:KR", "source": c, "checked_on": None} for c in cls.kr_citations]
