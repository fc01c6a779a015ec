"""One pure ASGI middleware for every request: the upload size gate, the session cookie and the
security headers. (Pure ASGI rather than `BaseHTTPMiddleware`, which costs a task group and a
stream per request: measurable at 50 concurrent clients.)"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .pages_docs import DOCS_CSP
from .security import SESSION_COOKIE, WebSession
from .state import ServiceState

SESSIONLESS_PREFIXES = ("/api", "/static", "/openapi.json", "/docs", "/redoc", "/healthz")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def styled_page_csp(nonce: str) -> str:
    """The app's CSP, allowing one more thing: the `<style>` element carrying `nonce`.

    The printable reports are self-contained pages with one inline stylesheet (WeasyPrint reads
    the same HTML); a fresh nonce per response lets that element apply and nothing else."""
    return CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header means "no session", not an error page
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


class ServiceMiddleware:
    """Refuses oversized bodies early, loads and re-signs the page session, adds security headers."""

    def __init__(self, app: ASGIApp, state: ServiceState) -> None:
        self.app = app
        self.state = state
        self.body_limit = state.settings.max_upload_bytes + 1_000_000  # room for fields around the file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > self.body_limit:
            limit = self.state.settings.max_upload_bytes
            response = errors.respond(
                Request(scope), 413, "too_large", f"the request is over the upload limit of {limit:,} bytes"
            )
            await response(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(SESSIONLESS_PREFIXES):
            csp = DOCS_CSP if path.startswith("/docs") else CSP
            # API answers carry patient data and tokens: no shared or browser cache may keep them.
            no_store = path.startswith("/api")
            await self.app(scope, receive, self._headers_only(send, csp, no_store))
            return
        existing = self.state.codec.loads(_cookie(scope, SESSION_COOKIE))
        session = existing or WebSession()
        scope.setdefault("state", {})["web_session"] = session
        settings = self.state.settings
        codec = self.state.codec

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                _security(headers, CSP)
                headers.setdefault("cache-control", "no-store")
                if existing is None or session.changed:
                    cookie = f"{SESSION_COOKIE}={codec.dumps(session)}; Max-Age={settings.session_max_age}; Path=/; HttpOnly; SameSite=Lax"
                    if settings.cookie_secure:
                        cookie += "; Secure"
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_session)

    @staticmethod
    def _headers_only(send: Send, csp: str, no_store: bool) -> Any:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                _security(headers, csp)
                if no_store:
                    headers["cache-control"] = "no-store"
            await send(message)

        return wrapped


def _security(headers: MutableHeaders, csp: str) -> None:
    headers.setdefault("x-content-type-options", "nosniff")
    headers.setdefault("x-frame-options", "DENY")
    headers.setdefault("referrer-policy", "same-origin")
    headers.setdefault("content-security-policy", csp)
