"""Accounts: argon2 hashes, one-time passwords, hashed tokens, sessions ended by a password change."""

from __future__ import annotations

import pytest

from regencheck.errors import Conflict, InputError
from regencheck.store import Actor
from regencheck.store.db import Database
from regencheck.store.models import ApiToken, User
from regencheck.store.schemas import UserCreate
from regencheck.store.users import authenticate, create_user, issue_token, set_password, user_for_token

ADMIN = Actor(username="ada", role="admin")


def test_a_user_without_a_password_gets_a_one_time_one_stored_as_argon2(db: Database) -> None:
    with db.writing() as s:
        new = create_user(s, ADMIN, UserCreate(username="vera", role="verifier"))
        assert new.one_time_password and new.user.must_change_password
        assert new.user.password_hash.startswith("$argon2id$")
        assert new.one_time_password not in new.user.password_hash
    with db.reading() as s:
        assert authenticate(s, "VERA", new.one_time_password) is not None
        assert authenticate(s, "vera", "wrong password!") is None
        assert authenticate(s, "nobody", "whatever12345") is None


def test_usernames_are_unique_in_any_case(db: Database) -> None:
    with db.writing() as s:
        create_user(s, ADMIN, UserCreate(username="vera", role="viewer"))
    with pytest.raises(Conflict), db.writing() as s:
        create_user(s, ADMIN, UserCreate(username="Vera", role="viewer"))


def test_a_short_password_is_refused() -> None:
    from regencheck.store.users import hash_password

    with pytest.raises(InputError, match="12"):
        hash_password("short")


def test_tokens_are_stored_hashed_and_stop_working_for_inactive_users(db: Database) -> None:
    with db.writing() as s:
        user = create_user(
            s, ADMIN, UserCreate(username="vic", role="viewer", password="a long password")
        ).user
        new = issue_token(s, ADMIN, user, "laptop")
    with db.reading() as s:
        stored = s.query(ApiToken).one()
        assert new.secret not in (stored.token_hash, stored.prefix)
        found = user_for_token(s, new.secret)
        assert found is not None and found.username == "vic"
        assert user_for_token(s, new.secret + "x") is None
    with db.writing() as s:
        u = s.query(User).one()
        u.active = False
    with db.reading() as s:
        assert user_for_token(s, new.secret) is None


def test_changing_a_password_ends_earlier_sessions_and_hides_the_hash_from_the_audit(db: Database) -> None:
    with db.writing() as s:
        user = create_user(s, ADMIN, UserCreate(username="cora", role="coordinator")).user
        epoch = user.session_epoch
        set_password(s, ADMIN, user, "a brand new passphrase")
        assert user.session_epoch == epoch + 1 and not user.must_change_password
    from regencheck.store import audit

    with db.reading() as s:
        entries, _ = audit.list_entries(s, entity="users")
        assert all("password_hash" not in (e.after or {}) for e in entries)
        assert entries[0].after is not None and entries[0].after.get("password") == "changed"
