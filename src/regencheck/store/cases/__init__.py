"""Patient cases in the store: the tables, the audited case service, and read-only views.

`tables` holds the ORM classes (a case, its stage history, notes, documents, adverse events and
escalations); `service` every change, audited in the same transaction and allowed only to
actors with `manage_cases`; `views` what reports, exports, pages and FHIR read from a case.
Importing this package registers the tables on the shared `Base`.
"""

from __future__ import annotations

from .service import (
    add_note,
    advance_stage,
    attach_document,
    close_case,
    escalate,
    get_case,
    get_document,
    get_event,
    list_cases,
    mark_done,
    open_case,
    procedure_moment,
    report_adverse_event,
    require_case_access,
    update_case,
)
from .tables import (
    CASE_STATUSES,
    DOCUMENT_KINDS,
    EVENT_STATUSES,
    JourneyAdverseEvent,
    JourneyCase,
    JourneyDocument,
    JourneyEscalation,
    JourneyNote,
    JourneyStageChange,
)
from .views import (
    case_detail,
    case_schedule,
    case_summary,
    event_detail,
    event_entries,
    fhir_bundle,
    fhir_entries,
    verification_result,
)

__all__ = [
    "CASE_STATUSES",
    "DOCUMENT_KINDS",
    "EVENT_STATUSES",
    "JourneyAdverseEvent",
    "JourneyCase",
    "JourneyDocument",
    "JourneyEscalation",
    "JourneyNote",
    "JourneyStageChange",
    "add_note",
    "advance_stage",
    "attach_document",
    "case_detail",
    "case_schedule",
    "case_summary",
    "close_case",
    "escalate",
    "event_detail",
    "event_entries",
    "fhir_bundle",
    "fhir_entries",
    "get_case",
    "get_document",
    "get_event",
    "list_cases",
    "mark_done",
    "open_case",
    "procedure_moment",
    "report_adverse_event",
    "require_case_access",
    "update_case",
    "verification_result",
]
