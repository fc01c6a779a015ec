"""Specialist matching in the web app: the `/match` page (a GET form: nothing is stored) and the
view both it and `POST /api/match` use."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..match import RANKING_RULE, Goal
from ..store.base import utcnow
from ..store.matching import match_for
from .deps import Reader, SessionDep, StateDep
from .pages_common import render

router = APIRouter(include_in_schema=False)

Indication = Literal["aesthetic", "orthopedic", "disease", "wellness"]


class GoalRequest(BaseModel):
    """A patient's goal; only `procedure` is needed, the rest narrows or is reported as not documented."""

    model_config = ConfigDict(extra="forbid")
    procedure: str = Field(min_length=2, max_length=200)
    indication: Indication | None = None
    language: str | None = Field(default=None, max_length=20)
    budget: str | None = Field(default=None, max_length=100)
    dates: str | None = Field(default=None, max_length=100)


def match_view(state: StateDep, session: SessionDep, goal: GoalRequest) -> dict[str, Any]:
    return match_for(session, state.kb, Goal(**goal.model_dump()), utcnow().date()).to_dict()


Text = Annotated[str, Query(max_length=200)]


@router.get("/match")
def match_page(
    request: Request,
    _user: Reader,
    state: StateDep,
    session: SessionDep,
    procedure: Text = "",
    indication: Text = "",
    language: Text = "",
    budget: Text = "",
    dates: Text = "",
) -> Response:
    context: dict[str, Any] = {
        "form": {
            "procedure": procedure,
            "indication": indication,
            "language": language,
            "budget": budget,
            "dates": dates,
        },
        "ranking_rule": RANKING_RULE,
        "indications": ["aesthetic", "orthopedic", "disease", "wellness"],
    }
    if procedure.strip():
        goal = GoalRequest.model_validate(
            {
                "procedure": procedure.strip(),
                "indication": indication if indication in context["indications"] else None,
                "language": language or None,
                "budget": budget or None,
                "dates": dates or None,
            }
        )
        context["result"] = match_view(state, session, goal)
    return render(request, "match.html", context)
