"""Korean descriptions through Kiwi, a real morphological analyser, so inflected forms match.

Text and cues are both analysed by the same Kiwi instance, and a cue matches a run of whole
morphemes whose forms (verb lemmas for verbs) join to the cue's own: "배양한" and "배양된" match
the cue "배양", "줄기 세포" matches "줄기세포", but "배양액" (culture fluid, one noun) never
matches "배양" (culture). Endings and the particles that only mark a noun's role (이/가, 을/를,
은/는, 에/에서) are left out of the join, so "지방을 뽑다" also matches "지방 뽑아서"; the
possessive 의 is kept ("환자의" is not "환자"). As in English, `...` in a cue stands for up to
`GAP` other morphemes of the same clause ("지방 ... 이식하다" matches "지방을 걸러서 이식한"),
and a part written `*암` is a noun (or a compound Kiwi splits, 혈액+세포) ending in 암 (폐암,
위암, 췌장암), so a cue covers a family of compounds. Negation is read from the morphemes after the cue ("배양하지 않은", also after a
list: "효소나 기계는 쓰지 않습니다") or the prefix and adverb just before it ("무배양", "안 배양한").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..text.korean import kiwi

#: How many morphemes (particles and endings aside) `...` in a cue may stand for.
GAP = 6
#: Particles that only mark a noun's role; they vary with style and are not part of a cue.
_ROLE_PARTICLES = frozenset(("JKS", "JKC", "JKO", "JKB", "JX"))


class Morph(NamedTuple):
    """One morpheme: its key (form, or lemma for verbs), tag and offsets in the text."""

    key: str
    tag: str
    start: int
    end: int


#: Native number words stand for a number too: "두 시간 안에" is "2시간 안에".
_NUMBER_WORDS = frozenset(
    ("한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "몇", "여러")
)


def _key(token: Any, tag: str) -> str:
    if tag in ("SN", "NR") or (tag == "MM" and token.form in _NUMBER_WORDS):
        return "#"  # any number: the cue "3주간" matches "2주간", "4주간" and "두 주간"
    if tag[0] == "V" or tag == "XSV":
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
    out = []
    for t in kiwi().tokenize(_encodable(text)):
        tag = t.tag
        start = t.start
        out.append(Morph(_key(t, tag), tag, start, start + t.len))
    return out


def _left_out(tag: str) -> bool:
    """Endings and role particles: not part of what a cue names."""
    return tag[0] == "E" or tag in _ROLE_PARTICLES


def cue_key(cue: str) -> str:
    """How a cue is indexed: its morphemes' keys joined (endings and role particles dropped)."""
    return "".join(m.key for m in analyse(cue) if not _left_out(m.tag))


#: A noun after a cue, to read the cue as it stands in a phrase (then dropped from the key).
_CONTEXT = "것"


def cue_keys(cue: str) -> frozenset[str]:
    """Every key a plain cue is indexed under: Kiwi reads some words differently alone and in a
    phrase ("뽑아내다" is one verb, "뽑아내는" 뽑다+내다; "젊음" alone a verb, in a phrase a noun),
    so a cue is analysed alone and before a noun, and a verb lemma (…다) also as its adnominal
    form (…는).

    A cue that is all nouns alone keeps only phrase readings that are nouns too, in no more
    pieces, and keep every letter: before a noun, "볼" (cheek) reads as the verb 보다, "피로"
    (fatigue) as 피 plus a particle and "원내" (in-house) as 원 + 나의, and indexing those would
    make every "볼 수 있다" a cheek and every 피 (blood) fatigue.
    """
    forms = [cue]
    if cue.endswith("다") and len(cue) > 1:
        forms.append(cue[:-1] + "는")
    alone = [m for m in analyse(cue) if not _left_out(m.tag)]
    nominal = bool(alone) and not any(_verbal(m.tag) for m in alone)
    keys = {cue_key(cue)}
    for form in forms:
        morphs = analyse(f"{form} {_CONTEXT}")
        if morphs and morphs[-1].key == _CONTEXT:
            morphs = morphs[:-1]
        content = [m for m in morphs if not _left_out(m.tag)]
        if nominal and (
            any(_verbal(m.tag) for m in content)
            or len(content) > len(alone)  # 원내 → 원 + 나 + 의 ("my")
            or sum(m.end - m.start for m in content) < sum(m.end - m.start for m in alone)
        ):
            continue
        keys.add("".join(m.key for m in content))
    keys.update(cue_key(form) for form in forms[1:])
    return frozenset(k for k in keys if k)


def _verbal(tag: str) -> bool:
    """A verb, adjective, copula or verb-forming suffix: the morphemes that make a predicate."""
    return tag[0] == "V" or tag in ("XSV", "XSA")


