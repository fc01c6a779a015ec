"""Reading back an interrupted output file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from regencheck.bulk import load_previous


def _line(source: str, digest: str | None, **extra: Any) -> str:
    return json.dumps({"source": source, "sha256": digest, "risk": "none", "findings": [], **extra}) + "\n"


def test_a_half_written_last_line_is_cut_off(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    complete = _line("a.txt", "11") + _line("b.txt", "22")
    output.write_text(complete + '{"source": "c.txt", "sha', encoding="utf-8")
    previous = load_previous(output)
    assert previous.done == {("a.txt", "11"), ("b.txt", "22")} and previous.records == 2
    assert output.read_text(encoding="utf-8") == complete


def test_a_complete_line_without_its_newline_is_also_redone(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text(_line("a.txt", "11") + _line("b.txt", "22").rstrip("\n"), encoding="utf-8")
    assert load_previous(output).done == {("a.txt", "11")}
    assert output.read_text(encoding="utf-8") == _line("a.txt", "11")


def test_unreadable_inputs_are_tried_again_and_damaged_lines_counted(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text(
        _line("gone.txt", None, error="gone.txt: file not found") + "not json\n" + _line("a.txt", "11"),
        encoding="utf-8",
    )
    seen: list[str] = []
    previous = load_previous(output, lambda record: seen.append(record["source"]))
    assert previous.done == {("a.txt", "11")}
    assert previous.damaged == 1 and seen == ["gone.txt", "a.txt"]


def test_a_missing_output_is_an_empty_start(tmp_path: Path) -> None:
    assert load_previous(tmp_path / "none.jsonl").done == set()
