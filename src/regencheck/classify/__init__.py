"""Classify a therapy: what it is, its ruling in KR, US, JP, EU and SG, and what to ask.

`classify()` takes structured attributes or a free-text description (English or Korean) and
returns a `Classification`; rules, products, questions and vocabularies are knowledge-base data.
"""

from .engine import classify, parse_therapy
from .freetext import Extraction, extract_attributes
from .result import ApprovedProduct, Classification, Condition, Evidence, Ruling
from .therapy import Therapy

__all__ = [
    "ApprovedProduct",
    "Classification",
    "Condition",
    "Evidence",
    "Extraction",
    "Ruling",
    "Therapy",
    "classify",
    "extract_attributes",
    "parse_therapy",
]
