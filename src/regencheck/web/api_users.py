"""User administration (admin role): list, create with a one-time password, change role, reset."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from ..store import records
from ..store.models import User
from ..store.schemas import UserCreate, UserUpdate
from ..store.sessions import end_sessions_by_admin
from ..store.users import create_user, reset_password, update_user
from .api_common import IdPath, Limit, Offset, page_body
from .api_models import EndedSessions, NewUserOut, OneTimePassword, UserPage, UserPublic
from .deps import Admin, SessionDep, StateDep

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("", summary="All users", response_model=UserPage)
def list_users(_user: Admin, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page_body(records.paginate(session, select(User).order_by(User.username), limit, offset))


@router.post(
    "",
    status_code=201,
    summary="Create a user; without a password a one-time password is returned",
    response_model=NewUserOut,
)
def add_user(body: UserCreate, user: Admin, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        new = create_user(s, user.actor, body)
        return records.public(new.user) | {"one_time_password": new.one_time_password}


@router.patch(
    "/{user_id}",
    summary="Change a user's role, name or active flag (optimistic locking)",
    response_model=UserPublic,
)
def change_user(user_id: IdPath, body: UserUpdate, user: Admin, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return records.public(update_user(s, user.actor, user_id, body))


@router.post(
    "/{user_id}/reset-password", summary="Give a user a new one-time password", response_model=OneTimePassword
)
def reset(user_id: IdPath, user: Admin, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        return {"one_time_password": reset_password(s, user.actor, user_id)}


@router.post(
    "/{user_id}/end-sessions",
    summary="Sign a user out of every browser (their API tokens stay)",
    response_model=EndedSessions,
)
def end_sessions(user_id: IdPath, user: Admin, state: StateDep) -> dict[str, Any]:
    with state.db.writing() as s:
        target = records.get_or_404(s, User, user_id, "user")
        return {"user_id": user_id, "ended_sessions": end_sessions_by_admin(s, user.actor, target)}
