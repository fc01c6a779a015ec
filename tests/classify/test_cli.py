"""`regencheck classify` from the command line: outputs, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regencheck
from regencheck.cli import main
from regencheck.disclaimer import DISCLAIMER

SAMPLES = Path(regencheck.__file__).parent / "samples" / "therapies"
CONTRACT_RULING_KEYS = {"status", "risk_level", "facility_required", "conditions", "summary", "citations"}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["classify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_a_patient_readable_answer_with_the_disclaimer_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, str(SAMPLES / "svf_facelift.yaml"))
    assert code == 0
    assert "What it is: Same-day autologous SVF" in out
    assert "KR Korea" in out and "PERMITTED" in out
    assert "Sources:" in out
    assert out.count(DISCLAIMER) == 1


def test_text_output_shows_the_words_behind_each_attribute(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--text", "자가 지방 줄기세포 당일 추출 시술")
    assert code == 0
    assert '← "당일 추출"' in out
    assert "What to ask the clinic:" in out
    assert "클리닉에 물어볼 질문:" in out


def test_json_output_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--text", "Cartistem injection for knee osteoarthritis", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {
        "category",
        "attributes",
        "unknowns",
        "questions",
        "approved_product",
        "rulings",
        "knowledge_version",
    } <= set(data)
    assert set(data["rulings"]) == {"KR", "US", "JP", "EU", "SG"}
    for ruling in data["rulings"].values():
        assert set(ruling) >= CONTRACT_RULING_KEYS and ruling["rule"]
    assert data["approved_product"]["name"] == "Cartistem" and data["approved_product"]["on_label"] is True


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"cell_source: [unclosed\n", "line"),
        (b"tissue: liver\n", "tissue"),
        (b"viable_cells: maybe\n", "viable_cells"),
        (b"colour: blue\n", "colour"),
        (b"- a\n- b\n", "expected a mapping"),
        (b"   \n", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_bad_input_exits_1_naming_the_file_and_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = _write(tmp_path, "therapy.yaml", content)
    code, out, err = _run(capsys, str(path))
    assert code == 1 and out == ""
    assert str(path) in err and expected in err
    assert "Traceback" not in err


def test_an_unknown_value_lists_the_allowed_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "t.yaml", b"manipulation: stretched\n")
    _, _, err = _run(capsys, str(path))
    assert "minimal" in err and "cultured" in err


def test_an_enormous_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "big.yaml", b"description: '" + b"a" * 1_200_000 + b"'\n")
    code, _, err = _run(capsys, str(path))
    assert code == 1 and "limit" in err


def test_a_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, str(tmp_path / "nope.yaml"))
    assert code == 1 and "not found" in err


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_description_exits_1(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, _, err = _run(capsys, "--text", text)
    assert code == 1 and "empty" in err


def test_a_huge_description_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--text", "stem cell " * 20_000)
    assert code == 1 and "limit" in err


def test_a_bundled_sample_can_be_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--sample", "exosome_facial", "--format", "json")
    assert code == 0 and json.loads(out)["category"] == "cell_free_derivative"
    code, _, err = _run(capsys, "--sample", "list")
    assert code == 0 and "svf_facelift" in err
    assert _run(capsys, "--sample", "nonesuch")[0] == 2


def test_neither_or_both_inputs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys)[0] == 2
    assert _run(capsys, str(SAMPLES / "prp_skin.yaml"), "--text", "PRP")[0] == 2
    assert _run(capsys, "--text", "PRP", "--format", "xml")[0] == 2


def test_a_knowledge_overlay_changes_a_rule_without_editing_the_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = tmp_path / "kb" / "classify"
    overlay.mkdir(parents=True)
    (overlay / "rules_kr.yaml").write_text(
        """
rules:
  - id: kr_prp
    when: {category: [prp]}
    then:
      status: conditional
      facility_required: designated_institution
      summary: A hypothetical newer rule that puts PRP under the Act.
    source: [kr_arba_act]
    as_of: 2027-01-01
    examples:
      - {attributes: {cell_type: platelets}, expect: conditional}
""",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "--text", "PRP", "--format", "json", "--knowledge", str(tmp_path / "kb"))
    data = json.loads(out)
    assert code == 0
    assert data["rulings"]["KR"]["status"] == "conditional"
    assert "+overlay." in data["knowledge_version"]
    # The bundled knowledge is untouched.
    _, out, _ = _run(capsys, "--text", "PRP", "--format", "json")
    assert json.loads(out)["rulings"]["KR"]["status"] == "permitted"


def test_an_overlay_with_a_typo_in_a_rule_exits_1_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = tmp_path / "classify"
    overlay.mkdir()
    (overlay / "rules_kr.yaml").write_text(
        "rules:\n  - id: kr_prp\n    when: {categroy: [prp]}\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, "--text", "PRP", "--knowledge", str(tmp_path))
    assert code == 1 and "categroy" in err and "rules_kr.yaml" in err


def test_a_therapy_can_come_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"cell_type: platelets\nindication: aesthetic\n"))
    )
    code, out, _ = _run(capsys, "-", "--format", "json")
    assert code == 0 and json.loads(out)["category"] == "prp"
