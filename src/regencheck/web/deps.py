"""Typed dependencies that keep route signatures short: the service state, a read session, the
signed-in user, permission checks and the CSRF check of page forms.

API requests authenticate with `Authorization: Bearer <token>`; pages with the session cookie.
Routes that change data open their own write transaction (`state.db.writing()`) so a commit
failure is reported to the client instead of after the response has gone out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ..errors import PermissionDenied
from ..store import sessions as login_sessions
from ..store.models import User
from ..store.roles import Actor, Permission, Role, allows
from ..store.users import token_use, touch_token
from .errors import LoginRequired, PasswordChangeRequired, Unauthorized, wants_json
from .security import WebSession, csrf_matches
from .state import ServiceState


async def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


StateDep = Annotated[ServiceState, Depends(get_state)]


def read_session(state: StateDep) -> Iterator[Session]:
    with state.db.reading() as session:
        yield session


SessionDep = Annotated[Session, Depends(read_session)]


@dataclass(frozen=True)
class Principal:
    """The signed-in user as routes see it (a plain value, safe to use after the session closes)."""

    user_id: int
    username: str
    role: str
    display_name: str
    must_change_password: bool = False

    @property
    def actor(self) -> Actor:
        return Actor(username=self.username, role=self.role, user_id=self.user_id)

    def can(self, permission: Permission | str) -> bool:
        return allows(self.role, Permission(permission))


def _principal(user: User) -> Principal:
    return Principal(
        user.id, user.username, user.role, user.display_name or user.username, user.must_change_password
    )


def web_session(request: Request) -> WebSession:
    session: WebSession | None = getattr(request.state, "web_session", None)
    if session is None:  # only pages carry sessions; reaching this is a routing mistake
        raise Unauthorized("this address needs a browser session")
    return session


PASSWORD_EXEMPT = ("/account/password", "/logout")


def optional_user(request: Request, state: StateDep, session: SessionDep) -> Principal | None:
    """The user behind the request, or None when nobody is signed in.

    A token must be unrevoked and unexpired; a page session must still have its server-side row.
    Either one's last use is written at most once a minute, in its own short transaction.
    """
    if wants_json(request):
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return None
        use = token_use(session, secret.strip())
        if use is None:
            return None
        if use.needs_touch:
            with state.db.writing() as s:
                touch_token(s, use.token_id)
        return _principal(use.user)
    ws = getattr(request.state, "web_session", None)
    if ws is None or ws.user_id is None:
        return None
    live = login_sessions.live_session(session, ws.sid) if ws.sid else None
    found = session.get(User, ws.user_id)
    if (
        live is None
        or live.user_id != ws.user_id
        or found is None
        or not found.active
        or found.session_epoch != ws.epoch
    ):
        ws.logout()
        return None
    if live.needs_touch:
        with state.db.writing() as s:
            login_sessions.touch(s, live.session_id)
    return _principal(found)


OptionalUser = Annotated[Principal | None, Depends(optional_user)]


async def current_user(request: Request, user: OptionalUser) -> Principal:
    """The signed-in user; API requests without a valid token get 401, pages a login redirect."""
    if user is None:
        if wants_json(request):
            raise Unauthorized("send a valid API token as 'Authorization: Bearer <token>'")
        raise LoginRequired("please sign in")
    if user.must_change_password and not wants_json(request) and request.url.path not in PASSWORD_EXEMPT:
        raise PasswordChangeRequired("choose a new password before continuing")
    request.state.user = user
    return user


CurrentUser = Annotated[Principal, Depends(current_user)]


def require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets the request through only when the user's role grants `permission`."""

    async def check(user: CurrentUser) -> Principal:
        if not user.can(permission):
            raise PermissionDenied(f"your role ({user.role}) does not allow this ({permission.value})")
        return user

    check.__name__ = f"require_{permission.value}"
    return check


def require_role(*roles: Role | str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that admits only the listed roles (prefer `require(permission)`)."""
    allowed = {Role(r) for r in roles}

    async def check(user: CurrentUser) -> Principal:
        if Role(user.role) not in allowed:
            raise PermissionDenied(f"your role ({user.role}) cannot use this page")
        return user

    return check


Reader = Annotated[Principal, Depends(require(Permission.read))]
Analyst = Annotated[Principal, Depends(require(Permission.analyse))]
Editor = Annotated[Principal, Depends(require(Permission.edit))]
Verifier = Annotated[Principal, Depends(require(Permission.verify))]
Auditor = Annotated[Principal, Depends(require(Permission.read_audit))]
Admin = Annotated[Principal, Depends(require(Permission.manage_users))]


async def csrf_checked(request: Request) -> None:
    """Refuse a page form POST whose `csrf_token` does not match the session's token."""
    ws = web_session(request)
    form = await request.form()
    submitted = form.get("csrf_token")
    if not csrf_matches(ws, submitted if isinstance(submitted, str) else None):
        raise PermissionDenied(
            "this form has expired or did not come from this site; reload the page and try again"
        )


CsrfChecked = Depends(csrf_checked)
