"""Step 2: the institution's licence, its designation for the therapy, the cell lab, the
foreign-patient registration, and the freshness of every credential's check."""

from __future__ import annotations

from typing import Any

from ...text.names import name_key
from ..context import VerifyContext
from ..designation import TierCheck, check_tier_claim
from ..dossier import Credential
from ..evidence import assess, evidence_record
from .base import STATUS_OF, Outcome, check, classification_missing, confirm_credential, ruling_evidence

NO_DESIGNATION = frozenset({"none", "licensed_medical_institution"})
DESIGNATION = frozenset({"designated_institution", "designated_institution_with_licensed_cell_processing"})


def _credential(ctx: VerifyContext, kind: str) -> Credential | None:
    clinic = ctx.dossier.clinic
    return next((c for c in (clinic.credentials or []) if c.kind == kind), None) if clinic else None


@check("2.1")
def institution_licence(ctx: VerifyContext) -> Outcome:
    clinic = ctx.dossier.clinic
    if clinic is None or not (clinic.licence_number or clinic.name):
        return Outcome("unknown", "the institution's name and licence number are not recorded")
    if ctx.registry is not None and ctx.registry.covers("medical_institution"):
        conf = confirm_credential(ctx, "medical_institution", number=clinic.licence_number, name=clinic.name)
        if conf.status == "confirmed" and clinic.address:
            found = ctx.registry.lookup(
                "medical_institution", on=ctx.as_of, number=clinic.licence_number, name=clinic.name
            )
            listed = found.entry.address if found.entry else ""
            if listed and name_key(listed) != name_key(clinic.address):
                return Outcome(
                    "fail",
                    f"licensed at '{listed}', not at the stated address '{clinic.address}'",
                    conf.evidence,
                )
        return Outcome(STATUS_OF[conf.status], conf.detail, conf.evidence)
    if not clinic.licence_number or not clinic.address:
        return Outcome("unknown", "the institution's licence number or address is not recorded")
    judged = assess(clinic.evidence, ctx.as_of, ctx.policy)
    record = evidence_record("medical_institution", clinic.evidence)
    if judged.status == "fresh":
        return Outcome(
            "pass",
            f"licence {clinic.licence_number} at {clinic.address} confirmed, {judged.detail}",
            [record],
        )
    return Outcome(
        "unknown", f"licence {clinic.licence_number} is stated but not confirmed: {judged.detail}", [record]
    )


@check("2.2")
def designation(ctx: VerifyContext) -> Outcome:
    cls = ctx.classification.value
    if cls is None:
        return classification_missing(ctx)
    risk = f" ({cls.kr_risk_level} risk)" if cls.kr_risk_level else ""
    if cls.kr_facility_required in NO_DESIGNATION:
        return Outcome(
            "not_applicable",
            f"the Korean ruling ({cls.kr_status}) needs no regenerative-medicine designation: "
            f"facility required is '{cls.kr_facility_required}'",
            ruling_evidence(ctx),
        )
    if cls.kr_facility_required not in DESIGNATION and cls.kr_facility_required != "clinical_trial_only":
        return Outcome("unknown", f"the facility this therapy needs is unknown ({cls.kr_facility_required})")
    clinic = ctx.dossier.clinic
    claim = _credential(ctx, "regenerative_medicine_institution")
    # A claimed tier the law lacks ("Center") is still a claim of the designation it maps to.
    unlawful_tiers = [c for c in ctx.tier_claims if not c.tier.in_law]
    if claim is None:
        claim = next((c.credential for c in unlawful_tiers if c.credential is not None), None)
    if claim is None and (
        ctx.registry is None or not ctx.registry.covers("regenerative_medicine_institution")
    ):
        return Outcome(
            "unknown",
            f"the therapy{risk} needs a designated advanced regenerative medicine institution; "
            + (
                "no registry snapshot was given to confirm the "
                + "; ".join(c.describe() for c in ctx.tier_claims)
                if ctx.tier_claims
                else "no designation is claimed and no registry snapshot was given"
            ),
            sources=_tier_sources(ctx),
        )
    conf = confirm_credential(
        ctx,
        "regenerative_medicine_institution",
        number=claim.number if claim else None,
        name=clinic.name if clinic else None,
        valid_until=claim.valid_until if claim else None,
        claimed_only=(claim.claimed_only if claim else False) or (claim is None and bool(ctx.tier_claims)),
        evidence=claim.evidence if claim else None,
    )
    prefix = f"the therapy{risk} needs a designated institution: "
    note = ""
    if unlawful_tiers:
        tier = unlawful_tiers[0].tier
        note = (
            f". The clinic claims the '{tier.label}' tier ({unlawful_tiers[0].origin}), which the law "
            f"does not create ({tier.law_equivalent}); "
            + (
                "the snapshot does not even show the designation"
                if conf.status == "failed"
                else "the high-risk conditions it stands for are checked under 3.2"
            )
        )
    return Outcome(
        STATUS_OF[conf.status],
        prefix + conf.detail + note,
        conf.evidence + ruling_evidence(ctx),
        _tier_sources(ctx),
    )


