"""The learned sentence layer: logistic-regression heads over hashed sentence features, in numpy.

One head per claim category scores "this sentence makes a claim of category c"; one more head,
`not_claim`, scores "this sentence warns about, negates, questions, reports or explains a claim,
or is ordinary text". The weights, the feature dimension, the thresholds (chosen on out-of-fold
predictions of the training rounds, never on a held-out round) and the SHA-256 of the training
set live in one small `.npz` file written by `python -m regencheck.claims.train`.

The scanner uses the model in two ways (see `scanner.py`): a sentence where no rule fired whose
best category clears its `add` threshold, and whose `not_claim` score is below
`add_not_claim_below`, becomes a
finding found by the model; a rule finding whose sentence scores `not_claim` at or above `veto`
is suppressed as a mention. A missing or unreadable file leaves the rules working alone and the
scan says so in its notes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .features import CUE_KINDS, hashed_features
from .schema import CATEGORIES

MODEL_FORMAT = 2
NOT_CLAIM = "not_claim"
HEADS: tuple[str, ...] = (*CATEGORIES, NOT_CLAIM)
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "sentence_model.npz"
INSTALL_HINT = (
    "reinstall regencheck (pip install --force-reinstall regencheck), or rebuild the file from a "
    "source checkout with `python -m regencheck.claims.train` (needs the [train] extra)"
)


class ModelUnavailable(Exception):
    """Raised by `load_model` when the model file is missing, unreadable or of another format;
    the message names the file and the install step."""


@dataclass(frozen=True)
class SentenceModel:
    """Weights ((dim + cue kinds) × heads), biases and thresholds of the sentence heads."""

    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    dim: int
    add: dict[str, float]
    veto: float
    add_not_claim_below: float
    training_sha256: str
    seed: int
    path: Path
    weights_by_head: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights_by_head", np.ascontiguousarray(self.weights.T, dtype=np.float64))

    def scores(self, sentences: Sequence[str], cues: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probabilities, one row per sentence and one column per head (order of `HEADS`);
        `cues` are the sentences' `cue_features`."""
        out = np.zeros((len(sentences), len(HEADS)), dtype=np.float64)
        if not sentences:
            return out
        rows, cols, scale = hashed_features(sentences, self.dim)
        # One gather of every occurrence's weights, then one C-speed bincount per head (a
        # ufunc.at scatter costs ten times more).
        gathered = self.weights_by_head[:, cols]
        for k in range(len(HEADS)):
            out[:, k] = np.bincount(rows, weights=gathered[k], minlength=len(sentences))
        out *= scale[:, None]
        out += cues @ self.weights_by_head[:, self.dim :].T
        out += self.bias
        return 1.0 / (1.0 + np.exp(-out))


def load_model(path: Path | None = None) -> SentenceModel:
    """Read and check a model file. Raises `ModelUnavailable` naming the file and what to do."""
    path = path or DEFAULT_MODEL_PATH
    if not path.is_file():
        raise ModelUnavailable(f"{path}: learned sentence model file is missing; {INSTALL_HINT}")
    try:
        with np.load(path, allow_pickle=False) as data:
            fmt = int(data["format"])
            heads = tuple(str(h) for h in data["heads"])
            if fmt != MODEL_FORMAT or heads != HEADS:
                raise ModelUnavailable(
                    f"{path}: learned sentence model is of another format or has other heads "
                    f"(format {fmt}, heads {', '.join(heads)}); {INSTALL_HINT}"
                )
            weights = np.asarray(data["weights"], dtype=np.float32)
            bias = np.asarray(data["bias"], dtype=np.float32)
            dim = int(data["dim"])
            add_names = [str(h) for h in data["add_heads"]]
            add_values = [float(v) for v in data["add_thresholds"]]
            veto = float(data["veto_threshold"])
            add_not_claim_below = float(data["add_not_claim_below"])
            sha = str(data["training_sha256"])
            seed = int(data["seed"])
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelUnavailable(
            f"{path}: learned sentence model file is unreadable ({exc}); {INSTALL_HINT}"
        ) from exc
    if (
        weights.shape != (dim + len(CUE_KINDS), len(HEADS))
        or bias.shape != (len(HEADS),)
        or len(add_names) != len(add_values)
    ):
        raise ModelUnavailable(f"{path}: learned sentence model has inconsistent shapes; {INSTALL_HINT}")
    return SentenceModel(
        weights=weights,
        bias=bias,
        dim=dim,
        add=dict(zip(add_names, add_values, strict=True)),
        veto=veto,
        add_not_claim_below=add_not_claim_below,
        training_sha256=sha,
        seed=seed,
        path=path,
    )


@lru_cache(maxsize=4)
def cached_model(path: Path | None = None) -> SentenceModel | str:
    """The model, loaded once per path; the error message instead when it cannot be loaded."""
    try:
        return load_model(path)
    except ModelUnavailable as exc:
        return str(exc)
