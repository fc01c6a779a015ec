"""Hashed sentence features for the learned claim layer, the same code at training and at run time.

A sentence becomes a sparse vector of hashed character 2–5-grams (Hangul attaches particles and
endings, so characters carry Korean morphology without an analyser) plus word unigrams and
bigrams, each counted and the whole divided by the square root of the number of features. Text
is normalised first: lower case, every digit becomes 0 ("72 percent" and "96 percent" share
their n-grams) and Markdown/JSX markup (`*`, `|`, `#`, `>`, quotes, `=`) becomes a space.

Beside the n-grams, five indicator columns say which kinds of context cue (negated, warning,
question, hypothetical, reported) the rules' context pack finds in the sentence, each worth
`CUE_WEIGHT`: the hand-written cue lists become evidence the heads can weigh, rather than a
verdict.

Hashing is a fixed 64-bit polynomial with a murmur finaliser, computed with numpy over the code
points of a whole batch, so it does not depend on Python's salted `hash` and costs a few numpy
operations per batch rather than a Python call per n-gram.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .compiled import CompiledContext
from .context import find_cues
from .schema import CONTEXT_KINDS

CHAR_NGRAMS = (2, 3, 4, 5)
CUE_KINDS = CONTEXT_KINDS
CUE_WEIGHT = 0.3
_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_WORD_SALT = np.uint64(0x9E3779B97F4A7C15)
_SEPARATOR = 0  # code point placed between sentences of a batch: no n-gram crosses it

_MARKUP = re.compile(r"[*|#>`\"'“”‘’=_~\[\](){}<>/\\:;,.!?。！？…·•\-–—]+")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text the features see: lower case, digits as 0, markup and punctuation as spaces."""
    text = _MARKUP.sub(" ", text.lower().replace("\0", " "))
    text = _DIGIT.sub("0", text)
    return " " + _SPACE.sub(" ", text).strip() + " "


def _finalise(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX2
    return h ^ (h >> np.uint64(33))


def _codes(text: str) -> npt.NDArray[np.uint64]:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def hashed_features(
    texts: Sequence[str], dim: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """For a batch of sentences: (row, column) of every feature occurrence and each row's scale.

    The feature vector of row r is `scale[r] * counts` over the columns listed for r (a column
    may repeat: repeats add up). `dim` must be a power of two.
    """
    if dim & (dim - 1):
        raise ValueError(f"feature dimension must be a power of two, not {dim}")
    mask = np.uint64(dim - 1)
    norm = [normalise(t) for t in texts]
    rows_parts: list[npt.NDArray[np.int64]] = []
    cols_parts: list[npt.NDArray[np.int64]] = []
    if norm:
        joined = "\0".join(norm)
        codes = _codes(joined)
        sep = codes == _SEPARATOR
        row_of = np.cumsum(sep).astype(np.int64)
        n = len(codes)
        with np.errstate(over="ignore"):
            for k in CHAR_NGRAMS:
                if n < k:
                    continue
                m = n - k + 1
                h = codes[:m].copy()
                bad = sep[:m].copy()
                for j in range(1, k):
                    h = h * _PRIME + codes[j : j + m]
                    bad |= sep[j : j + m]
                h = _finalise(h ^ np.uint64(k))
                keep = ~bad
                rows_parts.append(row_of[:m][keep])
                cols_parts.append((h[keep] & mask).astype(np.int64))
            word_rows: list[int] = []
            word_hashes: list[int] = []
            for r, t in enumerate(norm):
                words = t.split()
                for i, w in enumerate(words):
                    word_rows.append(r)
                    word_hashes.append(zlib.crc32(w.encode()))
                    if i:
                        word_rows.append(r)
                        word_hashes.append(zlib.crc32(f"{words[i - 1]} {w}".encode()) | 1 << 32)
            if word_hashes:
                wh = _finalise(np.array(word_hashes, dtype=np.uint64) ^ _WORD_SALT)
                rows_parts.append(np.array(word_rows, dtype=np.int64))
                cols_parts.append((wh & mask).astype(np.int64))
    rows = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(cols_parts) if cols_parts else np.zeros(0, dtype=np.int64)
    counts = np.bincount(rows, minlength=len(texts)).astype(np.float64)
    scale = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    return rows, cols, scale


def cue_features(texts: Sequence[str], ctx: CompiledContext) -> npt.NDArray[np.float64]:
    """One row per sentence, one column per context-cue kind: `CUE_WEIGHT` where the context
    pack of a model language finds a trigger of that kind (not masked by a pseudo-trigger),
    else 0. Another language's pack (Indonesian) adds no feature, so the trained weights stay
    valid when it is added."""
    out = np.zeros((len(texts), len(CUE_KINDS)), dtype=np.float64)
    column = {k: i for i, k in enumerate(CUE_KINDS)}
    for r, text in enumerate(texts):
        for cue in find_cues(text, ctx):
            if cue.role == "trigger" and cue.kind in column and cue.language in MODEL_LANGUAGES:
                out[r, column[cue.kind]] = CUE_WEIGHT
    return out


# The languages the model was trained on and the encoder covers: on a text in any other
# language (an Indonesian offer) the rules decide alone and the notes say so.
MODEL_LANGUAGES = ("en", "ko")

_EMBED_MARKUP = re.compile(r"[*|#>`=_~\[\]{}<>]+")


def embedding_text(text: str) -> str:
    """The sentence as the encoder should read it: Markdown table bars, emphasis, heading marks
    and JSX brackets become spaces (digits, punctuation and case stay: the encoder reads them)."""
    return _SPACE.sub(" ", _EMBED_MARKUP.sub(" ", text)).strip()


@dataclass(frozen=True)
class SentenceFeatures:
    """The sparse n-gram occurrences (`hashed_features`, here sorted by sentence so that heads can
    sum them in one segmented pass) and cue columns of a batch of sentences, computed once and
    shared by every set of heads."""

    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    scale: npt.NDArray[np.float64]
    cues: npt.NDArray[np.float64]

    @classmethod
    def of(cls, texts: Sequence[str], dim: int, ctx: CompiledContext) -> SentenceFeatures:
        rows, cols, scale = hashed_features(texts, dim)
        order = np.argsort(rows, kind="stable")
        return cls(rows[order], cols[order], scale, cue_features(texts, ctx))

    def __len__(self) -> int:
        return len(self.scale)

    def take(self, index: npt.NDArray[np.int64]) -> SentenceFeatures:
        """The features of the sentences `index` (sorted, distinct), renumbered from 0."""
        position = np.full(len(self), -1, dtype=np.int64)
        position[index] = np.arange(len(index))
        keep = position[self.rows] >= 0
        return SentenceFeatures(
            position[self.rows[keep]], self.cols[keep], self.scale[index], self.cues[index]
        )
