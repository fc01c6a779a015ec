"""Shared offer checks: store one when a patient asks for a link, open it by its token, purge
the expired. Nothing about the patient is kept: no address, no account, no name."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .base import utcnow
from .models import SharedCheck


@dataclass(frozen=True)
class ShareRequest:
    """What a shared check re-runs: the text, the patient's choices and the day it was checked."""

    text: str
    home_country: str | None
    kind: str
    language: str
    checked_on: date


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def share_check(
    session: Session, request: ShareRequest, days: int, now: datetime | None = None
) -> tuple[str, datetime]:
    """Store `request` for `days` days; returns the link's token (shown once) and the expiry."""
    now = now or utcnow()
    purge_expired(session, now)
    token = secrets.token_urlsafe(24)
    expires = now + timedelta(days=days)
    session.add(
        SharedCheck(
            token_hash=_hash(token),
            text=request.text,
            home_country=request.home_country,
            kind=request.kind,
            language=request.language,
            checked_on=request.checked_on,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return token, expires


def open_shared(
    session: Session, token: str, now: datetime | None = None
) -> tuple[ShareRequest, datetime] | None:
    """The shared check behind `token` and its expiry, or None when unknown or expired."""
    if not token or len(token) > 100:
        return None
    row = session.scalar(select(SharedCheck).where(SharedCheck.token_hash == _hash(token)))
    if row is None or row.expires_at <= (now or utcnow()):
        return None
    request = ShareRequest(row.text, row.home_country, row.kind, row.language, row.checked_on)
    return request, row.expires_at


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete every shared check past its expiry; returns how many went."""
    result = session.execute(delete(SharedCheck).where(SharedCheck.expires_at <= (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)
