"""Failed sign-ins, told to the operator (Python logging, `regencheck.web.auth`) and, for an
account that exists, to the admins (an audit entry on that user). The password never is."""

from __future__ import annotations

import logging
from typing import Literal

from sqlalchemy import func, select

from ..store import audit
from ..store.models import User
from .state import ServiceState

log = logging.getLogger("regencheck.web.auth")

Reason = Literal["unknown_user", "wrong_password", "inactive_account", "rate_limited"]


def _printable(text: str) -> str:
    """The attempted name as one short log-safe line (no forged log lines via newlines)."""
    return text.strip()[:100].encode("unicode_escape").decode("ascii")


def failed_login(state: ServiceState, username: str, address: str, *, rate_limited: bool = False) -> Reason:
    """Log (and audit, for a real account) one failed sign-in; returns the reason recorded."""
    name = username.strip()
    with state.db.writing() as s:
        user = s.scalar(select(User).where(func.lower(User.username) == name.lower())) if name else None
        reason: Reason
        if rate_limited:
            reason = "rate_limited"
        elif user is None:
            reason = "unknown_user"
        else:
            reason = "inactive_account" if not user.active else "wrong_password"
        if user is not None and not rate_limited:
            audit.record(
                s,
                actor=f"anonymous@{address}",
                action="login_failed",
                entity="users",
                entity_id=user.id,
                after={"username": user.username, "address": address, "reason": reason},
            )
    log.warning("failed sign-in for user %r from %s: %s", _printable(name), address, reason)
    return reason
