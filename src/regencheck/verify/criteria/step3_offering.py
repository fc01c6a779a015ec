"""Step 3: does the offering match its name, is it lawful for the indication, is it an adjunct,
and is its marketing free of red flags (via the classification and the claim scanner)."""

from __future__ import annotations

import re
from typing import Any

from ...text.phrases import find_cue
from ..context import SourcedFinding, VerifyContext
from ..schema import TerminologyFile
from .base import CHECKS, Outcome, check, classification_missing, ruling_evidence

MAX_LISTED = 5


def _finding_records(found: list[SourcedFinding]) -> list[dict[str, Any]]:
    return [
        {
            "kind": f"claim:{s.finding.category}",
            "source": s.source,
            "checked_on": None,
            "rule": s.finding.rule,
            "severity": s.finding.severity,
            "detail": s.finding.sentence or s.finding.text,
        }
        for s in found[:MAX_LISTED]
    ]


def _listed(found: list[SourcedFinding]) -> str:
    shown = "; ".join(f'{s.finding.category}: "{s.finding.text.strip()}"' for s in found[:MAX_LISTED])
    more = f" and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    return shown + more


@check("3.1")
def terminology(ctx: VerifyContext) -> Outcome:
    cls = ctx.classification.value
    if cls is None or cls.category == "unknown":
        return (
            classification_missing(ctx)
            if cls is None
            else Outcome("unknown", "what the product is could not be established (category unknown)")
        )
    offering = ctx.dossier.offering
    product = (offering.therapy or {}).get("product_name") if offering else None
    names = [n for n in (offering.marketing_name if offering else None, product) if isinstance(n, str) and n]
    groups = ctx.kb.topic("verify/terminology", TerminologyFile).term_groups
    for name in names:
        for group in groups:
            term = find_cue(name, group.terms)
            if term and cls.category not in group.accurate_for:
                return Outcome(
                    "fail",
                    f"called '{name}' but it is a {cls.category.replace('_', ' ')}: '{term}' is not accurate for it",
                    [
                        {
                            "kind": "marketing_name",
                            "source": "offering.marketing_name",
                            "checked_on": None,
                            "detail": name,
                        }
                    ],
                    list(group.source),
                )
    mismatches = [f for f in ctx.marketing.findings() if f.finding.category == "terminology_mismatch"]
    if mismatches:
        return Outcome(
            "fail", f"the marketing misnames the product: {_listed(mismatches)}", _finding_records(mismatches)
        )
    if not names and not ctx.marketing.present:
        return Outcome("unknown", "neither a marketing name nor marketing texts were given to compare")
    what = cls.category.replace("_", " ")
    called = f"'{names[0]}'" if names else "the marketing"
    return Outcome("pass", f"{called} fits what is offered ({what}); no terminology mismatch found")


def _linked_status(ctx: VerifyContext, condition_id: str) -> tuple[str, str] | None:
    for link in ctx.kb.topic("verify/terminology", TerminologyFile).condition_links:
        if re.search(link.pattern, condition_id) and link.criterion in CHECKS:
            result = CHECKS[link.criterion](ctx)
            mapped = {"pass": "met", "fail": "unmet", "not_applicable": "met"}.get(result.status, "unknown")
            return mapped, f"criterion {link.criterion}: {result.explanation}"
    return None


def _conditions(ctx: VerifyContext) -> tuple[list[str], list[str]]:
    """(unmet, not yet shown) ruling conditions, settling unknown ones from linked criteria."""
    cls = ctx.classification.value
    assert cls is not None
    unmet: list[str] = []
    unknown: list[str] = []
    for cond in cls.kr_conditions:
        status = cond.evidence_status
        text = cond.text
        if status == "unknown":
            linked = _linked_status(ctx, cond.id)
            if linked is not None:
                status, note = linked
                text = f"{cond.text} ({note})"
        if status == "unmet":
            unmet.append(text)
        elif status != "met":
            unknown.append(text)
    return unmet, unknown


