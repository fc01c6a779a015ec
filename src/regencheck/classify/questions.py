"""Unknown attributes → the plain questions (English and Korean) that would settle them."""

from __future__ import annotations

from collections.abc import Iterable

from .tables import Tables


def order_unknowns(attrs: Iterable[str], tables: Tables) -> tuple[str, ...]:
    """Unknown attributes, most decisive question first (priority from the knowledge base)."""
    known = tables.questions
    return tuple(sorted(set(attrs), key=lambda a: (known[a].priority if a in known else 999, a)))


def questions_for(
    unknowns: Iterable[str], tables: Tables, conflicting: Iterable[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """English and Korean questions, one per unknown attribute, in the given order."""
    clash = set(conflicting)
    en: list[str] = []
    ko: list[str] = []
    for attr in unknowns:
        q = tables.questions.get(attr)
        if q is None:
            continue
        prefix_en = "The description contradicts itself here. " if attr in clash else ""
        prefix_ko = "설명이 서로 모순됩니다. " if attr in clash else ""
        en.append(prefix_en + q.en.strip())
        ko.append(prefix_ko + q.ko.strip())
    return tuple(en), tuple(ko)
