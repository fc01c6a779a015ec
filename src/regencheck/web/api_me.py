"""`/api/me` and the caller's own API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from ..store import records
from ..store.models import ApiToken, User
from ..store.roles import ROLE_PERMISSIONS, Role
from ..store.users import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, issue_token, revoke_token
from .api_common import IdPath
from .api_models import MeOut, NewTokenOut, TokenList
from .deps import CurrentUser, SessionDep, StateDep

router = APIRouter(prefix="/api", tags=["account"])


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00]*\S[^\x00]*$")
    expires_in_days: int = Field(default=DEFAULT_TOKEN_DAYS, ge=1, le=MAX_TOKEN_DAYS)


@router.get("/me", summary="Who the token belongs to, and what their role allows", response_model=MeOut)
def me(user: CurrentUser) -> dict[str, Any]:
    return {
        "id": user.user_id,
        "username": user.username,
        "role": user.role,
        "permissions": sorted(p.value for p in ROLE_PERMISSIONS[Role(user.role)]),
    }


@router.get("/tokens", summary="The caller's API tokens (never their secrets)", response_model=TokenList)
def list_tokens(user: CurrentUser, session: SessionDep) -> list[dict[str, Any]]:
    tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.user_id).order_by(ApiToken.id))
    return [records.public(t) for t in tokens]


@router.post(
    "/tokens",
    status_code=201,
    summary="Create an API token; its secret is shown only in this response",
    response_model=NewTokenOut,
)
def create_token(body: TokenRequest, user: CurrentUser, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        owner = records.get_or_404(s, User, user.user_id, "user")
        new = issue_token(s, user.actor, owner, body.name, body.expires_in_days)
        return records.public(new.token) | {"secret": new.secret}


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your tokens")
def delete_token(token_id: IdPath, user: CurrentUser, state: StateDep) -> None:
    with state.db.writing() as s:
        revoke_token(s, user.actor, token_id)
