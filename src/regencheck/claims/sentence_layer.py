"""Where the learned sentence model meets the rules' result: vetoes and added findings.

The rules keep exact spans, categories, legal basis and explanations. On a text about the topic
(one where some rule pattern or semantic-field word occurs) the model (`model.py`) scores every
sentence with its screen, then hands the sentences that matter to its judge, which also reads
the multilingual sentence encoder's embedding: the sentences holding a rule finding the screen
does not already read as a claim, and those whose best category the screen scores at or above
`pass_top`. Then

- a rule finding whose sentence the judge scores `not_claim` at or above `veto` is moved to
  `suppressed` (a warning, negation, question, report or explanation the context cues did not
  catch), unless it is a negated risk, the page's own voice after a contrast, or nearly its
  whole sentence (`_bare`);
- a rule finding the context cues suppressed (a negation, warning, question, report or
  hypothetical cue near it) is restored when the judge scores its sentence `not_claim` below
  `restore`, or would have flagged the finding's category there itself (its `add` threshold
  reached, `not_claim` below `gate`): the cue lists are hand-written and sometimes reach a
  claim they do not govern ("…평생 빠지지 않고 유지됩니다" holds the negation 않고);
- beside a finding of category a (the rules', restored or the model's), a category b the
  sentence also claims is added when b's score reaches `also[a][b]` (and the claim heads give b
  at least `pair_claim_floor`), or the claim heads (trained on claims alone) score b at or
  above `claim_also[b]`, and `not_claim` stays below `gate` ("Grandma walks again after her
  knee shots" is a testimonial and a disease claim); a sentence holding a rule finding reaches
  the judge for this when the screen finds a category not yet found plausible (`pass_top`);
- a sentence with no rule finding and no suppressed mention, whose best category clears that
  category's `add` threshold while `not_claim` stays below `gate` (or, the claim path, whose
  `not_claim` stays below `claim_gate` while the claim heads' best category reaches
  `claim_add`), becomes one finding of that category: its span is the sentence, its rule
  `model.<category>`, its cue the score, and its basis and severity those of the category's
  rules in the document's language.

Without the encoder, the screen decides alone with its own thresholds, and the notes say so.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from ..knowledge import KnowledgeBase
from .compiled import (
    CompiledRules,
    RuleEntry,
    compiled_context,
    compiled_model_exemptions,
    compiled_own_voice,
    compiled_rules,
)
from .encoder import (
    ENCODER_PACKAGE,
    INSTALL_STEP,
    PROBE_TEXT,
    EncoderUnavailable,
    SentenceEncoder,
    sentence_encoder,
)
from .features import MODEL_LANGUAGES, SentenceFeatures, embedding_text
from .model import CLOSED, NOT_CLAIM, Decision, SentenceModel, cached_model
from .result import ClaimFinding, ScanResult, Suppressed
from .schema import CATEGORIES, CONTEXT_KINDS, SEVERITY_RANK

MODEL_NOTE = "learned sentence model unavailable, rules only: "
LANGUAGE_NOTE = "the learned sentence model reads English and Korean; this text is in '{language}', so the rules decided alone"
SCREEN_NOTE = "sentence encoder unavailable, the learned layer's screen decided alone: "
# A page is scored sentence by sentence; past this many sentences the rest is left to the rules
# (an enormous table or log is not a clinic page), and the notes say so.
MAX_MODEL_SENTENCES = 20_000
MIN_WORDS = 2
MIN_LETTERS = 8


@dataclass(frozen=True)
class CategoryInfo:
    severity: str
    basis: tuple[str, ...]
    explanation: str


_DERIVED: dict[tuple[int, str], tuple[object, object]] = {}
T = TypeVar("T")


def _derived(kb: KnowledgeBase, name: str, build: Callable[[CompiledRules], T]) -> T:
    """`build(rules)` for the knowledge base's compiled rule set, computed once per rule set
    (a reloaded knowledge base compiles a new one, and gets fresh values)."""
    rules = compiled_rules(kb)
    key = (id(rules), name)
    known = _DERIVED.get(key)
    if known is not None and known[0] is rules:
        return cast(T, known[1])
    value = build(rules)
    if len(_DERIVED) > 64:
        _DERIVED.clear()
    _DERIVED[key] = (rules, value)
    return value


def _negated_risk_rules(kb: KnowledgeBase) -> frozenset[str]:
    """Ids of rules whose match is itself a negation ("no scarring"): the model's negation
    sense must not veto them, the rules already read that negation as the claim."""
    return _derived(
        kb,
        "negated_risk",
        lambda rules: (
            frozenset(e.rule.id for e in rules.entries if e.rule.negated_risk)
            | frozenset(c.rule.id for c in rules.co_rules if c.rule.negated_risk)
        ),
    )


def _category_info(kb: KnowledgeBase, language: str) -> dict[str, CategoryInfo]:
    """Severity, citations and explanation of each category's rules in `language`."""
    return _derived(kb, f"categories:{language}", lambda rules: _build_info(rules.entries, language))


