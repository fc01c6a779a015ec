"""`classify`: a therapy (attributes, a mapping, or free text) → category, rulings, questions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ..errors import ValidationFailed, pydantic_problems
from ..knowledge import KnowledgeBase, default_knowledge
from .categorize import categorize
from .conditions import select
from .freetext import Extraction, extract_with, matchers_for
from .products import describe, find_product, product_status
from .questions import order_unknowns, questions_for
from .result import Classification, Evidence
from .rulings import decide
from .state import MutableState, apply_implications, default_refinements, fill, resolved, stated
from .tables import Tables, tables_for
from .therapy import Therapy

MAX_TEXT_CHARS = 100_000


def parse_therapy(data: Any, file: str | None = None) -> Therapy:
    """A Therapy from a parsed YAML/JSON document; bad keys or values name file and field."""
    where = file or "<therapy>"
    if not isinstance(data, Mapping):
        raise ValidationFailed(
            f"{where}: expected a mapping of therapy attributes (cell_source, tissue, manipulation, …), "
            f"got {type(data).__name__}"
        )
    try:
        return Therapy.model_validate(dict(data))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{where}: does not describe a therapy", problems=pydantic_problems(exc, file)
        ) from None


def _merge(parts: list[Extraction]) -> Extraction:
    if len(parts) == 1:
        return parts[0]
    out = Extraction(language="ko" if any(p.language == "ko" for p in parts) else "en")
    for part in parts:
        for attr, values in part.values.items():
            out.values[attr] = out.values.get(attr, frozenset()) | values
        for attr, values in part.weak_values.items():
            out.weak_values[attr] = out.weak_values.get(attr, frozenset()) | values
        out.evidence += part.evidence
        out.markers |= part.markers
        out.products += part.products
        out.terms += part.terms
    for attr in list(out.weak_values):
        if attr in out.values:
            del out.weak_values[attr]
    out.conflicting = sorted(a for d in (out.values, out.weak_values) for a, v in d.items() if len(v) > 1)
    return out


def _extract(therapy: Therapy, tables: Tables, kb: KnowledgeBase) -> Extraction | None:
    texts = [(f, getattr(therapy, f)) for f in ("name", "description") if getattr(therapy, f)]
    if not texts:
        return None
    for f, text in texts:
        if len(text) > MAX_TEXT_CHARS:
            raise ValidationFailed(
                f"{f}: text is {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}"
            )
    matchers = matchers_for(kb)
    return _merge([extract_with(text, tables, matchers, f) for f, text in texts])


def _to_therapy(therapy: Therapy | Mapping[str, Any] | str) -> Therapy:
    if isinstance(therapy, Therapy):
        return therapy
    if isinstance(therapy, str):
        if len(therapy) > MAX_TEXT_CHARS:
            raise ValidationFailed(
                f"--text: text is {len(therapy):,} characters, over the limit of {MAX_TEXT_CHARS:,}"
            )
        if not therapy.strip():
            raise ValidationFailed("--text: the description is empty; describe the therapy in a sentence")
        return Therapy(description=therapy)
    return parse_therapy(therapy)


def classify(therapy: Therapy | Mapping[str, Any] | str, kb: KnowledgeBase | None = None) -> Classification:
    """Classify a therapy and rule on it for KR, US, JP, EU and SG.

    `therapy` is a `Therapy`, a mapping of its attributes, or a free-text description in
    English or Korean. Stated attributes beat a named product's label, which beats words in
    the description. Raises `ValidationFailed` for an unknown key or value.
    """
    kb = kb or default_knowledge()
    tables = tables_for(kb)
    t = _to_therapy(therapy)
    state: MutableState = stated(t)
    evidence: list[Evidence] = []
    notes: list[str] = []
    extraction = _extract(t, tables, kb)

    product = find_product(t.product_name, tables)
    named = bool(t.product_name)
    if product is None and extraction and extraction.products:
        product = extraction.products[0]
        named = True
    if product is not None:
        for attr in fill(state, {k: frozenset((v,)) for k, v in product.attributes.items()}):
            evidence.append(
                Evidence(attr, product.attributes[attr], product.name, 0, 0, product.id, "product")
            )

    conflicting: list[str] = []
    added: set[str] = set()
    if extraction:
        added = set(fill(state, extraction.values))
    implied = apply_implications(state, tables)
    if extraction:
        added |= set(fill(state, extraction.weak_values))
        implied += apply_implications(state, tables)
        evidence += [e for e in extraction.evidence if e.attribute in added or e.attribute == "product_name"]
        conflicting = [a for a in extraction.conflicting if a in added]
    evidence += [
        Evidence(attr, value, imp.explanation.strip(), 0, 0, imp.id, "implied")
        for attr, value, imp in implied
    ]
    default_refinements(state, tables)

    cat = categorize(state, tables)
    state["category"] = cat.possible
    pstatus = product_status(product, named, state)
    if pstatus is not None:
        state["product"] = frozenset((pstatus,))
    risk_sel = select(tables.risk, state)
    levels: set[str] = {c.level for c in risk_sel.candidates}
    if risk_sel.definite is None:
        levels.add("none")
    state["kr_risk"] = frozenset(levels)
    sure_risk = risk_sel.definite if len(risk_sel.candidates) == 1 else None

    rulings = {code: decide(table, state) for code, table in tables.jurisdictions.items()}

    derived = {
        "category": cat.unknown,
        "kr_risk": risk_sel.unknown,
        "product": frozenset(("indication",)),
    }
    unknown: set[str] = set(cat.unknown)
    for ruling in rulings.values():
        for attr in ruling.depends_on:
            unknown |= derived.get(attr, frozenset((attr,)))
    unknown = {a for a in unknown if a not in state or len(state[a]) > 1}
    if named:
        unknown.discard("product_name")
    ordered = order_unknowns(unknown, tables)
    questions, questions_ko = questions_for(ordered, tables, conflicting)

    if (
        extraction
        and "stem_cell" in extraction.markers
        and ("cell_source" in unknown or "manipulation" in unknown or cat.category == "unknown")
    ):
        notes.append(tables.questions_file.stem_cell_ambiguity.strip())
    if extraction:
        for term in {t.id: t for t in extraction.terms}.values():
            notes.append(f"“{term.term}”: {term.explanation.strip()}")
    if cat.category == "unknown" and len(cat.possible) == 1:
        notes.append("No category fits the stated attributes; check them against the allowed values.")

    approved = describe(product, pstatus, kb.cite(product.source)) if product else None
    info = tables.category_info.get(cat.category)
    return Classification(
        category=cat.category,
        attributes=resolved(state),
        unknowns=ordered,
        questions=questions,
        questions_ko=questions_ko,
        approved_product=approved,
        rulings=rulings,
        knowledge_version=kb.version,
        category_rule=cat.rule.id if cat.rule else None,
        category_explanation=(cat.rule.explanation if cat.rule else "").strip(),
        category_label=info.label if info else cat.category,
        category_plain=info.plain.strip() if info else "",
        possible_categories=tuple(sorted(cat.possible)) if cat.category == "unknown" else (),
        conflicting=tuple(conflicting),
        evidence=tuple(evidence),
        notes=tuple(notes),
        language=extraction.language if extraction else None,
        kr_risk_level=sure_risk.level if sure_risk else None,
        kr_risk_rule=sure_risk.id if sure_risk else None,
    )
