"""The classification knowledge compiled once per knowledge base into fast lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..knowledge import KnowledgeBase
from .conditions import Compiled, compile_when
from .schema import (
    CategoriesFile,
    CategoryInfo,
    CategoryRule,
    Implication,
    JurisdictionFile,
    JurisdictionRule,
    Product,
    ProductsFile,
    Question,
    QuestionsFile,
    RiskCriterion,
    Term,
    VocabularyFile,
)
from .vocabulary import JURISDICTIONS


@dataclass
class CompiledRule:
    """A jurisdiction rule with its conditions, citations and verification resolved."""

    rule: JurisdictionRule
    when: Compiled
    citations: tuple[str, ...]
    verified: bool
    condition_tests: tuple[tuple[Compiled | None, Compiled | None], ...]


@dataclass
class JurisdictionTable:
    code: str
    spec: JurisdictionFile
    rules: list[tuple[Compiled, CompiledRule]]
    fallbacks: list[CompiledRule]
    undecided_citations: tuple[str, ...]
    shapes: dict[tuple[Any, ...], Any] = field(default_factory=dict)


@dataclass
class Tables:
    """Everything `classify` needs, compiled from one knowledge base."""

    version: str
    categories: list[tuple[Compiled, CategoryRule]]
    category_info: dict[str, CategoryInfo]
    implications: list[tuple[Compiled, Implication]]
    open_defaults: dict[str, frozenset[str]]
    risk: list[tuple[Compiled, RiskCriterion]]
    jurisdictions: dict[str, JurisdictionTable]
    products: dict[str, Product]
    questions: dict[str, Question]
    questions_file: QuestionsFile
    vocabularies: dict[str, VocabularyFile]
    terms: list[Term]
    source_verified: dict[str, bool]
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


def normalise_name(name: str) -> str:
    """A product name for lookup: case, spaces, hyphens and dots do not matter."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _verified(kb: KnowledgeBase, ids: list[str]) -> bool:
    return all(kb.sources[i].verified for i in ids if i in kb.sources)


def _compile_rule(kb: KnowledgeBase, rule: JurisdictionRule) -> CompiledRule:
    ids = list(dict.fromkeys([*rule.source, *(s for c in rule.then.conditions for s in c.source)]))
    verified = rule.verified and all(c.verified for c in rule.then.conditions) and _verified(kb, ids)
    tests = tuple(
        (
            compile_when(c.met_when) if c.met_when else None,
            compile_when(c.unmet_when) if c.unmet_when else None,
        )
        for c in rule.then.conditions
    )
    return CompiledRule(rule, compile_when(rule.when), tuple(kb.cite(ids)), verified, tests)


def build_tables(kb: KnowledgeBase) -> Tables:
    """Compile the classify topics of `kb`; call through `tables_for` to build them once."""
    cats = kb.topic("classify/categories", CategoriesFile)
    jtables: dict[str, JurisdictionTable] = {}
    risk: list[tuple[Compiled, RiskCriterion]] = []
    terms: list[Term] = []
    for code in JURISDICTIONS:
        spec = kb.topic(f"classify/rules_{code.lower()}", JurisdictionFile)
        compiled = [_compile_rule(kb, r) for r in spec.rules]
        ordinary = [(c.when, c) for c in compiled if not c.rule.fallback]
        fallbacks = [c for c in compiled if c.rule.fallback]
        jtables[code] = JurisdictionTable(
            code=code,
            spec=spec,
            rules=ordinary,
            fallbacks=fallbacks,
            undecided_citations=tuple(kb.cite(spec.undecided.source)),
        )
        if code == "KR":
            risk = [(compile_when(c.when), c) for c in spec.risk_levels]
        terms.extend(spec.terms)
    products: dict[str, Product] = {}
    for name, topic in kb.topics_matching("classify/products_").items():
        assert isinstance(topic, ProductsFile), name
        for p in topic.products:
            for alias in (p.name, *p.aliases):
                products[normalise_name(alias)] = p
    qfile = kb.topic("classify/questions", QuestionsFile)
    vocabularies: dict[str, VocabularyFile] = {}
    for name, topic in kb.topics_matching("classify/vocabulary_").items():
        assert isinstance(topic, VocabularyFile), name
        vocabularies[topic.language] = topic
    return Tables(
        version=kb.version,
        categories=[(compile_when(r.when), r) for r in cats.rules],
        category_info={c.id: c for c in cats.categories},
        implications=[(compile_when(i.when), i) for i in cats.implications],
        open_defaults={d.attribute: frozenset(d.possible) for d in cats.open_defaults},
        risk=risk,
        jurisdictions=jtables,
        products=products,
        questions={q.attribute: q for q in qfile.questions},
        questions_file=qfile,
        vocabularies=vocabularies,
        terms=terms,
        source_verified={sid: s.verified for sid, s in kb.sources.items()},
    )


def tables_for(kb: KnowledgeBase) -> Tables:
    """The compiled tables of `kb`, built on first use and cached on the knowledge base."""
    return kb.cached("classify.tables", lambda: build_tables(kb))