def _tier_sources(ctx: VerifyContext) -> list[str]:
    return list(dict.fromkeys(s for c in ctx.tier_claims for s in c.tier.source))


def _needs_lab(ctx: VerifyContext) -> bool | None:
    cls = ctx.classification.value
    if cls is None:
        return None
    return cls.category in ctx.thresholds.categories("needs_cell_lab").categories


@check("2.3")
def cell_lab(ctx: VerifyContext) -> Outcome:
    needs = _needs_lab(ctx)
    if needs is None:
        return classification_missing(ctx)
    cls = ctx.classification.value
    assert cls is not None
    sources = list(ctx.thresholds.categories("needs_cell_lab").source)
    if not needs:
        return Outcome(
            "not_applicable", f"'{cls.category}' involves no cell processing laboratory", sources=sources
        )
    clinic = ctx.dossier.clinic
    lab = clinic.lab if clinic else None
    if lab is None or lab.site is None:
        return Outcome("unknown", "where the cells are processed is not recorded", sources=sources)
    licensed = (
        lab.site == "off_site"
        or cls.kr_facility_required == "designated_institution_with_licensed_cell_processing"
    )
    if licensed:
        claim = _credential(ctx, "cell_processing_licence")
        number = lab.licence_number or (claim.number if claim else None)
        if number is None and not (ctx.registry and ctx.registry.covers("cell_processing_licence")):
            return Outcome(
                "unknown", "the cell-processing facility licence number is not recorded", sources=sources
            )
        conf = confirm_credential(
            ctx,
            "cell_processing_licence",
            number=number,
            name=lab.name,
            valid_until=claim.valid_until if claim else None,
            claimed_only=claim.claimed_only if claim else False,
            evidence=lab.evidence or (claim.evidence if claim else None),
        )
        where = "off-site" if lab.site == "off_site" else "licensed"
        return Outcome(
            STATUS_OF[conf.status],
            f"{where} processing needs an MFDS licence: {conf.detail}",
            conf.evidence,
            sources,
        )
    judged = assess(lab.evidence, ctx.as_of, ctx.policy)
    record = evidence_record("cell_lab", lab.evidence)
    name = lab.name or "the on-site lab"
    if judged.status == "fresh":
        return Outcome(
            "pass",
            f"{name} (on site, same-day minimal processing) documented, {judged.detail}",
            [record],
            sources,
        )
    return Outcome("unknown", f"{name} is not documented: {judged.detail}", [record], sources)


