"""Quote audit: is the quote itemized, are the regenerative lines priced within the reference
ranges for the clinic's tier, what does it cost in the patient's currency, and is the agency fee
within its legal cap?

Seed 000 asks for a quote that separates the base surgical fee from the SVF processing fee and
calls a lump-sum "stem cell therapy" line a warning sign; the reference ranges, FX rates and fee
caps are knowledge-base data with sources, and every figure the audit uses is listed with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..knowledge import KnowledgeBase
from ..text.phrases import find_cue
from .dossier import Dossier, QuoteLine
from .fx import convert, currency_of
from .schema import FeesFile, PriceRange, PricesFile

Status = Literal["pass", "fail", "unknown", "not_applicable"]


@dataclass
class LineAudit:
    item: str
    amount: float
    quantity: int
    kind: str
    price_item: str | None
    bundled: bool
    status: str = "not_compared"
    reference: dict[str, Any] | None = None
    references: list[dict[str, Any]] = field(default_factory=list)
    detail: str = ""
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "amount": self.amount,
            "quantity": self.quantity,
            "kind": self.kind,
            "price_item": self.price_item,
            "bundled": self.bundled,
            "status": self.status,
            "reference": self.reference,
            "references": self.references,
            "detail": self.detail,
            "note": self.note,
        }


@dataclass
class QuoteAudit:
    """Figures and findings of the audit, plus the statuses they give criteria 4.4 and 4.5."""

    present: bool
    currency: str | None = None
    lines: list[LineAudit] = field(default_factory=list)
    total: float | None = None
    total_converted: dict[str, Any] | None = None
    agency_fee: dict[str, Any] | None = None
    itemization: tuple[Status, str] = ("unknown", "no quote in the dossier")
    pricing: tuple[Status, str] = ("unknown", "no quote in the dossier")
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "present": self.present,
            "currency": self.currency,
            "lines": [line.to_dict() for line in self.lines],
            "total": self.total,
            "total_converted": self.total_converted,
            "agency_fee": self.agency_fee,
            "itemized": {"status": self.itemization[0], "explanation": self.itemization[1]},
            "prices": {"status": self.pricing[0], "explanation": self.pricing[1]},
            "problems": self.problems,
            "sources": sorted(set(self.sources)),
        }


def _classify_line(line: QuoteLine, prices: PricesFile, category: str | None) -> tuple[str, str | None, bool]:
    """(kind, price item id, bundled) of one quote line, from its declared kind or its wording."""
    text = line.item
    item_id: str | None = None
    for item in prices.items:
        if find_cue(text, item.cues):
            item_id = item.id
            break
    if item_id == "stem_cell_unspecified" and category:
        item_id = next((i.id for i in prices.items if category in i.categories), item_id)
    base = find_cue(text, prices.base_procedure_cues) is not None
    bundle = find_cue(text, prices.bundle_cues) is not None
    kind = line.kind
    if kind is None:
        if find_cue(text, prices.agency_fee_cues):
            kind = "agency_fee"
        elif item_id is not None:
            kind = "regenerative"
        elif base:
            kind = "base_procedure"
        else:
            kind = "other"
    if kind == "regenerative" and item_id is None and category:
        item_id = next((i.id for i in prices.items if category in i.categories), None)
    # A line the facilitator declared regenerative is trusted to be only that; an inferred one
    # that also names a base procedure or a package is a lump sum.
    bundled = line.kind is None and kind == "regenerative" and (base or bundle)
    return kind, item_id if kind == "regenerative" else None, bundled


def _reference(
    prices: PricesFile,
    item_id: str,
    tier: str | None,
    indication: str | None,
    context: str,
    currency: str,
) -> list[PriceRange]:
    """The ranges that apply to one line, most specific first.

    A range narrowed by context cues ("knee") that match, or by indication, is more specific
    than a general one; only the most specific level is kept, so a knee figure does not get
    diluted by a generic one, while ranges of equal standing (several sources) are all kept.
    """
    scored: list[tuple[int, PriceRange]] = []
    for r in prices.ranges:
        if r.item != item_id or (r.tier is not None and r.tier != tier):
            continue
        allowed = r.indications()
        if allowed is not None and indication not in allowed:
            continue
        if r.context_cues and not find_cue(context, r.context_cues):
            continue
        scored.append(((2 if r.context_cues else 0) + (1 if allowed is not None else 0), r))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    # The same source's figures in several currencies are one reference: keep the quote's
    # currency where the source gives it, else its first listing.
    by_source: dict[tuple[str, ...], PriceRange] = {}
    for score, r in scored:
        if score != best:
            continue
        key = tuple(sorted(r.source))
        kept = by_source.get(key)
        if kept is None or (kept.currency != currency and r.currency == currency):
            by_source[key] = r
    return list(by_source.values())


def _reference_dict(rng: PriceRange) -> dict[str, Any]:
    return {
        "item": rng.item,
        "tier": rng.tier,
        "indication": rng.indication,
        "currency": rng.currency,
        "low": rng.low,
        "high": rng.high,
        "typical_high": rng.typical_high,
        "unit": rng.unit,
        "legitimate_aesthetic_price": rng.legitimate_aesthetic_price,
        "note": rng.note or None,
        "source": rng.source,
        "as_of": rng.as_of.isoformat(),
    }


def _span(rng: PriceRange) -> str:
    low = f"{rng.low:,.0f}" if rng.low is not None else "…"
    if rng.high is not None:
        high = f"{rng.high:,.0f}"
    elif rng.typical_high is not None:
        high = f"{rng.typical_high:,.0f}+"
    else:
        high = "…"
    return f"{low}–{high} {rng.currency} per {rng.unit}"


def _position(unit_price: float, rng: PriceRange) -> str:
    if rng.low is not None and unit_price < rng.low:
        return "below"
    if rng.high is not None and unit_price > rng.high:
        return "above"
    return "within"


def _compare(line: LineAudit, src: QuoteLine, ranges: list[PriceRange], ctx: _Ctx) -> None:
    """Judge one line against every applicable range: within any of them is within (sources
    differ in their spans); otherwise the nearest range says whether it is above or below."""
    for rng in ranges:
        ctx.sources.extend(rng.source)
    line.references = [_reference_dict(r) for r in ranges]
    illegitimate = [r for r in ranges if not r.legitimate_aesthetic_price]
    if illegitimate:
        rng = illegitimate[0]
        line.reference = _reference_dict(rng)
        line.status = "not_legitimate"
        line.detail = rng.note or f"{rng.item} has no legitimate routine price for this indication"
        return
    judged: list[tuple[PriceRange, float, str]] = []
    missing_fx: list[str] = []
    for rng in ranges:
        unit_price = src.amount / src.quantity
        if rng.currency != ctx.currency:
            conv = convert(unit_price, ctx.currency, rng.currency, ctx.kb, ctx.as_of)
            if conv is None:
                missing_fx.append(rng.currency)
                continue
            for r in conv.rates:
                ctx.sources.extend(r.source)
            unit_price = conv.amount
        judged.append((rng, unit_price, _position(unit_price, rng)))
    if not judged:
        line.reference = _reference_dict(ranges[0])
        line.status = "no_reference"
        line.detail = (
            f"no FX rate from {ctx.currency} to {', '.join(sorted(set(missing_fx)))} "
            f"on or before {ctx.as_of.isoformat()}"
        )
        return
    within = [j for j in judged if j[2] == "within"]
    rng, unit_price, position = within[0] if within else judged[0]
    line.reference = _reference_dict(rng)
    shown = f"{unit_price:,.0f} {rng.currency}"
    spans = "; ".join(f"{_span(r)} ({', '.join(r.source)})" for r, _, _ in judged)
    if within:
        line.status = "within"
        line.detail = f"{shown} within {_span(rng)}"
        return
    positions = {p for _, _, p in judged}
    line.status = position if len(positions) == 1 else "outside"
    if src.note:
        line.status = f"{line.status}_explained"
        line.detail = f"{shown} is outside {spans}; clinic's explanation: {src.note}"
    else:
        line.detail = f"{shown} is outside {spans} with no explanation"


@dataclass
class _Ctx:
    kb: KnowledgeBase
    as_of: date
    currency: str
    sources: list[str]


def audit_quote(dossier: Dossier, kb: KnowledgeBase, as_of: date, category: str | None) -> QuoteAudit:
    """Audit the dossier's quote (see the module docstring); pure, no I/O."""
    quote = dossier.quote
    if quote is None or not quote.lines:
        return QuoteAudit(present=quote is not None)
    prices = kb.topic("verify/prices", PricesFile)
    clinic = dossier.clinic
    offering = dossier.offering
    currency = quote.currency or "KRW"
    audit = QuoteAudit(present=True, currency=currency, sources=list(prices.cue_source))
    if quote.currency is None:
        audit.problems.append("the quote names no currency; KRW assumed")
    ctx = _Ctx(kb, as_of, currency, audit.sources)
    for src in quote.lines:
        kind, item_id, bundled = _classify_line(src, prices, category)
        audit.lines.append(
            LineAudit(src.item, src.amount, src.quantity, kind, item_id, bundled, note=src.note)
        )

    medical = [ln for ln in audit.lines if ln.kind != "agency_fee"]
    audit.total = sum(ln.amount for ln in audit.lines)
    audit.itemization = _itemization(audit.lines, dossier)
    _convert_total(audit, dossier, kb, as_of)
    tier = clinic.price_tier if clinic else None
    indication = offering.indication if offering else None
    context = _offering_context(dossier)
    for line, src in zip(audit.lines, quote.lines, strict=True):
        if line.kind != "regenerative":
            continue
        if line.bundled:
            line.status = "not_comparable"
            line.detail = "bundled with other items; the regenerative part cannot be priced"
            continue
        if line.price_item is None:
            line.status = "no_reference"
            line.detail = "the line does not say which regenerative product it is"
            continue
        ranges = _reference(prices, line.price_item, tier, indication, context + " " + src.item, currency)
        if not ranges:
            line.status = "no_reference"
            line.detail = f"no reference range for {line.price_item}" + (
                "" if tier else " without the clinic's price tier"
            )
            continue
        _compare(line, src, ranges, ctx)
    audit.agency_fee = _agency_fee(audit, dossier, kb, sum(ln.amount for ln in medical))
    audit.pricing = _pricing(audit)
    return audit


