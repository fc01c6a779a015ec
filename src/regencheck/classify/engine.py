"""`classify`: a therapy (attributes, a mapping, or free text) → category, rulings, questions."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from ..errors import ValidationFailed, pydantic_problems
from ..knowledge import KnowledgeBase, default_knowledge
from .derive import MEMO_LIMIT, derive
from .freetext import Extraction, combine, extract_with, matchers_for
from .products import describe, find_product, label_fit
from .result import Classification, Evidence, assemble_classification
from .state import MutableState, fill, stated
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
        return Therapy.model_validate(data if type(data) is dict else dict(data))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{where}: does not describe a therapy", problems=pydantic_problems(exc, file)
        ) from None


def _merge(parts: list[Extraction], tables: Tables) -> Extraction:
    """One extraction from the name and the description, narrowing or flagging as cues do."""
    if len(parts) == 1:
        return parts[0]
    out = Extraction(language="ko" if any(p.language == "ko" for p in parts) else "en")
    conflicting = {a for p in parts for a in p.conflicting}
    for attr in {a for p in parts for a in p.values}:
        absorbs = tables.absorbs.get(attr)
        out.values[attr], clash = combine([p.values[attr] for p in parts if attr in p.values], absorbs)
        if clash:
            conflicting.add(attr)
    for attr in {a for p in parts for a in p.weak_values} - set(out.values):
        out.weak_values[attr], clash = combine(
            [p.weak_values[attr] for p in parts if attr in p.weak_values], tables.absorbs.get(attr)
        )
        if clash:
            conflicting.add(attr)
    for part in parts:
        out.evidence += part.evidence
        out.markers |= part.markers
        out.products += part.products
        out.terms += part.terms
        out.label_words += part.label_words
        out.sites += part.sites
    out.conflicting = sorted(conflicting & (set(out.values) | set(out.weak_values)))
    return out


def _extract(therapy: Therapy, tables: Tables, kb: KnowledgeBase) -> Extraction | None:
    if not therapy.name and not therapy.description:
        return None
    texts = [(f, getattr(therapy, f)) for f in ("name", "description") if getattr(therapy, f)]
    if not texts:
        return None
    for f, text in texts:
        if len(text) > MAX_TEXT_CHARS:
            raise ValidationFailed(
                f"{f}: text is {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}"
            )
    matchers = matchers_for(kb)
    return _merge([extract_with(text, tables, matchers, f) for f, text in texts], tables)


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
    key = _structured_key(therapy)
    if key is not None:
        hit: Classification | None = tables.memo.get(key)
        if hit is not None:
            return hit
    result = _classify(_to_therapy(therapy), kb, tables)
    if key is not None and result.language is None and len(tables.memo) < MEMO_LIMIT:
        tables.memo[key] = result
    return result


def _structured_key(therapy: object) -> tuple[object, ...] | None:
    """A cache key for attribute input (free text is cached at extraction instead)."""
    if isinstance(therapy, Therapy):
        fields = therapy.__dict__
        if fields["name"] is not None or fields["description"] is not None:
            return None
        items = tuple((k, v) for k, v in fields.items() if v is not None)
    elif isinstance(therapy, Mapping):
        if "name" in therapy or "description" in therapy:
            return None
        try:
            items = tuple(sorted(therapy.items()))
        except TypeError:  # keys that do not compare: validation names them
            return None
    else:
        return None
    try:
        hash(items)
    except TypeError:
        return None
    return ("classification", items)


def _shown_evidence(e: Evidence, added: frozenset[str], state: Mapping[str, frozenset[str]]) -> bool:
    """Words behind an attribute the text set, and inferences that agree with what was implied.

    "Fat taken from the patient's abdomen" still shows why the cells are her own when the named
    SVF implies it as well.
    """
    if e.attribute in added or e.attribute == "product_name":
        return True
    if not e.why:
        return False
    settled = state.get(e.attribute)
    return settled is not None and len(settled) == 1 and next(iter(settled)) in e.value.split("|")


def _shown(possible: frozenset[str]) -> tuple[str, ...]:
    """The categories a therapy may be in; "unknown" (none fits) only when it is the one reading."""
    named = possible - {"unknown"}
    return tuple(sorted(named or possible))


def _classify(t: Therapy, kb: KnowledgeBase, tables: Tables) -> Classification:
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

    strong = extraction.values if extraction else {}
    weak = extraction.weak_values if extraction else {}
    clash = tuple(extraction.conflicting) if extraction else ()
    fit = (
        label_fit(product, extraction, tables.label_scope.get(product.id, frozenset()))
        if product is not None and extraction
        else None
    )
    stem_cells = bool(extraction and "stem_cell" in extraction.markers)
    d = derive(state, strong, weak, clash, product, named, tables, fit, stem_cells)
    cat = d.category
    if extraction:
        evidence += [e for e in extraction.evidence if _shown_evidence(e, d.added, d.state)]
    evidence += d.implied
    unknown = d.unknowns

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

    approved = describe(product, d.product_status, kb.cite(product.source)) if product else None
    info = tables.category_info.get(cat.category)
    return assemble_classification(
        {
            "category": cat.category,
            "attributes": MappingProxyType(d.attributes),
            "unknowns": d.unknowns,
            "questions": d.questions,
            "questions_ko": d.questions_ko,
            "approved_product": approved,
            "rulings": MappingProxyType(d.rulings),
            "knowledge_version": kb.version,
            "category_rule": cat.rule.id if cat.rule else None,
            "category_explanation": (cat.rule.explanation if cat.rule else "").strip(),
            "category_label": info.label if info else cat.category,
            "category_plain": info.plain.strip() if info else "",
            "possible_categories": _shown(cat.possible) if cat.category == "unknown" else (),
            "conflicting": d.conflicting,
            "evidence": tuple(evidence),
            "notes": tuple(notes),
            "language": extraction.language if extraction else None,
            "kr_risk_level": d.sure_risk.level if d.sure_risk else None,
            "kr_risk_rule": d.sure_risk.id if d.sure_risk else None,
        }
    )
