"""Server-side login sessions: the row is the session, the cookie only names it.

A signed cookie alone cannot be taken back: a copy made before logout would keep working until
it expired. Here the cookie carries a random session id and the store keeps its SHA-256; ending
a session deletes the row, so every copy of that cookie stops working on the next request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from . import audit
from .base import utcnow
from .models import LoginSession, User
from .roles import Actor

# How often a live session's last_seen_at is written: once a minute is enough to show activity
# without turning every page view into a write.
TOUCH_INTERVAL = timedelta(seconds=60)


def _sid_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LiveSession:
    """What a request learns about its session: whose it is and whether it is time to touch it."""

    session_id: int
    user_id: int
    needs_touch: bool


def start_session(session: Session, user_id: int, lifetime_seconds: int, user_agent: str = "") -> str:
    """Record a new signed-in browser and return the secret id for its cookie."""
    sid = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        LoginSession(
            sid_hash=_sid_hash(sid),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(seconds=lifetime_seconds),
            user_agent=user_agent[:200],
        )
    )
    session.flush()
    return sid


def live_session(session: Session, sid: str, now: datetime | None = None) -> LiveSession | None:
    """The unexpired session with this id, else None."""
    now = now or utcnow()
    row = session.scalar(select(LoginSession).where(LoginSession.sid_hash == _sid_hash(sid)))
    if row is None or row.expires_at <= now:
        return None
    return LiveSession(row.id, row.user_id, now - row.last_seen_at >= TOUCH_INTERVAL)


def touch(session: Session, session_id: int) -> None:
    session.execute(update(LoginSession).where(LoginSession.id == session_id).values(last_seen_at=utcnow()))


def end_session(session: Session, sid: str) -> None:
    """Logout: this browser's session ends (deleting nothing else)."""
    session.execute(delete(LoginSession).where(LoginSession.sid_hash == _sid_hash(sid)))


def end_user_sessions(session: Session, user_id: int) -> int:
    """End every session of one user (password change or reset, deactivation); returns how many."""
    result = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def end_sessions_by_admin(session: Session, actor: Actor, user: User) -> int:
    """An admin signs a user out everywhere; the audit log records who did it and how many ended."""
    ended = end_user_sessions(session, user.id)
    audit.record(
        session,
        actor=actor.username,
        action="update",
        entity="users",
        entity_id=user.id,
        before={"live_sessions": ended},
        after={"live_sessions": 0},
    )
    return ended


def live_counts(session: Session) -> dict[int, int]:
    """Unexpired sessions per user id (users with none are absent)."""
    stmt = (
        select(LoginSession.user_id, func.count())
        .where(LoginSession.expires_at > utcnow())
        .group_by(LoginSession.user_id)
    )
    return {int(uid): int(n) for uid, n in session.execute(stmt)}


def purge_expired(session: Session) -> int:
    """Delete sessions past their expiry (housekeeping; an expired row is refused anyway)."""
    result = session.execute(delete(LoginSession).where(LoginSession.expires_at <= utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)
