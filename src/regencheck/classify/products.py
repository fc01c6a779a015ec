"""Matching a named product against the MFDS-approved list: on label, off label, or revoked."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.names import name_key
from .conditions import State
from .result import ApprovedProduct
from .schema import Product
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


def product_status(product: Product | None, named: bool, state: State) -> str | None:
    """Where the therapy stands against the product's label; None while the indication is unknown."""
    if product is None:
        return "not_approved" if named else "unnamed"
    if product.revoked_on:
        return "revoked"
    indication = state.get("indication")
    if indication is None:
        return None
    allowed = frozenset(product.indications)
    if indication <= allowed:
        return "on_label"
    if indication.isdisjoint(allowed):
        return "off_label"
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
