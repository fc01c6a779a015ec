"""The learned sentence layer: two sets of logistic-regression heads, in numpy.

One head per claim category scores "this sentence makes a claim of category c"; one more head,
`not_claim`, scores "this sentence warns about, negates, questions, reports or explains a claim,
or is ordinary text". There are two sets of these heads, a cascade:

- the **screen** reads hashed character and word n-grams and the context pack's cue kinds:
  microseconds a sentence, run on every sentence of a page about the topic;
- the **judge** reads the same plus the multilingual sentence encoder's embedding
  (`encoder.py`, about a millisecond a sentence), run only on the sentences that matter: those
  holding a rule finding that the screen does not already read as a claim (`not_claim` at or
  above `confident_below`: may the finding be vetoed?), those the screen finds plausible claims
  (best category at or above `pass_top`) and those holding a finding the context cues
  suppressed that the screen does not read as a mention (`not_claim` below `restore_pass`: may
  the finding be restored?).

Beside them, the claim heads (see `SentenceModel`) name a claim's further categories.

Weights, thresholds (chosen on out-of-fold predictions of the training files, never on a
held-out round), the encoder's probe vector and the SHA-256 of the training set live in one
`.npz` file written by `python -m regencheck.claims.train`. When the encoder cannot be had, the
screen decides alone with its own thresholds and the scan's notes say so; when the file cannot
be loaded, the rules run alone and the notes say that.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .encoder import EMBED_DIM
from .features import CUE_KINDS, SentenceFeatures
from .schema import CATEGORIES

MODEL_FORMAT = 8
# A threshold above any probability: the decision it guards never fires.
CLOSED = 1.01
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
class Decision:
    """When a set of heads adds a finding or vetoes one: a sentence's best category adds a
    finding at or above `add[category]` while `not_claim` stays below `gate`; a rule finding is
    vetoed when its sentence's `not_claim` reaches `veto`; a rule finding the context cues
    suppressed is restored when its sentence's `not_claim` stays below `restore`.

    A sentence whose category heads stay below their `add` thresholds is still added when
    `not_claim` stays below `claim_gate` and the claim heads' best category reaches `claim_add`:
    the judge is all but sure the sentence is a claim, and the claim heads, which only tell the
    categories of claims apart, name which ("Rheumatoid hands that couldn't open a jar now
    open it" is plainly a selling claim, but no category head alone is sure it is a disease
    claim). `claim_gate` 0 (the screen's, and where the data chose none) closes that path."""

    add: dict[str, float]
    veto: float
    gate: float
    restore: float = 0.0
    # also[a][b]: beside a finding of category a, a finding of category b is added to the
    # sentence when b's score reaches it (`CLOSED`: never).
    also: tuple[tuple[float, ...], ...] = ()
    claim_gate: float = 0.0
    claim_add: float = CLOSED

    def also_threshold(self, found: str, other: str) -> float:
        """The score at which `other` is added beside a finding of `found` (above 1: never)."""
        if not self.also:
            return CLOSED
        return self.also[CATEGORIES.index(found)][CATEGORIES.index(other)]


@dataclass(frozen=True)
class Heads:
    """Weights ((dim + cue kinds + embed_dim) × heads) and biases of one set of heads."""

    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    dim: int
    embed_dim: int
    by_feature: npt.NDArray[np.float32] = field(init=False, repr=False, compare=False)
    cue_weights: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    embed_weights: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cue_end = self.dim + len(CUE_KINDS)
        object.__setattr__(self, "by_feature", np.ascontiguousarray(self.weights, dtype=np.float32))
        object.__setattr__(self, "cue_weights", self.weights[self.dim : cue_end].astype(np.float64))
        object.__setattr__(self, "embed_weights", self.weights[cue_end:].astype(np.float64))

    def scores(
        self, feats: SentenceFeatures, embeddings: npt.NDArray[np.float32] | None = None
    ) -> npt.NDArray[np.float64]:
        """Probabilities, one row per sentence and one column per head (order of `HEADS`)."""
        n = len(feats)
        out = np.zeros((n, len(HEADS)), dtype=np.float64)
        if not n:
            return out
        # Occurrences come sorted by sentence (`SentenceFeatures`): one gather of each
        # occurrence's weight row (12 contiguous float32s, a cache line) and one segmented sum
        # cost a third of a gather and a bincount per head.
        if len(feats.cols):
            starts = np.searchsorted(feats.rows, np.arange(n))
            present = starts < np.append(starts[1:], len(feats.rows))
            sums = np.add.reduceat(
                self.by_feature[feats.cols], np.minimum(starts, len(feats.rows) - 1), axis=0
            )
            out[present] = sums[present]
        out *= feats.scale[:, None]
        out += feats.cues @ self.cue_weights
        if self.embed_dim:
            if embeddings is None or embeddings.shape != (n, self.embed_dim):
                raise ValueError("these heads read sentence embeddings: pass one row per sentence")
            out += embeddings.astype(np.float64) @ self.embed_weights
        out += self.bias
        return 1.0 / (1.0 + np.exp(-out))


@dataclass(frozen=True)
class SentenceModel:
    """The screen and the judge with their decisions, the claim heads with theirs, and what the
    file says about itself.

    The claim heads read what the judge reads but were trained on claims alone: given that a
    sentence makes a claim, which categories does it make? The judge's heads learn each
    category against every other sentence, mentions and ordinary text included, so much of
    what they weigh is "is this a claim at all"; beside a finding that question is settled, and
    a head that only tells the categories of claims apart names a second one more surely.
    Beside a finding, category c is added where the claim head for c reaches `claim_also[c]`,
    or the judge's pair threshold allows it while the claim head for c gives it at least
    `pair_claim_floor`: the judge's heads, fitted on every sentence, can be surer of a category
    than their out-of-fold scores were (a plain "We guarantee results" scored 0.68 for
    regulatory_overclaim beside guarantee, the claim heads 0.32)."""

    screen: Heads
    screen_decision: Decision
    judge: Heads
    judge_decision: Decision
    claim: Heads
    claim_also: dict[str, float]
    pair_claim_floor: float
    pass_top: float
    confident_below: float
    restore_pass: float
    embed_weight: float
    probe: npt.NDArray[np.float32]
    encoder_version: str
    training_sha256: str
    seed: int
    path: Path


def _decision(data: np.lib.npyio.NpzFile, prefix: str) -> Decision:
    names = [str(h) for h in data[f"{prefix}_add_heads"]]
    values = [float(v) for v in data[f"{prefix}_add_thresholds"]]
    if len(names) != len(values):
        raise ValueError(f"{prefix} thresholds are inconsistent")
    return Decision(
        dict(zip(names, values, strict=True)),
        float(data[f"{prefix}_veto"]),
        float(data[f"{prefix}_gate"]),
        float(data[f"{prefix}_restore"]),
        _also(data, prefix),
        float(data[f"{prefix}_claim_gate"]),
        float(data[f"{prefix}_claim_add"]),
    )


def _also(data: np.lib.npyio.NpzFile, prefix: str) -> tuple[tuple[float, ...], ...]:
    also = np.asarray(data[f"{prefix}_also"], dtype=np.float64)
    if also.shape != (len(CATEGORIES), len(CATEGORIES)):
        raise ValueError(f"{prefix} second-label thresholds have another shape")
    return tuple(tuple(float(v) for v in row) for row in also)


def _claim_also(data: np.lib.npyio.NpzFile) -> dict[str, float]:
    values = np.asarray(data["claim_also"], dtype=np.float64)
    if values.shape != (len(CATEGORIES),):
        raise ValueError("the claim heads' thresholds have another shape")
    return {c: float(v) for c, v in zip(CATEGORIES, values, strict=True)}


def _heads(data: np.lib.npyio.NpzFile, prefix: str, dim: int, embed_dim: int) -> Heads:
    weights = np.asarray(data[f"{prefix}_weights"], dtype=np.float32)
    bias = np.asarray(data[f"{prefix}_bias"], dtype=np.float32)
    if weights.shape != (dim + len(CUE_KINDS) + embed_dim, len(HEADS)) or bias.shape != (len(HEADS),):
        raise ValueError(f"{prefix} heads have inconsistent shapes")
    return Heads(weights, bias, dim, embed_dim)


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
            dim = int(data["dim"])
            probe = np.asarray(data["encoder_probe"], dtype=np.float32)
            if probe.shape != (EMBED_DIM,):
                raise ValueError("the encoder probe has another dimension")
            return SentenceModel(
                screen=_heads(data, "screen", dim, 0),
                screen_decision=_decision(data, "screen"),
                judge=_heads(data, "judge", dim, EMBED_DIM),
                judge_decision=_decision(data, "judge"),
                claim=_heads(data, "claim", dim, EMBED_DIM),
                claim_also=_claim_also(data),
                pair_claim_floor=float(data["pair_claim_floor"]),
                pass_top=float(data["pass_top"]),
                confident_below=float(data["confident_below"]),
                restore_pass=float(data["restore_pass"]),
                embed_weight=float(data["embed_weight"]),
                probe=probe,
                encoder_version=str(data["encoder_version"]),
                training_sha256=str(data["training_sha256"]),
                seed=int(data["seed"]),
                path=path,
            )
    except ModelUnavailable:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelUnavailable(
            f"{path}: learned sentence model file is unreadable or inconsistent ({exc}); {INSTALL_HINT}"
        ) from exc


@lru_cache(maxsize=4)
def cached_model(path: Path | None = None) -> SentenceModel | str:
    """The model, loaded once per path; the error message instead when it cannot be loaded."""
    try:
        return load_model(path)
    except ModelUnavailable as exc:
        return str(exc)
