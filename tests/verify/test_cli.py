"""`regencheck verify` and `regencheck schema dossier` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regencheck.cli import main

from .conftest import SAMPLES

SAMPLE = SAMPLES / "dossiers" / "svf_facelift_verified.yaml"
REGISTRY = SAMPLES / "registry.csv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_prints_a_json_scorecard_in_the_spec_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "verify",
        str(SAMPLE),
        "--registry",
        str(REGISTRY),
        "--as-of",
        "2026-11-15",
        "--format",
        "json",
    )
    assert code == 0
    card = json.loads(out)
    assert {
        "clinic",
        "specialist",
        "offering",
        "verdict",
        "verdict_reasons",
        "steps",
        "classification",
        "claims",
        "quote_audit",
        "documents_audit",
        "knowledge_version",
        "generated_at",
    } <= set(card)
    mark = card["steps"][0]["criteria"][0]
    assert {"id", "title", "status", "critical", "evidence", "explanation"} <= set(mark)
    assert card["verdict"] == "verified"


def test_verify_prints_a_readable_scorecard_with_the_disclaimer_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "verify", str(SAMPLE), "--registry", str(REGISTRY), "--as-of", "2026-11-15")
    assert code == 0
    assert "Verdict: VERIFIED" in out and "Step 5" in out
    assert out.count("not medical or legal advice") == 1


def test_verify_writes_a_self_contained_html_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "card.html"
    dossier = SAMPLES / "dossiers" / "exosome_sold_as_stem_cell.yaml"
    code, _, err = run(
        capsys,
        "verify",
        str(dossier),
        "--registry",
        str(REGISTRY),
        "--as-of",
        "2026-11-15",
        "--format",
        "html",
        "--output",
        str(target),
    )
    assert code == 0 and "not_verified" in err
    html = target.read_text(encoding="utf-8")
    assert "<svg" in html and html.count("<rect") == 24
    assert "What to ask for" in html and "Not verified" in html
    assert "<script" not in html and "http://" not in html.split("<body>")[0]


def test_a_bad_dossier_exits_1_naming_the_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("quote:\n  currency: won\n", encoding="utf-8")
    code, out, err = run(capsys, "verify", str(path))
    assert code == 1 and out == ""
    assert "bad.yaml" in err and "quote.currency" in err and "Traceback" not in err


def test_a_bad_therapy_attribute_names_its_yaml_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("offering:\n  therapy:\n    cell_source: mystery\n", encoding="utf-8")
    code, _, err = run(capsys, "verify", str(path))
    assert code == 1 and "offering.therapy" in err and "bad.yaml" in err


def test_a_bad_registry_exits_1_with_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    reg = tmp_path / "reg.csv"
    reg.write_text(
        "kind,name,address,number,valid_from,valid_until,source,retrieved_on\nkahf,X,,1,,2026-02-30,s,2026-10-01\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "verify", str(SAMPLE), "--registry", str(reg))
    assert code == 1 and "line 2" in err and "valid_until" in err


def test_a_bad_as_of_date_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "verify", str(SAMPLE), "--as-of", "tomorrow")
    assert code == 1 and "--as-of" in err


def test_schema_dossier_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "dossier")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "regencheck dossier" and "clinic" in schema["properties"]


def test_several_registry_snapshots_are_merged(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = REGISTRY.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("\n".join([header, *rows[:8]]) + "\n", encoding="utf-8")
    second.write_text("\n".join([header, *rows[8:]]) + "\n", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "verify",
        str(SAMPLE),
        "--registry",
        str(first),
        "--registry",
        str(second),
        "--as-of",
        "2026-11-15",
        "--format",
        "json",
    )
    card = json.loads(out)
    assert code == 0 and card["registry"]["entries"] == len(rows) and len(card["registry"]["files"]) == 2
    assert card["verdict"] == "verified"
