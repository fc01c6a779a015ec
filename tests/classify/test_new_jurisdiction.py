"""A jurisdiction is added by a rules file alone: an overlay with `classify/rules_zz.yaml` (and
its source) makes every answer carry a ruling for it, with no code change (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.classify import classify
from regencheck.classify.tables import tables_for
from regencheck.classify.text import render_text
from regencheck.errors import KnowledgeError
from regencheck.knowledge import KnowledgeBase, load_knowledge
from regencheck.offer.check import home_jurisdiction

SOURCE = """sources:
  - id: zz_cell_act
    kind: regulation
    title: "Testland Cell Act (a fictional law for this test)"
    citation: "Testland Cell Act, s. 1: every cell product needs a licence"
    as_of: 2026-12-01
"""

RULES = """jurisdiction: ZZ
name: Testland
framework: Testland Cell Act
order: 9
members:
  countries: [YY]
  source: [zz_cell_act]
  as_of: 2026-12-01
rules:
  - id: zz_prp
    when: {category: [prp]}
    then:
      status: permitted
      facility_required: licensed_medical_institution
      summary: In Testland PRP is ordinary medical practice.
    source: [zz_cell_act]
    as_of: 2026-12-01
    examples:
      - {text: "PRP injection for the knee", expect: permitted}
  - id: zz_everything_else
    fallback: true
    when: {}
    then:
      status: not_permitted
      facility_required: clinical_trial_only
      summary: In Testland every other cell product needs a licence.
    source: [zz_cell_act]
    as_of: 2026-12-01
    examples:
      - {attributes: {substance: cells, source: allogeneic}, expect: not_permitted}
undecided:
  id: zz_undecided
  summary: Under Testland law the answer depends on facts the description does not give.
  source: [zz_cell_act]
  as_of: 2026-12-01
"""


def _overlay(tmp_path: Path, rules: str = RULES, name: str = "rules_zz.yaml") -> KnowledgeBase:
    (tmp_path / "sources.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "classify").mkdir()
    (tmp_path / "classify" / name).write_text(rules, encoding="utf-8")
    return load_knowledge(tmp_path)


def test_a_rules_file_in_an_overlay_adds_a_ruling_to_every_answer(tmp_path: Path) -> None:
    kb = _overlay(tmp_path)
    result = classify("PRP injection for the knee", kb)
    assert list(result.rulings) == ["KR", "US", "JP", "EU", "SG", "ZZ"]
    zz = result.rulings["ZZ"]
    assert zz.status == "permitted" and zz.rule == "zz_prp"
    assert any("Testland Cell Act" in c for c in zz.citations)
    assert "ZZ Testland" in render_text(result, tables_for(kb).jurisdiction_names)


def test_the_new_jurisdiction_is_a_patients_home_ruling_and_covers_its_members(tmp_path: Path) -> None:
    kb = _overlay(tmp_path)
    assert home_jurisdiction("zz", kb) == "ZZ"
    assert home_jurisdiction("YY", kb) == "ZZ"
    assert home_jurisdiction("DE", kb) == "EU"
    assert home_jurisdiction("BR", kb) is None


def test_a_rules_file_must_be_named_after_its_code(tmp_path: Path) -> None:
    kb = _overlay(tmp_path, name="rules_zq.yaml")
    with pytest.raises(KnowledgeError, match=r"rules_zz\.yaml"):
        tables_for(kb)


def test_a_code_that_is_not_two_capital_letters_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as info:
        _overlay(tmp_path, rules=RULES.replace("jurisdiction: ZZ", "jurisdiction: Testland"))
    rendered = info.value.render()
    assert "rules_zz.yaml" in rendered and "jurisdiction" in rendered
