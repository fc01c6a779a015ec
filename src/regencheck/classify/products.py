"""Matching a named product against the MFDS-approved list: on label, off label, or revoked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..text.names import name_key
from .conditions import State
from .result import ApprovedProduct, Evidence
from .schema import LabelWord, Product
from .tables import Tables


@dataclass(frozen=True)
class ProductMatch:
    product: Product | None
    status: str | None  # on_label, off_label, revoked, not_approved, unnamed; None = unknown


def find_product(name: str | None, tables: Tables) -> Product | None:
    """The approved product a name (or alias, English or Korean) refers to, if any."""
    if not name:
        return None
    return tables.products.get(name_key(name))


def product_status(product: Product | None, named: bool, state: State, fit: str | None = None) -> str | None:
    """Where the therapy stands against the product's label; None while the indication is unknown.

    The label is finer than the indication: Cartistem is approved for the knee, so an
    orthopedic use the text places elsewhere (`fit` "off": the shoulder) is off label.
    """
    if product is None:
        return "not_approved" if named else "unnamed"
    if product.revoked_on:
        return "revoked"
    indication = state.get("indication")
    if indication is None:
        return None
    allowed = frozenset(product.indications)
    if indication <= allowed:
        return "off_label" if fit == "off" else "on_label"
    if indication.isdisjoint(allowed):
        return "off_label"
    return None


class _Words(Protocol):
    evidence: list[Evidence]
    label_words: list[tuple[LabelWord, int, int, str]]
    sites: list[tuple[str, int, int, str]]


def label_fit(product: Product, words: _Words, scope: frozenset[str] = frozenset()) -> str | None:
    """ "on" when the text names the product's labelled use, "off" when it names another use,
    else None.

    A product whose label names body sites (`scope`: those sites and the wider ones they lie
    within) is off label wherever the text places it outside them, even beside the labelled site
    ("into the shoulder, the same approved cells as for knees"), and on label at a labelled site.
    Otherwise, and when the text names no site, a label word is on label and an indication cue
    outside every label and neutral word is off label.
    """
    placed = {site for site, _, _, _ in words.sites}
    if scope and placed:
        if placed - scope:
            return "off"
        if placed.intersection(product.label_sites):
            return "on"
    mine = [(w, s, e, f) for w, s, e, f in words.label_words if w.product == product.id]
    if any(w.kind == "label" for w, _, _, _ in mine):
        return "on"
    spans = [(s, e, f) for _, s, e, f in mine]
    for ev in words.evidence:
        if ev.attribute != "indication" or ev.negated or ev.why:
            continue
        if not any(s <= ev.start and ev.end <= e and f == ev.field for s, e, f in spans):
            return "off"
    return None


def describe(product: Product, status: str | None, cite: list[str]) -> ApprovedProduct:
    """The `approved_product` object of the classify JSON."""
    return ApprovedProduct(
        name=product.name,
        indication=product.label,
        on_label=None if status is None or status == "revoked" else status == "on_label",
        revoked=product.revoked_on is not None,
        source="; ".join(cite),
        company=product.company,
        approved=product.approved,
    )
