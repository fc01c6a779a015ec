"""`regencheck scan` and `scan-eval` on the command line."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from regencheck.cli import main
from regencheck.knowledge import KnowledgeBase

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "regencheck" / "samples" / "marketing"


@pytest.fixture(autouse=True)
def _isolated_kb(monkeypatch: pytest.MonkeyPatch, claims_kb: KnowledgeBase) -> None:
    import regencheck.cli.scan_cmd as scan_cmd

    monkeypatch.setattr(scan_cmd, "load_kb", lambda overlay: claims_kb)


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_it_prints_one_json_line_per_input(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["scan", "--format", "json", str(SAMPLES / "advertorial_en.html"), str(SAMPLES / "consent_en.txt")]
    )
    lines = _lines(capsys.readouterr().out)
    assert code == 0
    assert [Path(str(x["source"])).name for x in lines] == ["advertorial_en.html", "consent_en.txt"]
    assert lines[0]["risk"] == "high" and "text_extracted" in lines[0]
    assert lines[1]["risk"] == "none"


def test_a_directory_is_scanned_recursively(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("We guarantee results.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Recovery takes two weeks.", encoding="utf-8")
    (tmp_path / "ignore.csv").write_text("x,y", encoding="utf-8")
    assert main(["scan", "-f", "json", str(tmp_path)]) == 0
    names = sorted(Path(str(x["source"])).name for x in _lines(capsys.readouterr().out))
    assert names == ["a.txt", "b.md"]


def test_fail_on_exits_3_when_a_claim_reaches_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--fail-on", "high", str(SAMPLES / "advertorial_en.html")]) == 3
    assert main(["scan", "--fail-on", "low", str(SAMPLES / "consent_en.txt")]) == 0


def test_a_bad_input_is_reported_and_the_rest_still_scanned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    code = main(["scan", "-f", "json", str(bad), str(SAMPLES / "advert_ko.html")])
    captured = capsys.readouterr()
    lines = _lines(captured.out)
    assert code == 1
    assert "error" in lines[0] and str(bad) in str(lines[0]["error"])
    assert lines[1]["language"] == "ko" and lines[1]["risk"] == "high"
    assert str(bad) in captured.err


def test_stdin_is_read_with_a_dash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("부작용 없는 시술입니다.".encode())))
    assert main(["scan", "-f", "json", "-"]) == 0
    (line,) = _lines(capsys.readouterr().out)
    assert line["source"] == "-" and line["summary"] == {"guarantee": 1}


def test_text_output_shows_the_sentence_and_cue(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "ad.txt"
    page.write_text("Welcome. Our cells cure arthritis.", encoding="utf-8")
    assert main(["scan", str(page)]) == 0
    out = capsys.readouterr().out
    assert "disease_treatment" in out
    assert "sentence: Our cells cure arthritis." in out
    assert "cue: " in out and "basis: " in out
    assert "not medical or legal advice" in out.lower() or "decision support" in out.lower()


def test_scan_eval_prints_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan-eval", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overall"]["f1"] >= 0.9
    assert report["high_severity"]["recall"] >= 0.95
    assert report["mentions_flagged_share"] <= 0.05


def test_scan_eval_compares_the_rules_alone_with_the_learned_layer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "round"
    corpus.mkdir()
    (corpus / "en.yaml").write_text(
        "language: en\nkind: sentences\nitems:\n"
        '  - {type: claim, labels: [guarantee], text: "We guarantee results."}\n'
        '  - {type: claim, labels: [disease_treatment], text: "Patients with chronic bronchitis breathe freely again after our cell infusion."}\n'
        '  - {type: warning, labels: [], text: "Be wary of clinics that guarantee results."}\n',
        encoding="utf-8",
    )
    assert main(["scan-eval", "--corpus", str(corpus), "--compare"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith(("all ", "en "))]
    assert [r[1] for r in rows] == ["rules", "rules", "rules", "rules"]  # "rules" and "rules + model"
    rules_found, model_found = rows[0][-3], rows[1][-3]
    assert rules_found == "50.0%" and model_found == "100.0%"


@pytest.mark.parametrize(("layer", "rules"), [("full", ["model.disease_treatment"]), ("off", [])])
def test_model_chooses_how_much_of_the_learned_layer_runs(
    layer: str, rules: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Patients with chronic bronchitis breathe freely again after our cell infusion.\n")
    assert main(["scan", "--format", "json", "--model", layer, str(page)]) == 0
    (line,) = _lines(capsys.readouterr().out)
    assert [f["rule"] for f in line["findings"]] == rules  # type: ignore[union-attr]


def test_a_screen_only_scan_never_loads_the_encoder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from regencheck.claims import sentence_layer

    def refuse(*_args: object) -> None:
        raise AssertionError("the encoder was asked for in a screen-only scan")

    monkeypatch.setattr(sentence_layer, "sentence_encoder", refuse)
    monkeypatch.setattr(sentence_layer, "_encoder_for", refuse)
    page = tmp_path / "page.txt"
    page.write_text("Our stem cell infusion reverses ageing. Results guaranteed.\n")
    assert main(["scan", "--format", "json", "--model", "screen", str(page)]) == 0
    (line,) = _lines(capsys.readouterr().out)
    assert line["findings"] and not line.get("notes")
