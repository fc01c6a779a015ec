"""One error handler: JSON paths get the canonical error body, pages get an error page.

The body is always `{"error": {"code", "message", "problems": [{"file", "field", "message"}]}}`
(`RegencheckError.to_dict()`), whether the error came from our services, from request
validation, or from the framework (unknown route, wrong method, too large, rate limited).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import FieldProblem, InputError, InputFileError, PermissionDenied, RegencheckError
from ..reports.i18n import N_

log = logging.getLogger("regencheck.web")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


class Unauthorized(RegencheckError):
    """Raised when a request carries no valid credentials."""

    code = "unauthorized"
    http_status = 401


class LoginRequired(Unauthorized):
    """Raised on a page that needs a signed-in user: pages answer with a redirect to /login."""


class UploadTooLarge(InputFileError):
    """Raised when an upload exceeds the configured limit."""

    code = "too_large"
    http_status = 413


class TextTooLong(InputError):
    """Raised when a text to scan is longer than the configured limit (`max_scan_chars`)."""

    code = "too_large"
    http_status = 413


class PasswordChangeRequired(RegencheckError):
    """Raised on pages while a user still has a one-time password: pages redirect to the form."""

    code = "password_change_required"
    http_status = 403


class RateLimited(RegencheckError):
    """Raised when too many failed logins came from one address for one user."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path in ("/openapi.json",)


def error_body(code: str, message: str, problems: list[FieldProblem] | None = None) -> dict[str, Any]:
    return {"error": RegencheckError(message, problems=problems).to_dict() | {"code": code}}


# What a person sees first on an error page; the specific reason follows it.
HEADLINES = {
    400: N_("That request could not be understood"),
    401: N_("Please sign in"),
    403: N_("You do not have access to this"),
    404: N_("We could not find that page"),
    405: N_("That action is not available here"),
    409: N_("Someone else changed this first"),
    413: N_("That is too large"),
    422: N_("Some fields need fixing"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong on our side"),
    503: N_("This part is not available right now"),
}
# The framework's own reasons, shown on error pages in the reader's language (JSON keeps English).
FRAMEWORK_MESSAGES = (
    N_("Not Found"),
    N_("Method Not Allowed"),
    N_("the request has invalid fields"),
    N_("something went wrong on our side; the error was logged"),
    N_("Something went wrong"),
)


def _page(request: Request, status: int, code: str, message: str, problems: list[FieldProblem]) -> Response:
    """The error inside the normal layout (navigation for a signed-in user), in plain words."""
    from .deps import optional_user
    from .i18n import translator
    from .pages_common import render

    state = request.app.state.service
    if (
        getattr(request.state, "user", None) is None
        and getattr(request.state, "web_session", None) is not None
    ):
        try:  # routes that failed before their own sign-in check still show the user's navigation
            with state.db.reading() as session:
                request.state.user = optional_user(request, state, session)
        except Exception:  # an error page must render even when the store is what failed
            log.warning("could not resolve the user for an error page", exc_info=True)
    tr = translator(request)
    context = {
        "status": status,
        "code": code,
        "headline": tr.gettext(HEADLINES.get(status, "Something went wrong")),
        "message": tr.gettext(message),
        "problems": problems,
        "lang": tr.language,
    }
    if getattr(request.state, "web_session", None) is None:  # outside the page middleware
        context["user"] = None
        plain: Response = state.templates.TemplateResponse(request, "error.html", context, status_code=status)
        return plain
    return render(request, "error.html", context, status_code=status)


def respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    problems: list[FieldProblem] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(code, message, problems), status_code=status, headers=headers)
    response = _page(request, status, code, message, problems or [])
    if headers:
        response.headers.update(headers)
    return response


def _validation_problems(exc: RequestValidationError) -> list[FieldProblem]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        if len(loc) > 1 and loc[0] in ("body", "query", "path", "header", "cookie"):
            loc = loc[1:] if loc[0] == "body" else loc
        out.append(FieldProblem(location=".".join(loc), message=str(err.get("msg", "invalid value"))))
    return out


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(RegencheckError)
    async def _regencheck(request: Request, exc: RegencheckError) -> Response:
        if isinstance(exc, LoginRequired) and not wants_json(request):
            from urllib.parse import quote

            from fastapi.responses import RedirectResponse

            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        if isinstance(exc, PasswordChangeRequired) and not wants_json(request):
            from fastapi.responses import RedirectResponse

            return RedirectResponse("/account/password", status_code=303)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        if isinstance(exc, Unauthorized) and wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"}
        return respond(request, exc.http_status, exc.code, exc.message, exc.problems, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = _validation_problems(exc)
        return respond(request, 422, InputError.code, "the request has invalid fields", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        return respond(request, exc.status_code, code, message, None, dict(exc.headers or {}) or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(
            request, 500, "internal_error", "something went wrong on our side; the error was logged"
        )


__all__ = [
    "LoginRequired",
    "PermissionDenied",
    "RateLimited",
    "Unauthorized",
    "UploadTooLarge",
    "install",
    "respond",
]
