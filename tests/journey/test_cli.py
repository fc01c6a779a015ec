import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import regencheck
from regencheck.cli import main
from regencheck.verify import verify_dossier
from regencheck.verify.dossier import load_dossier

SAMPLE = Path(regencheck.__file__).parent / "samples" / "dossiers" / "svf_facelift_verified.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.pdf
def test_report_writes_an_indonesian_pdf_with_the_same_verdict_as_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint or its Pango libraries are not installed")
    pdf = tmp_path / "laporan.pdf"
    code, out, _ = run(
        [
            "report",
            "--dossier",
            str(SAMPLE),
            "--lang",
            "id",
            "--pdf",
            str(pdf),
            "--as-of",
            "2026-11-22",
            "--procedure-date",
            "2026-11-02",
            "--timezone",
            "Asia/Jakarta",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    from datetime import date

    expected = verify_dossier(
        load_dossier(SAMPLE), as_of=date(2026, 11, 22), base_dir=SAMPLE.parent
    ).to_dict()
    assert data["verdict"]["id"] == expected["verdict"]
    assert data["files"] == {"pdf": str(pdf)}
    text = " ".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert data["verdict"]["label"] in text
    assert "Kontrol minggu ke-1" in text and "Jika terjadi masalah" in text


def test_report_names_a_missing_dossier_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["report", "--dossier", str(tmp_path / "nope.yaml")], capsys)
    assert code == 1
    assert "nope.yaml" in err and "Traceback" not in err


def test_report_refuses_an_unsupported_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["report", "--dossier", str(SAMPLE), "--lang", "fr"], capsys)
    assert code == 1 and "en, id, ko" in err


def test_case_schedule_prints_cited_dates_in_the_patients_zone_and_writes_ics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "s.ics"
    code, out, _ = run(
        [
            "case",
            "schedule",
            "--procedure-date",
            "2026-05-04",
            "--timezone",
            "Asia/Singapore",
            "--indication",
            "orthopedic",
            "--route",
            "intra_articular",
            "--ics",
            str(ics),
            "--format",
            "json",
            "--as-of",
            "2026-05-20",
        ],
        capsys,
    )
    assert code == 0
    items = {i["id"]: i for i in json.loads(out)["items"]}
    assert items["week_1"]["patient_starts_at"] == "2026-05-11T09:00:00+08:00"
    assert items["week_1"]["status"] == "overdue"
    assert items["joint_long_haul"]["date"] == "2026-05-15"
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_case_schedule_rejects_an_unknown_time_zone(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["case", "schedule", "--procedure-date", "2026-05-04", "--timezone", "Nowhere/City"], capsys
    )
    assert code == 1 and "--timezone" in err


def test_case_triage_sends_an_emergency_to_119_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "case",
            "triage",
            "--procedure-at",
            "2026-05-04T10:00+09:00",
            "--reported-at",
            "2026-05-05T08:00+07:00",
            "--symptom",
            "chest_pain",
            "--home-country",
            "SG",
        ],
        capsys,
    )
    assert code == 0
    assert out.splitlines()[0].startswith("Triage: EMERGENCY")
    assert "CALL 119" in out.splitlines()[1]
    assert "CALL 995" in out


def test_case_triage_needs_an_offset_on_times(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        [
            "case",
            "triage",
            "--procedure-at",
            "2026-05-04T10:00",
            "--reported-at",
            "2026-05-05T08:00+07:00",
            "--symptom",
            "erythema",
        ],
        capsys,
    )
    assert code == 1 and "offset" in err
