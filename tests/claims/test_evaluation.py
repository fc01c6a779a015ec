"""The scanner meets its targets on the labelled corpus and on every held-out round, once the
round's misses have been fixed (so a rule change that loses an earlier round's sentence fails)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.claims.evaluate import default_corpus_dir, evaluate_corpus
from regencheck.knowledge import KnowledgeBase

CORPUS = default_corpus_dir()
ROUNDS = sorted(p for p in (CORPUS / "heldout").iterdir() if p.is_dir())


def test_there_are_held_out_rounds_to_check() -> None:
    assert len(ROUNDS) >= 2


@pytest.mark.parametrize("corpus", [CORPUS, *ROUNDS], ids=lambda p: Path(p).name)
def test_it_meets_recall_precision_and_warning_targets(corpus: Path, claims_kb: KnowledgeBase) -> None:
    report = evaluate_corpus(corpus, claims_kb)
    assert report["overall"]["recall"] >= 0.95
    assert report["overall"]["precision"] >= 0.90
    assert report["high_severity"]["recall"] >= 0.95
    assert report["mentions_flagged_share"] <= 0.05
