"""`verify_dossier`: dossier + registry + knowledge + as-of date → scorecard.

A pure computation apart from reading the marketing and consent files the dossier names; the
same inputs give the same scorecard (except `generated_at`), so a verdict changes exactly when
the evidence does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..knowledge import KnowledgeBase, default_knowledge
from ..knowledge.loader import today
from .context import MarketingScan, VerifyContext
from .criteria import CHECKS
from .criteria.base import confirm_credential
from .designation import TierClaim, check_tier_claim, tier_claims
from .documents import audit_consent, audit_protocol, read_text_source, resolve_file
from .dossier import Dossier, Offering, parse_dossier
from .engines import EngineOutcome, TextScan, classify_offering, scan_file, scan_text
from .evidence import EvidencePolicy
from .quote import audit_quote
from .registry import RegistrySnapshot, load_registries
from .schema import CriteriaFile, DesignationTiersFile, ThresholdsFile
from .scorecard import CriterionMark, Scorecard, StepMarks
from .verdict import Mark, decide

SEVERITY_ORDER = {"high": 3, "medium": 2, "low": 1, "none": 0}


def _therapy_input(offering: Offering | None) -> dict[str, Any] | str | None:
    """What to classify: structured attributes (with the offering's indication), else free text."""
    if offering is None:
        return None
    if offering.therapy:
        therapy = dict(offering.therapy)
        if offering.indication and "indication" not in therapy:
            therapy["indication"] = offering.indication
        if offering.marketing_name and "name" not in therapy:
            therapy["name"] = offering.marketing_name
        return therapy
    text = " ".join(t for t in (offering.description, offering.marketing_name) if t)
    return text or None


def _classify(dossier: Dossier, kb: KnowledgeBase, file: str) -> EngineOutcome:
    therapy = _therapy_input(dossier.offering)
    if therapy is None:
        return EngineOutcome(error="the offering is not described (offering.therapy or offering.description)")
    return classify_offering(therapy, kb, file)


def _scan_marketing(dossier: Dossier, kb: KnowledgeBase, base_dir: Path | None) -> MarketingScan:
    if not dossier.marketing:
        return MarketingScan(False, [])
    results: list[TextScan] = []
    texts: list[tuple[str, str]] = []
    for i, item in enumerate(dossier.marketing):
        if item.text is not None:
            source = f"marketing[{i}] (inline text)"
            results.append(scan_text(item.text, kb, source=source))
            texts.append((source, item.text))
            continue
        assert item.file is not None
        path, refused = resolve_file(item.file, base_dir)
        if path is None:
            results.append(TextScan(item.file, error=refused))
            continue
        scanned = scan_file(path, kb, source=item.file)
        results.append(scanned)
        extracted = scanned.text_extracted or read_text_source(item, base_dir)[0]
        if scanned.failure is None and extracted:
            texts.append((item.file, extracted))
    return MarketingScan(True, results, texts)


def _claims_summary(scan: MarketingScan, tier_claims: list[TierClaim]) -> dict[str, Any]:
    """The scorecard's `claims`: the scans as JSON, at the scorecard's output boundary."""
    counts: Counter[str] = Counter()
    risk = "none"
    texts = []
    for r in scan.results:
        for f in r.findings:
            counts[f.category] += 1
        r_risk = r.risk or "none"
        if r.failure is None and SEVERITY_ORDER.get(r_risk, 0) > SEVERITY_ORDER[risk]:
            risk = r_risk
        texts.append(
            {
                "source": r.source,
                "language": r.language,
                "risk": r.risk,
                "summary": r.summary,
                "findings": len(r.findings),
                "error": r.failure,
            }
        )
    findings = [
        {
            "source": s.source,
            "category": s.finding.category,
            "severity": s.finding.severity,
            "rule": s.finding.rule,
            "text": s.finding.text,
            "sentence": s.finding.sentence,
        }
        for s in scan.findings()
    ]
    return {
        "scanned": scan.present,
        "risk": risk if scan.present else None,
        "summary": dict(sorted(counts.items())),
        "texts": texts,
        "findings": findings,
        "designation_claims": [c.to_dict() for c in tier_claims],
    }


def _credential_checks(ctx: VerifyContext) -> list[dict[str, Any]]:
    """Every credential the dossier claims (clinic, lab licence, facilitator) and how it checked out."""
    clinic, agent = ctx.dossier.clinic, ctx.dossier.facilitator
    out: list[dict[str, Any]] = []

    def add(holder: str | None, kind: str, number: str | None, **kw: Any) -> None:
        conf = confirm_credential(ctx, kind, number=number, name=holder, **kw)
        out.append(
            {
                "holder": holder,
                "kind": kind,
                "number": number,
                "status": conf.status,
                "detail": conf.detail,
                "evidence": conf.evidence,
            }
        )

    if clinic is not None:
        for cred in clinic.credentials or []:
            claim = next((c for c in ctx.tier_claims if c.credential is cred and not c.tier.in_law), None)
            if claim is not None:
                # A tier the law lacks is checked as a tier claim, not as a credential of its own kind.
                checked = check_tier_claim(claim, ctx.registry, ctx.as_of, clinic.name, cred.number)
                status = {"pass": "confirmed", "fail": "failed"}.get(checked.status, "unconfirmed")
                out.append(
                    {
                        "holder": clinic.name,
                        "kind": cred.kind,
                        "number": cred.number,
                        "status": status,
                        "detail": checked.detail,
                        "evidence": [],
                    }
                )
                continue
            add(
                clinic.name,
                cred.kind,
                cred.number,
                valid_until=cred.valid_until,
                claimed_only=cred.claimed_only,
                evidence=cred.evidence,
            )
        lab = clinic.lab
        if lab is not None and lab.licence_number:
            add(lab.name, "cell_processing_licence", lab.licence_number, evidence=lab.evidence)
    if agent is not None and agent.registration_number:
        add(
            agent.name,
            "foreign_patient_registration",
            agent.registration_number,
            valid_until=agent.valid_until,
            claimed_only=agent.claimed_only,
            evidence=agent.evidence,
        )
    return out


def _needs_committee(outcome: EngineOutcome) -> bool | None:
    cls = outcome.value
    if cls is None or cls.kr_status == "unknown":
        return None
    return cls.kr_facility_required in (
        "designated_institution",
        "designated_institution_with_licensed_cell_processing",
        "clinical_trial_only",
    )


def _build_context(
    dossier: Dossier,
    kb: KnowledgeBase,
    registry: RegistrySnapshot | None,
    day: date,
    base_dir: Path | None,
    source_name: str,
) -> VerifyContext:
    """Run the engines and audits once, for every criterion to read."""
    thresholds = kb.topic("verify/thresholds", ThresholdsFile)
    policy = EvidencePolicy(
        max_age_months=int(thresholds.value("evidence_max_age_months").value),
        primary_methods=frozenset(thresholds.primary_methods),
    )
    classification = _classify(dossier, kb, source_name)
    category = classification.value.category if classification.value else None
    marketing = _scan_marketing(dossier, kb, base_dir)
    return VerifyContext(
        dossier=dossier,
        kb=kb,
        as_of=day,
        registry=registry,
        policy=policy,
        thresholds=thresholds,
        classification=classification,
        marketing=marketing,
        quote=audit_quote(dossier, kb, day, category),
        consent=audit_consent(dossier, kb, base_dir, _needs_committee(classification)),
        protocol=audit_protocol(dossier, kb),
        base_dir=base_dir,
        tier_claims=tier_claims(
            dossier, marketing.texts, kb.topic("verify/designation_tiers", DesignationTiersFile)
        ),
    )


def _mark_criteria(ctx: VerifyContext) -> list[StepMarks]:
    """Each criterion's mark, grouped by step; a criterion with no check is unknown."""
    kb = ctx.kb
    spec = kb.topic("verify/criteria", CriteriaFile)
    marks: dict[int, list[CriterionMark]] = {s.id: [] for s in spec.steps}
    for crit in spec.criteria:
        check = CHECKS.get(crit.id)
        if check is None:
            status, why, evidence, extra = "unknown", "no check is implemented for this criterion", [], []
        else:
            out = check(ctx)
            status, why, evidence, extra = out.status, out.explanation, out.evidence, out.sources
        source = list(dict.fromkeys([*crit.source, *extra]))
        marks[crit.step].append(
            CriterionMark(
                id=crit.id,
                step=crit.step,
                title=crit.title,
                status=status,
                critical=crit.critical,
                explanation=why,
                evidence=evidence,
                source=source,
                citations=kb.cite(source),
                what_to_ask=crit.what_to_ask,
            )
        )
    return [StepMarks(s.id, s.title, marks[s.id]) for s in spec.steps]


def _warnings(ctx: VerifyContext) -> list[str]:
    """The texts and engines that could not be read, for the scorecard to show."""
    warnings = [f"marketing: {e}" for e in ctx.marketing.errors]
    if ctx.consent.error:
        warnings.append(f"consent: {ctx.consent.error}")
    if ctx.classification.error:
        warnings.append(f"classification: {ctx.classification.error}")
    return warnings


def verify_dossier(
    dossier: Dossier | Mapping[str, Any],
    kb: KnowledgeBase | None = None,
    *,
    registry: RegistrySnapshot | None = None,
    as_of: date | None = None,
    base_dir: Path | None = None,
    source_name: str = "<dossier>",
) -> Scorecard:
    """Verify one dossier against the 24 criteria and decide the verdict.

    `registry` defaults to the snapshots of the knowledge base (`--knowledge` overlay CSVs);
    `as_of` fixes "today" (default: the current date); `base_dir` is the dossier's folder, against
    which `file:` entries resolve; without it file entries are refused (each such text becomes an
    error of its criterion), so a dossier posted to a server cannot make it read server files.
    """
    kb = kb or default_knowledge()
    if not isinstance(dossier, Dossier):
        dossier = parse_dossier(dict(dossier), source_name)
    day = as_of or today()
    if registry is None and kb.registry_files:
        registry = load_registries(kb.registry_files)
    ctx = _build_context(dossier, kb, registry, day, base_dir, source_name)
    steps = _mark_criteria(ctx)
    verdict, reasons = decide(
        [Mark(c.id, c.title, c.status, c.critical, c.explanation) for s in steps for c in s.criteria]
    )
    clinic, specialist, offering = dossier.clinic, dossier.specialist, dossier.offering
    return Scorecard(
        clinic=clinic.name if clinic else None,
        specialist=specialist.name if specialist else None,
        offering=offering.marketing_name if offering else None,
        verdict=verdict,
        verdict_reasons=reasons,
        steps=steps,
        classification=ctx.classification.to_dict(),
        claims=_claims_summary(ctx.marketing, ctx.tier_claims),
        quote_audit=ctx.quote.to_dict(),
        documents_audit={"consent": ctx.consent.to_dict(), "protocol": ctx.protocol.to_dict()},
        knowledge_version=kb.version,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        as_of=day.isoformat(),
        registry=(
            {"files": registry.files, "entries": len(registry.entries)} if registry is not None else None
        ),
        credentials=_credential_checks(ctx),
        warnings=_warnings(ctx),
    )
