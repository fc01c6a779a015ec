"""What every page needs: rendering with the user, CSRF token and flash message, and redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from ..disclaimer import DISCLAIMER
from ..reports.i18n import LANGUAGES
from ..store.roles import Permission
from .deps import Principal, web_session
from .i18n import language_choices, remember_language, translator
from .state import ServiceState


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """A template with the shared context: user, permissions, CSRF token, flash, disclaimer, and
    the page language (`lang`, which `_()` in templates follows); an explicit `?lang=` is remembered."""
    state: ServiceState = request.app.state.service
    ws = web_session(request)
    user: Principal | None = getattr(request.state, "user", None)
    tr = translator(request)
    shared = {
        "user": user,
        "can": {p.value: bool(user and user.can(p)) for p in Permission},
        "csrf_token": ws.csrf,
        "flash": ws.pop_flash(),
        "disclaimer": tr.gettext(DISCLAIMER),
        "lang": tr.language,
        "languages": language_choices(),
        "here": request.url.path,
        "here_query": [(k, v) for k, v in request.query_params.multi_items() if k != "lang"],
    }
    shown = shared | (context or {})
    response = state.templates.TemplateResponse(request, name, shown, status_code=status_code)
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        remember_language(request, response, str(asked))
    return response


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