def _rule_info(kb: KnowledgeBase) -> dict[str, CategoryInfo]:
    """Severity, citations and explanation of every rule, by id."""
    return _derived(
        kb,
        "rules",
        lambda rules: (
            {e.rule.id: CategoryInfo(e.rule.severity, e.basis, e.rule.explanation) for e in rules.entries}
            | {c.rule.id: CategoryInfo(c.rule.severity, c.basis, c.rule.explanation) for c in rules.co_rules}
        ),
    )


def _build_info(entries: list[RuleEntry], language: str) -> dict[str, CategoryInfo]:
    out: dict[str, CategoryInfo] = {}
    for category in CATEGORIES:
        mine = [e for e in entries if e.rule.category == category]
        local = [e for e in mine if e.language == language] or mine
        if not local:
            continue
        basis: list[str] = []
        for e in local:
            basis += [b for b in e.basis if b not in basis]
        severity = max((e.rule.severity for e in local), key=lambda s: SEVERITY_RANK[s])
        out[category] = CategoryInfo(severity, tuple(basis), local[0].rule.explanation)
    return out


def apply_model(
    text: str,
    result: ScanResult,
    kb: KnowledgeBase,
    spans: list[tuple[int, int]],
    model_path: Path | None = None,
    *,
    use_encoder: bool = True,
) -> None:
    """Veto and add findings in `result` (the rules' scan of `text`) with the sentence model,
    scoring the sentences `spans` (sorted, disjoint); without `use_encoder` the screen decides."""
    if result.language not in MODEL_LANGUAGES:
        result.notes.append(LANGUAGE_NOTE.format(language=result.language))
        return
    model = cached_model(model_path)
    if isinstance(model, str):
        result.notes.append(MODEL_NOTE + model)
        return
    if len(spans) > MAX_MODEL_SENTENCES:
        result.notes.append(
            f"learned sentence model ran on the first {MAX_MODEL_SENTENCES} of {len(spans)} sentences"
        )
        spans = spans[:MAX_MODEL_SENTENCES]
    if spans:
        _apply(text, result, kb, model, spans, use_encoder)


def _encoder_for(model: SentenceModel) -> SentenceEncoder | str:
    """The encoder if it is the build the model was trained with, else why not."""
    known = _ENCODER_CHECKS.get(model.path)
    if known is not None:
        return known
    try:
        encoder = sentence_encoder()
        probe = encoder.embed([PROBE_TEXT])[0]
        similarity = float(probe @ model.probe)
        outcome: SentenceEncoder | str = encoder
        if similarity < 0.999:
            outcome = (
                f"the sentence encoder ({ENCODER_PACKAGE} {encoder.version}) is another build than the "
                f"model was trained with ({model.encoder_version}); {INSTALL_STEP}"
            )
    except EncoderUnavailable as exc:
        outcome = str(exc)
    _ENCODER_CHECKS[model.path] = outcome
    return outcome


_ENCODER_CHECKS: dict[Path, SentenceEncoder | str] = {}


