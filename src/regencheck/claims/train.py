"""Train the learned sentence layer on the labelled corpus and write `claims/data/sentence_model.npz`.

Every corpus file takes part (corpus/claims/*.yaml and every held-out round) except the rounds in
`HELD_OUT`, written to measure the layer and never trained on. Each item is one example: its
labels train the category heads, and `not_claim` is 1 for warnings, negations, questions,
reports, hypotheticals and neutral text. Heads are L2 logistic regressions (liblinear, fixed
seed). Thresholds come from out-of-fold predictions where each fold leaves out whole files
(a file is one batch written at one time, so a fold is scored like a fresh round):

- `veto`: the lowest `not_claim` score at which at most `MAX_CLAIMS_VETOED` of the claim items
  would be vetoed;
- `add` (the same for every category, at least `MIN_ADD`) and `add_not_claim_below`: on a grid,
  the pair that lets the model alone find the most claim items while adding a finding to at
  most `MAX_FALSE_ADDS` of the non-claim items, with at least `MIN_ADD_PRECISION` of its claim
  findings in an expected category (the model adds only its best category).

Needs the `[train]` extra (scikit-learn, scipy). Run from a source checkout:

    python -m regencheck.claims.train            # retrain and write the file
    python -m regencheck.claims.train --check    # exit 1 unless the committed file matches
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..inputs import load_structured_file
from ..knowledge import default_knowledge
from ..knowledge.loader import DATA_DIR
from .compiled import compiled_context
from .evaluate import CorpusFile, default_corpus_dir
from .features import cue_features, hashed_features
from .model import DEFAULT_MODEL_PATH, HEADS, MODEL_FORMAT, load_model
from .schema import CATEGORIES

HELD_OUT = ("round8", "round9")
CONTEXT_DIR = DATA_DIR / "claims"
SEED = 20261206
DIM = 1 << 15
C = 8.0
FOLDS = 6
MAX_CLAIMS_VETOED = 0.01
MAX_FALSE_ADDS = 0.015
MIN_ADD_PRECISION = 0.88
# Never below an even chance for the category (the heads are class-balanced).
MIN_ADD = 0.5


@dataclass(frozen=True)
class Example:
    text: str
    labels: frozenset[str]
    type: str
    group: str


def training_files(corpus: Path) -> list[Path]:
    """Corpus files used for training, sorted; held-out rounds left out."""
    files = sorted(corpus.glob("*.yaml"))
    for round_dir in sorted(p for p in (corpus / "heldout").iterdir() if p.is_dir()):
        if round_dir.name not in HELD_OUT:
            files += sorted(round_dir.glob("*.yaml"))
    return files


def training_sha256(corpus: Path, files: list[Path]) -> str:
    """SHA-256 over each training file's path (relative to the corpus) and bytes, then over the
    context packs whose cues are features (`context_<lang>.yaml`)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(corpus).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for path in sorted(CONTEXT_DIR.glob("context_*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_examples(corpus: Path, files: list[Path]) -> list[Example]:
    out: list[Example] = []
    for path in files:
        doc = CorpusFile.model_validate(load_structured_file(path))
        group = path.relative_to(corpus).as_posix()
        # A file of ordinary text only is a pool of sentences, not one batch of wordings: its
        # items are spread over the folds (held out whole, the only plain copy would be gone).
        pool = all(item.type == "neutral" for item in doc.items)
        for i, item in enumerate(doc.items):
            where = f"{group}#{i % FOLDS}" if pool else group
            out.append(Example(item.text, frozenset(item.labels), item.type, where))
    return out


def _matrix(texts: list[str]) -> Any:
    from scipy.sparse import csr_matrix, hstack

    rows, cols, scale = hashed_features(texts, DIM)
    grams = csr_matrix((scale[rows], (rows, cols)), shape=(len(texts), DIM), dtype=np.float64)
    cues = cue_features(texts, compiled_context(default_knowledge()))
    return hstack([grams, csr_matrix(cues)]).tocsr()


def _targets(examples: list[Example]) -> npt.NDArray[np.int64]:
    y = np.zeros((len(examples), len(HEADS)), dtype=np.int64)
    for i, ex in enumerate(examples):
        for j, c in enumerate(CATEGORIES):
            y[i, j] = c in ex.labels
        y[i, len(CATEGORIES)] = ex.type != "claim"
    return y


def _fit(x: Any, y: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], y.shape[1]))
    bias = np.zeros(y.shape[1])
    for j in range(y.shape[1]):
        if y[:, j].min() == y[:, j].max():
            bias[j] = -10.0 if y[0, j] == 0 else 10.0
            continue
        head = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", random_state=SEED)
        head.fit(x, y[:, j])
        weights[:, j] = head.coef_[0]
        bias[j] = head.intercept_[0]
    return weights, bias


def _predict(x: Any, weights: npt.NDArray[np.float64], bias: npt.NDArray[np.float64]) -> Any:
    z = np.asarray(x @ weights) + bias
    return 1.0 / (1.0 + np.exp(-z))


