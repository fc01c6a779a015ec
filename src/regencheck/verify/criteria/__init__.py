"""The 24 criteria: one module per step, each criterion a function registered by its id.

Importing this package registers every check in `CHECKS`; the criteria's titles, criticality,
sources and "what to ask for" are data in `knowledge/data/verify/criteria.yaml`.
"""

from . import step1_specialist, step2_facility, step3_offering, step4_consultation, step5_aftercare
from .base import CHECKS, Outcome, Status

__all__ = [
    "CHECKS",
    "Outcome",
    "Status",
    "step1_specialist",
    "step2_facility",
    "step3_offering",
    "step4_consultation",
    "step5_aftercare",
]
