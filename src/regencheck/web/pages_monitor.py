"""Credential monitoring in the web app: the `/monitor` page (the API is `api_monitor.py`).

Both show the same report as `regencheck monitor`: what expires or goes stale within the
dashboard's window, what changed between the two newest registry snapshots, and which
verifications those changes make out of date (and why).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..knowledge.facts import evidence_max_age_months
from ..store.base import utcnow
from ..store.monitoring import monitor_report
from .deps import Reader, SessionDep, StateDep
from .pages_common import render

router = APIRouter(include_in_schema=False)

WithinDays = Annotated[
    int | None, Query(ge=0, le=3650, description="Days ahead (default: the dashboard's window).")
]


def monitor_view(state: StateDep, session: SessionDep, within_days: int | None) -> dict[str, Any]:
    days = state.settings.expiring_within_days if within_days is None else within_days
    max_age = evidence_max_age_months(state.kb) or 12
    return monitor_report(session, utcnow().date(), days, max_age).to_dict()


@router.get("/monitor")
def monitor_page(
    request: Request, _user: Reader, state: StateDep, session: SessionDep, within_days: WithinDays = None
) -> Response:
    return render(request, "monitor.html", {"report": monitor_view(state, session, within_days)})
