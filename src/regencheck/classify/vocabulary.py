"""The fixed identifiers of the classify contract: categories, statuses, facilities, derived keys.

These are the product spec's stable ids (tools rely on them), so they live in code; what each
one means for a jurisdiction, and why, lives in the knowledge base with its source.
"""

from __future__ import annotations

from typing import Literal, get_args

from .therapy import ATTRIBUTE_VALUES

Category = Literal[
    "autologous_svf_same_day",
    "autologous_cultured_cells",
    "allogeneic_cells",
    "immune_cells",
    "pluripotent_cells",
    "gene_modified_cells",
    "cell_free_derivative",
    "prp",
    "fat_graft",
    "biostimulator",
    "unknown",
]
Status = Literal["permitted", "conditional", "not_permitted", "outside_scope", "unknown"]
RiskLevel = Literal["low", "medium", "high"]
Facility = Literal[
    "none",
    "licensed_medical_institution",
    "designated_institution",
    "designated_institution_with_licensed_cell_processing",
    "clinical_trial_only",
    "unknown",
]
EvidenceStatus = Literal["met", "unmet", "unknown"]
ProductStatus = Literal["on_label", "off_label", "revoked", "not_approved", "unnamed"]
Regime = Literal[
    "medical_practice", "cosmetic", "drug", "biologic", "medical_device", "blood_product", "tissue"
]

CATEGORIES: tuple[str, ...] = get_args(Category)

#: Every key a rule's `when` may test: the therapy's attributes plus what the engine derives.
CONDITION_VALUES: dict[str, tuple[str, ...]] = {
    **ATTRIBUTE_VALUES,
    "category": CATEGORIES,
    "product": get_args(ProductStatus),
    "kr_risk": (*get_args(RiskLevel), "none"),
    # How the text names what is given: as "stem cells" (sold for the cells' own activity) or not.
    "named_as": ("stem_cells", "other"),
}