@dataclass(frozen=True)
class Element:
    """One part of a pattern: a run of morphemes joining to `key`, or one noun ending in it."""

    key: str
    suffix: bool = False
    #: Whether up to `GAP` other morphemes may stand before it (`...`), or none.
    after_gap: bool = False


@dataclass(frozen=True)
class Pattern:
    """A cue with `...` gaps or `*suffix` nouns: its elements in order."""

    elements: tuple[Element, ...]
    payload: Any

    @property
    def gapped(self) -> bool:
        return any(e.after_gap for e in self.elements)


def parse_pattern(cue: str, payload: Any) -> Pattern | None:
    """The pattern of a cue that has gaps or suffix parts ("환자 *세포"); None for a plain cue."""
    if "..." not in cue and "*" not in cue:
        return None
    elements: list[Element] = []
    for n, raw in enumerate(cue.split("...")):
        words: list[str] = []
        gap = n > 0
        for word in [*raw.split(), None]:
            if word is not None and not word.startswith("*"):
                words.append(word)
                continue
            if words:
                elements.append(Element(cue_key(" ".join(words)), False, gap))
                words, gap = [], False
            if word is not None and word[1:]:
                elements.append(Element(word[1:], True, gap))
                gap = False
    return Pattern(tuple(elements), payload)


@dataclass
class KoreanIndex:
    """Plain cues by joined key; patterns by the key of their first part or by its suffix."""

    plain: dict[str, list[Any]] = field(default_factory=dict)
    first: dict[str, list[Pattern]] = field(default_factory=dict)
    suffixed: dict[str, list[Pattern]] = field(default_factory=dict)
    longest: int = 1
    starts: frozenset[str] = frozenset()
    suffix_lengths: tuple[int, ...] = ()


def build_index(cues: Iterable[tuple[str, Any]]) -> KoreanIndex:
    """Analyse every (cue, payload) pair once into a `KoreanIndex`."""
    index = KoreanIndex()
    longest = 1
    for cue, payload in cues:
        pattern = parse_pattern(cue, payload)
        if pattern is None:
            for key in cue_keys(cue):
                index.plain.setdefault(key, []).append(payload)
            longest = max(longest, len(analyse(cue)) + 1)
        elif pattern.elements:
            head = pattern.elements[0]
            (index.suffixed if head.suffix else index.first).setdefault(head.key, []).append(pattern)
            longest = max(longest, *(len(analyse(part)) for part in cue.split("...")))
    index.longest = longest + 2
    index.starts = prefixes([*index.plain, *index.first])
    index.suffix_lengths = tuple(sorted({len(s) for s in index.suffixed}))
    return index


class KoMatch(NamedTuple):
    """A cue found in a text, with its offsets and whether it is negated."""

    payload: Any
    start: int
    end: int
    negated: bool
    #: The cue spans morphemes it did not name (`...`), so it must not hide cues among them.
    gap: bool = False


_CLAUSE_END = {"SF", "SP", "SS", "SSO", "SSC", "SE"}


def _negated(morphs: Sequence[Morph], i: int, j: int, negators: frozenset[str], window: int) -> bool:
    if i > 0 and morphs[i - 1].key in negators and morphs[i - 1].tag in ("XPN", "MAG"):
        return True
    n = len(morphs)
    k = j + 1
    # "효소나 세포 분리 기계는 쓰지 않습니다", "세포 분리·농축 과정 없음": a negated verb after a
    # list negates every item (a comma may end a clause instead, so it does not join a list).
    while k + 1 < n and _joins_list(morphs[k]) and morphs[k + 1].tag.startswith("NN"):
        k += 1
        while k < n and morphs[k].tag.startswith("NN"):
            k += 1
    seen = 0
    closed = False  # a role particle ended the cue's phrase ("지방을"): a noun after it is another
    while k < n and seen < window:
        m = morphs[k]
        if m.tag in _CLAUSE_END:
            break
        if m.key in negators:
            return True
        k += 1
        if m.tag in _ROLE_PARTICLES:
            closed = True
        if m.tag[0] in "JE" or m.tag in _VERB_SUFFIXES:
            continue  # particles, endings and verb suffixes do not count toward the window
        # A second noun starts another phrase ("지방을 효소 없이": the enzyme is denied, not the
        # fat), unless it is the predicate ("포함되지 않습니다").
        if (
            m.tag.startswith("NN")
            and (seen > 0 or closed)
            and not (k < n and morphs[k].tag in _VERB_SUFFIXES)
        ):
            break
        seen += 1
    return False


_VERB_SUFFIXES = frozenset(("XSV", "XSA"))


_LIST_WORDS = frozenset(("·", "/", "및", "또는"))


