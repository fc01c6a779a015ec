"""Scan a text or a file for red-flag claims: match everywhere, analyse candidate sentences only.

One multi-pattern pass (Hyperscan, prefilter mode) proposes where rule patterns end; only the
sentences holding a proposal are cut out (locally, around it), where each proposed pattern's
exact regex places the match, the rule's sentence filters apply, Kiwi confirms Korean morpheme
sequences, and the context engine decides. Everything else in the document is touched once,
by the matcher.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Literal, NamedTuple

from ..knowledge import KnowledgeBase, default_knowledge
from ..text.language import detect_language
from ..text.sentences import list_intro, sentence_span, signature_start
from .compiled import CompiledContext, CompiledRules, RuleEntry, compiled_context, compiled_rules
from .context import Decision, decide, find_cues
from .extract import SUPPORTED_SUFFIXES, ExtractionError, ScanLimits, extract_bytes, read_input
from .korean import Token, analyzer, match_sequence
from .matcher import longest_spans
from .result import ClaimFinding, ScanResult, Suppressed
from .sentence_layer import apply_model

_MORPH_GAP = 2
_MORPH_WORDS = 8


class _Candidate(NamedTuple):
    entry: int
    start: int
    end: int
    cue: str


class _Claim(NamedTuple):
    """A candidate of either rule kind, with what the finding needs."""

    category: str
    severity: str
    rule: str
    explanation: str
    basis: tuple[str, ...]
    negated_risk: bool
    start: int
    end: int
    cue: str


def _sentences(text: str, hits: list[tuple[int, int]]) -> Iterator[tuple[int, int, set[int]]]:
    """Group candidate pattern ids by the sentence their match ends in (hits sorted by end)."""
    current: tuple[int, int] | None = None
    group: set[int] = set()
    for pid, end in hits:
        if current is not None and current[0] < end <= current[1]:
            group.add(pid)
            continue
        if current is not None:
            yield current[0], current[1], group
        current = sentence_span(text, max(end - 1, 0), end)
        group = {pid}
    if current is not None:
        yield current[0], current[1], group


def _morph_span(
    text: str, sent_end: int, anchor: int, entry: RuleEntry, morph: int
) -> tuple[int, int] | None:
    word_start = anchor
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    end = word_start
    for _ in range(_MORPH_WORDS):
        while end < sent_end and text[end].isspace():
            end += 1
        while end < sent_end and not text[end].isspace():
            end += 1
        if end >= sent_end:
            break
    tokens: list[Token] = analyzer().tokens(text, word_start, max(end, anchor + 1))
    for i, tok in enumerate(tokens):
        if tok.end <= anchor:
            continue
        if tok.start > anchor + 1:
            break
        last = match_sequence(tokens, entry.morphs[morph], i, _MORPH_GAP)
        if last is not None:
            return tok.start, last.end
    return None


def _candidates(
    text: str, s: int, e: int, group: set[int], rules: CompiledRules, spans: list[tuple[int, int, int]]
) -> list[_Candidate]:
    """Exact spans of the prefilter's proposals in their sentence, through the rules' filters."""
    sentence = text[s:e]
    found: list[_Candidate] = []
    verdicts: dict[int, bool] = {}
    # A match reaching into the signature under a quote ("— Karen, 61, Ohio") is the signed
    # quote's claim: its span is the quoted sentence with its signature.
    signed = signature_start(text, s, e)
    for pid, ms, me in spans:
        if pid not in group:
            continue
        ref = rules.refs[pid]
        if ref.rule < 0:
            continue
        entry = rules.entries[ref.rule]
        if ref.rule not in verdicts:
            verdicts[ref.rule] = (entry.requires is None or entry.requires.search(sentence) is not None) and (
                entry.unless is None or entry.unless.search(sentence) is None
            )
        if not verdicts[ref.rule]:
            continue
        hs, he = s + ms, s + me
        if ref.kind == "anchor":
            span = _morph_span(text, e, hs, entry, ref.morph)
            if span is None:
                continue
            hs, he = span
            cue = f'morphemes of "{ref.source}"'
        elif ref.kind == "regex":
            cue = f'pattern matched "{text[hs:he]}"'
        else:
            cue = f'phrase "{ref.source}"'
        if signed is not None and he > signed:
            hs, he = s, e
        found.append(_Candidate(ref.rule, hs, he, cue))
    # One finding per rule per overlapping span: keep the longest.
    found.sort(key=lambda c: (c.entry, c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for c in found:
        if kept and kept[-1].entry == c.entry and c.start < kept[-1].end:
            continue
        kept.append(c)
    # Two rules may say the same thing ("100% safe" is a promised result and a denied risk; rules
    # of two languages both read "40% off"): one claim is one finding per category and span.
    kept.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[_Candidate] = []
    for c in kept:
        category = rules.entries[c.entry].rule.category
        if any(
            rules.entries[o.entry].rule.category == category and c.start < o.end and o.start < c.end
            for o in out
        ):
            continue
        out.append(c)
    return out


def _cooccurrences(
    s: int, sentence: str, spans: list[tuple[int, int, int]], rules: CompiledRules, taken: list[_Claim]
) -> list[_Claim]:
    """Co-occurrence rules whose every field group has a word in the sentence: a set test per
    rule. The span runs from the first to the last field word of the rule's groups; a rule is
    dropped when a phrase rule of the same category already covers an overlapping span."""
    words: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pid, ms, me in spans:
        ref = rules.refs[pid]
        if ref.rule < 0:
            # A field regex may end on the space before an optional word: trim it, so the
            # finding's text starts and ends on a word.
            while me > ms and sentence[me - 1].isspace():
                me -= 1
            words.setdefault((ref.language, ref.field), []).append((ms, me))
    if not words:
        return []
    # A rule needs words of its own language's fields: with a pack per language, most rules of
    # a sentence's other languages are dismissed here without building their groups.
    present = {language for language, _ in words}
    out: list[_Claim] = []
    for co in rules.co_rules:
        if co.language not in present:
            continue
        rule = co.rule
        if any((co.language, f) in words for f in rule.none_of):
            continue
        groups = [
            [(ws, we, f) for f in group for ws, we in words.get((co.language, f), ())]
            for group in rule.all_of
        ]
        if not all(groups):
            continue
        best = _tightest(groups, rule.window)
        if best is None:
            continue
        hits = best
        start = s + min(h[0] for h in hits)
        end = s + max(h[1] for h in hits)
        if any(o.category == rule.category and o.start < end and start < o.end for o in [*taken, *out]):
            continue
        cue = "fields " + " + ".join(f'{f} "{sentence[ws:we]}"' for ws, we, f in sorted(hits))
        out.append(
            _Claim(
                rule.category,
                rule.severity,
                rule.id,
                rule.explanation,
                co.basis,
                rule.negated_risk,
                start,
                end,
                cue,
            )
        )
    return out


def _could_fire(rules: CompiledRules, present: frozenset[tuple[str, str]]) -> bool:
    """Whether the fields proposed in a sentence cover every group of some co-occurrence rule
    (vetoes need the exact matches, so they wait). Field combinations repeat across sentences,
    so answers are remembered."""
    known = rules.co_memo.get(present)
    if known is None:
        known = any(all(not present.isdisjoint(g) for g in groups) for groups in rules.co_groups)
        if len(rules.co_memo) < 100_000:
            rules.co_memo[present] = known
    return known


def _tightest(groups: list[list[tuple[int, int, str]]], window: int) -> list[tuple[int, int, str]] | None:
    """One word per group, the choice spanning the fewest characters, if that fits the window.
    Groups hold a handful of words, so trying each word as the left edge is cheap."""
    best: list[tuple[int, int, str]] | None = None
    best_len = window + 1
    for left in sorted({h[0] for g in groups for h in g}):
        chosen: list[tuple[int, int, str]] = []
        for g in groups:
            after = [h for h in g if h[0] >= left]
            if not after:
                break
            chosen.append(min(after, key=lambda h: h[1]))
        else:
            # Each group needs its own word: "plant stem cells" is a product word, not also a
            # stem-cell word beside it.
            ordered = sorted(chosen)
            if any(x[1] > y[0] for x, y in pairwise(ordered)):
                continue
            length = max(h[1] for h in chosen) - left
            if length < best_len:
                best, best_len = chosen, length
    return best


def _list_context(
    text: str, s: int, ctx: CompiledContext, intros: dict[int, Decision | None]
) -> Decision | None:
    """A list item under a warning intro ("Red flags to watch for:") is a warning too."""
    span = list_intro(text, s)
    if span is None:
        return None
    if span[0] not in intros:
        intro = text[span[0] : span[1]]
        kinds = [
            c for c in find_cues(intro, ctx) if c.role == "trigger" and c.kind in ("warning", "reported")
        ]
        intros[span[0]] = (
            Decision(
                kinds[0].kind,
                f'list introduced by "{intro.strip()[:80]}" ({kinds[0].kind} cue "{kinds[0].text}")',
            )
            if kinds
            else None
        )
    return intros[span[0]]


# How much of the learned sentence layer a scan runs: the screen and the encoder-reading judge
# (the default, the most accurate), the screen alone (2-3x the rules' time where the full layer
# costs 5-7x: for bulk scans that must be fast), or none (the rules alone).
LearnedLayer = Literal["full", "screen", "off"]


def scan_text(
    text: str,
    kb: KnowledgeBase | None = None,
    *,
    language: str | None = None,
    source: str = "<text>",
    use_model: bool = True,
    model_path: Path | None = None,
    use_encoder: bool = True,
) -> ScanResult:
    """Scan a text for red-flag claims; offsets in the result are Python str offsets into `text`.

    `language` (e.g. "en", "id", "ko") restricts the rules to that language's pack when one
    exists and is reported as the document language; by default every pack runs (mixed pages work
    sentence by sentence) and the language is detected (`text.language.detect_language`).

    With `use_model` (the default) the learned sentence layer (`model.py`) runs on the
    sentences where some rule pattern or semantic-field word occurs: it adds findings for claim
    sentences the rules miss and suppresses rule findings in sentences it scores as mentions. When its file
    (`model_path`, by default the packaged one) cannot be loaded, the rules run alone and the
    result's notes say so. `use_encoder=False` keeps the model's fast screen and skips its
    encoder-reading judge (several times cheaper, less accurate; for bulk scans that must be fast).
    """
    kb = kb or default_knowledge()
    result, candidates = _scan_rules(text, kb, language=language, source=source)
    if use_model and candidates:
        apply_model(text, result, kb, candidates, model_path, use_encoder=use_encoder)
    return result


def _scan_rules(
    text: str,
    kb: KnowledgeBase | None = None,
    *,
    language: str | None = None,
    source: str = "<text>",
) -> tuple[ScanResult, list[tuple[int, int]]]:
    """The rules alone (see `scan_text`), and the spans of the sentences holding a rule pattern
    or a field word: the sentences the learned model scores."""
    kb = kb or default_knowledge()
    rules = compiled_rules(kb)
    if language is not None:
        if language in rules.languages:
            rules = compiled_rules(kb, (language,))
    else:
        language = detect_language(text)
    result = ScanResult(source=source, language=language)
    hits = sorted(rules.matcher.scan(text), key=lambda h: h[1])
    if not hits:
        return result, []
    ctx = compiled_context(kb)
    intros: dict[int, Decision | None] = {}
    patterns = rules.patterns
    refs = rules.refs
    candidates: list[tuple[int, int]] = []
    for s, e, group in _sentences(text, hits):
        if not candidates or candidates[-1][1] <= s:
            candidates.append((s, e))
        # Field words are common ("cells", "your"): a sentence holding only field words is
        # analysed only when some co-occurrence rule has a word of every group (a set test).
        if (
            rules.co_rules
            and all(refs[pid].rule < 0 for pid in group)
            and not _could_fire(rules, frozenset((refs[pid].language, refs[pid].field) for pid in group))
        ):
            continue
        sentence = text[s:e]
        # The exact regex of each proposed pattern places it in the sentence: for the one or
        # two patterns a sentence proposes, that is cheaper than a second automaton pass.
        spans = [(pid, m.start(), m.end()) for pid in sorted(group) for m in patterns[pid].finditer(sentence)]
        spans = longest_spans(spans)
        claims = [
            _Claim(
                rules.entries[c.entry].rule.category,
                rules.entries[c.entry].rule.severity,
                rules.entries[c.entry].rule.id,
                rules.entries[c.entry].rule.explanation,
                rules.entries[c.entry].basis,
                rules.entries[c.entry].rule.negated_risk,
                c.start,
                c.end,
                c.cue,
            )
            for c in _candidates(text, s, e, group, rules, spans)
        ]
        phrase_claims = list(claims)
        if rules.co_rules:
            claims.extend(_cooccurrences(s, sentence, spans, rules, phrase_claims))
        if not claims:
            continue
        # A cue inside a phrase claim belongs to that claim ("virtually no risk"); it says
        # nothing about the other claims of the sentence ("... and zero downtime"). The wide
        # spans of co-occurrence claims do not capture cues this way.
        all_cues = find_cues(sentence, ctx)
        for c in claims:
            cues = [
                cue
                for cue in all_cues
                if cue.role != "trigger"
                or not any(
                    o is not c and o.start - s < cue.end and cue.start < o.end - s for o in phrase_claims
                )
            ]
            decision = decide(cues, c.start - s, c.end - s, c.category, c.negated_risk, c.cue)
            if decision.context is None:
                decision = _list_context(text, s, ctx, intros) or decision
            if decision.context is None:
                result.findings.append(
                    ClaimFinding(
                        category=c.category,
                        severity=c.severity,
                        rule=c.rule,
                        start=c.start,
                        end=c.end,
                        text=text[c.start : c.end],
                        sentence=sentence,
                        explanation=c.explanation,
                        basis=c.basis,
                        cue=decision.cue,
                    )
                )
            else:
                result.suppressed.append(
                    Suppressed(
                        start=c.start,
                        end=c.end,
                        text=text[c.start : c.end],
                        context=decision.context,
                        cue=decision.cue,
                        rule=c.rule,
                        category=c.category,
                        sentence=sentence,
                    )
                )
    return result, candidates


def scan_bytes(
    data: bytes,
    source: str,
    kb: KnowledgeBase | None = None,
    *,
    limits: ScanLimits | None = None,
    kind: str | None = None,
    language: str | None = None,
    layer: LearnedLayer = "full",
) -> ScanResult:
    """Extract and scan one input given as bytes; problems become the result's `error`."""
    limits = limits or ScanLimits()
    try:
        extracted = extract_bytes(data, source, limits, kind)
    except ExtractionError as exc:
        return ScanResult(source=source, language="und", error=exc.message)
    result = scan_text(
        extracted.text,
        kb,
        language=language,
        source=source,
        use_model=layer != "off",
        use_encoder=layer == "full",
    )
    if extracted.extracted:
        result.text_extracted = extracted.text
    result.notes.extend(extracted.notes)
    return result


