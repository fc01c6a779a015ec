"""A `--knowledge` overlay changes the verification's figures and supplies registry snapshots."""

from __future__ import annotations

import shutil
from pathlib import Path

from regencheck.knowledge import KnowledgeBase, load_knowledge
from regencheck.verify import verify_dossier

from .conftest import AS_OF, REGISTRY_CSV, Engines, compliant


def overlay_kb(vkb: KnowledgeBase, overlay: Path) -> KnowledgeBase:
    return load_knowledge(overlay, data_dir=Path(vkb.files[0].path).parent)


def test_the_evidence_age_limit_is_configurable_by_overlay(
    vkb: KnowledgeBase, engines: Engines, tmp_path: Path
) -> None:
    (tmp_path / "verify").mkdir()
    (tmp_path / "verify" / "thresholds.yaml").write_text(
        "thresholds:\n  - id: evidence_max_age_months\n    value: 1\n    unit: months\n"
        "    source: [verify_spec_dossier]\n    as_of: 2026-11-22\n",
        encoding="utf-8",
    )
    kb = overlay_kb(vkb, tmp_path)
    assert verify_dossier(compliant(), vkb, as_of=AS_OF).criterion("2.5").status == "pass"
    mark = verify_dossier(compliant(), kb, as_of=AS_OF).criterion("2.5")
    assert mark.status == "fail" and "1 months" in mark.explanation


def test_a_stricter_minimum_changes_the_mark_and_cites_the_overlay_value(
    vkb: KnowledgeBase, engines: Engines, tmp_path: Path
) -> None:
    (tmp_path / "verify").mkdir()
    (tmp_path / "verify" / "thresholds.yaml").write_text(
        "thresholds:\n  - id: specialist_min_years\n    value: 20\n    unit: years\n"
        "    source: [seed_000]\n    as_of: 2026-11-22\n",
        encoding="utf-8",
    )
    mark = verify_dossier(compliant(), overlay_kb(vkb, tmp_path), as_of=AS_OF).criterion("1.3")
    assert mark.status == "fail" and "20" in mark.explanation


def test_registry_snapshots_in_the_overlay_are_used_without_registry(
    vkb: KnowledgeBase, engines: Engines, tmp_path: Path
) -> None:
    (tmp_path / "snapshot.csv").write_text(REGISTRY_CSV, encoding="utf-8")
    d = compliant()
    d["clinic"]["credentials"][0]["number"] = "A-2021-01-01-00002"
    card = verify_dossier(d, overlay_kb(vkb, tmp_path), as_of=AS_OF)
    assert card.registry is not None and card.registry["entries"] == 8
    assert card.criterion("2.4").status == "fail"


def test_the_bundled_criteria_can_be_reworded_by_overlay(
    vkb: KnowledgeBase, engines: Engines, tmp_path: Path
) -> None:
    (tmp_path / "verify").mkdir()
    shutil.copy(
        Path(vkb.files[0].path).parent / "verify" / "criteria.yaml", tmp_path / "verify" / "criteria.yaml"
    )
    text = (tmp_path / "verify" / "criteria.yaml").read_text(encoding="utf-8")
    (tmp_path / "verify" / "criteria.yaml").write_text(
        text.replace("Remote follow-up channel", "Tele-follow-up"), encoding="utf-8"
    )
    card = verify_dossier(compliant(), overlay_kb(vkb, tmp_path), as_of=AS_OF)
    assert card.criterion("5.3").title.startswith("Tele-follow-up")
