"""`regencheck case …` against an embedded database in a temporary data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from regencheck.cli import main
from regencheck.store import migrate
from regencheck.store.db import open_database
from regencheck.store.roles import SYSTEM
from regencheck.store.schemas import UserCreate
from regencheck.store.users import create_user

CASE_YAML = {
    "patient": {
        "alias": "Ms Tan",
        "home_country": "SG",
        "language": "en",
        "contact_channel": "email",
        "timezone": "Asia/Singapore",
        "consent_to_store": True,
        "consent_recorded_on": "2026-10-01",
    },
    "clinic": "Seoul Joint Clinic",
    "offering": "Knee stem cell injection",
    "therapy": {"indication": "orthopedic", "route": "intra_articular"},
    "procedure_date": "2026-11-02",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_a_coordinator_runs_a_case_from_the_command_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(yaml.safe_dump(CASE_YAML), encoding="utf-8")
    where = ["--data-dir", str(data_dir)]
    code, out, _ = run(capsys, "case", *where, "open", str(case_file), "--format", "json")
    assert code == 0
    case = json.loads(out)
    cid = str(case["id"])
    flights = {i["id"]: i["date"] for i in case["schedule"]["items"] if i["kind"] == "fit_to_fly"}
    assert flights == {"joint_short_haul": "2026-11-09", "joint_long_haul": "2026-11-13"}

    assert run(capsys, "case", *where, "advance", cid, "procedure_day")[0] == 0
    code, out, _ = run(
        capsys,
        "case",
        *where,
        "event",
        cid,
        "--onset",
        "2026-11-05",
        "--symptom",
        "leg_swelling_breathless",
        "--reported-at",
        "2026-11-10T20:00+08:00",
        "--format",
        "json",
    )
    event = json.loads(out)
    assert (event["level"], event["status"]) == ("emergency", "escalated")
    assert [c["number"] for c in event["emergency_contacts"]][:2] == ["119", "1339"]
    assert "995" in [c["number"] for c in event["emergency_contacts"]]

    code, _, err = run(capsys, "case", *where, "close", cid)
    assert code == 1 and "still open" in err
    assert (
        run(capsys, "case", *where, "escalate", str(event["event_id"]), "emergency_called", "--note", "995")[
            0
        ]
        == 0
    )
    assert run(capsys, "case", *where, "escalate", str(event["event_id"]), "closed")[0] == 0

    ics = tmp_path / "tan.ics"
    assert run(capsys, "case", *where, "ics", cid, "--out", str(ics))[0] == 0
    assert b"BEGIN:VEVENT" in ics.read_bytes()
    code, out, _ = run(capsys, "case", *where, "fhir", cid)
    kinds = [e["resource"]["resourceType"] for e in json.loads(out)["entry"]]
    assert kinds == ["CarePlan", "AdverseEvent"]

    code, out, _ = run(capsys, "case", *where, "show", cid, "--format", "json")
    steps = [s["action"] for s in json.loads(out)["adverse_events"][0]["escalations"]]
    assert steps == ["reported", "emergency_called", "closed"]
    assert run(capsys, "case", *where, "close", cid)[0] == 0


def test_a_viewer_account_cannot_read_cases(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(f"sqlite:///{data_dir / 'regencheck.db'}")
    migrate.upgrade(db)
    with db.writing() as s:
        create_user(s, SYSTEM, UserCreate(username="vic", role="viewer", password="a sturdy test passphrase"))  # type: ignore[arg-type]
    db.dispose()
    code, out, err = run(capsys, "case", "--as", "vic", "--data-dir", str(data_dir), "list")
    assert code == 1 and "may not see" in err and out == ""


def test_opening_a_case_without_consent_names_the_field(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = dict(CASE_YAML, patient={**CASE_YAML["patient"], "consent_to_store": False})  # type: ignore[dict-item]
    case_file = tmp_path / "bad.yaml"
    case_file.write_text(yaml.safe_dump(bad), encoding="utf-8")
    code, _, err = run(capsys, "case", "--data-dir", str(data_dir), "open", str(case_file))
    assert code == 1 and "bad.yaml" in err and "patient.consent_to_store" in err


def test_report_for_a_stored_case_writes_its_html(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(yaml.safe_dump(CASE_YAML), encoding="utf-8")
    code, out, _ = run(
        capsys, "case", "--data-dir", str(data_dir), "open", str(case_file), "--format", "json"
    )
    html = tmp_path / "r.html"
    code, out, err = run(
        capsys,
        "report",
        "--case",
        str(json.loads(out)["id"]),
        "--html",
        str(html),
        "--lang",
        "ko",
        "--data-dir",
        str(data_dir),
    )
    assert code == 0, err
    page = html.read_text(encoding="utf-8")
    assert "장거리 비행 가능 최초일" in page and "Ms Tan" in page


def test_report_wants_exactly_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report")
    assert code == 1 and "--dossier" in err and "--case" in err


def test_a_case_is_corrected_from_the_command_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(yaml.safe_dump(CASE_YAML), encoding="utf-8")
    where = ["--data-dir", str(data_dir)]
    code, out, _ = run(capsys, "case", *where, "open", str(case_file), "--format", "json")
    cid = str(json.loads(out)["id"])
    code, out, err = run(
        capsys, "case", *where, "edit", cid, "--procedure-date", "2026-11-09", "--contact", "Signal"
    )
    assert code == 0, err
    code, out, _ = run(capsys, "case", *where, "show", cid, "--format", "json")
    shown = json.loads(out)
    assert (shown["procedure_date"], shown["contact_channel"]) == ("2026-11-09", "Signal")
    flights = {i["id"]: i["date"] for i in shown["schedule"]["items"] if i["kind"] == "fit_to_fly"}
    assert flights["joint_short_haul"] == "2026-11-16"  # a week later, as the procedure moved
    code, _, err = run(capsys, "case", *where, "edit", cid, "--timezone", "Mars/Base")
    assert code == 1 and "timezone" in err and "Traceback" not in err
    assert run(capsys, "case", *where, "edit", cid)[0] == 1
