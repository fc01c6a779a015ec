"""Korean morphology for claim rules: the shared Kiwi (text.korean), used on rule phrases and candidates.

Korean inflects by attaching endings, so "되돌리다" appears as 되돌려 드립니다 and 완치되다 as
완치됩니다. Rule phrases are analysed once at load into content-morpheme sequences; only the
words around a candidate anchor are analysed at scan time, one word (eojeol) at a time with a
bounded cache, because Kiwi costs about 15 µs per character and words repeat across pages.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text.korean import DICTIONARY_KEY, kiwi

# Morpheme tags that carry content; particles (J*), endings (E*), punctuation (S*) and the
# copula are skipped when matching, which is what lets inflected forms meet the dictionary form.
_CONTENT_PREFIXES = (
    "NN",
    "NR",
    "NP",
    "VV",
    "VA",
    "VX",
    "VCN",
    "MAG",
    "MM",
    "XR",
    "XSV",
    "XSA",
    "SL",
    "SN",
    "SH",
)
_TAG_CLASS = {
    "NN": "N",
    "NR": "N",
    "NP": "N",
    "XR": "N",
    "SL": "N",
    "SH": "N",
    "SN": "D",
    "MA": "M",
    "MM": "M",
}

Morph = tuple[str, str]  # (form, coarse class)


@dataclass(frozen=True)
class Token:
    """A content morpheme in a text: its form, coarse class and str span."""

    form: str
    cls: str
    start: int
    end: int


def _phrase_cache_path() -> Path | None:
    try:
        from importlib.metadata import version

        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("regencheck"))
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"kiwi-phrases-{version('kiwipiepy')}-{DICTIONARY_KEY}.json"
    except (ImportError, OSError, ValueError):
        return None


def _coarse(tag: str) -> str:
    for prefix, cls in _TAG_CLASS.items():
        if tag.startswith(prefix):
            return cls
    return "V" if tag.startswith(("VV", "VA", "VX", "VC", "XSV", "XSA")) else tag


def _is_content(tag: str) -> bool:
    return tag.startswith(_CONTENT_PREFIXES)


class KoreanAnalyzer:
    """Wraps one Kiwi instance (created on first use) with a per-word analysis cache."""

    def __init__(self, cache_size: int = 200_000) -> None:
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[Token, ...]] = OrderedDict()
        self.cache_size = cache_size
        self._phrase_cache: dict[str, list[list[str]]] | None = None
        self._phrases_dirty = False

    def _get_kiwi(self) -> Any:
        return kiwi()

    def phrase_morphs(self, phrase: str) -> tuple[Morph, ...]:
        """The content morphemes of a rule phrase in dictionary form, e.g. 되돌리다 → (되돌리, V).

        Analyses are kept in a small file in the user cache, so a scan of English pages does
        not have to load the Kiwi model (seconds) just to compile the Korean rules.
        """
        known = self._phrases()
        if phrase in known:
            return tuple((form, cls) for form, cls in known[phrase])
        morphs = tuple((t.form, t.cls) for t in self._analyse(phrase))
        known[phrase] = [list(m) for m in morphs]
        self._phrases_dirty = True
        return morphs

    def _phrases(self) -> dict[str, list[list[str]]]:
        if self._phrase_cache is None:
            self._phrase_cache = {}
            path = _phrase_cache_path()
            if path is not None and path.is_file():
                try:
                    loaded = json.loads(path.read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        self._phrase_cache = loaded
                except (OSError, ValueError):
                    pass
        return self._phrase_cache

    def save_phrases(self) -> None:
        """Persist new phrase analyses (best effort: a read-only cache only costs time)."""
        path = _phrase_cache_path()
        if not self._phrases_dirty or path is None or self._phrase_cache is None:
            return
        try:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._phrase_cache, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
            self._phrases_dirty = False
        except OSError:
            pass

    def _analyse(self, text: str) -> tuple[Token, ...]:
        tokens = self._get_kiwi().tokenize(text)
        out = []
        for t in tokens:
            if _is_content(t.tag):
                out.append(Token(t.form, _coarse(t.tag), t.start, t.start + t.len))
        return tuple(out)

    def word_tokens(self, word: str) -> tuple[Token, ...]:
        """Content morphemes of one space-free word, cached (offsets relative to the word)."""
        cached = self._cache.get(word)
        if cached is not None:
            self._cache.move_to_end(word)
            return cached
        tokens = self._analyse(word)
        if self.cache_size > 0:
            self._cache[word] = tokens
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return tokens

    def tokens(self, text: str, start: int, end: int) -> list[Token]:
        """Content morphemes of `text[start:end]`, analysed word by word, in `text` offsets."""
        out: list[Token] = []
        pos = start
        n = end
        while pos < n:
            while pos < n and text[pos].isspace():
                pos += 1
            word_end = pos
            while word_end < n and not text[word_end].isspace():
                word_end += 1
            if word_end > pos:
                for t in self.word_tokens(text[pos:word_end]):
                    out.append(Token(t.form, t.cls, t.start + pos, t.end + pos))
            pos = word_end
        return out


def match_sequence(tokens: list[Token], pattern: tuple[Morph, ...], first: int, max_gap: int) -> Token | None:
    """The last token of `pattern` matched in order from `tokens[first]`, or None.

    Up to `max_gap` other content morphemes may sit between consecutive pattern morphemes
    ("부작용 걱정이 전혀 없는" still matches 부작용이 없다).
    """
    if not pattern or first >= len(tokens) or (tokens[first].form, tokens[first].cls) != pattern[0]:
        return None
    i = first
    for morph in pattern[1:]:
        found = None
        for j in range(i + 1, min(len(tokens), i + 2 + max_gap)):
            if (tokens[j].form, tokens[j].cls) == morph:
                found = j
                break
        if found is None:
            return None
        i = found
    return tokens[i]


def default_anchor(morphs: tuple[Morph, ...]) -> str:
    """A surface string every inflected form of the phrase contains (first morpheme's stem).

    Nouns keep their surface; a verb stem may change its last syllable when inflected
    (되돌리 → 되돌려), so only the syllables before it are kept.
    """
    form, cls = morphs[0]
    if cls == "V" and len(form) >= 2:
        return form[:-1]
    return form


_ANALYZER: KoreanAnalyzer | None = None


def analyzer() -> KoreanAnalyzer:
    """The process-wide analyser (one Kiwi model in memory)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = KoreanAnalyzer()
    return _ANALYZER
