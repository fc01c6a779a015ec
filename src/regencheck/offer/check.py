"""Check one offer for a patient: what the therapy is, what the text claims, what the quote and the
consent form say, and what to ask the clinic, in one answer.

A patient has a text, not a dossier: a clinic page, a WhatsApp offer, a quote, a consent form.
This composes the engines a verifier uses (classify, the claim scanner, the quote and consent
audits) on that text alone, so the patient sees the same judgments with the same sources.
Pure: no I/O, nothing stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..claims import scan_text
from ..claims.result import ClaimFinding
from ..classify import classify
from ..classify.result import Classification, Ruling
from ..classify.tables import tables_for
from ..disclaimer import DISCLAIMER
from ..errors import ValidationFailed
from ..knowledge import KnowledgeBase, default_knowledge
from ..verify.documents import ConsentAudit, audit_consent
from ..verify.dossier import Consultation, Dossier, Patient, Quote, QuoteLine, TextSource
from ..verify.fx import currency_of
from ..verify.quote import QuoteAudit, audit_quote
from .quote_text import QuoteText, parse_quote_text

Kind = Literal["auto", "offer", "quote", "consent"]
KINDS: tuple[str, ...] = ("auto", "offer", "quote", "consent")

_CONSENT_CUES = re.compile(
    r"\b(?:informed consent|consent form|i (?:hereby )?(?:consent|agree|understand|acknowledge))\b"
    r"|동의서|동의합니다|이해하였|persetujuan|saya (?:menyetujui|memahami)",
    re.IGNORECASE,
)
# Words so common in Indonesian and Malay prose that three of them mark a text as such; the
# scanner and classifier read English and Korean, so such a text gets a plain warning.
_MALAY_WORDS = frozenset(
    [
        "yang",
        "dan",
        "dengan",
        "untuk",
        "anda",
        "tidak",
        "dari",
        "ini",
        "itu",
        "akan",
        "kami",
        "adalah",
        "dapat",
    ]
)
_COMMITTEE_FACILITIES = (
    "designated_institution",
    "designated_institution_with_licensed_cell_processing",
    "clinical_trial_only",
)


@dataclass(frozen=True)
class OfferRequest:
    """What the patient gives: the text, where they live, and what kind of text it is."""

    text: str
    home_country: str | None = None
    kind: Kind = "auto"
    as_of: date | None = None


@dataclass
class OfferCheck:
    """The answer for one offer (see the module docstring)."""

    request: OfferRequest
    kinds: tuple[str, ...]
    classification: Classification
    home_jurisdiction: str | None
    findings: list[ClaimFinding]
    quote_text: QuoteText
    quote: QuoteAudit | None
    consent: ConsentAudit | None
    questions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def korea(self) -> Ruling:
        return self.classification.rulings["KR"]

    @property
    def home(self) -> Ruling | None:
        code = self.home_jurisdiction
        return self.classification.rulings.get(code) if code and code != "KR" else None

    @property
    def risk(self) -> str:
        order = {"none": 0, "low": 1, "medium": 2, "high": 3}
        return max((f.severity for f in self.findings), key=order.__getitem__, default="none")

    def to_dict(self) -> dict[str, Any]:
        cls = self.classification
        home = self.home
        return {
            "kinds": list(self.kinds),
            "home_country": self.request.home_country,
            "therapy": {
                "category": cls.category,
                "category_label": cls.category_label,
                "explanation": cls.category_plain or cls.category_explanation,
                "korea": self.korea.to_dict(),
                "home": {"jurisdiction": self.home_jurisdiction, **home.to_dict()} if home else None,
                "unknowns": list(cls.unknowns),
            },
            "claims": {"risk": self.risk, "findings": [f.to_dict() for f in self.findings]},
            "quote": self.quote.to_dict() if self.quote else None,
            "quote_stated_total": self.quote_text.stated_total,
            "consent": self.consent.to_dict() if self.consent else None,
            "questions": self.questions,
            "notes": self.notes,
            "disclaimer": DISCLAIMER,
        }


def home_jurisdiction(country: str | None, kb: KnowledgeBase) -> str | None:
    """The ruling that applies at home: the country's own, or the union's it is a member of
    (an EU member state → EU, from the rules file's `members`), else None."""
    if not country:
        return None
    code = country.upper()
    tables = tables_for(kb)
    if code in tables.jurisdictions:
        return code
    return tables.member_of.get(code)


def _kinds(text: str, kind: Kind, quote: QuoteText) -> tuple[str, ...]:
    if kind != "auto":
        return (kind,)
    found = ["offer"]
    if len(quote.lines) >= 2 or (quote.lines and quote.stated_total is not None):
        found.append("quote")
    if _CONSENT_CUES.search(text):
        found.append("consent")
    return tuple(found)


def _quote_dossier(quote: QuoteText, home: str | None) -> Dossier:
    lines = [QuoteLine(item=ln.item, amount=ln.amount, quantity=ln.quantity) for ln in quote.lines]
    return Dossier(
        quote=Quote(currency=quote.currency, lines=lines),
        patient=Patient(home_country=home) if home else None,
    )


def _questions(check: OfferCheck) -> list[str]:
    """What to ask the clinic: the classifier's open questions first, then each gap found."""
    asked: list[str] = list(check.classification.questions)
    for finding in check.findings:
        if finding.severity == "high":
            asked.append(f'The offer says "{finding.text}". What published evidence supports this?')
    if check.quote is not None:
        status, _why = check.quote.itemization
        if status == "fail":
            asked.append("Can you itemise the quote (surgery, cell processing, anaesthesia, aftercare)?")
    if check.consent is not None:
        for item in check.consent.items:
            if item["status"] == "missing":
                asked.append(f"The consent form does not cover: {item['title']}. Can you add it in writing?")
    return list(dict.fromkeys(asked))


def check_offer(request: OfferRequest, kb: KnowledgeBase | None = None) -> OfferCheck:
    """Classify, scan and audit one offer text for a patient."""
    kb = kb or default_knowledge()
    text = request.text.strip()
    if not text:
        raise ValidationFailed("text: paste the offer, page, quote or consent form to check")
    if request.kind not in KINDS:
        raise ValidationFailed(f"kind: expected one of {', '.join(KINDS)}")
    as_of = request.as_of or date.today()
    home = request.home_country.upper() if request.home_country else None
    quote_text = parse_quote_text(text)
    kinds = _kinds(text, request.kind, quote_text)
    classification = classify(text, kb)
    scan = scan_text(text, kb, source="offer")
    notes: list[str] = list(scan.notes)
    quote = None
    if "quote" in kinds:
        if quote_text.present:
            quote = audit_quote(_quote_dossier(quote_text, home), kb, as_of, classification.category)
            if quote_text.mixed_currencies:
                notes.append("the quote mixes currencies (" + ", ".join(quote_text.mixed_currencies) + ")")
        else:
            notes.append(
                "no priced lines were found in the quote (one price per line, e.g. 'SVF ₩3,000,000')"
            )
    consent = None
    if "consent" in kinds:
        kr = classification.rulings["KR"]
        needs_committee = None if kr.status == "unknown" else kr.facility_required in _COMMITTEE_FACILITIES
        dossier = Dossier(consultation=Consultation(consent=TextSource(text=text)))
        consent = audit_consent(dossier, kb, None, needs_committee)
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if len({w for w in words if w in _MALAY_WORDS}) >= 3:
        notes.append(
            "this text looks Indonesian or Malay; regencheck reads claims in English and Korean, "
            "so ask the clinic for the English or Korean version and check that too"
        )
    check = OfferCheck(
        request=request,
        kinds=kinds,
        classification=classification,
        home_jurisdiction=home_jurisdiction(home, kb),
        findings=list(scan.findings),
        quote_text=quote_text,
        quote=quote,
        consent=consent,
        notes=notes,
    )
    if home and home != "KR" and check.home is None:
        check.notes.append(f"the knowledge base has no ruling for {home}; only Korea's is shown")
    if home and currency_of(home) is None:
        check.notes.append(f"no currency is known for {home}; prices stay in the quote's currency")
    check.questions = _questions(check)
    return check