@check("3.2")
def legal_status(ctx: VerifyContext) -> Outcome:
    cls = ctx.classification.value
    if cls is None:
        return classification_missing(ctx)
    summary = f" {cls.kr_summary}" if cls.kr_summary else ""
    cites = ruling_evidence(ctx)
    if cls.kr_status == "not_permitted":
        return Outcome(
            "fail", f"not permitted in Korea for this indication outside a clinical trial.{summary}", cites
        )
    if cls.kr_status not in ("permitted", "outside_scope", "conditional"):
        return Outcome("unknown", f"the Korean ruling is unknown.{summary}", cites)
    if cls.kr_status == "conditional" and not cls.kr_conditions:
        return Outcome("unknown", f"lawful only under conditions the ruling does not list.{summary}", cites)
    unmet, unknown = _conditions(ctx)
    label = {
        "permitted": "permitted in Korea for this indication",
        "outside_scope": "outside the Advanced Regenerative Bio Act; another regime applies",
        "conditional": "lawful in Korea only under conditions",
    }[cls.kr_status]
    if unmet:
        return Outcome("fail", f"{label}, but conditions are not met: " + "; ".join(unmet), cites)
    if unknown:
        return Outcome("unknown", f"{label}, if conditions not yet shown hold: " + "; ".join(unknown), cites)
    met = "; ".join(c.text for c in cls.kr_conditions)
    return Outcome("pass", f"{label}." + (f" Conditions met: {met}." if met else "") + summary, cites)


@check("3.3")
def adjunct_scope(ctx: VerifyContext) -> Outcome:
    substitutes = [f for f in ctx.marketing.findings() if f.finding.category == "surgery_substitute"]
    if substitutes:
        return Outcome(
            "fail",
            f"marketed as a substitute for surgery: {_listed(substitutes)}",
            _finding_records(substitutes),
        )
    offering = ctx.dossier.offering
    if offering is None or offering.role is None:
        return Outcome(
            "unknown", "whether the regenerative component is an adjunct or stand-alone is not recorded"
        )
    if offering.role == "adjunct":
        if offering.base_procedure:
            return Outcome("pass", f"offered as an adjunct to {offering.base_procedure}")
        return Outcome("unknown", "offered as an adjunct, but the base procedure is not named")
    cls = ctx.classification.value
    if cls is None:
        return classification_missing(ctx)
    adjunct_only = ctx.thresholds.categories("adjunct_only")
    indication = offering.indication or cls.attributes.get("indication")
    if cls.category in adjunct_only.categories and indication == "aesthetic":
        return Outcome(
            "fail",
            f"{cls.category.replace('_', ' ')} offered stand-alone for an aesthetic result, not as an adjunct to surgery",
            sources=list(adjunct_only.source),
        )
    return Outcome("pass", f"a stand-alone {cls.category.replace('_', ' ')} is within its usual scope")


def _red_flags(ctx: VerifyContext, severity: str) -> Outcome:
    if not ctx.marketing.present:
        return Outcome("unknown", "no marketing texts were given to scan")
    found = ctx.marketing.findings(severity)
    scanned = ctx.marketing.scanned
    if found:
        return Outcome(
            "fail",
            f"{len(found)} {severity}-severity claim(s) in {len(scanned)} text(s): {_listed(found)}",
            _finding_records(found),
            sorted({b for s in found for b in s.finding.basis if b in ctx.kb.sources}),
        )
    records = [
        {
            "kind": "marketing_scan",
            "source": r.source,
            "checked_on": ctx.as_of.isoformat(),
            "risk": r.risk,
        }
        for r in scanned
    ]
    if ctx.marketing.errors:
        return Outcome(
            "unknown", "some marketing could not be scanned: " + "; ".join(ctx.marketing.errors), records
        )
    return Outcome("pass", f"no {severity}-severity claim in {len(scanned)} marketing text(s)", records)


@check("3.4")
def high_red_flags(ctx: VerifyContext) -> Outcome:
    return _red_flags(ctx, "high")


@check("3.5")
def medium_red_flags(ctx: VerifyContext) -> Outcome:
    return _red_flags(ctx, "medium")
