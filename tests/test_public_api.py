"""The public surface is deliberate: this test fails when a name is added or dropped by accident."""

from __future__ import annotations

import regencheck


def test_the_public_names_are_exactly_these() -> None:
    assert sorted(regencheck.__all__) == [
        "ClaimFinding",
        "Classification",
        "Conflict",
        "DISCLAIMER",
        "Dossier",
        "InputError",
        "KnowledgeBase",
        "KnowledgeError",
        "NotFound",
        "PermissionDenied",
        "RegencheckError",
        "ScanResult",
        "Scorecard",
        "Therapy",
        "ValidationFailed",
        "__version__",
        "classify",
        "default_knowledge",
        "load_dossier",
        "load_knowledge",
        "load_registry",
        "scan_path",
        "scan_text",
        "verify_dossier",
    ]
    for name in regencheck.__all__:
        assert hasattr(regencheck, name)


def test_from_regencheck_import_classify_answers_a_question() -> None:
    from regencheck import classify

    result = classify(
        {
            "cell_source": "autologous",
            "tissue": "adipose",
            "manipulation": "minimal",
            "same_procedure": True,
            "indication": "aesthetic",
            "viable_cells": True,
        }
    )
    assert result.category == "autologous_svf_same_day"
    assert result.to_dict()["rulings"]["KR"]["status"] == "permitted"


def test_from_regencheck_import_scan_text_finds_a_guarantee() -> None:
    from regencheck import scan_text

    result = scan_text("Our stem cell facelift has no side effects and guaranteed results.")
    assert any(f.category == "guarantee" for f in result.findings)
