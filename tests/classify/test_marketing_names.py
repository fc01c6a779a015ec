"""A marketing name narrows a documented therapy; it never overrides what the name itself says."""

from __future__ import annotations

import pytest

from regencheck.classify import classify

DOCUMENTED_SVF = {
    "cell_source": "autologous",
    "tissue": "adipose",
    "manipulation": "minimal",
    "same_procedure": True,
    "indication": "aesthetic",
    "viable_cells": True,
}


@pytest.mark.parametrize(
    "name",
    [
        "Facelift with SVF-enriched fat grafting",
        "SVF enriched fat graft to the temples",
        "Cell-assisted lipotransfer to the cheeks",
    ],
)
def test_an_svf_enriched_graft_stays_svf(name: str) -> None:
    assert classify({**DOCUMENTED_SVF, "name": name}).category == "autologous_svf_same_day"


def test_a_plain_fat_graft_name_still_reads_as_a_fat_graft() -> None:
    therapy = {"cell_source": "autologous", "tissue": "adipose", "name": "Structural fat grafting"}
    assert classify(therapy).category == "fat_graft"
