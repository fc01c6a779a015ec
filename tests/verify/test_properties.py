"""Properties over many dossiers: verification never crashes on a valid dossier, every status is
one of the four, the verdict is the rule applied to the marks, and removing a fact never turns
a mark into a pass."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regencheck.errors import ValidationFailed
from regencheck.verify.dossier import parse_dossier
from regencheck.verify.verdict import Mark, decide

from .conftest import COMPLIANT, Engines, Verify, ruling

LEAVES: list[tuple[str, ...]] = []


def _collect(node: Any, path: tuple[str, ...]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            LEAVES.append((*path, key))
            _collect(value, (*path, key))


_collect(COMPLIANT, ())


def _removable(path: tuple[str, ...]) -> bool:
    try:
        parse_dossier(without([path]))
    except ValidationFailed:  # e.g. consent.text: a consent entry needs its text or file
        return False
    return True


def without(paths: list[tuple[str, ...]]) -> dict[str, Any]:
    d = copy.deepcopy(COMPLIANT)
    for path in paths:
        node: Any = d
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return d


# The fixture only closes over the knowledge base and stateless fake engines.
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([p for p in LEAVES if _removable(p)]), max_size=6))
def test_removing_facts_never_creates_a_pass_and_the_verdict_follows_the_rule(
    verify: Verify, removed: list[tuple[str, ...]]
) -> None:
    full = {c.id: c.status for c in verify(COMPLIANT).criteria}
    card = verify(without(removed))
    for mark in card.criteria:
        assert mark.status in ("pass", "fail", "unknown", "not_applicable")
        if full[mark.id] != "pass":
            assert mark.status != "pass"
    verdict, _ = decide([Mark(c.id, c.title, c.status, c.critical) for c in card.criteria])
    assert card.verdict == verdict
    if removed and any(c.status == "unknown" for c in card.criteria):
        assert card.verdict != "verified"


CATEGORIES = [
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
STATUSES = ["permitted", "conditional", "not_permitted", "outside_scope", "unknown"]
FACILITIES = [
    "none",
    "licensed_medical_institution",
    "designated_institution",
    "designated_institution_with_licensed_cell_processing",
    "clinical_trial_only",
    "unknown",
]
conditions = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["designated_institution", "licensed_processing", "on_label"]),
            "text": st.just("condition"),
            "evidence_status": st.sampled_from(["met", "unmet", "unknown"]),
        }
    ),
    max_size=3,
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CATEGORIES), st.sampled_from(STATUSES), st.sampled_from(FACILITIES), conditions)
def test_any_ruling_gives_consistent_marks(
    verify: Verify, engines: Engines, category: str, status: str, facility: str, conds: list[dict[str, Any]]
) -> None:
    engines.classification = ruling(category, status, facility, conds)
    card = verify(COMPLIANT)
    designation = card.criterion("2.2").status
    if facility in ("none", "licensed_medical_institution"):
        assert designation == "not_applicable"
    legal = card.criterion("3.2").status
    if status == "not_permitted" or (
        status != "unknown" and any(c["evidence_status"] == "unmet" for c in conds)
    ):
        assert legal == "fail"
    if status == "unknown":
        assert legal == "unknown"
    if legal == "pass":
        assert status in ("permitted", "outside_scope", "conditional")
