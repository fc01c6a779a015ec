"""Step 3: name vs product, legal status, adjunct scope, and red flags in the marketing."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.verify import RegistrySnapshot
from regencheck.verify import engines as engines_module

from .conftest import Engines, Verify, compliant, ruling

EXOSOME = ruling("cell_free_derivative", "outside_scope", "none")


def test_3_1_passes_when_svf_is_called_svf(verify: Verify) -> None:
    assert verify(compliant()).criterion("3.1").status == "pass"


def test_3_1_fails_when_an_exosome_is_called_a_stem_cell_treatment(verify: Verify, engines: Engines) -> None:
    engines.classification = EXOSOME
    d = compliant()
    d["offering"]["marketing_name"] = "Stem Cell Glow Therapy"
    d["marketing"] = [{"text": "A gentle facial."}]
    mark = verify(d).criterion("3.1")
    assert mark.status == "fail" and "cell free derivative" in mark.explanation


def test_3_1_fails_on_a_terminology_finding_in_the_marketing(verify: Verify, engines: Engines) -> None:
    engines.classification = EXOSOME
    d = compliant()
    d["offering"]["marketing_name"] = "Glow facial"
    d["marketing"] = [{"text": "Our stem cell exosome facial."}]
    assert verify(d).criterion("3.1").status == "fail"


def test_3_1_is_unknown_when_the_category_is_unknown(verify: Verify, engines: Engines) -> None:
    engines.classification = ruling("unknown", "unknown", "unknown")
    assert verify(compliant()).criterion("3.1").status == "unknown"


def test_3_2_passes_for_a_therapy_outside_the_act(verify: Verify) -> None:
    assert verify(compliant()).criterion("3.2").status == "pass"


def test_3_2_fails_for_a_therapy_not_permitted(verify: Verify, engines: Engines) -> None:
    engines.classification = ruling("autologous_cultured_cells", "not_permitted", "clinical_trial_only")
    assert verify(compliant()).criterion("3.2").status == "fail"


def test_3_2_is_unknown_for_an_unknown_ruling(verify: Verify, engines: Engines) -> None:
    engines.classification = ruling("unknown", "unknown", "unknown")
    assert verify(compliant()).criterion("3.2").status == "unknown"


def test_3_2_settles_a_designation_condition_with_the_registry(
    verify: Verify, engines: Engines, registry: RegistrySnapshot
) -> None:
    engines.classification = ruling(
        "allogeneic_cells",
        "conditional",
        "designated_institution",
        [
            {
                "id": "designated_institution",
                "text": "performed at a designated institution",
                "evidence_status": "unknown",
            }
        ],
    )
    assert verify(compliant(), registry).criterion("3.2").status == "fail"
    d = compliant()
    d["clinic"]["name"] = "Designated Hospital"
    assert verify(d, registry).criterion("3.2").status == "pass"


def test_3_2_fails_on_an_unmet_condition(verify: Verify, engines: Engines) -> None:
    engines.classification = ruling(
        "allogeneic_cells",
        "conditional",
        "designated_institution",
        [{"id": "approved_product_on_label", "text": "used on label", "evidence_status": "unmet"}],
    )
    assert verify(compliant()).criterion("3.2").status == "fail"


def test_3_3_passes_for_an_adjunct_to_a_named_procedure(verify: Verify) -> None:
    assert verify(compliant()).criterion("3.3").status == "pass"


def test_3_3_fails_for_stand_alone_svf_for_aesthetics(verify: Verify) -> None:
    d = compliant()
    d["offering"].update(role="standalone", base_procedure=None)
    assert verify(d).criterion("3.3").status == "fail"


def test_3_3_fails_when_marketed_as_a_substitute_for_surgery(verify: Verify) -> None:
    d = compliant()
    d["marketing"] = [{"text": "Get stem cells instead of a facelift."}]
    assert verify(d).criterion("3.3").status == "fail"


def test_3_3_is_unknown_when_the_role_is_not_recorded(verify: Verify) -> None:
    d = compliant()
    del d["offering"]["role"]
    assert verify(d).criterion("3.3").status == "unknown"


def test_3_4_passes_for_responsible_marketing(verify: Verify) -> None:
    assert verify(compliant()).criterion("3.4").status == "pass"


def test_3_4_fails_on_a_cure_claim_and_quotes_it(verify: Verify) -> None:
    d = compliant()
    d["marketing"].append({"text": "Stem cells cure arthritis."})
    mark = verify(d).criterion("3.4")
    assert mark.status == "fail" and "disease_treatment" in mark.explanation
    assert mark.evidence[0]["detail"] == "Stem cells cure arthritis."


def test_3_4_is_unknown_without_marketing(verify: Verify) -> None:
    d = compliant()
    del d["marketing"]
    assert verify(d).criterion("3.4").status == "unknown"


def test_3_4_is_unknown_when_the_scanner_fails(verify: Verify, engines: Engines) -> None:
    engines.scanner = False
    assert verify(compliant()).criterion("3.4").status == "unknown"


def test_a_missing_marketing_file_is_that_criterions_error_not_a_crash(
    verify: Verify, tmp_path: Path
) -> None:
    d = compliant()
    d["marketing"] = [{"file": "missing.html"}]
    card = verify(d, base_dir=tmp_path)
    mark = card.criterion("3.4")
    assert (
        mark.status == "unknown"
        and "missing.html" in mark.explanation
        and "file not found" in mark.explanation
    )
    assert any("missing.html" in w for w in card.warnings)


def test_a_marketing_file_resolves_against_the_dossier_folder(verify: Verify, tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("We cure everything.", encoding="utf-8")
    d = compliant()
    d["marketing"] = [{"file": "page.txt"}]
    assert verify(d, base_dir=tmp_path).criterion("3.4").status == "fail"


def test_3_5_fails_on_a_superlative(verify: Verify) -> None:
    d = compliant()
    d["marketing"].append({"text": "The best clinic in Gangnam."})
    card = verify(d)
    assert card.criterion("3.5").status == "fail" and card.criterion("3.4").status == "pass"


def test_3_5_passes_without_medium_claims(verify: Verify) -> None:
    assert verify(compliant()).criterion("3.5").status == "pass"


def test_3_5_is_unknown_without_marketing(verify: Verify) -> None:
    d = compliant()
    d["marketing"] = []
    assert verify(d).criterion("3.5").status == "unknown"


def test_3_2_is_unknown_when_a_permitted_rulings_condition_is_not_shown(
    verify: Verify, engines: Engines
) -> None:
    engines.classification = ruling(
        "cell_free_derivative",
        "outside_scope",
        "none",
        [
            {
                "id": "kr_cond_cell_free_approval",
                "text": "the product's MFDS category is shown",
                "evidence_status": "unknown",
            }
        ],
    )
    mark = verify(compliant()).criterion("3.2")
    assert mark.status == "unknown" and "MFDS category" in mark.explanation


def test_file_references_are_refused_without_a_dossier_folder(verify: Verify) -> None:
    d = compliant()
    d["marketing"] = [{"file": "/etc/hostname"}]
    mark = verify(d).criterion("3.4")
    assert mark.status == "unknown" and "only read for a dossier loaded from a folder" in mark.explanation


def test_a_scanner_crash_costs_its_criteria_not_the_scorecard(
    verify: Verify, engines: Engines, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kw: object) -> object:
        raise RuntimeError("database corrupt")

    monkeypatch.setattr(engines_module, "_scan_text", broken)
    mark = verify(compliant()).criterion("3.4")
    assert mark.status == "unknown" and "RuntimeError" in mark.explanation
