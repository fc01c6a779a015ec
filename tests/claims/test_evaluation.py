"""The scanner meets its targets on the labelled corpus and on every held-out round, once the
round's misses have been fixed (so a rule change that loses an earlier round's sentence fails)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.claims.evaluate import default_corpus_dir, evaluate_corpus
from regencheck.knowledge import KnowledgeBase

CORPUS = default_corpus_dir()
# A round written blind for a change not yet made is scored once before and once after that
# change, and never by the test suite in between: a run here would be a third reading.
AWAITING_SCORING: tuple[str, ...] = ()
ROUNDS = sorted(p for p in (CORPUS / "heldout").iterdir() if p.is_dir() and p.name not in AWAITING_SCORING)
# Rounds 6 and later measure the co-occurrence layer on text it never saw and were not tuned
# sentence by sentence afterwards: extra categories on a claim sentence (a testimonial that is
# also a disease claim) cost precision there, so their floor is their measured level
# (corpus/claims/README.md), not the tuned rounds' 0.90.
PRECISION_FLOOR = {
    "round6": 0.80,
    "round7": 0.75,
    "round8": 0.80,
    "round9": 0.90,
    "round10": 0.85,
    "round11": 0.84,
    "round12": 0.92,
    "round13": 0.91,
    "round14": 0.93,
    "round15": 0.96,
    "round16": 0.93,
    "round17": 0.90,
    "round18": 0.90,
    "round19": 0.88,
    "round20": 0.86,
    "round21": 0.84,
    "round22": 0.87,
    "round23": 0.85,
    "round24": 0.86,
    "round25": 0.84,
    "round26": 0.83,
    "round27": 0.87,
    "round28": 0.85,
    "round29": 0.80,
}
# Round 7 was scored once and left as written: its figures are the honest estimate of the
# co-occurrence layer on unseen text, kept here so a change that loses ground fails.
# Round 8 (issue 9) was written before the learned sentence layer, is never trained on and was
# scored once with the finished layer (recall 0.750, precision 0.816, mentions flagged 8.0%).
# Round 8 has been training text since. Round 9 was written blind before the encoder cascade and
# scored once after it (recall 0.662 -> 0.809, precision 0.839 -> 0.914, mentions flagged
# 12.5% -> 4.2%, high-severity recall 0.786; docs/claims_model.md): those "after" figures are its floor.
# Round 10 was written blind after that and scored once before and once after training batch 4
# and the own-voice guard (recall 0.792 -> 0.792, precision 0.844 -> 0.859, mentions flagged
# 3.8% -> 2.6%): the "after" figures are its floor. Round 11, written blind after that (harder:
# scenes, implied claims, two-claim sentences), was scored once before and once after per-category
# add thresholds and training batch 5 (recall 0.618 -> 0.648, precision 0.862 -> 0.848,
# mentions flagged 7.2% -> 8.2%): the "after" figures are its floor. Round 12, written blind after
# that, was scored once before and once after the judge's restore of cue-suppressed findings,
# five rule families and round 11 as training text (recall 0.687 -> 0.690, precision 0.925 ->
# 0.926, mentions flagged 5.6% -> 5.6%, high-severity recall 0.692). Round 13, written blind after
# that, was scored once before and once after the pair-conditional second labels, two reference-
# list training files and round 12 as training text (recall 0.730 -> 0.801, precision 0.922 ->
# 0.914, mentions flagged 6.7% -> 5.6%, high-severity recall 0.685 -> 0.769); with the model
# retrained for the round-14 Korean cues it gives 0.796 (high-severity 0.785). Round 14 was scored
# once before and once after the add-test restore (0.793 -> 0.793); its misses then gave the
# Korean denial and indirect-question cues (recall 0.793, precision 0.938, mentions 4.5%). Round
# 15, written blind after all of that and scored once on the committed model (no change after
# it: the retrain it was meant to measure was not kept), gave recall 0.844, high-severity 0.874,
# precision 0.968, mentions flagged 1.1%. Rounds 16 and 17, written blind after that, were scored
# once before and once after the retrain with rounds 13-15 and training batch 6 as training text
# (recall 0.697 -> 0.701 and 0.663 -> 0.660, precision 0.940 -> 0.932 and 0.896 -> 0.904,
# mentions flagged 2.7% -> 2.7% and 4.8% -> 3.8%): the "after" figures are their floors. Round
# 18, written blind after that, was scored once before and once after the claim heads and
# rounds 16-17 as training text (recall 0.677 -> 0.756, high-severity 0.685 -> 0.776, precision
# 0.899 -> 0.905, mentions flagged 6.6% -> 5.7%). Round 19, written blind after that with a brief
# asking for hearsay among the mentions, was scored once before and once after the hearsay cues
# and round 18 as training text (recall 0.766 -> 0.776, high-severity 0.758 -> 0.758, precision
# 0.884 -> 0.886, mentions flagged 12.5% -> 10.7%). Round 20, written blind after that, was
# scored once before and once after the claim path, training batch 7 and round 19 as training
# text (recall 0.705 -> 0.715, high-severity 0.679 -> 0.684, precision 0.864 -> 0.863, mentions
# flagged 11.0% -> 9.4%). Round 21, written blind with round 20, was scored once before and once
# after the closed-class mention cues, the rule families of 2026-12-07 and round 20 as training
# text (recall 0.647 -> 0.685, high-severity 0.580 -> 0.635, precision 0.822 -> 0.845, mentions
# flagged 13.8% -> 9.5%). Round 22, written blind after that, was scored once before and once
# after the second cue and rule families, the screen passing more to the judge, the pair floor and
# round 21 as training text (recall 0.735 -> 0.723, high-severity 0.747 -> 0.759, precision
# 0.895 -> 0.872, mentions flagged 2.4% -> 3.2%). Round 23, written blind after that, was scored once
# before and once after the finer threshold steps, training batch 8, guide headings, rule
# families from round 22 and round 22 as training text (recall 0.785 -> 0.791, high-severity
# 0.804 -> 0.798, precision 0.867 -> 0.857, mentions flagged 2.8% -> 3.5%). Round 24, written
# blind after that, was scored once before and once after the Korean mention frames and rule
# families read on round 23, the risk-line cue and round 23 as training text (recall 0.824 ->
# 0.821, high-severity 0.819 -> 0.826, precision 0.855 -> 0.868, mentions flagged 8.2% -> 7.5%).
# Round 25, written blind after that, was scored once before and once after the signed-quote
# sentences, training batch 9 and round 24 as training text (recall 0.753 -> 0.740, high-severity
# 0.731 -> 0.701, precision 0.837 -> 0.840, mentions flagged 6.3% -> 6.3%). Round 26, written
# blind after that, was scored once before and once after the rule families and Korean cues read
# on round 25 and round 25 as training text (recall 0.691 -> 0.711, high-severity 0.688 ->
# 0.699, precision 0.826 -> 0.830, mentions flagged 9.7% -> 11.0%). Round 27, written blind
# after that, was scored once before and once after the mention frames read on round 26 and
# round 26 as training text (recall 0.754 -> 0.771, high-severity 0.710 -> 0.732, precision
# 0.865 -> 0.873, mentions flagged 3.4% -> 3.4%). Round 28, written blind after that, was scored
# once before and once after the rule families, fields and cues read on round 27 and round 27 as
# training text (recall 0.811 -> 0.836, high-severity 0.760 -> 0.799, precision 0.837 -> 0.850,
# mentions flagged 10.7% -> 10.7%). Round 29, written blind alongside round 28's change, was
# scored once before and once after the Korean quotative that shares the claim's last syllable,
# the families read on round 28 and round 28 as training text (recall 0.798 -> 0.792,
# high-severity 0.792 -> 0.775, precision 0.800 -> 0.808, mentions flagged 9.2% -> 8.6%); it is
# not yet training text (HELD_OUT).
RECALL_FLOOR = {
    "round7": 0.40,
    "round8": 0.74,
    "round9": 0.78,
    "round10": 0.78,
    "round11": 0.64,
    "round12": 0.69,
    "round13": 0.78,
    "round14": 0.79,
    "round15": 0.84,
    "round16": 0.70,
    "round17": 0.65,
    "round18": 0.75,
    "round19": 0.75,
    "round20": 0.68,
    "round21": 0.63,
    "round22": 0.72,
    "round23": 0.79,
    "round24": 0.82,
    "round25": 0.74,
    "round26": 0.71,
    "round27": 0.73,
    "round28": 0.79,
    "round29": 0.77,
}
MENTIONS_CEILING = {
    "round7": 0.07,
    "round8": 0.081,
    "round9": 0.043,
    "round10": 0.026,
    "round11": 0.083,
    "round12": 0.056,
    "round13": 0.056,
    "round14": 0.045,
    "round15": 0.012,
    "round16": 0.027,
    "round17": 0.039,
    "round18": 0.057,
    "round19": 0.108,
    "round20": 0.095,
    "round21": 0.095,
    "round22": 0.033,
    "round23": 0.036,
    "round24": 0.075,
    "round25": 0.063,
    "round26": 0.11,
    "round27": 0.035,
    "round28": 0.108,
    "round29": 0.086,
}


def test_there_are_held_out_rounds_to_check() -> None:
    assert len(ROUNDS) >= 2


def test_it_meets_its_targets_on_the_labelled_corpus(claims_kb: KnowledgeBase) -> None:
    report = evaluate_corpus(CORPUS, claims_kb)
    assert report["overall"]["f1"] >= 0.95
    assert report["high_severity"]["recall"] >= 0.95
    assert report["mentions_flagged_share"] <= 0.05


@pytest.mark.parametrize("corpus", ROUNDS, ids=lambda p: Path(p).name)
def test_it_keeps_what_each_held_out_round_taught(corpus: Path, claims_kb: KnowledgeBase) -> None:
    # A few sentences of a round stay missed on purpose (recorded in corpus/claims/README.md):
    # catching them would take sentence-specific strings.
    report = evaluate_corpus(corpus, claims_kb)
    assert report["overall"]["recall"] >= RECALL_FLOOR.get(corpus.name, 0.90)
    assert report["overall"]["precision"] >= PRECISION_FLOOR.get(corpus.name, 0.90)
    assert report["high_severity"]["recall"] >= RECALL_FLOOR.get(corpus.name, 0.90)
    assert report["mentions_flagged_share"] <= MENTIONS_CEILING.get(corpus.name, 0.05)
