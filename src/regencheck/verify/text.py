"""Sentences and cue phrases: the small text tools the quote and document audits share.

Cues are matched case-insensitively on word boundaries for Latin script (so "set" does not
match "upset") and as plain substrings for Korean, where particles attach to words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")


def fold(text: str) -> str:
    """Case- and width-insensitive form used for matching."""
    return unicodedata.normalize("NFKC", text).casefold()


def sentences(text: str) -> list[str]:
    """Split a document into sentences (and lines), trimmed, without empty ones."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _is_latin(cue: str) -> bool:
    return all(ord(ch) < 0x2E80 for ch in cue)


@lru_cache(maxsize=512)
def cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation for a cue list (longest first, so specific phrases win)."""
    parts = []
    for cue in sorted({fold(c) for c in cues if c.strip()}, key=len, reverse=True):
        escaped = re.escape(cue)
        parts.append(rf"(?<![\w]){escaped}(?![\w])" if _is_latin(cue) else escaped)
    return re.compile("|".join(parts) if parts else r"(?!x)x")


def find_cue(text: str, cues: Iterable[str]) -> str | None:
    """The first cue (as written in the text) that occurs in `text`, or None."""
    match = cue_pattern(tuple(cues)).search(fold(text))
    return match.group(0) if match else None
