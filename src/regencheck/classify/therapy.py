"""The attributes that describe a therapy, as a user writes them in YAML or as text yields them.

Every key of the product spec is optional: a missing key is *unknown*, never a guess. Three keys
extend the contract because the rules need them and a contract key cannot carry them: `cell_type`
and `substance` say what is actually injected (SVF, platelets, exosomes, PLLA…) and `isolation`
says how SVF was freed from fat (the Korean status of enzymatic isolation is unverified).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

CellSource = Literal["autologous", "allogeneic", "none"]
Tissue = Literal[
    "adipose",
    "bone_marrow",
    "blood",
    "umbilical_cord",
    "cord_blood",
    "placenta",
    "amniotic",
    "skin",
    "embryo",
    "other",
]
Manipulation = Literal["minimal", "substantial", "cultured", "genetically_modified"]
ProcessingSite = Literal["on_site", "off_site"]
Route = Literal[
    "topical", "intradermal", "subcutaneous", "intra_articular", "intravenous", "intradiscal", "graft"
]
Indication = Literal["aesthetic", "orthopedic", "disease", "wellness"]
CellType = Literal[
    "svf",
    "mesenchymal_stem_cells",
    "fibroblasts",
    "keratinocytes",
    "chondrocytes",
    "immune_cells",
    "pluripotent_stem_cells",
    "platelets",
    "fat_tissue",
    "other_cells",
]
Substance = Literal[
    "exosome",
    "conditioned_media",
    "growth_factors",
    "polynucleotide",
    "plla",
    "pdlla",
    "caha",
    "hyaluronic_acid",
]
Isolation = Literal["mechanical", "enzymatic", "none"]


class Therapy(BaseModel):
    """A described therapy. Unknown keys are rejected so a typo names the allowed keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    description: str | None = None
    cell_source: CellSource | None = None
    tissue: Tissue | None = None
    viable_cells: bool | None = None
    manipulation: Manipulation | None = None
    same_procedure: bool | None = None
    processing_site: ProcessingSite | None = None
    homologous_use: bool | None = None
    route: Route | None = None
    indication: Indication | None = None
    product_name: str | None = None
    cell_type: CellType | None = None
    substance: Substance | None = None
    isolation: Isolation | None = None


BOOL_VALUES = ("true", "false")

#: The values each categorical attribute may take (booleans as "true"/"false"), for rules and tests.
ATTRIBUTE_VALUES: dict[str, tuple[str, ...]] = {
    "cell_source": get_args(CellSource),
    "tissue": get_args(Tissue),
    "viable_cells": BOOL_VALUES,
    "manipulation": get_args(Manipulation),
    "same_procedure": BOOL_VALUES,
    "processing_site": get_args(ProcessingSite),
    "homologous_use": BOOL_VALUES,
    "route": get_args(Route),
    "indication": get_args(Indication),
    "cell_type": (*get_args(CellType), "unspecified"),
    "substance": (*get_args(Substance), "unspecified"),
    "isolation": get_args(Isolation),
}

#: Attributes that only refine a description: when nobody names one, it is "unspecified"
#: (a definite value), because a description that names no exosome does not hint at one.
REFINEMENT_ATTRIBUTES = ("cell_type", "substance")

FREE_TEXT_FIELDS = ("name", "description", "product_name")
