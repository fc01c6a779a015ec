"""The scorecard as plain text for the terminal: verdict and reasons first, then each step's
marks with their explanation, then the audits and what to ask the clinic for."""

from __future__ import annotations

from typing import Any

SYMBOL = {"pass": "PASS", "fail": "FAIL", "unknown": " ?? ", "not_applicable": " n/a"}
VERDICT_LABEL = {
    "verified": "VERIFIED",
    "conditional": "CONDITIONAL",
    "not_verified": "NOT VERIFIED",
    "insufficient_evidence": "INSUFFICIENT EVIDENCE",
}


def _money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return "?"
    return f"{amount:,.0f} {currency or ''}".strip()


def _header(card: dict[str, Any]) -> list[str]:
    who = " / ".join(x for x in (card.get("clinic"), card.get("specialist"), card.get("offering")) if x)
    lines = [who or "(unnamed dossier)", ""]
    lines.append(f"Verdict: {VERDICT_LABEL.get(card['verdict'], card['verdict'])}   (as of {card['as_of']})")
    for reason in card["verdict_reasons"]:
        lines.append(f"  - {reason}")
    return lines


def _steps(card: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for step in card["steps"]:
        lines += ["", f"Step {step['id']}  {step['title']}"]
        for c in step["criteria"]:
            crit = " (critical)" if c["critical"] else ""
            lines.append(f"  [{SYMBOL.get(c['status'], c['status'])}] {c['id']} {c['title']}{crit}")
            lines.append(f"         {c['explanation']}")
            for ev in c["evidence"][:3]:
                when = f", {ev['checked_on']}" if ev.get("checked_on") else ""
                lines.append(
                    f"         evidence: {ev.get('kind')}: {ev.get('source') or ev.get('detail') or ''}{when}"
                )
    return lines


def _audits(card: dict[str, Any]) -> list[str]:
    lines = [""]
    cls = card.get("classification")
    if cls:
        kr = (cls.get("rulings") or {}).get("KR") or {}
        lines.append(
            f"Classification: {cls.get('category')}; Korea: {kr.get('status')}"
            f" (risk {kr.get('risk_level') or 'n/a'}, facility: {kr.get('facility_required')})"
        )
    claims = card.get("claims") or {}
    if claims.get("scanned"):
        summary = ", ".join(f"{k} {v}" for k, v in claims.get("summary", {}).items()) or "no findings"
        lines.append(f"Marketing scan: risk {claims.get('risk')}; {summary}")
    for tier in claims.get("designation_claims") or []:
        in_law = "a designation in law" if tier.get("in_law") else "NOT a designation in law"
        lines.append(
            f"Designation claimed: {tier.get('label')} ({in_law}) in {tier.get('origin')}: {tier.get('text')}"
        )
    quote = card.get("quote_audit") or {}
    if quote.get("present") and quote.get("lines"):
        total = f"Quote: total {_money(quote.get('total'), quote.get('currency'))}"
        conv = quote.get("total_converted")
        if conv:
            rate = conv["rates"][0] if conv.get("rates") else None
            dated = f", rate dated {rate['as_of']}" if rate else ""
            total += f" ≈ {_money(conv['amount'], conv['currency'])}{dated}"
        lines.append(total)
        for ln in quote["lines"]:
            ref = f" — {ln['detail']}" if ln.get("detail") else ""
            lines.append(f"  {ln['item']}: {_money(ln['amount'], quote.get('currency'))} [{ln['kind']}]{ref}")
        fee = quote.get("agency_fee")
        if fee:
            lines.append(f"  agency fee: {fee.get('detail')}")
    consent = (card.get("documents_audit") or {}).get("consent") or {}
    if consent.get("present"):
        lines.append(f"Consent ({consent.get('language') or '?'}): {consent.get('explanation')}")
        for item in consent.get("items", []):
            lines.append(f"  {item['status']:>12}: {item['title']}")
    return lines


def _credentials(card: dict[str, Any]) -> list[str]:
    creds = card.get("credentials") or []
    if not creds:
        return []
    lines = ["", "Credentials checked:"]
    for c in creds:
        lines.append(
            f"  [{c['status']}] {c.get('holder') or ''} {c['kind']} {c.get('number') or ''}: {c['detail']}"
        )
    return lines


def _asks(card: dict[str, Any]) -> list[str]:
    asks = [c for s in card["steps"] for c in s["criteria"] if c["status"] in ("fail", "unknown")]
    if not asks:
        return []
    lines = ["", "What to ask for:"]
    lines += [f"  {c['id']} {c['what_to_ask']}" for c in asks]
    return lines


def render_scorecard_text(card: dict[str, Any]) -> str:
    """The scorecard JSON (`Scorecard.to_dict()`) as a readable text report."""
    lines = _header(card) + _steps(card) + _audits(card) + _credentials(card) + _asks(card)
    if card.get("warnings"):
        lines += ["", "Warnings:"] + [f"  - {w}" for w in card["warnings"]]
    lines += ["", f"Knowledge version {card['knowledge_version']}; generated {card['generated_at']}"]
    return "\n".join(lines)
