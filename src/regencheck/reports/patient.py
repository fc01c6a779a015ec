"""The patient report: one document per case or per verification, in the patient's language.

It is assembled from the engines' own outputs (the verification scorecard with its
classification, claim scan and quote audit; the journey schedule and triage) and the journey
knowledge, never from figures of its own, so the PDF a coordinator hands over says what the
CLI says. Building is pure: `render.py` turns the result into HTML and PDF.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from ..disclaimer import DISCLAIMER
from ..journey import knowledge as jk
from ..journey.case import AdverseEventReport
from ..journey.schedule import Schedule
from ..journey.triage import Triage, emergency_contacts
from ..knowledge import KnowledgeBase
from . import labels as L
from .charts import PriceBar, StepBar, TimelinePoint, quote_chart, scorecard_chart, timeline_chart
from .i18n import N_, Translator, check_language


@dataclass(frozen=True)
class CaseContext:
    """What a case adds to a report: who, where, the stages reached, the schedule, adverse events."""

    alias: str
    home_country: str
    timezone: str
    clinic: str
    offering: str
    stages: list[tuple[str, datetime]] = field(default_factory=list)
    schedule: Schedule | None = None
    adverse_events: list[tuple[AdverseEventReport, Triage]] = field(default_factory=list)
    done: frozenset[str] = frozenset()


@dataclass
class PatientReport:
    """Every text of the report, translated and formatted; templates only lay it out."""

    language: str
    title: str
    generated: str
    facts: list[tuple[str, str]]
    verdict: dict[str, Any] | None
    reasons: list[dict[str, str]]
    steps: list[dict[str, Any]]
    therapy: dict[str, Any] | None
    red_flags: list[dict[str, str]]
    quote: dict[str, Any] | None
    questions: list[str]
    schedule: list[dict[str, str]]
    reactions: dict[str, list[str]]
    actions: list[str]
    contacts: list[dict[str, str]]
    adverse_events: list[dict[str, Any]]
    charts: dict[str, str]
    citations: list[str]
    disclaimer: str
    knowledge_version: str

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "charts"}


def _walk_findings(value: Any) -> list[dict[str, Any]]:
    """Claim findings wherever the scan output nests them (one scan, several, or a summary)."""
    if isinstance(value, dict):
        if {"category", "severity", "text"} <= value.keys():
            return [value]
        return [f for k, v in value.items() if k != "suppressed" for f in _walk_findings(v)]
    if isinstance(value, list):
        return [f for v in value for f in _walk_findings(v)]
    return []


def _steps(scorecard: dict[str, Any], tr: Translator) -> list[dict[str, Any]]:
    out = []
    for step in scorecard.get("steps", []):
        criteria = []
        for c in step.get("criteria", []):
            criteria.append(
                {
                    "id": str(c.get("id")),
                    "title": L.label(L.CRITERIA, c.get("id"), tr)
                    if c.get("id") in L.CRITERIA
                    else str(c.get("title")),
                    "status": str(c.get("status")),
                    "status_label": L.label(L.CRITERION_STATUS, c.get("status"), tr),
                    "critical": bool(c.get("critical")),
                    "explanation": str(c.get("explanation") or ""),
                }
            )
        counts = Counter(c["status"] for c in criteria)
        out.append(
            {
                "id": step.get("id"),
                "title": L.label(L.STEPS, step.get("id"), tr)
                if step.get("id") in L.STEPS
                else str(step.get("title")),
                "criteria": criteria,
                "counts": dict(counts),
            }
        )
    return out


def _ruling(rulings: dict[str, Any], code: str, tr: Translator) -> dict[str, Any] | None:
    r = rulings.get(code)
    if not isinstance(r, dict):
        return None
    return {
        "jurisdiction": code,
        "name": tr.territory(code),  # CLDR names unions too (EU → "European Union", "Uni Eropa")
        "status": str(r.get("status")),
        "status_label": L.label(L.RULING_STATUS, r.get("status"), tr),
        "facility": L.label(L.FACILITY, r.get("facility_required"), tr) if r.get("facility_required") else "",
        "risk_level": L.label(L.SEVERITY, r.get("risk_level"), tr) if r.get("risk_level") else "",
        "conditions": [
            f"{c.get('text')} ({L.label(_EVIDENCE, c.get('evidence_status'), tr)})"
            for c in r.get("conditions", [])
            if isinstance(c, dict)
        ],
        "summary": str(r.get("summary") or ""),
        "citations": [str(x) for x in r.get("citations", [])],
    }


_EVIDENCE = {"met": N_("met"), "unmet": N_("not met"), "unknown": N_("not confirmed")}


def _therapy(
    classification: dict[str, Any] | None, home: str | None, tr: Translator
) -> dict[str, Any] | None:
    if not classification:
        return None
    rulings = classification.get("rulings") or {}
    home_ruling = _ruling(rulings, home, tr) if home and home != "KR" else None
    product = classification.get("approved_product")
    return {
        "category": str(classification.get("category")),
        "category_label": L.label(L.CATEGORIES, classification.get("category"), tr),
        "korea": _ruling(rulings, "KR", tr),
        "home": home_ruling,
        "home_name": tr.territory(home) if home else "",
        "home_missing": bool(home and home != "KR" and home_ruling is None),
        "unknowns": [str(u) for u in classification.get("unknowns", [])],
        "questions": [str(q) for q in classification.get("questions", [])],
        "approved_product": product if isinstance(product, dict) else None,
    }


def quote_view(audit: dict[str, Any] | None, tr: Translator) -> tuple[dict[str, Any] | None, list[PriceBar]]:
    """Quote lines in the quote's and the patient's currency, with their reference ranges."""
    if not audit or not audit.get("present") or not audit.get("lines"):
        return None, []
    currency = str(audit.get("currency") or "KRW")
    conv = audit.get("total_converted") or None
    rate = float(conv["rate"]) if conv and conv.get("rate") else None
    target = str(conv["currency"]) if conv else None
    lines, bars = [], []
    for ln in audit["lines"]:
        amount = float(ln.get("amount") or 0)
        ref = ln.get("reference") or None
        row = {
            "item": str(ln.get("item")),
            "amount": tr.money(amount, currency),
            "converted": tr.money(amount * rate, target) if rate and target else "",
            "reference": "",
            "status": str(ln.get("status") or ""),
            "status_label": L.label(L.QUOTE_STATUS, ln.get("status"), tr)
            if ln.get("kind") == "regenerative"
            else "",
        }
        if ref and ref.get("legitimate_aesthetic_price", True):
            rc = str(ref.get("currency"))
            low, high, typical = ref.get("low"), ref.get("high"), ref.get("typical_high")
            row["reference"] = _range_text(low, high, typical, partial(_money_in, tr, rc, 1.0))
            if rc == currency and rate and target and target != currency:
                converted = _range_text(low, high, typical, partial(_money_in, tr, target, float(rate)))
                row["reference"] += f" ({converted})"
            quantity = int(ln.get("quantity") or 1)
            if rc == currency:
                unit = amount / max(quantity, 1)
                bars.append(
                    PriceBar(
                        row["item"],
                        unit,
                        float(low) if low is not None else None,
                        float(high) if high is not None else None,
                        tr.money(unit, currency),
                        row["reference"],
                    )
                )
        lines.append(row)
    total = audit.get("total")
    rate_note = ""
    if conv and conv.get("rates"):
        first = conv["rates"][0]
        rate_note = tr.gettext("Exchange rate as of {date}").format(
            date=tr.date(date.fromisoformat(str(first["as_of"])), "medium")
        )
    return {
        "currency": currency,
        "patient_currency": target or "",
        "lines": lines,
        "total": tr.money(float(total), currency) if total is not None else "",
        "total_converted": tr.money(float(conv["amount"]), target) if conv and target else "",
        "rate_note": rate_note,
        "itemized": L.label(L.CRITERION_STATUS, (audit.get("itemized") or {}).get("status"), tr),
        "prices": L.label(L.CRITERION_STATUS, (audit.get("prices") or {}).get("status"), tr),
        "agency_fee": audit.get("agency_fee"),
    }, bars


def _reactions(kb: KnowledgeBase, tr: Translator) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"expected": [], "unexpected": [], "emergency": []}
    for r in jk.reactions(kb).reactions:
        text = r.label.get(tr.language)
        if r.expected_within_hours:
            text += " " + tr.gettext("(usually settles within {hours} hours)").format(
                hours=r.expected_within_hours
            )
        out[r.severity].append(text)
    return out


@dataclass
class _Verified:
    """The report sections that come from a verification scorecard."""

    verdict: dict[str, str] | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, str]] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    red_flags: list[dict[str, str]] = field(default_factory=list)
    quote: dict[str, Any] | None = None
    therapy: dict[str, Any] | None = None
    citations: list[str] = field(default_factory=list)


def _facts(
    scorecard: dict[str, Any] | None, case: CaseContext | None, home: str | None, tr: Translator
) -> list[tuple[str, str]]:
    _ = tr.gettext
    facts: list[tuple[str, str]] = []
    if case and case.alias:
        facts.append((_("Patient"), case.alias))
    if home:
        facts.append((_("Home country"), tr.territory(home)))
    clinic = (scorecard or {}).get("clinic") or (case.clinic if case else "")
    offering = (scorecard or {}).get("offering") or (case.offering if case else "")
    if clinic:
        facts.append((_("Clinic"), str(clinic)))
    if (scorecard or {}).get("specialist"):
        facts.append((_("Specialist"), str(scorecard["specialist"])))  # type: ignore[index]
    if offering:
        facts.append((_("Offer"), str(offering)))
    return facts


def _verified(scorecard: dict[str, Any], home: str | None, kb: KnowledgeBase, tr: Translator) -> _Verified:
    """Verdict, reasons, scorecard chart, therapy rulings, red flags and quote of a scorecard."""
    _ = tr.gettext
    out = _Verified()
    v = str(scorecard.get("verdict"))
    out.verdict = {
        "id": v,
        "label": L.label(L.VERDICTS, v, tr),
        "meaning": L.label(L.VERDICT_MEANINGS, v, tr),
    }
    out.steps = _steps(scorecard, tr)
    out.reasons = [
        {
            "id": c["id"],
            "title": c["title"],
            "status": c["status_label"],
            "explanation": c["explanation"],
            "critical": _("critical") if c["critical"] else "",
        }
        for s in out.steps
        for c in s["criteria"]
        if c["status"] in ("fail", "unknown")
    ]
    out.reasons.sort(key=lambda r: (r["critical"] == "", r["id"]))
    legend = {k: L.label(L.CRITERION_STATUS, k, tr) for k in ("pass", "fail", "unknown", "not_applicable")}
    out.charts["scorecard"] = scorecard_chart(
        _("Checks by step"), [StepBar(f"{s['id']}. {s['title']}", s["counts"]) for s in out.steps], legend
    )
    out.therapy = _therapy(scorecard.get("classification"), home, tr)
    for f in _walk_findings(scorecard.get("claims")):
        out.red_flags.append(
            {
                "category": L.label(L.CLAIMS, f.get("category"), tr),
                "severity": L.label(L.SEVERITY, f.get("severity"), tr),
                "severity_id": str(f.get("severity")),
                "text": str(f.get("text")),
            }
        )
    rank = {"high": 0, "medium": 1, "low": 2}
    out.red_flags.sort(key=lambda f: rank.get(f["severity_id"], 3))
    out.quote, bars = quote_view(scorecard.get("quote_audit"), tr)
    if bars:
        out.charts["quote"] = quote_chart(_("Quoted price against the reference range"), bars)
    for sid in (scorecard.get("quote_audit") or {}).get("sources", []):
        out.citations += kb.cite([sid])
    if out.therapy:
        for key in ("korea", "home"):
            if out.therapy[key]:
                out.citations += out.therapy[key]["citations"]
    return out


def _schedule(
    case: CaseContext, kb: KnowledgeBase, tr: Translator, today: date
) -> tuple[list[dict[str, str]], list[TimelinePoint], list[str]]:
    """The case's follow-up rows, its journey timeline points, and the rows' citations."""
    rows: list[dict[str, str]] = []
    citations: list[str] = []
    stage_labels = {s.id: s.label.get(tr.language) for s in jk.stages(kb).stages}
    points = [
        TimelinePoint(at.date(), f"{stage_labels.get(sid, sid)} · {tr.date(at.date(), 'short')}", "stage")
        for sid, at in case.stages
    ]
    for item in case.schedule.items if case.schedule else ():
        when = tr.date(item.date, "full")
        if item.until:
            when += " – " + tr.date(item.until, "long")
        local = tr.datetime(item.patient_starts_at, case.timezone, "short") if item.patient_starts_at else ""
        seoul = tr.datetime(item.starts_at, "Asia/Seoul", "short") if item.starts_at else ""
        rows.append(
            {
                "date": when,
                "local": local,
                "seoul": seoul,
                "label": item.label,
                "note": item.note,
                "status": L.label(L.SCHEDULE_STATUS, item.status(today, case.done), tr),
                "citation": "; ".join(item.citations),
            }
        )
        citations += item.citations
        points.append(TimelinePoint(item.date, f"{item.label} · {tr.date(item.date, 'short')}", item.kind))
    return rows, points, citations


def _adverse_events(case: CaseContext, tr: Translator) -> list[dict[str, Any]]:
    _ = tr.gettext
    return [
        {
            "onset": tr.date(report.onset, "long"),
            "level": L.label(L.TRIAGE_LEVEL, result.level, tr),
            "level_id": result.level,
            "symptoms": [f"{s.label} ({L.label(L.TRIAGE_REASON, s.reason, tr)})" for s in result.symptoms],
            "actions": [
                a.label
                + (f" — {_('by')} {tr.datetime(a.due_at, case.timezone, 'short')}" if a.due_at else "")
                for a in result.actions
            ],
        }
        for report, result in case.adverse_events
    ]


def build_patient_report(
    *,
    kb: KnowledgeBase,
    language: str,
    generated_at: datetime,
    scorecard: dict[str, Any] | None = None,
    case: CaseContext | None = None,
    home_country: str | None = None,
) -> PatientReport:
    """Assemble the report from a verification scorecard (`verify_dossier(...).to_dict()`), a case, or both."""
    tr = Translator(check_language(language))
    _ = tr.gettext
    home = (case.home_country if case else home_country) or None
    today = generated_at.date()
    verified = _verified(scorecard, home, kb, tr) if scorecard else _Verified()
    citations = list(verified.citations)
    charts = dict(verified.charts)

    questions = [q.text.get(tr.language) for q in jk.questions(kb).questions]
    citations += [c for q in jk.questions(kb).questions for c in kb.cite(q.source)]
    if verified.therapy:
        questions = questions + [q for q in verified.therapy["questions"] if q not in questions]

    schedule_rows, points, schedule_citations = _schedule(case, kb, tr, today) if case else ([], [], [])
    citations += schedule_citations
    if points:
        charts["timeline"] = timeline_chart(_("Your journey"), points, today, _("today"))

    citations += [c for r in jk.reactions(kb).reactions for c in kb.cite(r.source)]
    contacts = [
        {"country": tr.territory(c.country), "number": c.number, "label": c.label}
        for c in emergency_contacts(home, kb, tr.language)
    ]
    return PatientReport(
        language=tr.language,
        title=_("Your regenerative-medicine report"),
        generated=tr.date(today, "long"),
        facts=_facts(scorecard, case, home, tr),
        verdict=verified.verdict,
        reasons=verified.reasons,
        steps=verified.steps,
        therapy=verified.therapy,
        red_flags=verified.red_flags,
        quote=verified.quote,
        questions=questions,
        schedule=schedule_rows,
        reactions=_reactions(kb, tr),
        actions=[a.label.get(tr.language) for a in jk.reactions(kb).actions],
        contacts=contacts,
        adverse_events=_adverse_events(case, tr) if case else [],
        charts=charts,
        citations=sorted(set(citations)),
        disclaimer=_(DISCLAIMER),
        knowledge_version=str((scorecard or {}).get("knowledge_version") or kb.version),
    )


def _money_in(tr: Translator, currency: str, rate: float, value: float) -> str:
    return tr.money(value * rate, currency)


def _range_text(low: Any, high: Any, typical_high: Any, money: Callable[[float], str]) -> str:
    """A reference range as people read it; an open top shows its typical figure with a plus
    ("3,000,000 – 12,000,000+"), as seed 002 writes it."""
    left = money(float(low)) if low is not None else "…"
    if high is not None:
        right = money(float(high))
    elif typical_high is not None:
        right = money(float(typical_high)) + "+"
    else:
        right = "…"
    return f"{left} – {right}"