@check("2.4")
def foreign_patient_registration(ctx: VerifyContext) -> Outcome:
    clinic = ctx.dossier.clinic
    claim = _credential(ctx, "foreign_patient_registration")
    registry_covers = ctx.registry is not None and ctx.registry.covers("foreign_patient_registration")
    if claim is None and not registry_covers:
        return Outcome("unknown", "the clinic's foreign-patient registration is not recorded")
    conf = confirm_credential(
        ctx,
        "foreign_patient_registration",
        number=claim.number if claim else None,
        name=clinic.name if clinic else None,
        valid_until=claim.valid_until if claim else None,
        claimed_only=claim.claimed_only if claim else False,
        evidence=claim.evidence if claim else None,
    )
    outcomes = [("clinic", conf)]
    agent = ctx.dossier.facilitator
    if agent is not None:
        outcomes.append(
            (
                f"facilitator {agent.name or ''}".strip(),
                confirm_credential(
                    ctx,
                    "foreign_patient_registration",
                    number=agent.registration_number,
                    name=agent.name,
                    valid_until=agent.valid_until,
                    claimed_only=agent.claimed_only,
                    evidence=agent.evidence,
                ),
            )
        )
    evidence: list[dict[str, Any]] = [rec for _, c in outcomes for rec in c.evidence]
    text = "; ".join(f"{who}: {c.detail}" for who, c in outcomes)
    statuses = {c.status for _, c in outcomes}
    if "failed" in statuses:
        return Outcome("fail", text, evidence)
    if "unconfirmed" in statuses:
        return Outcome("unknown", text, evidence)
    return Outcome("pass", text, evidence)


@check("2.5")
def credential_freshness(ctx: VerifyContext) -> Outcome:
    clinic = ctx.dossier.clinic
    credentials = list(clinic.credentials or []) if clinic else []
    tier_checks = _tier_checks(ctx)
    if not credentials and not tier_checks:
        return Outcome("unknown", "no credentials are recorded, so none was checked")
    fails: list[str] = [t.detail for t in tier_checks if t.status == "fail"]
    unknowns: list[str] = [t.detail for t in tier_checks if t.status == "unknown"]
    records: list[dict[str, Any]] = [
        {
            "kind": f"designation_claim:{t.claim.tier.id}",
            "source": t.claim.origin,
            "checked_on": None,
            "detail": t.claim.text,
        }
        for t in tier_checks
    ]
    months = ctx.policy.max_age_months
    handled = {id(t.claim.credential) for t in tier_checks if t.claim.credential is not None}
    for cred in credentials:
        if id(cred) in handled:
            continue
        label = f"{cred.kind}" + (f" {cred.number}" if cred.number else "")
        if ctx.registry is not None and ctx.registry.covers(cred.kind):
            conf = confirm_credential(
                ctx,
                cred.kind,
                number=cred.number,
                name=clinic.name if clinic else None,
                valid_until=cred.valid_until,
            )
            records += conf.evidence
            if conf.status == "confirmed":
                continue
            # The registry's detail already names the credential's kind and number.
            (unknowns if conf.status == "unconfirmed" and not conf.stale else fails).append(conf.detail)
            continue
        judged = assess(cred.evidence, ctx.as_of, ctx.policy)
        rec = evidence_record(cred.kind, cred.evidence)
        rec["freshness"] = judged.status
        records.append(rec)
        if cred.valid_until is not None and cred.valid_until < ctx.as_of:
            fails.append(f"{label} expired on {cred.valid_until.isoformat()}")
        elif cred.claimed_only:
            unknowns.append(f"{label} is claimed only, never checked")
        elif judged.status == "stale":
            fails.append(f"{label}: {judged.detail}")
        elif judged.status != "fresh":
            unknowns.append(f"{label}: {judged.detail}")
    sources = _tier_sources(ctx)
    if fails:
        return Outcome("fail", "; ".join(fails), records, sources)
    if unknowns:
        return Outcome("unknown", "; ".join(unknowns), records, sources)
    return Outcome(
        "pass",
        f"all {len(credentials)} credential(s) checked against a primary source within {months} months and valid",
        records,
        sources,
    )


def _tier_checks(ctx: VerifyContext) -> list[TierCheck]:
    """Designation-tier claims that need their own check: a tier the law lacks (always), and a
    lawful tier claimed only in marketing text (credential claims are checked as credentials)."""
    clinic = ctx.dossier.clinic
    out = []
    for claim in ctx.tier_claims:
        if claim.tier.in_law and claim.credential is not None:
            continue
        number = claim.credential.number if claim.credential else None
        checked = check_tier_claim(claim, ctx.registry, ctx.as_of, clinic.name if clinic else None, number)
        if claim.tier.in_law and checked.status == "unknown":
            continue  # a lawful designation named in marketing and not contradicted: 2.2 weighs it
        out.append(checked)
    return out
