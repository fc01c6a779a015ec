"""Rule and context packs compiled once per knowledge base into multi-pattern matchers.

Every phrase, regex and Korean anchor of every rule becomes one expression of a single
Hyperscan database, so a document is scanned once whatever the number of rules; the context
cues of all languages form a second, small database that runs on candidate sentences only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import KnowledgeError
from ..knowledge import KnowledgeBase
from ..text.phrases import phrase_regex
from .korean import Morph, analyzer, default_anchor
from .matcher import MultiMatcher, compile_matcher
from .schema import ClaimRule, ContextPack, CooccurrenceRule, FieldPack, GuardPack, RulePack

_VOCAB_REF = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class RuleEntry:
    """A rule with its language, compiled sentence filters, morph sequences and citations."""

    rule: ClaimRule
    language: str
    requires: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    morphs: tuple[tuple[Morph, ...], ...]
    basis: tuple[str, ...]


@dataclass(frozen=True)
class PatternRef:
    """What a matcher pattern id stands for: a rule, and for Korean anchors which morph phrase."""

    rule: int  # -1 for a semantic-field word
    kind: str  # "phrase", "regex", "anchor" or "field"
    source: str  # the pattern as written in the rule pack, for the finding's cue
    morph: int = -1
    field: str = ""  # semantic field id, for kind "field"
    language: str = ""


@dataclass(frozen=True)
class CoEntry:
    """A co-occurrence rule with its language and citations."""

    rule: CooccurrenceRule
    language: str
    basis: tuple[str, ...]


@dataclass
class CompiledRules:
    """Rules of every language behind one matcher."""

    entries: list[RuleEntry]
    refs: list[PatternRef]
    expressions: list[str]
    patterns: list[re.Pattern[str]]
    matcher: MultiMatcher
    languages: tuple[str, ...]
    backend: str | None = None
    co_rules: list[CoEntry] = field(default_factory=list)
    # Per co-occurrence rule, its groups as sets of (language, field id), for the per-sentence
    # set test; and that test's answers for field combinations already seen.
    co_groups: list[tuple[frozenset[tuple[str, str]], ...]] = field(default_factory=list)
    co_memo: dict[frozenset[tuple[str, str]], bool] = field(default_factory=dict)


@dataclass(frozen=True)
class CueRef:
    """What a context-matcher pattern id stands for."""

    role: str  # "trigger", "terminator" or "pseudo"
    language: str
    kind: str  # context kind for triggers, "" otherwise
    direction: str
    scope: int
    kinds: frozenset[str] = frozenset()  # terminator: which kinds it ends
    skip: frozenset[str] = frozenset()  # trigger: categories it never suppresses
    cue_id: str = ""


@dataclass
class CompiledContext:
    """All context cues behind one matcher."""

    refs: list[CueRef]
    patterns: list[re.Pattern[str]]
    matcher: MultiMatcher
    expressions: list[str] = field(default_factory=list)


def _expand(pattern: str, vocab: dict[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in vocab:
            raise KnowledgeError(f"{where}: unknown vocab name '{{{{{name}}}}}'")
        return vocab[name]

    return _VOCAB_REF.sub(sub, pattern)


def _py_regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise KnowledgeError(f"{where}: invalid regex {pattern!r}: {exc}") from None


def rule_packs(kb: KnowledgeBase) -> list[RulePack]:
    """Every `claims/rules_*` topic of the knowledge base."""
    return [t for t in kb.topics_matching("claims/rules_").values() if isinstance(t, RulePack)]


def field_packs(kb: KnowledgeBase) -> dict[str, FieldPack]:
    """Every `claims/fields_*` topic of the knowledge base, by language."""
    packs = [t for t in kb.topics_matching("claims/fields_").values() if isinstance(t, FieldPack)]
    return {p.language: p for p in packs}


def context_packs(kb: KnowledgeBase) -> list[ContextPack]:
    """Every `claims/context_*` topic of the knowledge base."""
    return [t for t in kb.topics_matching("claims/context_").values() if isinstance(t, ContextPack)]


def build_rules(
    kb: KnowledgeBase, languages: tuple[str, ...] | None = None, backend: str | None = None
) -> CompiledRules:
    """Compile the rule packs (optionally only some languages) into one matcher."""
    entries: list[RuleEntry] = []
    refs: list[PatternRef] = []
    expressions: list[str] = []
    langs: list[str] = []
    co_rules: list[CoEntry] = []
    fields = field_packs(kb)
    for pack in rule_packs(kb):
        if languages is not None and pack.language not in languages:
            continue
        langs.append(pack.language)
        for rule in pack.rules:
            where = f"claims/rules_{pack.language}.yaml: rule {rule.id}"
            idx = len(entries)
            morphs = tuple(analyzer().phrase_morphs(p) for p in rule.morphs)
            for phrase, seq in zip(rule.morphs, morphs, strict=True):
                if not seq:
                    raise KnowledgeError(f"{where}: morph phrase {phrase!r} has no content morphemes")
            entries.append(
                RuleEntry(
                    rule=rule,
                    language=pack.language,
                    requires=_py_regex(_expand(rule.requires, pack.vocab, where), where)
                    if rule.requires
                    else None,
                    unless=_py_regex(_expand(rule.unless, pack.vocab, where), where) if rule.unless else None,
                    morphs=morphs,
                    basis=tuple(kb.cite(rule.basis)),
                )
            )
            for phrase in rule.phrases:
                expressions.append(phrase_regex(phrase))
                refs.append(PatternRef(idx, "phrase", phrase))
            for rx in rule.regex:
                expressions.append(_expand(rx, pack.vocab, where))
                refs.append(PatternRef(idx, "regex", rx))
            for m_i, (phrase, seq) in enumerate(zip(rule.morphs, morphs, strict=True)):
                for anchor in rule.anchors or [default_anchor(seq)]:
                    expressions.append(re.escape(anchor))
                    refs.append(PatternRef(idx, "anchor", phrase, m_i))
        co_rules.extend(_add_fields(kb, pack, fields.get(pack.language), expressions, refs))
    _check_sources(kb, entries)
    missing = sorted({b for c in co_rules for b in c.rule.basis if b not in kb.sources})
    if missing:
        raise KnowledgeError(f"co-occurrence rules cite unknown basis source ids: {', '.join(missing)}")
    analyzer().save_phrases()
    patterns = [
        _py_regex(e, f"claims rule {entries[r.rule].rule.id}" if r.rule >= 0 else f"claims field {r.field}")
        for e, r in zip(expressions, refs, strict=True)
    ]
    try:
        matcher = compile_matcher(expressions, backend=backend)
    except Exception as exc:  # hyperscan.error names the failing expression id
        raise KnowledgeError(f"claim rules do not compile: {exc}") from None
    co_groups = [
        tuple(frozenset((c.language, f) for f in group) for group in c.rule.all_of) for c in co_rules
    ]
    return CompiledRules(
        entries, refs, expressions, patterns, matcher, tuple(langs), backend, co_rules, co_groups
    )


def _add_fields(
    kb: KnowledgeBase,
    pack: RulePack,
    fields: FieldPack | None,
    expressions: list[str],
    refs: list[PatternRef],
) -> list[CoEntry]:
    """Put the words of the fields a language's co-occurrence rules use into the one matcher,
    so field words cost nothing more than phrases: one pass over the document finds both."""
    if not pack.cooccurrence:
        return []
    where = f"claims/rules_{pack.language}.yaml"
    if fields is None:
        raise KnowledgeError(f"{where}: co-occurrence rules need claims/fields_{pack.language}.yaml")
    known = {f.id: f for f in fields.fields}
    used: set[str] = set()
    for rule in pack.cooccurrence:
        for fid in [*(f for g in rule.all_of for f in g), *rule.none_of]:
            if fid not in known:
                raise KnowledgeError(f"{where}: rule {rule.id}: unknown semantic field '{fid}'")
            used.add(fid)
    for fid in sorted(used):
        sem = known[fid]
        for term in sem.terms:
            expressions.append(phrase_regex(term))
            refs.append(PatternRef(-1, "field", term, field=fid, language=pack.language))
        for rx in sem.regex:
            expressions.append(rx)
            refs.append(PatternRef(-1, "field", rx, field=fid, language=pack.language))
    return [CoEntry(r, pack.language, tuple(kb.cite(r.basis))) for r in pack.cooccurrence]


def _check_sources(kb: KnowledgeBase, entries: list[RuleEntry]) -> None:
    missing = sorted({b for e in entries for b in e.rule.basis if b not in kb.sources})
    if missing:
        raise KnowledgeError(f"claim rules cite unknown basis source ids: {', '.join(missing)}")


def build_context(kb: KnowledgeBase, backend: str | None = None) -> CompiledContext:
    """Compile every language's context cues into one matcher (cues of other languages rarely
    occur, and mixed-language pages then work sentence by sentence)."""
    refs: list[CueRef] = []
    expressions: list[str] = []
    for pack in context_packs(kb):
        for trig in pack.triggers:
            ref = CueRef(
                "trigger",
                pack.language,
                trig.kind,
                trig.direction,
                trig.scope,
                skip=frozenset(trig.skip_categories),
                cue_id=trig.id,
            )
            for pat in [phrase_regex(p) for p in trig.phrases] + list(trig.regex):
                expressions.append(pat)
                refs.append(ref)
        for term in pack.terminators:
            tref = CueRef("terminator", pack.language, "", "", 0, kinds=frozenset(term.kinds), cue_id=term.id)
            for pat in [phrase_regex(p) for p in term.phrases] + list(term.regex):
                expressions.append(pat)
                refs.append(tref)
        for pseudo in pack.pseudo:
            pref = CueRef("pseudo", pack.language, "", "", 0, kinds=frozenset(pseudo.masks), cue_id=pseudo.id)
            for pat in [phrase_regex(p) for p in pseudo.phrases] + list(pseudo.regex):
                expressions.append(pat)
                refs.append(pref)
    patterns = [_py_regex(e, f"claims context cue {refs[i].cue_id}") for i, e in enumerate(expressions)]
    try:
        matcher = compile_matcher(expressions, exact=True, backend=backend)
    except Exception as exc:
        raise KnowledgeError(f"claim context cues do not compile: {exc}") from None
    return CompiledContext(refs, patterns, matcher, expressions)


def compiled_rules(kb: KnowledgeBase, languages: tuple[str, ...] | None = None) -> CompiledRules:
    """The knowledge base's compiled rules, built once and cached on it."""
    key = "claims.rules." + (",".join(languages) if languages else "*")
    return kb.cached(key, lambda: build_rules(kb, languages))


