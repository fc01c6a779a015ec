"""English descriptions: cues matched on word tokens, so one pass serves every cue.

Text and cues are split into lower-case word tokens the same way; a cue matches a run of
tokens within one sentence, and a cue word ending in `*` matches any ending ("cultur*":
culture, cultured, culturing). Inside a cue, `#` stands for a number ("3", "three", "few") and
`...` for up to `GAP` other words of the same sentence ("grow ... cells" matches "grow your
fat-derived stem cells"), so one cue covers a family of wordings. Looking cues up by their first
token keeps the cost per text proportional to its length, not to the size of the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_BREAK = re.compile(r"[.;:!?\n|]")

#: How many words `...` in a cue may stand for.
GAP = 5
_GAP_WORD = "\x00gap"
_NUMBER_WORD = "\x00number"
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "few",
        "several",
        "couple",
    ]
)


def _is_number(token: str) -> bool:
    return token.isdigit() or token in _NUMBER_WORDS


def _cue_words(cue: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A cue's words and, per word, whether it ends in `*` (any ending)."""
    words: list[str] = []
    opens: list[bool] = []
    for part in re.split(r"(\.\.\.|#)", cue):
        if part == "...":
            words.append(_GAP_WORD)
            opens.append(False)
        elif part == "#":
            words.append(_NUMBER_WORD)
            opens.append(False)
        else:
            for m in re.finditer(r"\S+", part):
                chunk = m.group()
                found = [t for t, _, _ in tokens(chunk.replace("*", ""))]
                words += found
                opens += [False] * (len(found) - 1) + [chunk.endswith("*")] if found else []
    return tuple(words), tuple(opens)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Lower-case word tokens with their offsets in `text` (a typographic apostrophe counts as ')."""
    folded = text.lower().replace("\u2019", "'")  # one character for one: offsets stay put
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


@dataclass(frozen=True)
class _Cue:
    words: tuple[str, ...]
    opens: tuple[bool, ...]
    payload: Any
    gap: bool = False
    #: Whole words after the first that the text must contain somewhere for the cue to match:
    #: a cheap test that skips most of the cues sharing a common first word ("fat ... injected").
    needs: frozenset[str] = frozenset()


@dataclass
class EnglishIndex:
    """Cues by their first word; cues whose first word is open-ended by its first 3 letters."""

    exact: dict[str, list[_Cue]] = field(default_factory=dict)
    prefix: dict[str, list[_Cue]] = field(default_factory=dict)

    def add(self, cue: str, payload: Any) -> None:
        words, opens = _cue_words(cue)
        if not words or words[0] == _GAP_WORD or words[-1] == _GAP_WORD:
            return
        needs = frozenset(
            w
            for w, o in zip(words[1:], opens[1:], strict=True)
            if not o and w not in (_GAP_WORD, _NUMBER_WORD)
        )
        entry = _Cue(words, opens, payload, _GAP_WORD in words, needs)
        if opens[0]:
            self.prefix.setdefault(words[0][:3], []).append(entry)
        else:
            self.exact.setdefault(words[0], []).append(entry)


def build_index(cues: Iterable[tuple[str, Any]]) -> EnglishIndex:
    """An index of (cue text, payload) pairs."""
    index = EnglishIndex()
    for cue, payload in cues:
        index.add(cue, payload)
    return index


def _word_fits(word: str, tok: str, open_end: bool) -> bool:
    if word == _NUMBER_WORD:
        return _is_number(tok)
    if open_end:
        return tok.startswith(word)
    # A possessive names the same thing: "donor's fat" is donor fat, "newborn's cord" a cord.
    return tok == word or (tok.endswith("'s") and tok[:-2] == word)


def sentence_ids(text: str, toks: Sequence[tuple[str, int, int]]) -> list[int]:
    """Per token, the number of the sentence it stands in (a cue never spans two)."""
    ids: list[int] = []
    sentence = 0
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    b = 0
    for _, start, _ in toks:
        while b < len(breaks) and breaks[b] < start:
            b += 1
            sentence = b
        ids.append(sentence)
    return ids


def _matches(
    entry: _Cue, toks: Sequence[tuple[str, int, int]], i: int, sentences: Sequence[int]
) -> int | None:
    words = entry.words
    n = len(words)
    if i + n > len(toks):
        return None
    if entry.gap:
        return _match_from(entry, toks, i, 0, sentences)
    if sentences[i + n - 1] != sentences[i]:
        return None
    opens = entry.opens
    for k in range(n):
        if not _word_fits(words[k], toks[i + k][0], opens[k]):
            return None
    return toks[i + n - 1][2]


def _match_from(
    entry: _Cue, toks: Sequence[tuple[str, int, int]], i: int, k: int, sentences: Sequence[int]
) -> int | None:
    """Match words[k:] from token i on, a gap trying the fewest skipped words first."""
    words = entry.words
    if k == len(words):
        return toks[i - 1][2]
    if i >= len(toks) or (k and sentences[i] != sentences[i - 1]):
        return None
    word = words[k]
    if word == _GAP_WORD:
        for skip in range(GAP + 1):
            j = i + skip
            if j >= len(toks) or sentences[j] != sentences[i]:
                return None
            end = _match_from(entry, toks, j, k + 1, sentences)
            if end is not None:
                return end
        return None
    if not _word_fits(word, toks[i][0], entry.opens[k]):
        return None
    return _match_from(entry, toks, i + 1, k + 1, sentences)


_CLAUSE_GAP = re.compile(r"[.;:!?\n|,]")
#: "Donor-free", "culture-free", "enzyme-free": the cue right before "-free" is denied.
_FREE_OF = re.compile(r"-free\b", re.IGNORECASE)
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
    #: The cue spans words it did not name (`...`), so it must not hide cues found among them.
    gap: bool = False


def match(text: str, index: EnglishIndex, negators: frozenset[str], window: int) -> Iterable[EnMatch]:
    """Every cue of the index found in the text, with whether it is negated."""
    toks = tokens(text)
    sentences = sentence_ids(text, toks)
    present = {t for t, _, _ in toks}
    present |= {t[:-2] for t in present if t.endswith("'s")}
    exact, prefix = index.exact, index.prefix
    numbered = exact.get(_NUMBER_WORD)
    for i, (tok, start, _) in enumerate(toks):
        candidates = exact.get(tok)
        if tok.endswith("'s"):
            owner = exact.get(tok[:-2])
            if owner:
                candidates = [*candidates, *owner] if candidates else owner
        wild = prefix.get(tok[:3])
        if wild:
            candidates = [*candidates, *wild] if candidates else wild
        if numbered and _is_number(tok):
            candidates = [*candidates, *numbered] if candidates else numbered
        if not candidates:
            continue
        neg: bool | None = None
        for entry in candidates:
            if entry.needs and not entry.needs <= present:
                continue
            end = _matches(entry, toks, i, sentences)
            if end is not None:
                if neg is None:
                    neg = negated(text, toks, i, negators, window)
                yield EnMatch(
                    entry.payload, start, end, neg or _FREE_OF.match(text, end) is not None, entry.gap
                )
