"""Sign in and out, the one-time password change, and the account page with API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from ..errors import InputError
from ..reports.i18n import N_
from ..store import records
from ..store import sessions as login_sessions
from ..store.base import utcnow
from ..store.models import ApiToken, User
from ..store.users import (
    DEFAULT_TOKEN_DAYS,
    MAX_TOKEN_DAYS,
    authenticate,
    issue_token,
    password_matches,
    revoke_token,
    set_password,
)
from .api_common import IdPath
from .client_address import client_address as forwarded_client
from .deps import CsrfChecked, CurrentUser, OptionalUser, SessionDep, StateDep, web_session
from .errors import RateLimited
from .i18n import translator
from .login_events import failed_login
from .pages_common import redirect, render, safe_next

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form(max_length=200)]


def client_address(request: Request) -> str:
    proxies = request.app.state.service.settings.proxy_networks
    return forwarded_client(
        request.client.host if request.client else None, request.headers.get("x-forwarded-for"), proxies
    )


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return redirect(request, safe_next(next))
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login", dependencies=[CsrfChecked])
def login(request: Request, state: StateDep, username: Text, password: Text, next: Text = "/") -> Response:
    address = client_address(request)
    wait = state.limiter.retry_after(address, username)
    if wait:
        failed_login(state, username, address, rate_limited=True)
        raise RateLimited(f"too many failed sign-ins; try again in {wait} seconds", wait)
    with state.db.reading() as s:
        user = authenticate(s, username, password)
        if user is None:
            state.limiter.failed(address, username)
            failed_login(state, username, address)
            context = {
                "error": translator(request).gettext(N_("Wrong username or password.")),
                "username": username,
                "next": safe_next(next),
            }
            return render(request, "login.html", context, status_code=401)
        uid, epoch, must_change = user.id, user.session_epoch, user.must_change_password
    state.limiter.succeeded(address, username)
    _sign_in(request, state, uid, epoch)
    return redirect(request, "/account/password" if must_change else safe_next(next))


def _sign_in(request: Request, state: StateDep, user_id: int, epoch: int) -> None:
    """Start a server-side session for this browser and put its id in the cookie."""
    ws = web_session(request)
    with state.db.writing() as s:
        if ws.sid:  # signing in again from a signed-in browser replaces its session
            login_sessions.end_session(s, ws.sid)
        sid = login_sessions.start_session(
            s, user_id, state.settings.session_max_age, request.headers.get("user-agent", "")
        )
    ws.login(user_id, epoch, sid)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, state: StateDep) -> Response:
    ws = web_session(request)
    if ws.sid:
        with state.db.writing() as s:
            login_sessions.end_session(s, ws.sid)
    ws.logout()
    return redirect(request, "/login", N_("You are signed out."))


@router.get("/account/password")
def password_form(request: Request, _user: CurrentUser) -> Response:
    return render(request, "password.html")


@router.post("/account/password", dependencies=[CsrfChecked])
def change_password(
    request: Request, user: CurrentUser, state: StateDep, current: Text, new: Text, again: Text
) -> Response:
    if new != again:
        return render(
            request,
            "password.html",
            {"error": translator(request).gettext(N_("The two new passwords differ."))},
            status_code=422,
        )
    with state.db.writing() as s:
        account = records.get_or_404(s, User, user.user_id, "user")
        if not password_matches(account.password_hash, current):
            return render(
                request,
                "password.html",
                {"error": translator(request).gettext(N_("The current password is wrong."))},
                status_code=422,
            )
        if new == current:
            return render(
                request,
                "password.html",
                {
                    "error": translator(request).gettext(
                        N_("Choose a password different from the current one.")
                    )
                },
                status_code=422,
            )
        try:
            set_password(s, user.actor, account, new)
        except InputError as exc:
            return render(request, "password.html", {"error": exc.message}, status_code=422)
        epoch = account.session_epoch
    _sign_in(request, state, user.user_id, epoch)
    return redirect(request, "/", N_("Password changed."))


@router.get("/account")
def account(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.user_id).order_by(ApiToken.id)
    ).all()
    return render(request, "account.html", {"tokens": tokens, "now": utcnow()})


@router.post("/account/tokens", dependencies=[CsrfChecked])
def new_token(
    request: Request,
    user: CurrentUser,
    state: StateDep,
    name: Annotated[str, Form(max_length=100)],
    expires_in_days: Annotated[int, Form(ge=1, le=MAX_TOKEN_DAYS)] = DEFAULT_TOKEN_DAYS,
) -> Response:
    with state.db.writing() as s:
        owner = records.get_or_404(s, User, user.user_id, "user")
        created = issue_token(s, user.actor, owner, name, expires_in_days)
        secret = created.secret
    with state.db.reading() as s:
        tokens = s.scalars(
            select(ApiToken).where(ApiToken.user_id == user.user_id).order_by(ApiToken.id)
        ).all()
    context = {"tokens": tokens, "new_secret": secret, "now": utcnow()}
    return render(request, "account.html", context, status_code=201)


@router.post("/account/tokens/{token_id}/revoke", dependencies=[CsrfChecked])
def revoke(request: Request, token_id: IdPath, user: CurrentUser, state: StateDep) -> Response:
    with state.db.writing() as s:
        revoke_token(s, user.actor, token_id)
    return redirect(request, "/account", N_("Token revoked."))
