"""The knowledge base loads, validates, cites and overlays."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.errors import KnowledgeError
from regencheck.knowledge import load_knowledge, merge_overlay


def test_it_loads_the_bundled_knowledge_with_a_version() -> None:
    kb = load_knowledge()
    assert kb.version == kb.manifest.version
    assert "seed_000" in kb.sources
    assert kb.sources["kr_immune_cell_downgrade"].verified is False


def test_every_source_has_a_citation_and_date() -> None:
    kb = load_knowledge()
    for src in kb.sources.values():
        assert src.citation.strip()
        assert src.as_of.year >= 2001


def test_an_overlay_changes_the_version_and_replaces_entries_by_id(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: my_registry\n    kind: official\n    title: t\n    citation: c\n    as_of: 2026-11-01\n",
        encoding="utf-8",
    )
    # sources.yaml in an overlay merges into the bundled one by id
    kb = load_knowledge(tmp_path)
    assert "my_registry" in kb.sources and "seed_000" in kb.sources
    assert kb.version.startswith(kb.manifest.version + "+overlay.")
    assert any(f.origin == "overlay" for f in kb.files)


def test_a_typo_in_an_overlay_names_the_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("version: x\nas_of: soon\ndescription: d\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path)
    rendered = info.value.render()
    assert "manifest.yaml" in rendered and "as_of" in rendered


def test_an_impossible_date_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text(
        "version: x\nas_of: 2026-13-40\ndescription: d\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"manifest\.yaml"):
        load_knowledge(tmp_path)


def test_malformed_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="line"):
        load_knowledge(tmp_path)


def test_an_unknown_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "mystery.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="no knowledge schema"):
        load_knowledge(tmp_path)


def test_merge_keeps_order_and_appends_new_ids() -> None:
    base = {"rules": [{"id": "a", "v": 1}, {"id": "b", "v": 1}], "x": 1}
    over = {"rules": [{"id": "b", "v": 2}, {"id": "c", "v": 3}]}
    merged = merge_overlay(base, over)
    assert merged == {"rules": [{"id": "a", "v": 1}, {"id": "b", "v": 2}, {"id": "c", "v": 3}], "x": 1}
