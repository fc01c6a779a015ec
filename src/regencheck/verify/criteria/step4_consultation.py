"""Step 4: consultation, written protocol, consent and price (the audits decide 4.2–4.5)."""

from __future__ import annotations

from typing import Any

from ..context import VerifyContext
from ..schema import PricesFile
from .base import Outcome, check, threshold


@check("4.1")
def consultation(ctx: VerifyContext) -> Outcome:
    minimum, sources = threshold(ctx, "consultation_min_minutes")
    c = ctx.dossier.consultation
    if c is not None and c.physician_led is False:
        return Outcome("fail", "the consultation is led by a coordinator, not a physician", sources=sources)
    if c is not None and c.minutes is not None and c.minutes < minimum:
        return Outcome(
            "fail",
            f"a {c.minutes:g}-minute consultation, under the {minimum:g} minutes expected",
            sources=sources,
        )
    if c is None or c.physician_led is None or c.minutes is None:
        return Outcome(
            "unknown",
            "who leads the consultation and how long it lasts are not both recorded",
            sources=sources,
        )
    return Outcome("pass", f"physician-led, {c.minutes:g} minutes (at least {minimum:g})", sources=sources)


@check("4.2")
def written_protocol(ctx: VerifyContext) -> Outcome:
    p = ctx.protocol
    return Outcome(p.status, p.explanation, sources=list(p.source))


@check("4.3")
def consent(ctx: VerifyContext) -> Outcome:
    audit = ctx.consent
    records: list[dict[str, Any]] = []
    if audit.present:
        records.append(
            {"kind": "consent", "source": audit.source, "checked_on": None, "language": audit.language}
        )
        records += [
            {
                "kind": f"consent_item:{i['id']}",
                "source": audit.source,
                "checked_on": None,
                "detail": i["sentence"],
            }
            for i in audit.items
            if i["sentence"]
        ]
    return Outcome(audit.status, audit.explanation, records)


@check("4.4")
def itemized_quote(ctx: VerifyContext) -> Outcome:
    status, why = ctx.quote.itemization
    prices = ctx.kb.topic("verify/prices", PricesFile)
    return Outcome(status, why, _quote_evidence(ctx), list(prices.cue_source))


@check("4.5")
def reference_prices(ctx: VerifyContext) -> Outcome:
    status, why = ctx.quote.pricing
    return Outcome(status, why, _quote_evidence(ctx), sorted(set(ctx.quote.sources)))


def _quote_evidence(ctx: VerifyContext) -> list[dict[str, Any]]:
    if not ctx.quote.present:
        return []
    return [
        {
            "kind": "quote_line",
            "source": "quote",
            "checked_on": None,
            "detail": f"{ln.item}: {ln.amount:,.0f} {ctx.quote.currency}",
        }
        for ln in ctx.quote.lines
    ]
