"""Audit log view (with the chain check) and user administration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from ..reports.i18n import N_
from ..store import audit, records, verifications
from ..store.audit_view import entry_for
from ..store.models import User
from ..store.schemas import UserCreate, UserUpdate
from ..store.sessions import end_sessions_by_admin, live_counts
from ..store.users import create_user, reset_password, update_user
from .api_common import IdPath
from .deps import Admin, Auditor, CsrfChecked, SessionDep, StateDep
from .pages_clinics import validated
from .pages_common import redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/audit")
def audit_page(
    request: Request,
    user: Auditor,
    session: SessionDep,
    entity: str = "",
    entity_id: str = "",
    actor: str = "",
    page: int = 1,
    check: bool = False,
) -> Response:
    """Entries newest first; `check=1` also walks the whole chain (linear in the log's size)."""
    page = max(1, min(page, 100_000))
    clean = {
        k: v[:64].replace("\x00", "") or None
        for k, v in {"entity": entity, "entity_id": entity_id, "actor": actor}.items()
    }
    items, total = audit.list_entries(session, **clean, limit=100, offset=(page - 1) * 100)
    return render(
        request,
        "audit.html",
        {
            "entries": [entry_for(e, user.role) for e in items],
            "total": total,
            "chain": audit.verify_chain(session) if check else None,
            "stored": verifications.check_stored_results(session) if check else None,
            "filters": {k: v or "" for k, v in clean.items()},
            "page": page,
            "pages": max(1, -(-total // 100)),
        },
    )


@router.get("/admin/users")
def users_page(request: Request, _user: Admin, session: SessionDep) -> Response:
    users = session.scalars(select(User).order_by(User.username)).all()
    return render(request, "users.html", {"users": users, "live_sessions": live_counts(session)})


@router.post("/admin/users", dependencies=[CsrfChecked])
def add_user(
    request: Request,
    user: Admin,
    state: StateDep,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=16)],
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    data = validated(UserCreate, {"username": username, "role": role, "display_name": display_name}, "user")
    with state.db.writing() as s:
        new = create_user(s, user.actor, data)
        password = new.one_time_password
    return _users(
        request, state, f"User '{data.username}' created. One-time password (shown once): ", password
    )


@router.post("/admin/users/{user_id}", dependencies=[CsrfChecked])
def change_user(
    request: Request,
    user_id: IdPath,
    user: Admin,
    state: StateDep,
    version: Annotated[int, Form(ge=1)],
    role: Annotated[str, Form(max_length=16)],
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    data = validated(UserUpdate, {"version": version, "role": role, "active": active == "on"}, "user")
    with state.db.writing() as s:
        update_user(s, user.actor, user_id, data)
    return redirect(request, "/admin/users", N_("User saved."))


@router.post("/admin/users/{user_id}/reset", dependencies=[CsrfChecked])
def reset_user(request: Request, user_id: IdPath, user: Admin, state: StateDep) -> Response:
    with state.db.writing() as s:
        password = reset_password(s, user.actor, user_id)
    return _users(request, state, f"User {user_id} has a new one-time password (shown once): ", password)


@router.post("/admin/users/{user_id}/end-sessions", dependencies=[CsrfChecked])
def end_user_sessions(request: Request, user_id: IdPath, user: Admin, state: StateDep) -> Response:
    with state.db.writing() as s:
        target = records.get_or_404(s, User, user_id, "user")
        ended = end_sessions_by_admin(s, user.actor, target)
        name = target.username
    return redirect(
        request, "/admin/users", N_("Signed {name} out of {ended} session(s)."), name=name, ended=ended
    )


def _users(request: Request, state: StateDep, notice: str, secret: str | None) -> Response:
    """The users page with a one-time password shown in the page itself (never in a cookie)."""
    with state.db.reading() as s:
        users = s.scalars(select(User).order_by(User.username)).all()
        context = {"users": users, "notice": notice, "secret": secret, "live_sessions": live_counts(s)}
    return render(request, "users.html", context)


@router.get("/admin/settings")
def settings_page(request: Request, _user: Admin, state: StateDep) -> Response:
    """The running configuration (secrets hidden); settings are changed through the environment."""
    from ..store.db import redact
    from .settings import SETTINGS_TABLE

    current = state.settings.model_dump()
    rows = []
    for name, env, help_text in SETTINGS_TABLE:
        value = current.get(name)
        if name == "secret_key":
            value = "(set, hidden)"
        elif name == "database_url":
            value = redact(str(value))
        rows.append({"name": name, "env": env, "help": help_text, "value": value})
    return render(request, "settings.html", {"rows": rows, "knowledge_version": state.kb.version})
