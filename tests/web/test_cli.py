"""The service commands: demo from nothing (twice), db upgrade/downgrade, audit verify, users."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from regencheck.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_builds_a_working_database_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "demo", "--data-dir", str(tmp_path), "--format", "json")
    assert code == 0
    first = json.loads(out)
    assert first["admin"] == "admin" and len(first["one_time_password"]) >= 16
    assert first["snapshot_rows"] == 17 and first["url"] == "http://127.0.0.1:8000/"
    assert {s["verdict"] for s in first["samples"]} <= {
        "verified",
        "conditional",
        "not_verified",
        "insufficient_evidence",
    }
    assert len(first["samples"]) == len(
        list((Path(__file__).parents[2] / "src/regencheck/samples/dossiers").glob("*.yaml"))
    )
    assert all(Path(s["report"]).is_file() for s in first["samples"] if s["report"])

    code, out, _ = _run(capsys, "demo", "--data-dir", str(tmp_path), "--format", "json")
    second = json.loads(out)
    assert code == 0 and second["admin"] is None and second["snapshot_new"] is False
    assert [s["verification_id"] for s in second["samples"]] == [
        s["verification_id"] for s in first["samples"]
    ]

    code, out, _ = _run(capsys, "audit", "verify", "--data-dir", str(tmp_path), "--format", "json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_audit_verify_names_the_first_broken_entry_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "users", "create", "vera", "--role", "verifier", "--data-dir", str(tmp_path))[0] == 1
    assert _run(capsys, "db", "upgrade", "--data-dir", str(tmp_path))[0] == 0
    for name in ("vera", "vic", "cora"):
        code, _, err = _run(capsys, "users", "create", name, "--role", "viewer", "--data-dir", str(tmp_path))
        assert code == 0 and "one-time password" in err
    con = sqlite3.connect(tmp_path / "regencheck.db")
    con.execute("DROP TRIGGER audit_entries_no_update")
    con.execute("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2")
    con.commit()
    con.close()
    code, out, _ = _run(capsys, "audit", "verify", "--data-dir", str(tmp_path))
    assert code == 1 and "BROKEN at entry 2" in out


def test_db_downgrade_to_base_and_upgrade_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "db", "upgrade", "--data-dir", str(tmp_path))[0] == 0
    assert _run(capsys, "db", "downgrade", "base", "--data-dir", str(tmp_path))[0] == 0
    code, out, _ = _run(capsys, "db", "current", "--data-dir", str(tmp_path), "--format", "json")
    assert code == 0 and json.loads(out)["current"] == [] and json.loads(out)["up_to_date"] is False
    assert _run(capsys, "db", "upgrade", "--data-dir", str(tmp_path))[0] == 0
    code, out, _ = _run(capsys, "db", "current", "--data-dir", str(tmp_path), "--format", "json")
    assert json.loads(out)["up_to_date"] is True


def test_a_bad_role_is_a_clear_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "db", "upgrade", "--data-dir", str(tmp_path))
    code, _, err = _run(capsys, "users", "create", "eve", "--role", "superuser", "--data-dir", str(tmp_path))
    assert code == 1 and "role" in err and "Traceback" not in err


def test_audit_verify_notices_an_edited_verification_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "demo", "--data-dir", str(tmp_path), "--format", "json")[0] == 0
    con = sqlite3.connect(tmp_path / "regencheck.db")
    con.execute("UPDATE verifications SET result = json_set(result, '$.verdict', 'verified') WHERE id = 2")
    con.commit()
    con.close()
    code, out, _ = _run(capsys, "audit", "verify", "--data-dir", str(tmp_path))
    assert code == 1
    assert "audit log intact" in out and "verification 2's scorecard differs" in out
