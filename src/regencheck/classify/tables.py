"""The classification knowledge compiled once per knowledge base into fast lookup tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import KnowledgeError
from ..knowledge import KnowledgeBase
from ..text.names import name_key
from .conditions import Compiled, compile_when
from .index import ConditionIndex, IndexBuilder, Slice
from .result import Evidence
from .schema import (
    BodySite,
    CategoriesFile,
    CategoryInfo,
    CategoryRule,
    Implication,
    Inference,
    InferencesFile,
    JurisdictionFile,
    JurisdictionRule,
    Product,
    ProductsFile,
    Question,
    QuestionsFile,
    RiskCriterion,
    SitesFile,
    Term,
    VocabularyFile,
)
from .therapy import ATTRIBUTE_VALUES
from .vocabulary import CONDITION_VALUES


@dataclass
class CompiledRule:
    """A jurisdiction rule with its conditions, citations and verification resolved."""

    rule: JurisdictionRule
    when: Compiled
    citations: tuple[str, ...]
    verified: bool
    condition_tests: tuple[tuple[Compiled | None, Compiled | None], ...]
    #: The index bits of `condition_tests` (0 where a test is absent), set by `build_tables`.
    condition_bits: tuple[tuple[int, int], ...] = ()
    #: All of `condition_bits` in one mask: the bits whose answers the conditions read.
    condition_mask: int = 0
    #: Whether the ruling, when this rule alone applies, reads nothing of the state
    #: (no conditions to settle, no risk level from criteria, no questions).
    static: bool = False
    #: That ruling, built on first use.
    alone: Any = None


@dataclass
class JurisdictionTable:
    code: str
    spec: JurisdictionFile
    rules: list[tuple[Compiled, CompiledRule]]
    fallbacks: list[CompiledRule]
    undecided_citations: tuple[str, ...]
    slice: Slice[CompiledRule] = field(default_factory=lambda: Slice(0, {}))
    shapes: dict[tuple[Any, ...], Any] = field(default_factory=dict)


@dataclass
class Tables:
    """Everything `classify` needs, compiled from one knowledge base."""

    version: str
    categories: list[tuple[Compiled, CategoryRule]]
    category_info: dict[str, CategoryInfo]
    implications: list[tuple[Compiled, Implication]]
    #: (condition, ((attribute, value, {value}, evidence), …)) per implication, in order.
    implication_rows: tuple[tuple[Compiled, tuple[tuple[str, str, frozenset[str], Evidence], ...]], ...]
    open_defaults: dict[str, frozenset[str]]
    #: Per attribute, per value, the values it absorbs when a text names both (`Precedence`).
    absorbs: dict[str, dict[str, frozenset[str]]]
    risk: list[tuple[Compiled, RiskCriterion]]
    jurisdictions: dict[str, JurisdictionTable]
    #: Each jurisdiction's display name ("KR" → "Korea"), from its rules file.
    jurisdiction_names: dict[str, str]
    #: Countries ruled under another jurisdiction's code (each EU member state → "EU").
    member_of: dict[str, str]
    products: dict[str, Product]
    #: The body sites by id, and per product id the sites its label covers: those it names and
    #: the wider sites they lie within (an under-eye label is not left by "the face").
    sites: dict[str, BodySite]
    label_scope: dict[str, frozenset[str]]
    questions: dict[str, Question]
    questions_file: QuestionsFile
    vocabularies: dict[str, VocabularyFile]
    #: Per language, the inferences from described procedures ("liposuction" → own cells).
    inferences: dict[str, list[Inference]]
    terms: list[Term]
    source_verified: dict[str, bool]
    #: Every condition above as bits: attributes a therapy states, and those `derive` adds.
    condition_index: ConditionIndex = field(default_factory=lambda: ConditionIndex(()))
    therapy_index: ConditionIndex = field(default_factory=lambda: ConditionIndex(()))
    derived_index: ConditionIndex = field(default_factory=lambda: ConditionIndex(()))
    category_slice: Slice[CategoryRule] = field(default_factory=lambda: Slice(0, {}))
    risk_slice: Slice[RiskCriterion] = field(default_factory=lambda: Slice(0, {}))
    #: (priority, attribute) per attribute with a question: the order unknowns are asked in.
    question_rank: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: The stripped English and Korean question per attribute.
    question_text: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Results that depend on one rule only, built on first use (never on an input).
    cached_results: dict[str, Any] = field(default_factory=dict)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


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
    static = not rule.then.conditions and not rule.then.risk_from_criteria and not rule.asks
    return CompiledRule(rule, compile_when(rule.when), tuple(kb.cite(ids)), verified, tests, static=static)


#: The procedure country: the product checks offers made in Korea, so its rules must exist.
PROCEDURE_JURISDICTION = "KR"


def jurisdiction_files(kb: KnowledgeBase) -> list[JurisdictionFile]:
    """Every `classify/rules_<code>` topic, in display order; a new jurisdiction is a new file.

    The file's stem must name its code, so an overlay replaces a jurisdiction by using the same
    file name; only one file may define the Korean-style risk levels.
    """
    specs: list[JurisdictionFile] = []
    for name, topic in kb.topics_matching("classify/rules_").items():
        assert isinstance(topic, JurisdictionFile), name
        stem = name.rsplit("/", 1)[-1].removesuffix(".yaml")
        if stem != f"rules_{topic.jurisdiction.lower()}":
            raise KnowledgeError(
                f"{name}: declares jurisdiction {topic.jurisdiction}; name the file "
                f"rules_{topic.jurisdiction.lower()}.yaml"
            )
        specs.append(topic)
    if not any(s.jurisdiction == PROCEDURE_JURISDICTION for s in specs):
        raise KnowledgeError(f"classify/rules_{PROCEDURE_JURISDICTION.lower()}.yaml is missing")
    with_risk = [s.jurisdiction for s in specs if s.risk_levels]
    if len(with_risk) > 1:
        raise KnowledgeError(f"risk_levels may be defined by one jurisdiction only, found {with_risk}")
    return sorted(specs, key=lambda s: (s.order, s.jurisdiction))


def build_tables(kb: KnowledgeBase) -> Tables:
    """Compile the classify topics of `kb`; call through `tables_for` to build them once."""
    cats = kb.topic("classify/categories", CategoriesFile)
    jtables: dict[str, JurisdictionTable] = {}
    risk: list[tuple[Compiled, RiskCriterion]] = []
    terms: list[Term] = []
    specs = jurisdiction_files(kb)
    member_of = {c: spec.jurisdiction for spec in specs if spec.members for c in spec.members.countries}
    for spec in specs:
        code = spec.jurisdiction
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
        if spec.risk_levels:
            risk = [(compile_when(c.when), c) for c in spec.risk_levels]
        terms.extend(spec.terms)
    products: dict[str, Product] = {}
    for name, topic in kb.topics_matching("classify/products_").items():
        assert isinstance(topic, ProductsFile), name
        for p in topic.products:
            for alias in (p.name, *p.aliases):
                products[name_key(alias)] = p
    sites = {s.id: s for s in kb.topic("classify/sites", SitesFile).sites}
    qfile = kb.topic("classify/questions", QuestionsFile)
    vocabularies: dict[str, VocabularyFile] = {}
    for name, topic in kb.topics_matching("classify/vocabulary_").items():
        assert isinstance(topic, VocabularyFile), name
        vocabularies[topic.language] = topic
    inferences: dict[str, list[Inference]] = {}
    for name, topic in kb.topics_matching("classify/inferences_").items():
        assert isinstance(topic, InferencesFile), name
        inferences.setdefault(topic.language, []).extend(topic.inferences)
    _check_unless(vocabularies, inferences)
    tables = Tables(
        version=kb.version,
        categories=[(compile_when(r.when), r) for r in cats.rules],
        category_info={c.id: c for c in cats.categories},
        implications=[(compile_when(i.when), i) for i in cats.implications],
        implication_rows=tuple(
            (
                compile_when(i.when),
                tuple(
                    (a, v, frozenset((v,)), Evidence(a, v, i.explanation.strip(), 0, 0, i.id, "implied"))
                    for a, v in i.then.items()
                ),
            )
            for i in cats.implications
        ),
        open_defaults={d.attribute: frozenset(d.possible) for d in cats.open_defaults},
        absorbs=_absorbs(cats),
        risk=risk,
        jurisdictions=jtables,
        jurisdiction_names={spec.jurisdiction: spec.name for spec in specs},
        member_of=member_of,
        products=products,
        sites=sites,
        label_scope=_label_scopes(products.values(), sites),
        questions={q.attribute: q for q in qfile.questions},
        questions_file=qfile,
        vocabularies=vocabularies,
        inferences=inferences,
        terms=terms,
        source_verified={sid: s.verified for sid, s in kb.sources.items()},
        question_rank={q.attribute: (q.priority, q.attribute) for q in qfile.questions},
        question_text={q.attribute: (q.en.strip(), q.ko.strip()) for q in qfile.questions},
    )
    _index(tables)
    return tables


def _label_scopes(products: Iterable[Product], sites: dict[str, BodySite]) -> dict[str, frozenset[str]]:
    """Per product with labelled sites, those sites and every wider site they lie within."""
    scopes: dict[str, frozenset[str]] = {}
    for product in products:
        unknown = sorted(set(product.label_sites) - set(sites))
        if unknown:
            raise KnowledgeError(f"product {product.id}: label_sites names unknown sites {unknown}")
        scope: set[str] = set()
        for site_id in product.label_sites:
            site: BodySite | None = sites[site_id]
            while site is not None and site.id not in scope:
                scope.add(site.id)
                site = sites.get(site.within) if site.within else None
        if scope:
            scopes[product.id] = frozenset(scope)
    return scopes


def _absorbs(cats: CategoriesFile) -> dict[str, dict[str, frozenset[str]]]:
    out: dict[str, dict[str, frozenset[str]]] = {}
    for p in cats.precedence:
        by_value = out.setdefault(p.attribute, {})
        by_value[p.value] = by_value.get(p.value, frozenset()) | frozenset(p.over)
    return out


def _check_unless(vocabularies: dict[str, VocabularyFile], inferences: dict[str, list[Inference]]) -> None:
    """Every id an inference yields to names a cue or inference: a typo must not go silent."""
    known = {c.id for v in vocabularies.values() for c in v.cues}
    known |= {i.id for infs in inferences.values() for i in infs}
    for infs in inferences.values():
        for inference in infs:
            missing = sorted(set(inference.unless) - known)
            if missing:
                raise KnowledgeError(f"classify inference {inference.id}: unless names unknown ids {missing}")


def _index(tables: Tables) -> None:
    """Give every category, risk, rule and condition test its bit in one index."""
    builder = IndexBuilder()
    tables.category_slice = builder.table(tables.categories)
    tables.risk_slice = builder.table(tables.risk)
    for jt in tables.jurisdictions.values():
        jt.slice = builder.table(jt.rules, jt.fallbacks[0] if jt.fallbacks else None)
        for cr in (*(c for _, c in jt.rules), *jt.fallbacks):
            cr.condition_bits = tuple(
                (builder.add(met) if met is not None else 0, builder.add(unmet) if unmet is not None else 0)
                for met, unmet in cr.condition_tests
            )
            cr.condition_mask = sum(met | unmet for met, unmet in cr.condition_bits)
    index = tables.condition_index = builder.build()
    tables.therapy_index = index.restricted(ATTRIBUTE_VALUES)
    tables.derived_index = index.restricted(set(CONDITION_VALUES) - set(ATTRIBUTE_VALUES))


def tables_for(kb: KnowledgeBase) -> Tables:
    """The compiled tables of `kb`, built on first use and cached on the knowledge base."""
    return kb.cached("classify.tables", lambda: build_tables(kb))
