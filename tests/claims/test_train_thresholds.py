"""How the training command chooses the `add` thresholds from out-of-fold scores: the budgets
hold, and a category whose claims and ordinary sentences part only near the top of the scale is
still opened. Hand-made scores, so each case states exactly what separates."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from regencheck.claims.model import CLOSED
from regencheck.claims.schema import CATEGORIES
from regencheck.claims.train import MIN_ADD, Example, choose_thresholds

DISEASE = CATEGORIES.index("disease_treatment")


def _examples_and_scores(
    claim_top: float, neutral_top: float, claims: int = 200, neutral: int = 300, mentions: int = 200
) -> tuple[list[Example], npt.NDArray[np.float64]]:
    """Disease claims scoring `claim_top` for their category, ordinary sentences scoring
    `neutral_top` for it, mentions scoring low; every item reads as a claim to `not_claim`
    (0.1), so only the category threshold can tell them apart."""
    examples: list[Example] = []
    rows: list[list[float]] = []
    groups = (
        ("claim", frozenset({"disease_treatment"}), claims, claim_top),
        ("neutral", frozenset(), neutral, neutral_top),
        ("warning", frozenset(), mentions, 0.2),
    )
    for kind, labels, count, top in groups:
        for i in range(count):
            examples.append(Example(f"{kind} {i}", labels, kind, f"{kind}{i % 12}"))
            rows.append([top if k == DISEASE else 0.01 for k in range(len(CATEGORIES))] + [0.1])
    return examples, np.array(rows)


def test_a_category_whose_ordinary_sentences_reach_0_95_opens_on_the_steps_above() -> None:
    examples, oof = _examples_and_scores(claim_top=0.985, neutral_top=0.955)
    add = choose_thresholds(examples, oof).add["disease_treatment"]
    assert 0.955 < add <= 0.985


def test_a_category_its_ordinary_sentences_outscore_stays_closed() -> None:
    # Every neutral sentence scores above every claim: any open threshold spends the whole
    # neutral budget, so the category stays closed rather than flag ordinary text.
    examples, oof = _examples_and_scores(claim_top=0.97, neutral_top=0.99)
    assert choose_thresholds(examples, oof).add["disease_treatment"] == CLOSED


def test_a_cleanly_separated_category_opens_at_the_floor() -> None:
    examples, oof = _examples_and_scores(claim_top=0.9, neutral_top=0.3)
    assert choose_thresholds(examples, oof).add["disease_treatment"] == MIN_ADD
