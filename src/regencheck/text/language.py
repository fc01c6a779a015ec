"""Which script a text is written in: enough to pick the Korean or the English rule packs."""

from __future__ import annotations

import re

_HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
_LATIN_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_HANGUL_LEAD = bytes([0xEA, 0xEB, 0xEC, 0xED])  # UTF-8 lead bytes of U+AC00–U+D7A3


def has_hangul(text: str) -> bool:
    """True when the text holds Hangul syllables or jamo (then Kiwi is worth running)."""
    return _HANGUL.search(text) is not None


def detect_language(text: str) -> str:
    """`ko` when Hangul is at least a fifth of the letters in a sample, `en` for Latin script,
    `und` when there are no letters. Counts bytes with `bytes.translate`, which costs
    microseconds where a regex over the sample costs a hundred."""
    sample = text[:2000] if len(text) <= 4000 else text[:1000] + text[len(text) // 2 : len(text) // 2 + 1000]
    data = sample.encode("utf-8", "replace")
    hangul = len(data) - len(data.translate(None, _HANGUL_LEAD))
    latin = len(data) - len(data.translate(None, _LATIN_BYTES))
    if hangul == 0 and latin == 0:
        return "und"
    # A Hangul syllable carries about three Latin letters' worth of text.
    return "ko" if hangul * 3 >= (hangul * 3 + latin) * 0.2 else "en"
