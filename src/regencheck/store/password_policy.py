"""What a password chosen by a person must be: long enough, not a commonly used password (even with
digits or symbols around it), without the user name, and not one repeated or sequential run.

Generated one-time passwords skip these rules (they are long and random). Each broken rule has
its own message, so the person knows what to change.

The common-password list (`data/common_passwords.txt`) is the part of Django's list of the most
common breached passwords that can decide a rule here; its header names the source.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

from ..errors import FieldProblem, InputError

MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"
# A user name shorter than this is too likely to occur by chance in a passphrase.
MIN_NAME_IN_PASSWORD = 3
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lowercased."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _repeated_unit(text: str) -> bool:
    """The whole text is one shorter run repeated (`aaaaaaaaaaaa`, `abcabcabcabc`)."""
    return any(
        len(text) % n == 0 and text[:n] * (len(text) // n) == text for n in range(1, len(text) // 2 + 1)
    )


def _sequential(text: str) -> bool:
    """Every character is the previous one plus (or minus) one, digits wrapping (`1234567890`)."""
    steps = set()
    for a, b in itertools.pairwise(text):
        if a.isdigit() and b.isdigit():
            steps.add((int(b) - int(a)) % 10)
        else:
            steps.add((ord(b) - ord(a)) % 0x110000)
    # one step size throughout: +1, or -1 (9 among digits, the wrapped code point otherwise)
    return len(steps) == 1 and steps <= {1, 9, 0x10FFFF}


def password_problems(password: str, username: str | None = None) -> list[str]:
    """Every rule `password` breaks, as messages saying what to change (empty: acceptable)."""
    lowered = password.lower()
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"password must have at least {MIN_PASSWORD_LENGTH} characters"]
    problems = []
    common = common_passwords()
    core = _EDGES.sub("", lowered)
    if lowered in common:
        problems.append("this password is one of the most commonly used passwords; choose another")
    elif len(core) >= 4 and core in common:
        problems.append(
            f"this password is a commonly used password ('{core}') with digits or symbols added; choose another"
        )
    name = (username or "").strip().lower()
    if len(name) >= MIN_NAME_IN_PASSWORD and name in lowered:
        problems.append("the password must not contain the user name")
    squeezed = re.sub(r"\s+", "", lowered)
    if _repeated_unit(squeezed) or _sequential(squeezed):
        problems.append(
            "the password must not be one repeated or sequential run of characters (like aaaa… or 1234…)"
        )
    return problems


def check_password(password: str, username: str | None = None) -> None:
    """Raise InputError (field `password`, one problem per broken rule) unless `password` is acceptable."""
    problems = password_problems(password, username)
    if problems:
        raise InputError(
            problems[0] if len(problems) == 1 else "the password breaks these rules: " + "; ".join(problems),
            problems=[FieldProblem(location="password", message=p) for p in problems],
        )
