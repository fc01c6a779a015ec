"""Sessions, CSRF tokens and login rate limiting.

A session is a signed, timestamped cookie (itsdangerous) holding the user id, the user's
session epoch (bumped on password change), the id of the server-side session row
(`store/sessions.py`: deleting the row is what makes logout final, even for a copied cookie)
and a CSRF token. Anonymous visitors get a session too, so the login form is CSRF-protected
like every other form.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "regencheck_session"


@dataclass
class WebSession:
    """What the session cookie carries."""

    user_id: int | None = None
    epoch: int = 0
    sid: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    flash: str | None = None
    changed: bool = False

    def to_payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"u": self.user_id, "e": self.epoch, "c": self.csrf}
        if self.sid:
            out["s"] = self.sid
        if self.flash:
            out["f"] = self.flash
        return out

    def login(self, user_id: int, epoch: int, sid: str) -> None:
        """A new identity gets a new CSRF token (no fixation across the login boundary)."""
        self.user_id, self.epoch, self.sid = user_id, epoch, sid
        self.csrf, self.changed = secrets.token_urlsafe(24), True

    def logout(self) -> None:
        self.user_id, self.epoch, self.sid = None, 0, None
        self.csrf, self.changed = secrets.token_urlsafe(24), True

    def set_flash(self, text: str) -> None:
        self.flash, self.changed = text[:300], True

    def pop_flash(self) -> str | None:
        text = self.flash
        if text:
            self.flash, self.changed = None, True
        return text


class SessionCodec:
    """Signs and checks session cookies; a cookie older than `max_age` seconds is refused."""

    def __init__(self, secret_key: str, max_age: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="regencheck.session")
        self.max_age = max_age

    def dumps(self, session: WebSession) -> str:
        return str(self._serializer.dumps(session.to_payload()))

    def loads(self, cookie: str | None) -> WebSession | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        uid, sid = data.get("u"), data.get("s")
        return WebSession(
            user_id=uid if isinstance(uid, int) else None,
            epoch=int(data.get("e") or 0),
            sid=sid if isinstance(sid, str) else None,
            csrf=data["c"],
            flash=data.get("f") if isinstance(data.get("f"), str) else None,
        )


def csrf_matches(session: WebSession, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf.encode(), str(submitted).encode())


class LoginLimiter:
    """Counts failed logins per (address, username) and per address within a sliding window."""

    def __init__(self, max_failures: int, window_seconds: int) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, address: str, username: str) -> list[tuple[str, str]]:
        return [(address, username.strip().lower()), (address, "*")]

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        stamps = self._failures.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        return stamps

    def retry_after(self, address: str, username: str, now: float | None = None) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            waits = []
            for key in self._keys(address, username):
                limit = self.max_failures if key[1] != "*" else self.max_failures * 4
                stamps = self._recent(key, now)
                if len(stamps) >= limit:
                    waits.append(int(stamps[0] + self.window - now) + 1)
            return max(waits, default=0)

    def failed(self, address: str, username: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in self._keys(address, username):
                self._recent(key, now).append(now)

    def succeeded(self, address: str, username: str) -> None:
        with self._lock:
            self._failures.pop(self._keys(address, username)[0], None)


class RequestLimiter:
    """At most `limit` requests per address in a sliding minute (the public pages' throttle)."""

    def __init__(self, limit: int, window_seconds: int = 60) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, address: str, now: float | None = None) -> int:
        """Count one request; returns 0 when allowed, else the seconds until the next is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > 10_000:  # forget idle addresses so the table cannot grow without end
                self._hits = {a: s for a, s in self._hits.items() if s and s[-1] > now - self.window}
            stamps = self._hits.setdefault(address, deque())
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if len(stamps) >= self.limit:
                return int(stamps[0] + self.window - now) + 1
            stamps.append(now)
            return 0
