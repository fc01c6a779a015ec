"""`GET /api/monitor`: the monitoring report as JSON (the same as `regencheck monitor --format json`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from .api_models import MonitorOut
from .deps import Reader, SessionDep, StateDep
from .pages_monitor import WithinDays, monitor_view

router = APIRouter(prefix="/api", tags=["monitoring"])


@router.get(
    "/monitor", summary="Credentials due, registry changes, verifications to redo", response_model=MonitorOut
)
def monitor_api(
    _user: Reader, state: StateDep, session: SessionDep, within_days: WithinDays = None
) -> dict[str, Any]:
    return monitor_view(state, session, within_days)