def _joins_list(m: Morph) -> bool:
    """A particle or mark that joins nouns into a list: 효소나, 분리·농축, 효소 및 기계."""
    return m.tag == "JC" or m.key in _LIST_WORDS


def prefixes(keys: Iterable[str]) -> frozenset[str]:
    """Every leading part of every cue key, so a run of morphemes that cannot match stops early."""
    return frozenset(key[:k] for key in keys for k in range(1, len(key) + 1))


def _adjacent(morphs: Sequence[Morph], j: int) -> bool:
    return morphs[j].start <= morphs[j - 1].end + 1


def _literal_at(morphs: Sequence[Morph], k: int, key: str) -> int | None:
    """The last morpheme of a run from `k` whose keys join to `key`, if there is one."""
    joined = ""
    for j in range(k, len(morphs)):
        if j > k and not _adjacent(morphs, j):
            return None
        if _left_out(morphs[j].tag):
            continue
        joined += morphs[j].key
        if joined == key:
            return j
        if not key.startswith(joined):
            return None
    return None


#: How many nouns a compound that ends in a suffix part may join ("혈액+세포", "겸상+적혈구+병").
COMPOUND = 4


def _element_at(morphs: Sequence[Morph], k: int, element: Element) -> int | None:
    if not element.suffix:
        return _literal_at(morphs, k, element.key)
    for e in range(k, min(len(morphs), k + COMPOUND)):
        m = morphs[e]
        if not m.tag.startswith("NN") or (e > k and m.start != morphs[e - 1].end):
            return None
        if m.key.endswith(element.key):
            return e
    return None


def _rest(morphs: Sequence[Morph], k: int, elements: Sequence[Element]) -> int | None:
    """Match `elements` from morpheme `k` on; one after a gap may skip up to `GAP` morphemes."""
    if not elements:
        return k - 1
    n = len(morphs)
    while k < n and _left_out(morphs[k].tag) and not elements[0].after_gap:
        k += 1  # a role particle may stand between adjacent parts ("지방을 *")
    skipped = 0
    while k < n and skipped <= (GAP if elements[0].after_gap else 0):
        if morphs[k].tag in _CLAUSE_END:
            return None
        end = _element_at(morphs, k, elements[0])
        if end is not None:
            last = _rest(morphs, end + 1, elements[1:])
            if last is not None:
                return last
        if not _left_out(morphs[k].tag):
            skipped += 1
        k += 1
    return None


def match(
    text: str,
    index: KoreanIndex,
    negators: frozenset[str],
    window: int,
) -> Iterable[KoMatch]:
    """Every cue of `index` found in the text, with its negation."""
    morphs = analyse(text)
    n = len(morphs)
    plain, first, known = index.plain, index.first, index.starts
    suffixed, suffix_lengths, longest = index.suffixed, index.suffix_lengths, index.longest
    keys = [m.key for m in morphs]
    left_out = [_left_out(m.tag) for m in morphs]
    # Whether morpheme j follows j-1 closely enough (at most one space) to join one cue.
    joined_on = [j > 0 and morphs[j].start <= morphs[j - 1].end + 1 for j in range(n)]
    for i in range(n):
        tag = morphs[i].tag
        if tag in _CLAUSE_END or tag[0] in "JE":
            continue
        if suffix_lengths and tag[:2] == "NN":
            key = keys[i]
            if any(key[-length:] in suffixed for length in suffix_lengths):
                yield from _suffixed(morphs, i, index, negators, window)
        joined = ""
        for j in range(i, min(n, i + longest)):
            if j > i and not joined_on[j]:
                break
            if left_out[j]:
                continue
            joined += keys[j]
            if joined not in known:
                break
            payloads = plain.get(joined)
            if payloads:
                neg = _negated(morphs, i, j, negators, window)
                for p in payloads:
                    yield KoMatch(p, morphs[i].start, morphs[j].end, neg)
            patterns = first.get(joined)
            if patterns:
                for pattern in patterns:
                    last = _rest(morphs, j + 1, pattern.elements[1:])
                    if last is not None:
                        neg = _negated(morphs, i, last, negators, window)
                        yield KoMatch(pattern.payload, morphs[i].start, morphs[last].end, neg, pattern.gapped)


def _suffixed(
    morphs: Sequence[Morph], i: int, index: KoreanIndex, negators: frozenset[str], window: int
) -> Iterable[KoMatch]:
    key = morphs[i].key
    for length in index.suffix_lengths:
        for pattern in index.suffixed.get(key[-length:], ()) if len(key) >= length else ():
            last = _rest(morphs, i + 1, pattern.elements[1:])
            if last is not None:
                neg = _negated(morphs, i, last, negators, window)
                yield KoMatch(pattern.payload, morphs[i].start, morphs[last].end, neg, pattern.gapped)
