"""Where the learned sentence model meets the rules' result: vetoes and added findings.

The rules keep exact spans, categories, legal basis and explanations. The model (`model.py`)
scores the sentences that can matter (those holding a rule pattern or a semantic-field word,
which the rules' matcher has already found), then

- a rule finding whose sentence scores `not_claim` at or above the model's `veto` threshold is
  moved to `suppressed` (a warning, negation, question, report or explanation the context cues
  did not catch);
- a sentence with no rule finding and no suppressed mention, whose best category clears that
  category's `add` threshold while `not_claim` stays below `add_not_claim_below`, becomes one finding of that
  category: its span is the sentence, its rule `model.<category>`, its cue the score, and its
  basis and severity those of the category's rules in the document's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..knowledge import KnowledgeBase
from .compiled import RuleEntry, compiled_context, compiled_rules
from .features import cue_features
from .model import NOT_CLAIM, SentenceModel, cached_model
from .result import ClaimFinding, ScanResult, Suppressed
from .schema import CATEGORIES, SEVERITY_RANK

MODEL_NOTE = "learned sentence model unavailable, rules only: "
# A page is scored sentence by sentence; past this many sentences the rest is left to the rules
# (an enormous table or log is not a clinic page), and the notes say so.
MAX_MODEL_SENTENCES = 20_000


@dataclass(frozen=True)
class CategoryInfo:
    severity: str
    basis: tuple[str, ...]
    explanation: str


_INFO: dict[tuple[int, str], tuple[object, dict[str, CategoryInfo]]] = {}
_NEGATED_RISK: dict[int, tuple[object, frozenset[str]]] = {}


def _negated_risk_rules(kb: KnowledgeBase) -> frozenset[str]:
    """Ids of rules whose match is itself a negation ("no scarring"): the model's negation
    sense must not veto them, the rules already read that negation as the claim."""
    rules = compiled_rules(kb)
    known = _NEGATED_RISK.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    ids = frozenset(e.rule.id for e in rules.entries if e.rule.negated_risk) | frozenset(
        c.rule.id for c in rules.co_rules if c.rule.negated_risk
    )
    _NEGATED_RISK.clear()
    _NEGATED_RISK[id(rules)] = (rules, ids)
    return ids


def _category_info(kb: KnowledgeBase, language: str) -> dict[str, CategoryInfo]:
    """Severity, citations and explanation of each category's rules, per compiled rule set."""
    rules = compiled_rules(kb)
    key = (id(rules), language)
    known = _INFO.get(key)
    if known is not None and known[0] is rules:
        return known[1]
    out = _build_info(rules.entries, language)
    if len(_INFO) > 32:
        _INFO.clear()
    _INFO[key] = (rules, out)
    return out


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
) -> None:
    """Veto and add findings in `result` (the rules' scan of `text`) with the sentence model,
    scoring the sentences `spans` (sorted, disjoint: those holding a pattern or field word)."""
    model = cached_model(model_path)
    if isinstance(model, str):
        result.notes.append(MODEL_NOTE + model)
        return
    if len(spans) > MAX_MODEL_SENTENCES:
        result.notes.append(
            f"learned sentence model ran on the first {MAX_MODEL_SENTENCES} of {len(spans)} candidate sentences"
        )
        spans = spans[:MAX_MODEL_SENTENCES]
    if spans:
        _apply(text, result, kb, model, spans)


def _apply(
    text: str, result: ScanResult, kb: KnowledgeBase, model: SentenceModel, spans: list[tuple[int, int]]
) -> None:
    texts = [text[s:e] for s, e in spans]
    scores = model.scores(texts, cue_features(texts, compiled_context(kb)))
    nc = len(CATEGORIES)
    starts = [s for s, _ in spans]

    def sentence_of(pos: int) -> int:
        # spans are sorted and disjoint: the last one starting at or before pos
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    covered: set[int] = set()
    kept: list[ClaimFinding] = []
    negated_risk = _negated_risk_rules(kb)
    for f in result.findings:
        i = sentence_of(f.start)
        if not spans[i][0] <= f.start < spans[i][1]:
            kept.append(f)
            continue
        covered.add(i)
        p = float(scores[i, nc])
        if p >= model.veto and f.rule not in negated_risk:
            result.suppressed.append(
                Suppressed(
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    context="mention",
                    cue=f"learned sentence model: {NOT_CLAIM} {p:.2f} ≥ {model.veto:.2f} ({f.cue})",
                    rule=f.rule,
                    category=f.category,
                    sentence=f.sentence,
                )
            )
        else:
            kept.append(f)
    for m in result.suppressed:
        covered.add(sentence_of(m.start))
    info = _category_info(kb, result.language if result.language in ("en", "ko") else "en")
    best = scores[:, :nc].argmax(axis=1)
    for i, (s, e) in enumerate(spans):
        if i in covered:
            continue
        category = CATEGORIES[int(best[i])]
        p = float(scores[i, best[i]])
        threshold = model.add.get(category, 1.0)
        if p < threshold or float(scores[i, nc]) >= model.add_not_claim_below or category not in info:
            continue
        ci = info[category]
        kept.append(
            ClaimFinding(
                category=category,
                severity=ci.severity,
                rule=f"model.{category}",
                start=s,
                end=e,
                text=text[s:e],
                sentence=text[s:e],
                explanation=f"Found by the learned sentence model, not a rule: {ci.explanation}",
                basis=ci.basis,
                cue=f"learned sentence model: {category} {p:.2f} ≥ {threshold:.2f}",
            )
        )
    kept.sort(key=lambda f: (f.start, f.end))
    result.findings[:] = kept
    result.suppressed.sort(key=lambda m: (m.start, m.end))
