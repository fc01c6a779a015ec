"""A run in this process: one record per document, bad pages as error lines, resume keys."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

from regencheck.bulk import BulkInputs, BulkRun, ScanSettings, SerialExecutor, load_previous, run_bulk

from .helpers import CLAIM_EN, write_pages


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_every_document_gets_one_record_with_its_resume_key(tmp_path: Path) -> None:
    sources = write_pages(tmp_path, 6)
    out = io.StringIO()
    run = run_bulk(BulkInputs(paths=(tmp_path,)), out, SerialExecutor(), count_total=False)
    records = _records(out.getvalue())
    assert {r["source"] for r in records} == sources
    page = next(r for r in records if r["source"].endswith("page1.md"))
    assert page["sha256"] == hashlib.sha256(Path(page["source"]).read_bytes()).hexdigest()
    assert page["risk"] == "high" and "guarantee" in {f["category"] for f in page["findings"]}
    assert set(page) >= {"language", "findings", "suppressed", "summary", "bytes"}
    assert run.summary.documents == len(sources) and run.progress.done == len(sources)


def test_malformed_pages_are_error_lines_and_the_run_goes_on(tmp_path: Path) -> None:
    write_pages(tmp_path, 3)
    out = io.StringIO()
    run = run_bulk(BulkInputs(paths=(tmp_path,)), out, SerialExecutor(), count_total=False)
    errors = {Path(r["source"]).name: r["error"] for r in _records(out.getvalue()) if "error" in r}
    assert set(errors) == {"binary.txt", "broken.pdf", "empty.html"}
    assert "binary" in errors["binary.txt"] and "empty" in errors["empty.html"]
    assert run.summary.errors == run.progress.errors == 3


def test_documents_written_by_an_earlier_run_are_skipped(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 6, bad=False)
    first = io.StringIO()
    run_bulk(BulkInputs(paths=(pages,)), first, SerialExecutor(), count_total=False)
    kept = first.getvalue().splitlines()[:2]
    output = tmp_path / "out.jsonl"
    output.write_text("\n".join(kept) + "\n", encoding="utf-8")
    # A page edited since the first run has a new hash and is scanned again.
    edited = Path(json.loads(kept[0])["source"])
    edited.write_text(CLAIM_EN + " edited", encoding="utf-8")
    run = BulkRun()
    run.done_before = load_previous(output).done
    second = io.StringIO()
    run_bulk(BulkInputs(paths=(pages,)), second, SerialExecutor(), run=run, count_total=False)
    rescanned = [r["source"] for r in _records(second.getvalue())]
    assert run.progress.skipped == 1 and len(rescanned) == 5 and str(edited) in rescanned


def test_extracted_text_can_be_left_out_of_the_records(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(f"<p>{CLAIM_EN}</p>", encoding="utf-8")
    out = io.StringIO()
    run_bulk(
        BulkInputs(paths=(tmp_path,)),
        out,
        SerialExecutor(),
        settings=ScanSettings(keep_text=False),
        count_total=False,
    )
    [record] = _records(out.getvalue())
    assert "text_extracted" not in record and record["findings"]