def _offering_context(dossier: Dossier) -> str:
    """What the offering says about itself (name, description, base procedure, therapy name):
    context cues such as "knee" narrow a price range to the procedure it was quoted for."""
    offering = dossier.offering
    if offering is None:
        return ""
    therapy = offering.therapy or {}
    parts = [
        offering.marketing_name,
        offering.description,
        offering.base_procedure,
        *(str(therapy.get(k) or "") for k in ("name", "description", "product_name")),
    ]
    return " ".join(p for p in parts if p)


def _itemization(lines: list[LineAudit], dossier: Dossier) -> tuple[Status, str]:
    regenerative = [ln for ln in lines if ln.kind == "regenerative"]
    base = [ln for ln in lines if ln.kind == "base_procedure"]
    bundled = [ln for ln in regenerative if ln.bundled]
    offering = dossier.offering
    has_base_procedure = bool(offering and (offering.base_procedure or offering.role == "adjunct"))
    if bundled:
        names = "; ".join(f"'{ln.item}'" for ln in bundled)
        return "fail", f"lump-sum line bundles the regenerative component with other items: {names}"
    if not regenerative:
        return "fail", "no line names the regenerative component, so its price is hidden in other items"
    if has_base_procedure and not base:
        return (
            "fail",
            "the base procedure has no line of its own; its fee is folded into the regenerative line(s)",
        )
    parts = [f"{len(regenerative)} regenerative line(s)"]
    if base:
        parts.append(f"{len(base)} base-procedure line(s)")
    return "pass", "itemized: " + " and ".join(parts) + " priced separately"


