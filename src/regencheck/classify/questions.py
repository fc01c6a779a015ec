"""Unknown attributes → the plain questions (English and Korean) that would settle them."""

from __future__ import annotations

from collections.abc import Iterable

from .tables import Tables

_UNRANKED = 999


def order_unknowns(attrs: Iterable[str], tables: Tables) -> tuple[str, ...]:
    """Unknown attributes, most decisive question first (priority from the knowledge base)."""
    rank = tables.question_rank
    return tuple(sorted(set(attrs), key=lambda a: rank.get(a) or (_UNRANKED, a)))


def questions_for(
    unknowns: Iterable[str], tables: Tables, conflicting: Iterable[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """English and Korean questions, one per unknown attribute, in the given order."""
    clash = set(conflicting)
    text = tables.question_text
    en: list[str] = []
    ko: list[str] = []
    for attr in unknowns:
        q = text.get(attr)
        if q is None:
            continue
        if attr in clash:
            en.append("The description contradicts itself here. " + q[0])
            ko.append("설명이 서로 모순됩니다. " + q[1])
        else:
            en.append(q[0])
            ko.append(q[1])
    return tuple(en), tuple(ko)
