"""`regencheck monitor` on the demo database: a new registry snapshot lapses Lumen's foreign-patient
registration, and Lumen's verification is listed as needing re-verification, with the reason, in
the output and in the notification file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regencheck.cli import main
from regencheck.store.bootstrap import SAMPLES_DIR
from regencheck.store.db import database_url, open_database
from regencheck.store.registry import import_snapshot
from regencheck.store.roles import SYSTEM


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_a_lapsed_registration_in_a_new_snapshot_marks_the_clinics_verification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "demo", "--data-dir", str(tmp_path), "--format", "json")[0] == 0
    code, out = _run(
        capsys, "monitor", "--data-dir", str(tmp_path), "--today", "2026-12-06", "--format", "json"
    )
    before = json.loads(out)
    assert code == 0 and before["registry"] is None and before["needs_reverification"] == []

    lines = (SAMPLES_DIR / "registry.csv").read_text(encoding="utf-8").splitlines()
    lapsed = [
        line.replace("2024-03-15,2027-03-14", "2024-03-15,2026-11-30").replace(",2026-10-01", ",2026-12-01")
        if line.startswith("foreign_patient_registration,Lumen")
        else line
        for line in lines
    ]
    db = open_database(database_url(tmp_path))
    try:
        with db.writing() as s:
            import_snapshot(
                s,
                SYSTEM,
                None,
                data=("\n".join(lapsed) + "\n").encode(),
                filename="registry-dec.csv",
                retrieved_on=None,
            )
    finally:
        db.dispose()

    notes = tmp_path / "notify" / "monitor.jsonl"
    code, out = _run(
        capsys,
        "monitor",
        "--data-dir",
        str(tmp_path),
        "--today",
        "2026-12-06",
        "--format",
        "json",
        "--notify",
        str(notes),
    )
    after = json.loads(out)
    assert code == 0
    assert [c["change"] for c in after["registry"]["changes"]] == ["lapsed"]
    redo = {v["clinic"]: v["reasons"] for v in after["needs_reverification"]}
    assert list(redo) == ["Lumen Plastic Surgery Clinic"]
    assert "A-2024-03-15-01234" in redo["Lumen Plastic Surgery Clinic"][0]
    sent = [json.loads(line) for line in notes.read_text(encoding="utf-8").splitlines()]
    assert (
        sent[0]["kind"] == "regencheck.monitor"
        and sent[0]["needs_reverification"] == after["needs_reverification"]
    )
    assert notes.stat().st_mode & 0o077 == 0, "the notification file names clinics: owner-only"

    code, text = _run(capsys, "monitor", "--data-dir", str(tmp_path), "--today", "2026-12-06")
    assert "Needs re-verification (1):" in text and "lapsed on 2026-11-30" in text


def test_a_bad_date_names_the_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["db", "upgrade", "--data-dir", str(tmp_path)])
    code = main(["monitor", "--data-dir", str(tmp_path), "--today", "06/12/2026"])
    assert code == 1 and "--today" in capsys.readouterr().err
