"""The patient's check of one offer (classification, claims, quote and consent in one answer)."""

from .check import KINDS, OfferCheck, OfferRequest, check_offer
from .quote_text import QuoteText, QuoteTextLine, parse_quote_text

__all__ = [
    "KINDS",
    "OfferCheck",
    "OfferRequest",
    "QuoteText",
    "QuoteTextLine",
    "check_offer",
    "parse_quote_text",
]
