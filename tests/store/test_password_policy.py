"""The password policy: each rule refuses what it should, with its own message, and lets a
sturdy passphrase through; the common-password list ships as data with its source."""

from __future__ import annotations

import pytest

from regencheck.errors import InputError
from regencheck.store import password_policy
from regencheck.store.db import Database
from regencheck.store.models import User
from regencheck.store.roles import Actor
from regencheck.store.schemas import UserCreate
from regencheck.store.users import MIN_PASSWORD_LENGTH, create_user, reset_password, set_password

ADMIN = Actor(username="ada", role="admin", user_id=None)


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short pass", f"at least {MIN_PASSWORD_LENGTH} characters"),
        ("password1234", "one of the most commonly used"),
        ("Password1234!", "commonly used password ('password') with digits"),
        ("iloveyou12345", "commonly used password ('iloveyou')"),
        ("!!Sunshine2026", "commonly used password ('sunshine')"),
        ("vera-in-seoul-2026", "must not contain the user name"),
        ("aaaaaaaaaaaaaa", "repeated or sequential"),
        ("abcabcabcabcabc", "repeated or sequential"),
        ("abcdefghijklmn", "repeated or sequential"),
        ("0987654321098", "repeated or sequential"),
    ],
)
def test_each_rule_refuses_with_its_own_message(password: str, says: str) -> None:
    with pytest.raises(InputError) as info:
        password_policy.check_password(password, "vera")
    assert says in info.value.message
    assert info.value.problems and all(p.location == "password" for p in info.value.problems)


@pytest.mark.parametrize(
    "password", ["a sturdy test passphrase", "correct horse battery staple", "Kimchi-jjigae at 7, Mapo!"]
)
def test_a_sturdy_passphrase_passes(password: str) -> None:
    assert password_policy.password_problems(password, "vera") == []


def test_every_broken_rule_is_named() -> None:
    problems = password_policy.password_problems("veraveraveravera", "vera")
    assert len(problems) == 2 and "user name" in problems[0] and "repeated" in problems[1]


def test_the_common_password_list_ships_small_with_its_source() -> None:
    path = password_policy.COMMON_PASSWORDS
    assert path.stat().st_size < 200_000
    assert "Royce Williams" in path.read_text(encoding="utf-8").split("\n\n")[0]
    common = password_policy.common_passwords()
    assert 5000 < len(common) < 20_000 and "password" in common and "password1234" in common


def test_chosen_passwords_are_checked_where_they_are_set_and_generated_ones_are_not(db: Database) -> None:
    with db.writing() as s, pytest.raises(InputError, match="commonly used"):
        create_user(s, ADMIN, UserCreate(username="ada", role="admin", password="password1234"))
    with db.writing() as s:
        new = create_user(s, ADMIN, UserCreate(username="vera", role="verifier"))
        assert new.one_time_password
        user = s.get(User, new.user.id)
        assert user is not None
        with pytest.raises(InputError, match="user name"):
            set_password(s, ADMIN, user, "vera's own passphrase")
        set_password(s, ADMIN, user, "a sturdy test passphrase")
        assert len(reset_password(s, ADMIN, user.id)) >= MIN_PASSWORD_LENGTH