def scan_path(
    path: Path,
    kb: KnowledgeBase | None = None,
    *,
    limits: ScanLimits | None = None,
    language: str | None = None,
    layer: LearnedLayer = "full",
) -> ScanResult:
    """Scan one file (.txt .md .html .htm .pdf). Never raises for a bad file: the result carries
    `error` naming the file and the reason."""
    limits = limits or ScanLimits()
    if path.is_dir():
        return ScanResult(source=str(path), language="und", error=f"{path}: directory cannot be read")
    try:
        data = read_input(path, limits)
    except ExtractionError as exc:
        return ScanResult(source=str(path), language="und", error=exc.message)
    return scan_bytes(data, str(path), kb, limits=limits, language=language, layer=layer)


def iter_inputs(paths: list[str]) -> Iterator[Path | str]:
    """Expand the command line: files as given, directories recursively (supported types only,
    sorted), `-` for stdin. Unreadable directories are yielded as paths so they report an error."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
            except OSError:
                yield path
                continue
            yield from (p for p in found if not p.is_dir())
            for sub in sorted(p for p in path.rglob("*") if p.is_dir()):
                try:
                    next(iter(sub.iterdir()), None)
                except PermissionError:
                    yield sub
        else:
            yield path


def scan_stdin(
    kb: KnowledgeBase | None = None,
    *,
    limits: ScanLimits | None = None,
    language: str | None = None,
    layer: LearnedLayer = "full",
) -> ScanResult:
    """Scan standard input (text, HTML or PDF, sniffed from the content)."""
    limits = limits or ScanLimits()
    data = sys.stdin.buffer.read(limits.max_bytes + 1)
    return scan_bytes(data, "-", kb, limits=limits, language=language, layer=layer)