def out_of_fold(examples: list[Example], x: Any, y: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Predictions for every example from heads trained without its file."""
    groups = sorted({e.group for e in examples})
    rng = np.random.default_rng(SEED)
    order = [groups[i] for i in rng.permutation(len(groups))]
    fold_of = {g: i % FOLDS for i, g in enumerate(order)}
    folds = np.array([fold_of[e.group] for e in examples])
    out = np.zeros(y.shape, dtype=np.float64)
    for f in range(FOLDS):
        test = folds == f
        w, b = _fit(x[~test], y[~test])
        out[test] = _predict(x[test], w, b)
    return out


def choose_thresholds(
    examples: list[Example], oof: npt.NDArray[np.float64]
) -> tuple[dict[str, float], float, float]:
    """`add` per category, `veto` and `add_not_claim_below`, from out-of-fold predictions (see
    the module docstring)."""
    is_claim = np.array([e.type == "claim" for e in examples])
    not_claim = oof[:, len(CATEGORIES)]
    claim_scores = np.sort(not_claim[is_claim])
    # Lowest threshold vetoing at most the allowed share of claims.
    k = int(np.floor(MAX_CLAIMS_VETOED * len(claim_scores)))
    veto = float(claim_scores[-k - 1] + 1e-6) if k < len(claim_scores) else 1.0
    veto = min(max(veto, 0.5), 0.99)
    best = oof[:, : len(CATEGORIES)].argmax(axis=1)
    top = oof[np.arange(len(examples)), best]
    right = np.array([CATEGORIES[b] in e.labels for b, e in zip(best, examples, strict=True)])
    choice = (1.0, 0.0)
    best_found = -1.0
    for gate in np.round(np.arange(0.20, 0.501, 0.05), 2):
        for t in np.round(np.arange(MIN_ADD, 0.951, 0.05), 2):
            fires = (top >= t) & (not_claim < gate)
            if not fires[is_claim].any():
                continue
            found = fires[is_claim].mean()
            false_adds = fires[~is_claim].mean()
            precision = (fires & right)[is_claim].sum() / fires[is_claim].sum()
            if false_adds <= MAX_FALSE_ADDS and precision >= MIN_ADD_PRECISION and found > best_found:
                best_found, choice = found, (float(t), float(gate))
    add = dict.fromkeys(CATEGORIES, choice[0])
    return add, round(veto, 4), choice[1]


def train(corpus: Path) -> dict[str, Any]:
    """Fit the heads and choose thresholds; returns the arrays of the model file."""
    files = training_files(corpus)
    examples = load_examples(corpus, files)
    x = _matrix([e.text for e in examples])
    y = _targets(examples)
    oof = out_of_fold(examples, x, y)
    add, veto, gate = choose_thresholds(examples, oof)
    weights, bias = _fit(x, y)
    return {
        "format": np.array(MODEL_FORMAT),
        "heads": np.array(HEADS),
        "weights": weights.astype(np.float16),
        "bias": bias.astype(np.float32),
        "dim": np.array(DIM),
        "add_heads": np.array(list(add)),
        "add_thresholds": np.array(list(add.values()), dtype=np.float64),
        "veto_threshold": np.array(veto),
        "add_not_claim_below": np.array(gate),
        "training_sha256": np.array(training_sha256(corpus, files)),
        "seed": np.array(SEED),
        "training_items": np.array(len(examples)),
        "training_files": np.array([f.relative_to(corpus).as_posix() for f in files]),
        "oof_summary": np.array(_oof_summary(examples, oof, add, veto, gate)),
    }


def _oof_summary(
    examples: list[Example], oof: npt.NDArray[np.float64], add: dict[str, float], veto: float, gate: float
) -> str:
    is_claim = np.array([e.type == "claim" for e in examples])
    nc = oof[:, len(CATEGORIES)]
    best = oof[:, : len(CATEGORIES)].argmax(axis=1)
    top = oof[np.arange(len(examples)), best]
    thr = np.array([add[CATEGORIES[b]] for b in best])
    fires = (top >= thr) & (nc < gate)
    right = np.array([CATEGORIES[b] in e.labels for b, e in zip(best, examples, strict=True)])
    return (
        f"out-of-fold: claims found alone {fires[is_claim].mean():.3f}, in the expected category "
        f"{(fires & right)[is_claim].sum() / max(fires[is_claim].sum(), 1):.3f}; non-claims flagged "
        f"{fires[~is_claim].mean():.3f}; claims vetoed {(nc[is_claim] >= veto).mean():.3f}, "
        f"mentions vetoed {(nc[~is_claim] >= veto).mean():.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m regencheck.claims.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=default_corpus_dir())
    parser.add_argument("--output", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument(
        "--check", action="store_true", help="Verify that the model file matches the corpus; write nothing."
    )
    args = parser.parse_args(argv)
    if args.check:
        return _check(args.corpus, args.output)
    arrays = train(args.corpus)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.output, **arrays)
    print(
        f"wrote {args.output} ({args.output.stat().st_size} bytes), training set {arrays['training_sha256']}"
    )
    print(str(arrays["oof_summary"]))
    print(
        f"veto {float(arrays['veto_threshold'])}, add {float(arrays['add_thresholds'][0])} "
        f"where not_claim < {float(arrays['add_not_claim_below'])}"
    )
    return 0


def _check(corpus: Path, path: Path) -> int:
    model = load_model(path)
    files = training_files(corpus)
    expected = training_sha256(corpus, files)
    if model.training_sha256 != expected:
        print(
            f"{path}: trained on {model.training_sha256}, the corpus is now {expected}; "
            "retrain with `python -m regencheck.claims.train`",
            file=sys.stderr,
        )
        return 1
    arrays = train(corpus)
    drift = float(np.abs(arrays["weights"].astype(np.float32) - model.weights).max())
    same_thresholds = np.allclose(arrays["add_thresholds"], [model.add[h] for h in arrays["add_heads"]]) and (
        abs(float(arrays["veto_threshold"]) - model.veto) < 1e-6
    )
    if drift > 1e-2 or not same_thresholds:
        print(f"{path}: retraining does not reproduce it (weight drift {drift:.4f})", file=sys.stderr)
        return 1
    print(f"{path}: matches the corpus ({expected}) and retraining reproduces it")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
