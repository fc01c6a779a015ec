"""Korean descriptions through Kiwi, a real morphological analyser, so inflected forms match.

Text and cues are both analysed by the same Kiwi instance, and a cue matches a run of whole
morphemes whose forms (verb lemmas for verbs) join to the cue's own: "배양한" and "배양된" match
the cue "배양", "줄기 세포" matches "줄기세포", but "배양액" (culture fluid, one noun) never
matches "배양" (culture). Negation is read from the morphemes after the cue ("배양하지 않은")
or the prefix and adverb just before it ("무배양", "안 배양한").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..text.korean import kiwi


@dataclass(frozen=True)
class Morph:
    key: str
    tag: str
    start: int
    end: int


def _key(token: Any) -> str:
    tag: str = token.tag
    if tag == "SN":
        return "#"  # any number: the cue "3주간" matches "2주간" and "4주간"
    if tag.startswith("V") or tag == "XSV":
        lemma = getattr(token, "lemma", None)
        if lemma:
            return str(lemma).lower()
    return str(token.form).lower()


def _encodable(text: str) -> str:
    """Lone surrogates (from broken JSON or files) become U+FFFD, one for one, keeping offsets."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def analyse(text: str) -> list[Morph]:
    """The morphemes of a text with character offsets into it."""
    return [Morph(_key(t), t.tag, t.start, t.start + t.len) for t in kiwi().tokenize(_encodable(text))]


def cue_key(cue: str) -> str:
    """How a cue is indexed: its morphemes' keys joined (endings dropped), as the text side joins them."""
    return "".join(m.key for m in analyse(cue) if not m.tag.startswith("E"))


@dataclass(frozen=True)
class KoMatch:
    payload: Any
    start: int
    end: int
    negated: bool


_CLAUSE_END = {"SF", "SP", "SS", "SSO", "SSC", "SE"}


def _negated(morphs: Sequence[Morph], i: int, j: int, negators: frozenset[str], window: int) -> bool:
    if i > 0 and morphs[i - 1].key in negators and morphs[i - 1].tag in ("XPN", "MAG"):
        return True
    for seen, m in enumerate(morphs[j + 1 : j + 1 + window]):
        if m.tag in _CLAUSE_END:
            break
        if m.key in negators:
            return True
        if m.tag.startswith("NN") and seen > 0:
            break
    return False


def prefixes(keys: Iterable[str]) -> frozenset[str]:
    """Every leading part of every cue key, so a run of morphemes that cannot match stops early."""
    return frozenset(key[:k] for key in keys for k in range(1, len(key) + 1))


def match(
    text: str,
    index: dict[str, list[Any]],
    max_morphs: int,
    negators: frozenset[str],
    window: int,
    starts: frozenset[str] | None = None,
) -> Iterable[KoMatch]:
    """Every cue of `index` (joined key → payloads) found in the text, with its negation."""
    morphs = analyse(text)
    n = len(morphs)
    known = starts if starts is not None else prefixes(index)
    for i in range(n):
        tag = morphs[i].tag
        if tag in _CLAUSE_END or tag[0] in "JE":
            continue
        joined = ""
        for j in range(i, min(n, i + max_morphs)):
            if j > i and morphs[j].start > morphs[j - 1].end + 1:
                break
            if morphs[j].tag[0] == "E":
                continue
            joined += morphs[j].key
            if joined not in known:
                break
            payloads = index.get(joined)
            if payloads:
                neg = _negated(morphs, i, j, negators, window)
                for p in payloads:
                    yield KoMatch(p, morphs[i].start, morphs[j].end, neg)
