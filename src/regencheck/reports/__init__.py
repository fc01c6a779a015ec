"""Reports people read: the patient report (HTML and PDF, in the patient's language) and its charts.

The verification engineer's scorecard rendering lives beside it in `scorecard*`.
"""

from .i18n import LANGUAGES, Translator
from .patient import CaseContext, PatientReport, build_patient_report
from .render import render_html

__all__ = ["LANGUAGES", "CaseContext", "PatientReport", "Translator", "build_patient_report", "render_html"]
