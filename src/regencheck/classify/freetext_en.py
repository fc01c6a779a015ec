"""English descriptions: cues matched on word tokens, so one pass serves every cue.

Text and cues are split into lower-case word tokens the same way; a cue matches a run of
tokens within one sentence, and a cue word ending in `*` matches any ending ("cultur*":
culture, cultured, culturing). Looking cues up by their first token keeps the cost per text
proportional to its length, not to the size of the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_BREAK = re.compile(r"[.;:!?\n|]")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Lower-case word tokens with their offsets in `text`."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())]


@dataclass(frozen=True)
class _Cue:
    words: tuple[str, ...]
    open_last: bool
    payload: Any


@dataclass
class EnglishIndex:
    """Cues by their first word; cues whose only word is open-ended by its first 3 letters."""

    exact: dict[str, list[_Cue]] = field(default_factory=dict)
    prefix: dict[str, list[_Cue]] = field(default_factory=dict)

    def add(self, cue: str, payload: Any) -> None:
        open_last = cue.rstrip().endswith("*")
        words = tuple(t for t, _, _ in tokens(cue.replace("*", "")))
        if not words:
            return
        entry = _Cue(words, open_last, payload)
        if open_last and len(words) == 1:
            self.prefix.setdefault(words[0][:3], []).append(entry)
        else:
            self.exact.setdefault(words[0], []).append(entry)


def build_index(cues: Iterable[tuple[str, Any]]) -> EnglishIndex:
    """An index of (cue text, payload) pairs."""
    index = EnglishIndex()
    for cue, payload in cues:
        index.add(cue, payload)
    return index


def _matches(entry: _Cue, toks: Sequence[tuple[str, int, int]], i: int, text: str) -> int | None:
    n = len(entry.words)
    if i + n > len(toks):
        return None
    for k, word in enumerate(entry.words):
        tok = toks[i + k][0]
        last = k == n - 1
        if not (tok.startswith(word) if (last and entry.open_last) else tok == word):
            return None
        if k and _SENTENCE_BREAK.search(text, toks[i + k - 1][2], toks[i + k][1]):
            return None
    return toks[i + n - 1][2]


_CLAUSE_GAP = re.compile(r"[.;:!?\n|,]")
_CLAUSE_WORDS = frozenset(("but", "however"))


def negated(
    text: str, toks: Sequence[tuple[str, int, int]], i: int, negators: frozenset[str], window: int
) -> bool:
    """True when a negator word stands within `window` words before token `i`, in the same clause."""
    for j in range(i - 1, max(-1, i - 1 - window), -1):
        word, _, end = toks[j]
        if word in _CLAUSE_WORDS or _CLAUSE_GAP.search(text, end, toks[j + 1][1]):
            return False
        if word in negators or word.endswith("n't"):
            return True
    return False


@dataclass(frozen=True)
class EnMatch:
    payload: Any
    start: int
    end: int
    negated: bool


def match(text: str, index: EnglishIndex, negators: frozenset[str], window: int) -> Iterable[EnMatch]:
    """Every cue of the index found in the text, with whether it is negated."""
    toks = tokens(text)
    exact, prefix = index.exact, index.prefix
    for i, (tok, start, _) in enumerate(toks):
        candidates = exact.get(tok)
        wild = prefix.get(tok[:3])
        if wild:
            candidates = [*candidates, *wild] if candidates else wild
        if not candidates:
            continue
        neg: bool | None = None
        for entry in candidates:
            end = _matches(entry, toks, i, text)
            if end is not None:
                if neg is None:
                    neg = negated(text, toks, i, negators, window)
                yield EnMatch(entry.payload, start, end, neg)