def _apply(
    text: str,
    result: ScanResult,
    kb: KnowledgeBase,
    model: SentenceModel,
    spans: list[tuple[int, int]],
    use_encoder: bool,
) -> None:
    texts = [text[s:e] for s, e in spans]
    feats = SentenceFeatures.of(texts, model.screen.dim, compiled_context(kb))
    screen = model.screen.scores(feats)
    starts = [s for s, _ in spans]

    def sentence_of(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and spans[i][0] <= pos < spans[i][1] else -1

    rule_categories: dict[int, set[str]] = {}
    for f in result.findings:
        if (i := sentence_of(f.start)) >= 0:
            rule_categories.setdefault(i, set()).add(f.category)
    holding = sorted(rule_categories)
    mentioned = {i for m in result.suppressed if (i := sentence_of(m.start)) >= 0}
    restorable = {
        i for m in result.suppressed if m.context in CONTEXT_KINDS and (i := sentence_of(m.start)) >= 0
    }
    encoder = _encoder_for(model) if use_encoder else None
    if not isinstance(encoder, SentenceEncoder):
        if encoder is not None:
            result.notes.append(SCREEN_NOTE + encoder)
        scored, scores, decision = np.arange(len(spans)), screen, model.screen_decision
        claim_scores: npt.NDArray[np.float64] | None = None
    else:
        top = screen[:, : len(CATEGORIES)].max(axis=1)
        # A sentence holding a rule finding gets no addition, only a possible veto: it needs the
        # judge only when the screen doubts it is a claim.
        plausible = set(np.flatnonzero(top >= model.pass_top).tolist()) - mentioned - set(holding)
        doubtful = {i for i in holding if screen[i, len(CATEGORIES)] >= model.confident_below}
        restorable = {i for i in restorable if screen[i, len(CATEGORIES)] < model.restore_pass}
        # A sentence the rules flag may make a second claim of another category: it reaches
        # the judge when the screen finds one plausible.
        second = {
            i for i in holding if screen[i, _others(rule_categories[i])].max(initial=0.0) >= model.pass_top
        }
        scored = np.array(sorted(doubtful | plausible | restorable | second), dtype=np.int64)
        embeddings = encoder.embed([embedding_text(texts[i]) for i in scored]) * model.embed_weight
        judged = feats.take(scored)
        scores = model.judge.scores(judged, embeddings)
        claim_scores = model.claim.scores(judged, embeddings)
        decision = model.judge_decision
    row_of = {int(i): r for r, i in enumerate(scored)}

    def lead_of(f: ClaimFinding) -> str:
        i = sentence_of(f.start)
        return text[spans[i][0] : f.start] if i >= 0 else ""

    kept = _vetoed(result, kb, scores, row_of, sentence_of, lead_of, decision)
    kept += _restored(result, kb, scores, row_of, sentence_of, decision)
    info = _category_info(kb, result.language)
    covered = set(holding) | mentioned
    for i, r in row_of.items():
        claim_row = claim_scores[r] if claim_scores is not None else None
        if i not in covered and (finding := _added(text, spans[i], scores[r], decision, info, claim_row)):
            kept.append(finding)
    seconds = _Seconds(decision, claim_scores, model.claim_also, model.pair_claim_floor)
    kept += _second_labels(text, spans, kept, scores, row_of, sentence_of, seconds, info)
    exemptions = compiled_model_exemptions(kb)
    kept = [f for f in kept if not _exempt(f, exemptions)]
    kept.sort(key=lambda f: (f.start, f.end))
    result.findings[:] = kept
    result.suppressed.sort(key=lambda m: (m.start, m.end))


def _exempt(finding: ClaimFinding, exemptions: tuple[tuple[frozenset[str], re.Pattern[str]], ...]) -> bool:
    """Whether a finding is the model's own in a category a guard exempts its sentence from."""
    return finding.rule.startswith("model.") and any(
        finding.category in categories and pattern.search(finding.sentence) is not None
        for categories, pattern in exemptions
    )


# A bullet or slogan that is the claim and at most one more word ("- guaranteed results"): only
# the context cues (a "no", a "?", a "beware") could make it a mention, and they have read it.
# The judge's `not_claim` there comes from the claim's own words, which warnings share.
_WORD = re.compile(r"\w+")
MAX_BARE_WORDS = 1


def _bare(finding: ClaimFinding) -> bool:
    """Whether the sentence holds at most `MAX_BARE_WORDS` words outside the finding's span."""
    outside = len(_WORD.findall(finding.sentence)) - len(_WORD.findall(finding.text))
    return outside <= MAX_BARE_WORDS


def _vetoed(
    result: ScanResult,
    kb: KnowledgeBase,
    scores: npt.NDArray[np.float64],
    row_of: dict[int, int],
    sentence_of: Callable[[int], int],
    lead_of: Callable[[ClaimFinding], str],
    decision: Decision,
) -> list[ClaimFinding]:
    """The rule findings the model keeps; the vetoed ones move to `result.suppressed`. A
    negated-risk rule, a claim the page makes in its own voice after a contrast (`lead_of`
    gives the sentence's text before the finding) and a claim that is nearly its whole
    sentence (`_bare`) are never vetoed."""
    kept: list[ClaimFinding] = []
    negated_risk = _negated_risk_rules(kb)
    own_voice = compiled_own_voice(kb)
    nc = len(CATEGORIES)
    for f in result.findings:
        r = row_of.get(sentence_of(f.start))
        p = float(scores[r, nc]) if r is not None else 0.0
        if (
            r is None
            or p < decision.veto
            or f.rule in negated_risk
            or _bare(f)
            or (own_voice is not None and own_voice.search(lead_of(f)) is not None)
        ):
            kept.append(f)
            continue
        result.suppressed.append(
            Suppressed(
                start=f.start,
                end=f.end,
                text=f.text,
                context="mention",
                cue=f"learned sentence model: {NOT_CLAIM} {p:.2f} ≥ {decision.veto:.2f} ({f.cue})",
                rule=f.rule,
                category=f.category,
                sentence=f.sentence,
            )
        )
    return kept


def _others(found: set[str]) -> list[int]:
    """Column indexes of the categories not in `found`."""
    return [k for k, c in enumerate(CATEGORIES) if c not in found]


@dataclass(frozen=True)
class _Seconds:
    """What decides a second category beside a finding: the judge's pair thresholds and, when
    the judge ran, the claim heads' scores (rows as the judge's), their thresholds, and the
    least the claim heads must give a category the pairs add (`pair_claim_floor`)."""

    decision: Decision
    claim_scores: npt.NDArray[np.float64] | None
    claim_also: dict[str, float]
    pair_claim_floor: float

    def reason(
        self, row: int, categories: set[str], k: int, judge_row: npt.NDArray[np.float64]
    ) -> tuple[str, str] | None:
        """(the finding it stands beside, the score as the cue shows it) when category k is
        added beside `categories`, else None."""
        other = CATEGORIES[k]
        beside, threshold = min(
            ((a, self.decision.also_threshold(a, other)) for a in sorted(categories)), key=lambda x: x[1]
        )
        p = float(judge_row[k])
        q = float(self.claim_scores[row, k]) if self.claim_scores is not None else 1.0
        if p >= threshold and q >= self.pair_claim_floor:
            return beside, f"{p:.2f} ≥ {threshold:.2f}"
        if self.claim_scores is None:
            return None
        limit = self.claim_also.get(other, CLOSED)
        if q >= limit:
            return min(categories), f"{q:.2f} ≥ {limit:.2f} read as a claim's further category"
        return None


def _second_labels(
    text: str,
    spans: list[tuple[int, int]],
    kept: list[ClaimFinding],
    scores: npt.NDArray[np.float64],
    row_of: dict[int, int],
    sentence_of: Callable[[int], int],
    seconds: _Seconds,
    info: dict[str, CategoryInfo],
) -> list[ClaimFinding]:
    """Findings of the other categories a flagged sentence also claims, while the judge reads
    the sentence as a claim (`not_claim` below the gate): beside a finding of category a,
    category b is added when the judge scores b at or above `also[a][b]`, or the claim heads
    score b at or above `claim_also[b]`."""
    found: dict[int, set[str]] = {}
    for f in kept:
        if (i := sentence_of(f.start)) >= 0:
            found.setdefault(i, set()).add(f.category)
    nc = len(CATEGORIES)
    out: list[ClaimFinding] = []
    for i, categories in sorted(found.items()):
        r = row_of.get(i)
        if r is None or float(scores[r, nc]) >= seconds.decision.gate:
            continue
        for k in _others(categories):
            other = CATEGORIES[k]
            why = seconds.reason(r, categories, k, scores[r])
            if why is not None and other in info:
                out.append(_model_finding(text, spans[i], other, info[other], why[0], why[1]))
    return out


def _restored(
    result: ScanResult,
    kb: KnowledgeBase,
    scores: npt.NDArray[np.float64],
    row_of: dict[int, int],
    sentence_of: Callable[[int], int],
    decision: Decision,
) -> list[ClaimFinding]:
    """The rule findings the context cues suppressed but the judge reads as claims; they leave
    `result.suppressed`. A finding the model itself vetoed (context `mention`) stays there."""
    rules = _rule_info(kb)
    restored: list[ClaimFinding] = []
    remaining: list[Suppressed] = []
    for m in result.suppressed:
        r = row_of.get(sentence_of(m.start)) if m.context in CONTEXT_KINDS else None
        info = rules.get(m.rule)
        why = _restore_reason(scores[r], m.category, decision) if r is not None else None
        if why is None or info is None:
            remaining.append(m)
            continue
        restored.append(
            ClaimFinding(
                category=m.category,
                severity=info.severity,
                rule=m.rule,
                start=m.start,
                end=m.end,
                text=m.text,
                sentence=m.sentence,
                explanation=info.explanation,
                basis=info.basis,
                cue=f"learned sentence model: {why} overrules the {m.cue}",
            )
        )
    result.suppressed[:] = remaining
    return restored


def _restore_reason(row: npt.NDArray[np.float64], category: str, decision: Decision) -> str | None:
    """Why the judge overrules a context cue on a finding of `category`, or None: it reads the
    sentence as a claim more surely than all but a few mentions (`not_claim` below `restore`),
    or it would have flagged that category there itself (the category's score reaches its
    `add` threshold while `not_claim` stays below the gate)."""
    nc = len(CATEGORIES)
    p = float(row[nc])
    if p < decision.restore:
        return f"{NOT_CLAIM} {p:.2f} < {decision.restore:.2f}"
    score = float(row[CATEGORIES.index(category)])
    threshold = decision.add.get(category, CLOSED)
    if score >= threshold and p < decision.gate:
        return f"{category} {score:.2f} ≥ {threshold:.2f} with {NOT_CLAIM} {p:.2f} < {decision.gate:.2f}"
    return None


def _enough_words(sentence: str) -> bool:
    """A fragment ("Risks.", a lone heading word) is too little text for the model to read a
    claim into: at least two words and eight letters, a Hangul syllable counting as two."""
    words = [w for w in sentence.split() if any(ch.isalpha() for ch in w)]
    letters = sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in sentence if ch.isalpha())
    return len(words) >= MIN_WORDS and letters >= MIN_LETTERS