def compiled_context(kb: KnowledgeBase) -> CompiledContext:
    """The knowledge base's compiled context cues, built once and cached on it."""
    return kb.cached("claims.context", lambda: build_context(kb))


def _guard_packs(kb: KnowledgeBase) -> list[GuardPack]:
    """Every language's limits on the learned layer (`guards_*.yaml`)."""
    return [pack for pack in kb.topics_matching("claims/guards_").values() if isinstance(pack, GuardPack)]


def compiled_own_voice(kb: KnowledgeBase) -> re.Pattern[str] | None:
    """Every language's own-voice openers (`guards_*.yaml`) as one case-insensitive pattern,
    built once and cached on the knowledge base; None when there are none."""

    def build() -> re.Pattern[str] | None:
        parts = [
            f"(?:{pattern})"
            for pack in _guard_packs(kb)
            for guard in pack.own_voice
            for pattern in guard.regex
        ]
        return _py_regex("|".join(parts), "claims guards own_voice") if parts else None

    return kb.cached("claims.own_voice", build)


def compiled_model_exemptions(kb: KnowledgeBase) -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    """Every language's model exemptions (`guards_*.yaml`) as (categories, case-insensitive
    pattern) pairs, built once and cached on the knowledge base."""

    def build() -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
        return tuple(
            (
                frozenset(ex.categories),
                _py_regex("|".join(f"(?:{p})" for p in ex.regex), f"claims guards {ex.id}"),
            )
            for pack in _guard_packs(kb)
            for ex in pack.model_exempt
        )

    return kb.cached("claims.model_exempt", build)
