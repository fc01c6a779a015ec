"""Free-text descriptions (English and Korean) → therapy attributes, with the words behind each.

Cues come from the knowledge base's vocabularies; inferences (`inferences_<lang>.yaml`) are
weak cues for facts a text describes without naming them ("liposuction": the patient's own
cells), carrying why they follow. English cues match word tokens (a trailing
`*` on a word allows any ending: `cultur*`; see `freetext_en`); Korean text goes through Kiwi
(see `freetext_ko`). A match inside a longer one is dropped ("stem cell culture fluid"
hides "culture"). A negated cue ("not cultured", "배양하지 않은") applies its `negated_sets` or
nothing. Cues that disagree about an attribute leave it *conflicting*: every value named stays
possible and the classification asks, it never picks one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..knowledge import KnowledgeBase, default_knowledge
from ..text.language import has_hangul
from . import freetext_en, freetext_ko
from .result import Evidence, evidence
from .schema import Cue, Inference, LabelWord, Product, SiteWord, Term
from .tables import Tables, tables_for

RECENT_TEXTS = 4096


@dataclass
class Extraction:
    """What a text says about a therapy: possible values per attribute, and why."""

    values: dict[str, frozenset[str]] = field(default_factory=dict)
    weak_values: dict[str, frozenset[str]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)
    markers: set[str] = field(default_factory=set)
    products: list[Product] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    language: str = "en"
    #: Words of approved products' labels found in the text: (word, start, end, field).
    label_words: list[tuple[LabelWord, int, int, str]] = field(default_factory=list)
    #: Body sites the text names, not where tissue is taken: (site id, start, end, field).
    sites: list[tuple[str, int, int, str]] = field(default_factory=list)


@dataclass
class _Hit:
    payload: Any
    start: int
    end: int
    negated: bool
    gap: bool = False


@dataclass
class Matchers:
    """The compiled cues of every vocabulary, built once per knowledge base."""

    en: freetext_en.EnglishIndex
    en_negators: frozenset[str]
    en_window: int
    ko_payloads: list[tuple[str, Any]]
    ko_negators: frozenset[str]
    ko_window: int
    recent: dict[tuple[str, str], Extraction] = field(default_factory=dict)
    _ko_index: freetext_ko.KoreanIndex | None = None

    def ko_index(self) -> freetext_ko.KoreanIndex:
        """The Korean cue index, analysed by Kiwi on first Korean text (English never loads Kiwi)."""
        if self._ko_index is None:
            self._ko_index = freetext_ko.build_index(self.ko_payloads)
        return self._ko_index


def _payloads(tables: Tables, language: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    vocab = tables.vocabularies.get(language)
    if vocab:
        out += [(c, cue) for cue in vocab.cues for c in cue.cues]
    seen: set[str] = set()
    for product in tables.products.values():
        if product.id in seen:
            continue
        seen.add(product.id)
        for alias in (product.name, *product.aliases):
            is_ko = has_hangul(alias)
            if is_ko == (language == "ko"):
                out.append((alias, product))
        for kind, words in (("label", product.label_cues), ("neutral", product.neutral_cues)):
            word = LabelWord(product.id, kind)
            out += [(w, word) for w in words if has_hangul(w) == (language == "ko")]
    for site in tables.sites.values():
        named = SiteWord(site.id)  # one payload per site, so a word found twice counts once
        out += [(c, named) for c in site.cues.get(language, ())]
    for term in tables.terms:
        out += [(c, term) for c in term.cues if has_hangul(c) == (language == "ko")]
    for inference in tables.inferences.get(language, ()):
        out += [(c, inference) for c in inference.cues]
    return out


def build_matchers(tables: Tables) -> Matchers:
    """Compile the English patterns now and keep the Korean cues for a lazy Kiwi index."""
    en_vocab = tables.vocabularies.get("en")
    ko_vocab = tables.vocabularies.get("ko")
    en = freetext_en.build_index(_payloads(tables, "en"))
    return Matchers(
        en=en,
        en_negators=frozenset(n.lower() for n in (en_vocab.negators if en_vocab else [])),
        en_window=en_vocab.negation_window if en_vocab else 3,
        ko_payloads=_payloads(tables, "ko"),
        ko_negators=frozenset(n.lower() for n in (ko_vocab.negators if ko_vocab else [])),
        ko_window=ko_vocab.negation_window if ko_vocab else 3,
    )


def _hits(text: str, m: Matchers, korean: bool) -> list[_Hit]:
    hits: list[_Hit] = []
    for em in freetext_en.match(text, m.en, m.en_negators, m.en_window):
        hits.append(_Hit(em.payload, em.start, em.end, em.negated, em.gap))
    if korean:
        for km in freetext_ko.match(text, m.ko_index(), m.ko_negators, m.ko_window):
            hits.append(_Hit(km.payload, km.start, km.end, km.negated, km.gap))
    hits.sort(key=lambda h: (h.start - h.end, h.start))
    kept: list[_Hit] = []
    taken: list[tuple[int, int]] = []  # cues hide the shorter cues inside them
    not_sites: list[tuple[int, int]] = []  # donor sites and shields hide label and site words too
    sites: list[tuple[int, int]] = []  # a longer site word hides a shorter one ("엉덩이 관절")
    seen: set[tuple[int, int, int]] = set()
    for h in hits:
        ident = (id(h.payload), h.start, h.end)
        if ident in seen:
            continue
        seen.add(ident)
        payload = h.payload
        if isinstance(payload, (LabelWord, SiteWord)):
            # Read on their own layer ("knee" in "knee injection"), except where the words name
            # a donor site or are shielded ("spinal anaesthesia").
            if _inside(h, not_sites) or (isinstance(payload, SiteWord) and _inside(h, sites)):
                continue
        elif _inside(h, taken):
            continue
        kept.append(h)
        if isinstance(payload, SiteWord):
            sites.append((h.start, h.end))
        elif _hides(h):
            taken.append((h.start, h.end))
            if isinstance(payload, Cue) and (
                isinstance(payload, Inference) or not (payload.sets or payload.negated_sets)
            ):
                not_sites.append((h.start, h.end))
    kept.sort(key=lambda h: h.start)
    return kept


def _inside(hit: _Hit, spans: list[tuple[int, int]]) -> bool:
    """Whether the hit lies inside one of the spans and is shorter than it."""
    return any(s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end) for s, e in spans)


def _hides(hit: _Hit) -> bool:
    """Whether a hit hides the shorter cues inside it ("stem cell culture fluid" hides "culture").

    A gap cue spans words it did not name; an inference only hides when its family says so
    (a harvest site: "from the hip" is not the joint treated).
    """
    if hit.gap or isinstance(hit.payload, (LabelWord, SiteWord)):
        return False  # a label word ("liver cancer") must leave the indication inside it readable
    return not isinstance(hit.payload, Inference) or hit.payload.hides


def combine(
    named: list[frozenset[str]], absorbs: Mapping[str, frozenset[str]] | None = None
) -> tuple[frozenset[str], bool]:
    """The values a set of cues leaves possible, and whether they contradict each other.

    Cues naming one value are specific; cues naming several ("injection") only constrain.
    Specific values that disagree are a conflict: every one of them stays possible, unless one
    absorbs the others (`absorbs`: cartilage cells made from iPS cells are pluripotent-derived).
    """
    singles = frozenset(v for values in named if len(values) == 1 for v in values)
    constraints = [values for values in named if len(values) > 1]
    if singles:
        if len(singles) > 1 and absorbs:
            singles = _absorbed(singles, absorbs)
        narrowed = singles
        for c in constraints:
            narrowed = narrowed & c or narrowed
        return narrowed, len(narrowed) > 1
    possible = constraints[0]
    for c in constraints[1:]:
        possible = possible & c or possible
    return possible, False


def _absorbed(singles: frozenset[str], absorbs: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Drop the values another named value absorbs."""
    gone = frozenset(v for value in singles for v in absorbs.get(value, ()))
    return singles - gone or singles