def _added(
    text: str,
    span: tuple[int, int],
    row: npt.NDArray[np.float64],
    decision: Decision,
    info: dict[str, CategoryInfo],
    claim_row: npt.NDArray[np.float64] | None = None,
) -> ClaimFinding | None:
    """The finding the model adds for one sentence no rule flagged, or None: the judge's (or the
    screen's) best category at its `add` threshold, or else, with the claim heads' scores
    `claim_row`, the claim path (`Decision`)."""
    s, e = span
    why = _addition(row, decision, claim_row)
    if why is None or why[0] not in info or not _enough_words(text[s:e]):
        return None
    return _model_finding(text, span, why[0], info[why[0]], "", why[1])


def _addition(
    row: npt.NDArray[np.float64], decision: Decision, claim_row: npt.NDArray[np.float64] | None
) -> tuple[str, str] | None:
    """(category, the score as the cue shows it) the model would add for one sentence, or None."""
    nc = len(CATEGORIES)
    not_claim = float(row[nc])
    best = int(row[:nc].argmax())
    p = float(row[best])
    threshold = decision.add.get(CATEGORIES[best], CLOSED)
    if p >= threshold and not_claim < decision.gate:
        return CATEGORIES[best], f"{p:.2f} ≥ {threshold:.2f}"
    if claim_row is None or not_claim >= decision.claim_gate:
        return None
    best = int(claim_row[:nc].argmax())
    q = float(claim_row[best])
    if q < decision.claim_add:
        return None
    return CATEGORIES[best], (
        f"{q:.2f} ≥ {decision.claim_add:.2f} by the claim heads, "
        f"{NOT_CLAIM} {not_claim:.2f} < {decision.claim_gate:.2f}"
    )


def _model_finding(
    text: str, span: tuple[int, int], category: str, ci: CategoryInfo, beside: str, score: str
) -> ClaimFinding:
    """A finding of the model's own: the whole sentence, the category's basis and severity in the
    document's language, and the score (and the finding it stands beside) as its cue."""
    s, e = span
    where = f" beside a {beside} finding" if beside else ""
    return ClaimFinding(
        category=category,
        severity=ci.severity,
        rule=f"model.{category}",
        start=s,
        end=e,
        text=text[s:e],
        sentence=text[s:e],
        explanation=f"Found by the learned sentence model{where}, not a rule: {ci.explanation}",
        basis=ci.basis,
        cue=f"learned sentence model: {category} {score}" + (f" beside {beside}" if beside else ""),
    )
