"""`POST /api/match`: specialists for a patient's goal, ranked by the disclosed rule."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from .api_models import MatchOut
from .deps import Reader, SessionDep, StateDep
from .pages_match import GoalRequest, match_view

router = APIRouter(prefix="/api", tags=["matching"])


@router.post(
    "/match",
    summary="Verified specialists whose documented experience fits a patient's goal",
    response_model=MatchOut,
)
def match_api(body: GoalRequest, _user: Reader, state: StateDep, session: SessionDep) -> dict[str, Any]:
    return match_view(state, session, body)
