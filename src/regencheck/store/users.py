"""Accounts: argon2id password hashes, one-time passwords, and hashed API tokens.

Passwords and tokens are never stored: only their argon2 hash (passwords) or SHA-256 (tokens,
which are long random secrets, so a fast hash is safe and keeps every API request cheap).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import Conflict, InputError, NotFound
from . import audit, records
from .base import utcnow
from .models import ApiToken, User
from .password_policy import MIN_PASSWORD_LENGTH, check_password
from .roles import Actor
from .schemas import UserCreate, UserUpdate
from .sessions import TOUCH_INTERVAL, end_user_sessions

_HASHER = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown user like a known one.
_DUMMY_HASH = _HASHER.hash("regencheck-timing-equaliser")
TOKEN_PREFIX = "rck_"
# A token lives 90 days unless its owner asks for another span, and never longer than a year.
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A random one-time password a person can type (about 100 bits)."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class NewUser:
    """A created user and, when none was given, the one-time password to hand over."""

    user: User
    one_time_password: str | None


def create_user(session: Session, actor: Actor, data: UserCreate) -> NewUser:
    """A new account; without a password one is generated and must be changed at first login."""
    if session.scalar(select(User.id).where(func.lower(User.username) == data.username.lower())):
        raise Conflict(f"a user named '{data.username}' already exists")
    one_time = None if data.password else generate_password()
    if data.password:
        check_password(data.password, data.username)
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        password_hash=hash_password(data.password or one_time or ""),
        must_change_password=one_time is not None,
    )
    records.create(session, actor, user, f"user '{data.username}'")
    return NewUser(user, one_time)


def update_user(session: Session, actor: Actor, user_id: int, data: UserUpdate) -> User:
    user = records.get_or_404(session, User, user_id, "user")
    changes = {
        k: v for k, v in data.model_dump(exclude_unset=True, exclude={"version"}).items() if v is not None
    }
    if user.id == actor.user_id and (
        changes.get("role", user.role) != user.role or changes.get("active") is False
    ):
        raise Conflict("you cannot change your own role or deactivate yourself; ask another admin")
    if changes.get("active") is False:
        user.session_epoch += 1
    updated = records.update(session, actor, user, changes, data.version, f"user {user_id}")
    if changes.get("active") is False:  # after the versioned save: a delete would flush it early
        end_user_sessions(session, user.id)
    return updated


def set_password(
    session: Session, actor: Actor, user: User, new_password: str, *, chosen: bool = True
) -> None:
    """Change a password, end every existing session of that user, and audit it (without the hash).

    A `chosen` password (not a generated one) must pass the password policy."""
    if chosen:
        check_password(new_password, user.username)
    before = records.public(user)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.session_epoch += 1
    records.flush(session, f"user {user.id}")
    ended = end_user_sessions(session, user.id)
    audit.record(
        session,
        actor=actor.username,
        action="update",
        entity="users",
        entity_id=user.id,
        before=before | {"live_sessions": ended},
        after=records.public(user) | {"password": "changed", "live_sessions": 0},
    )


def reset_password(session: Session, actor: Actor, user_id: int) -> str:
    """Give a user a new one-time password (returned once) that must be changed at next login."""
    user = records.get_or_404(session, User, user_id, "user")
    password = generate_password()
    set_password(session, actor, user, password, chosen=False)
    user.must_change_password = True
    return password


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, else None (same cost either way)."""
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        password_matches(_DUMMY_HASH, password)
        return None
    if not password_matches(user.password_hash, password) or not user.active:
        return None
    return user


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def issue_token(
    session: Session, actor: Actor, user: User, name: str, days: int = DEFAULT_TOKEN_DAYS
) -> NewToken:
    """A new API token for `user` that expires after `days`; the secret is returned here once."""
    if not name.strip() or len(name) > 100:
        raise InputError("a token needs a name of 1 to 100 characters")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InputError(f"expires_in_days must be between 1 and {MAX_TOKEN_DAYS}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name.strip(),
        token_hash=_token_hash(secret),
        prefix=secret[:10],
        expires_at=utcnow() + timedelta(days=days),
    )
    records.create(session, actor, token, f"token '{name}'")
    return NewToken(token, secret)


@dataclass(frozen=True)
class TokenUse:
    """A live token's owner, and whether its last_used_at is old enough to be rewritten."""

    user: User
    token_id: int
    needs_touch: bool


def token_use(session: Session, secret: str, now: datetime | None = None) -> TokenUse | None:
    """The active owner of an unrevoked, unexpired token, else None."""
    now = now or utcnow()
    row = session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == _token_hash(secret), ApiToken.revoked_at.is_(None), User.active.is_(True)
        )
    ).first()
    if row is None:
        return None
    user, token = row
    if token.expires_at is not None and token.expires_at <= now:
        return None
    stale = token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL
    return TokenUse(user, token.id, stale)


def user_for_token(session: Session, secret: str) -> User | None:
    """The active owner of a live token, else None."""
    use = token_use(session, secret)
    return use.user if use else None


def touch_token(session: Session, token_id: int) -> None:
    """Record that a token was just used (throttled by the caller; not a change of record)."""
    token = session.get(ApiToken, token_id)
    if token is not None:
        token.last_used_at = utcnow()


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.user_id and not actor.can_manage_users):
        raise NotFound(f"token {token_id} does not exist")
    before = records.public(token)
    token.revoked_at = utcnow()
    records.flush(session, f"token {token_id}")
    audit.record(
        session,
        actor=actor.username,
        action="update",
        entity="api_tokens",
        entity_id=token_id,
        before=before,
        after=records.public(token),
    )


def actor_for(user: User) -> Actor:
    return Actor(username=user.username, role=user.role, user_id=user.id)


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)
