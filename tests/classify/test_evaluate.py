from pathlib import Path

import pytest

from regencheck.classify.evaluate import Case, load_cases, main, score
from regencheck.errors import ValidationFailed

ROOT = Path(__file__).resolve().parents[2]


def test_a_right_answer_counts_and_a_wrong_one_is_listed_as_a_miss() -> None:
    cases = [
        Case("prp", "PRP injection for hair loss", "en", {"category": "prp", "KR": "permitted"}),
        Case("wrong", "PRP injection for hair loss", "en", {"category": "fat_graft"}),
    ]
    report = score(cases)
    tally = report.tallies["en"]
    assert tally.cases == 2
    assert tally.accuracy("category") == 0.5
    assert tally.accuracy("KR") == 1.0
    assert tally.accuracy("US") is None
    assert [(m.case.id, m.key, m.got) for m in report.misses] == [("wrong", "category", "prp")]


def test_every_round_file_loads_with_a_category_for_each_case() -> None:
    cases = load_cases([ROOT / "corpus" / "classify"])
    assert len(cases) >= 80
    assert {c.language for c in cases} == {"en", "ko"}
    assert len({c.id for c in cases}) == len(cases)


def test_a_case_without_a_category_is_refused_with_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("language: en\ncases:\n  - {id: x, text: PRP, expect: {KR: permitted}}\n")
    with pytest.raises(ValidationFailed, match=r"bad\.yaml"):
        load_cases([tmp_path])


def test_the_cli_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.yaml").write_text(
        "language: ko\ncases:\n  - {id: k, text: 'PRP 탈모 주사', expect: {category: prp}}\n"
    )
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("ko")
    assert "1.000" in out


#: The whole dev set (dev, dev2, dev3) per language, as of issue 10 (docs/classify_eval.md): at
#: 1.000 everywhere then; a floor just under it lets one or two texts move, not a family.
DEV_FLOOR = {"category": 0.98, "KR": 0.98, "US": 0.98}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_dev_set_stays_at_its_level(language: str) -> None:
    report = score(c for c in load_cases([ROOT / "corpus" / "classify" / "dev"]) if c.language == language)
    tally = report.tallies[language]
    assert tally.cases >= 170
    for key, floor in DEV_FLOOR.items():
        assert (tally.accuracy(key) or 0) >= floor, (key, [m.case.id for m in report.misses if m.key == key])


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_round2_families_of_dev4_stay_fixed(language: str) -> None:
    """dev4 holds new wordings of the six families round 2 missed (docs/classify_eval.md); each
    family has four or five wordings, so the whole-set floor above could lose most of one."""
    cases = load_cases([ROOT / "corpus" / "classify" / "dev" / f"dev4_{language}.yaml"])
    assert len(cases) >= 24
    report = score(cases)
    assert not report.misses, [(m.case.id, m.key, m.expected, m.got) for m in report.misses]
