"""What every page needs: rendering with the user, CSRF token and flash message, and redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from ..disclaimer import DISCLAIMER
from ..store.roles import Permission
from .deps import Principal, web_session
from .state import ServiceState


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """A template with the shared context: user, permissions, CSRF token, flash, disclaimer."""
    state: ServiceState = request.app.state.service
    ws = web_session(request)
    user: Principal | None = getattr(request.state, "user", None)
    shared = {
        "user": user,
        "can": {p.value: bool(user and user.can(p)) for p in Permission},
        "csrf_token": ws.csrf,
        "flash": ws.pop_flash(),
        "disclaimer": DISCLAIMER,
    }
    return state.templates.TemplateResponse(request, name, shared | (context or {}), status_code=status_code)


def redirect(request: Request, url: str, flash: str | None = None) -> RedirectResponse:
    """303 See Other after a successful form POST (so a reload does not resubmit)."""
    if flash:
        web_session(request).set_flash(flash)
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None) -> str:
    """A local path to return to after login; anything pointing elsewhere becomes `/`."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
