"""`regencheck export` on the demo database: CSV to stdout, the audit log as JSON Lines to an
owner-only file, a verification as FHIR, and a clear error for an unknown table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from regencheck.cli import main


def test_the_demo_database_exports_clinics_audit_and_fhir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["export", "clinics", "--data-dir", str(tmp_path)]) == 0
    clinics = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(clinics) == 5 and {c["latest_verdict"] for c in clinics} >= {"verified"}

    target = tmp_path / "out" / "audit.jsonl"
    assert main(["export", "audit", "--data-dir", str(tmp_path), "-o", str(target)]) == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["seq"] == 1 and target.stat().st_mode & 0o077 == 0

    assert main(["export", "verifications", "--data-dir", str(tmp_path), "--verification", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["resourceType"] == "Bundle"

    assert main(["export", "patients", "--data-dir", str(tmp_path)]) == 1
    assert "expected one of clinics" in capsys.readouterr().err