def _convert_total(audit: QuoteAudit, dossier: Dossier, kb: KnowledgeBase, as_of: date) -> None:
    patient = dossier.patient
    target = currency_of(patient.home_country) if patient else None
    if target is None or audit.total is None or audit.currency is None:
        return
    conv = convert(audit.total, audit.currency, target, kb, as_of)
    if conv is None:
        audit.problems.append(
            f"no FX rate from {audit.currency} to {target} on or before {as_of.isoformat()}"
        )
        return
    audit.total_converted = conv.describe()
    for r in conv.rates:
        audit.sources.extend(r.source)


def _agency_fee(
    audit: QuoteAudit, dossier: Dossier, kb: KnowledgeBase, medical_total: float
) -> dict[str, Any] | None:
    quote = dossier.quote
    percent = quote.agency_fee_percent if quote else None
    fee_lines = [ln for ln in audit.lines if ln.kind == "agency_fee"]
    if percent is None and fee_lines and medical_total > 0:
        percent = round(100 * sum(ln.amount for ln in fee_lines) / medical_total, 2)
    if percent is None:
        return None
    itype = dossier.clinic.institution_type if dossier.clinic else None
    caps = {c.institution_type: c for c in kb.topic("verify/fees", FeesFile).agency_fee_caps}
    cap = caps.get(itype) if itype else None
    out: dict[str, Any] = {"percent": percent, "institution_type": itype}
    if cap is None:
        out.update(status="unknown", detail="the clinic's institution type is unknown, so its fee cap is too")
        return out
    audit.sources.extend(cap.source)
    out.update(cap_percent=cap.max_percent, source=cap.source)
    if percent > cap.max_percent:
        out.update(
            status="above_cap",
            detail=f"agency fee {percent}% exceeds the {cap.max_percent}% cap for a {itype}",
        )
    else:
        out.update(
            status="within_cap",
            detail=f"agency fee {percent}% within the {cap.max_percent}% cap for a {itype}",
        )
    return out


def _pricing(audit: QuoteAudit) -> tuple[Status, str]:
    fails: list[str] = []
    unknowns: list[str] = []
    oks: list[str] = []
    for ln in audit.lines:
        if ln.kind != "regenerative":
            continue
        if ln.status in ("above", "below", "outside", "not_legitimate"):
            fails.append(f"'{ln.item}': {ln.detail}")
        elif ln.status in ("within", "above_explained", "below_explained", "outside_explained"):
            oks.append(f"'{ln.item}': {ln.detail}")
        else:
            unknowns.append(f"'{ln.item}': {ln.detail}")
    fee = audit.agency_fee
    if fee and fee.get("status") == "above_cap":
        fails.append(str(fee["detail"]))
    if fails:
        return "fail", "; ".join(fails)
    if unknowns or not oks:
        return "unknown", "; ".join(
            unknowns
        ) or "no regenerative line could be compared with a reference range"
    return "pass", "; ".join(oks)
