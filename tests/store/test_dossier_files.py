"""Stored dossiers stand alone: `file:` references are read in at import."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.errors import InputFileError
from regencheck.inputs import load_structured_file
from regencheck.store.bootstrap import SAMPLES_DIR
from regencheck.store.dossier_files import inline_files


def _refs(value: object) -> list[str]:
    if isinstance(value, dict):
        own = [value["file"]] if isinstance(value.get("file"), str) else []
        return own + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_file_references_become_the_visible_text_of_the_file() -> None:
    path = SAMPLES_DIR / "dossiers" / "exosome_sold_as_stem_cell.yaml"
    original = load_structured_file(path)
    assert _refs(original), "the sample should reference a marketing page"
    inlined = inline_files(original, path.parent)
    assert _refs(inlined) == []
    texts = [m["text"] for m in inlined["marketing"]]
    assert all("<" not in t[:200] for t in texts) and any(len(t) > 100 for t in texts)
    assert original["marketing"] != inlined["marketing"] and _refs(original)


def test_absolute_and_missing_files_are_refused_with_their_name(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="relative"):
        inline_files({"marketing": [{"file": "/etc/passwd"}]}, tmp_path)
    with pytest.raises(InputFileError, match=r"missing\.html"):
        inline_files({"marketing": [{"file": "missing.html"}]}, tmp_path)


def test_text_sources_and_other_values_are_left_as_they_are(tmp_path: Path) -> None:
    doc = {"marketing": [{"text": "as given"}], "quote": {"lines": [{"item": "file", "amount": 1}]}}
    assert inline_files(doc, tmp_path) == doc
