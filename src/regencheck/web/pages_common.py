"""What every page needs: rendering with the user, CSRF token and flash message, and redirects."""

from __future__ import annotations

from typing import Any, NamedTuple
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
        "page_languages": language_choices(),
        "here": request.url.path,
        "here_query": [(k, v) for k, v in request.query_params.multi_items() if k != "lang"],
    }
    shown = shared | (context or {})
    response = state.templates.TemplateResponse(request, name, shown, status_code=status_code)
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        remember_language(request, response, str(asked))
    return response


class Flash(NamedTuple):
    """A message for the next page: a message id (marked with `N_`) and the values it names."""

    message: str
    values: dict[str, object]


def redirect(
    request: Request, url: str, flash: str | Flash | None = None, **values: object
) -> RedirectResponse:
    """303 See Other after a successful form POST (so a reload does not resubmit).

    `flash` is a message id (mark it with `N_`), shown translated with `values` filled in."""
    if isinstance(flash, Flash):
        message_id, values = flash.message, flash.values | values
    else:
        message_id = flash or ""
    if message_id:
        message = translator(request).gettext(message_id)
        web_session(request).set_flash(message.format(**values) if values else message)
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None) -> str:
    """A local path to return to after login; anything pointing elsewhere becomes `/`."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
