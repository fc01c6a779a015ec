"""Step 1: the specialist's licence, board certification, experience, case volume and record."""

from __future__ import annotations

from typing import Any

from ..context import VerifyContext
from ..evidence import assess, evidence_record
from .base import STATUS_OF, Outcome, check, confirm_credential, threshold


def _fact_evidence(ctx: VerifyContext, fact: str) -> tuple[bool, list[dict[str, Any]], str]:
    """(fresh evidence exists, records, why not) for one fact about the specialist.

    Evidence tagged with this fact, or untagged evidence (a general profile check), counts.
    """
    spec = ctx.dossier.specialist
    records: list[dict[str, Any]] = []
    reasons: list[str] = []
    for ev in spec.evidence if spec and spec.evidence else []:
        if ev.kind not in (None, fact):
            continue
        judged = assess(ev, ctx.as_of, ctx.policy)
        rec = evidence_record(ev.kind or "specialist_profile", ev)
        rec["freshness"] = judged.status
        records.append(rec)
        if judged.status == "fresh":
            return True, records, ""
        reasons.append(judged.detail)
    return False, records, "; ".join(reasons) or f"no evidence recorded for the {fact.replace('_', ' ')}"


@check("1.1")
def medical_licence(ctx: VerifyContext) -> Outcome:
    spec = ctx.dossier.specialist
    if spec is None or not spec.licence_number:
        return Outcome("unknown", "the specialist's Korean medical licence number is not recorded")
    for action in spec.disciplinary_actions or []:
        if action.kind == "revocation" or (
            action.kind == "suspension"
            and (action.date is None or action.date <= ctx.as_of)
            and (action.until is None or ctx.as_of <= action.until)
        ):
            when = action.date.isoformat() if action.date else "undated"
            return Outcome(
                "fail", f"licence {action.kind} on record ({when}): {action.summary or ''}".strip()
            )
    if ctx.registry is not None and ctx.registry.covers("medical_licence"):
        conf = confirm_credential(ctx, "medical_licence", number=spec.licence_number, name=spec.name)
        return Outcome(STATUS_OF[conf.status], conf.detail, conf.evidence)
    ok, records, why = _fact_evidence(ctx, "medical_licence")
    if ok:
        return Outcome("pass", f"licence {spec.licence_number} checked against a primary source", records)
    return Outcome("unknown", f"licence {spec.licence_number} is stated but not confirmed: {why}", records)


@check("1.2")
def board_certification(ctx: VerifyContext) -> Outcome:
    spec = ctx.dossier.specialist
    offering = ctx.dossier.offering
    indication = offering.indication if offering else None
    if indication is None and ctx.classification.value is not None:
        indication = ctx.classification.value.attributes.get("indication")
    if spec is None or spec.board_certified is None:
        return Outcome("unknown", "whether the specialist is board certified is not recorded")
    if spec.board_certified is False:
        return Outcome("fail", "the specialist is not board certified")
    if spec.specialty is None:
        return Outcome("unknown", "the specialist's board specialty is not recorded")
    match = next((m for m in ctx.thresholds.specialty_matches if m.indication == indication), None)
    if match is None:
        return Outcome(
            "unknown", f"no reference specialty is known for the indication '{indication or 'unknown'}'"
        )
    if spec.specialty not in match.specialties:
        return Outcome(
            "fail",
            f"board specialty '{spec.specialty}' does not match a {indication} procedure "
            f"(expected {', '.join(match.specialties)})",
            sources=list(match.source),
        )
    ok, records, why = _fact_evidence(ctx, "board_certification")
    if not ok:
        return Outcome(
            "unknown", f"board certification in {spec.specialty} is stated but not confirmed: {why}", records
        )
    return Outcome(
        "pass",
        f"board certified in {spec.specialty}, which covers {indication} procedures",
        records,
        list(match.source),
    )


def _at_least(ctx: VerifyContext, value: float | None, threshold_id: str, fact: str, what: str) -> Outcome:
    minimum, sources = threshold(ctx, threshold_id)
    spec = ctx.dossier.specialist
    sub = f" in {spec.subspecialty}" if spec and spec.subspecialty else ""
    if value is None:
        return Outcome(
            "unknown", f"{what}{sub} not recorded (needs at least {minimum:,.0f})", sources=sources
        )
    if value < minimum:
        return Outcome(
            "fail", f"{value:,.0f} {what}{sub}, below the minimum of {minimum:,.0f}", sources=sources
        )
    ok, records, why = _fact_evidence(ctx, fact)
    if not ok:
        return Outcome(
            "unknown", f"{value:,.0f} {what}{sub} stated but not documented: {why}", records, sources
        )
    return Outcome("pass", f"{value:,.0f} {what}{sub} (minimum {minimum:,.0f}), documented", records, sources)


@check("1.3")
def years_in_subspecialty(ctx: VerifyContext) -> Outcome:
    spec = ctx.dossier.specialist
    return _at_least(
        ctx,
        spec.years_in_subspecialty if spec else None,
        "specialist_min_years",
        "practice_history",
        "years of practice",
    )


@check("1.4")
def cumulative_cases(ctx: VerifyContext) -> Outcome:
    spec = ctx.dossier.specialist
    value = float(spec.cumulative_cases) if spec and spec.cumulative_cases is not None else None
    return _at_least(ctx, value, "specialist_min_cases", "case_log", "cumulative cases")


@check("1.5")
def disciplinary_record(ctx: VerifyContext) -> Outcome:
    spec = ctx.dossier.specialist
    if spec is None or spec.disciplinary_actions is None:
        return Outcome("unknown", "the specialist's disciplinary record was not checked")
    if spec.disciplinary_actions:
        listed = "; ".join(
            f"{a.date.isoformat() if a.date else 'undated'}: {a.kind or 'action'} {a.summary or ''}".strip()
            for a in spec.disciplinary_actions
        )
        return Outcome("fail", f"{len(spec.disciplinary_actions)} disciplinary action(s) on record: {listed}")
    ok, records, why = _fact_evidence(ctx, "disciplinary_record")
    if not ok:
        return Outcome(
            "unknown", f"no actions are listed, but the record check is not documented: {why}", records
        )
    return Outcome("pass", "no disciplinary action or suspension on record (checked)", records)
