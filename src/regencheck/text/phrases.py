"""Phrases as patterns: one rule for every engine that looks for words in text.

A phrase's spaces match any run of spaces or hyphens ("same day", "same-day"); Latin words
match on word boundaries (so "set" does not match "upset"); Hangul matches as a substring,
because particles and endings attach to Korean words. Matching is case- and width-insensitive
through `fold`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache


def fold(text: str) -> str:
    """Case- and width-insensitive form used for matching (NFKC, case-folded)."""
    return unicodedata.normalize("NFKC", text).casefold()


def phrase_regex(phrase: str) -> str:
    """A literal phrase as a regular-expression source (see the module docstring)."""
    parts = [re.escape(p) for p in phrase.split()]
    body = r"[\s\-]+".join(parts)
    if phrase[:1].isascii() and (phrase[:1].isalnum() or phrase[:1] == "_"):
        body = r"\b" + body
    if phrase[-1:].isascii() and (phrase[-1:].isalnum() or phrase[-1:] == "_"):
        body = body + r"\b"
    return body


@lru_cache(maxsize=512)
def cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation of a cue list, to search folded text (longest cue first, so
    the specific phrase wins over its prefix)."""
    folded = sorted({fold(c).strip() for c in cues if c.strip()}, key=len, reverse=True)
    return re.compile("|".join(phrase_regex(c) for c in folded) if folded else r"(?!x)x")


def find_cue(text: str, cues: Iterable[str]) -> str | None:
    """The first cue (as it stands in the folded text) that occurs in `text`, or None."""
    match = cue_pattern(tuple(cues)).search(fold(text))
    return match.group(0) if match else None