def extract_with(text: str, tables: Tables, matchers: Matchers, field_name: str = "text") -> Extraction:
    """Extract attributes from one text with already compiled matchers (recent texts are cached)."""
    key = (text, field_name)
    hit = matchers.recent.get(key)
    if hit is not None:
        return hit
    out = _extract(text, tables, matchers, field_name)
    if len(matchers.recent) >= RECENT_TEXTS:
        try:  # oldest first; another thread may have evicted it already
            matchers.recent.pop(next(iter(matchers.recent)), None)
        except (RuntimeError, StopIteration):
            matchers.recent.clear()
    matchers.recent[key] = out
    return out


def _extract(text: str, tables: Tables, matchers: Matchers, field_name: str) -> Extraction:
    korean = has_hangul(text)
    out = Extraction(language="ko" if korean else "en")
    strong: dict[str, dict[frozenset[str], list[Evidence]]] = {}
    weak: dict[str, dict[frozenset[str], list[Evidence]]] = {}
    hits = _hits(text, matchers, korean)
    named = {h.payload.id for h in hits if isinstance(h.payload, Cue) and not h.negated}
    for hit in hits:
        if (
            isinstance(hit.payload, Inference)
            and hit.payload.unless
            and named.intersection(hit.payload.unless)
        ):
            continue
        words = text[hit.start : hit.end]
        if isinstance(hit.payload, Product):
            if not hit.negated:
                out.products.append(hit.payload)
                out.evidence.append(
                    Evidence(
                        "product_name",
                        hit.payload.name,
                        words,
                        hit.start,
                        hit.end,
                        hit.payload.id,
                        field_name,
                    )
                )
            continue
        if isinstance(hit.payload, Term):
            out.terms.append(hit.payload)
            continue
        if isinstance(hit.payload, LabelWord):
            if not hit.negated:
                out.label_words.append((hit.payload, hit.start, hit.end, field_name))
            continue
        if isinstance(hit.payload, SiteWord):
            if not hit.negated:
                out.sites.append((hit.payload.site, hit.start, hit.end, field_name))
            continue
        cue: Cue = hit.payload
        if cue.marker and not hit.negated:
            out.markers.add(cue.marker)
        sets = cue.negated_sets if hit.negated else cue.sets
        bucket = weak if cue.weak else strong
        why = cue.why.strip() if isinstance(cue, Inference) else ""
        for attr, values in sets.items():
            ev = evidence(
                attr, "|".join(values), words, hit.start, hit.end, cue.id, field_name, hit.negated, why
            )
            bucket.setdefault(attr, {}).setdefault(frozenset(values), []).append(ev)
    for attr in sorted(set(strong) | set(weak)):
        chosen = strong.get(attr) or weak.get(attr) or {}
        target = out.values if attr in strong else out.weak_values
        absorbs = tables.absorbs.get(attr)
        possible, conflict = combine(list(chosen), absorbs)
        if attr in strong and attr in weak and len(possible) > 1 and not conflict:
            # Cues that only constrain ("not enzymatic": mechanical or none) leave room that
            # weaker words may narrow ("rinsed and re-injected as fat": none).
            hinted, clash = combine(list(weak[attr]), absorbs)
            if not clash and hinted < possible:
                possible = hinted
                out.evidence.extend(e for evs in weak[attr].values() for e in evs)
        target[attr] = possible
        if conflict:
            out.conflicting.append(attr)
        for evs in chosen.values():
            out.evidence.extend(evs)
    out.evidence.sort(key=lambda e: (e.start, e.attribute))
    return out


def matchers_for(kb: KnowledgeBase) -> Matchers:
    """The compiled matchers of a knowledge base, built once."""
    return kb.cached("classify.matchers", lambda: build_matchers(tables_for(kb)))


def extract_attributes(text: str, kb: KnowledgeBase | None = None, *, field_name: str = "text") -> Extraction:
    """Read a description (English or Korean) and return the attributes it states, with evidence.

    Unknown stays unknown: a marketing name alone ("stem cell facelift") yields no attributes.
    """
    kb = kb or default_knowledge()
    return extract_with(text, tables_for(kb), matchers_for(kb), field_name)
