"""One bulk run, start to end: stream documents from the inputs, skip those an earlier run
already wrote, ship the rest in chunks to an executor, and write each record as soon as its
chunk comes back (JSON Lines, flushed per chunk), feeding the summary and the progress line.

Nothing here holds more than the executor's chunks in flight: results are written and
forgotten, the summary keeps counters.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..claims.extract import ScanLimits
from .discover import count_documents, iter_documents
from .documents import Document, ScanSettings, chunked
from .executors import Executor
from .progress import Progress, ProgressReporter
from .resume import ResumeKey
from .summary import BulkSummary


@dataclass(frozen=True)
class BulkInputs:
    """What to scan: paths (files, directories, WARC archives) and list files of paths."""

    paths: tuple[Path, ...] = ()
    list_files: tuple[Path, ...] = ()


@dataclass
class BulkRun:
    """The shared state of a run, readable while it goes (progress) and after it (summary)."""

    summary: BulkSummary = field(default_factory=BulkSummary)
    progress: Progress = field(default_factory=Progress)
    done_before: set[ResumeKey] = field(default_factory=set)


def _not_done(documents: Iterable[Document], run: BulkRun) -> Iterator[Document]:
    for doc in documents:
        digest = doc.sha256
        if digest is not None and (doc.source, digest) in run.done_before:
            run.progress.skipped += 1
            continue
        yield doc


def start_counting(inputs: BulkInputs, progress: Progress) -> threading.Thread:
    """Count the documents in a background thread so the first results need not wait for it."""

    def count() -> None:
        try:
            progress.total = count_documents(inputs.paths, inputs.list_files)
        except Exception:  # counting is a nicety; the run itself reports unreadable inputs
            progress.total = None

    thread = threading.Thread(target=count, name="regencheck-bulk-count", daemon=True)
    thread.start()
    return thread


def run_bulk(
    inputs: BulkInputs,
    output: TextIO,
    executor: Executor,
    *,
    settings: ScanSettings | None = None,
    run: BulkRun | None = None,
    reporter: ProgressReporter | None = None,
    chunk_docs: int = 8,
    chunk_bytes: int = 4_000_000,
    count_total: bool = True,
) -> BulkRun:
    """Scan every document of `inputs` with `executor`, writing one JSON line per document to
    `output`. Documents whose (source, sha256) is in `run.done_before` are skipped. The
    executor is closed at the end, also when the run is interrupted."""
    settings = settings or ScanSettings()
    run = run or BulkRun()
    # Workers first: a forked worker must not inherit the counting thread mid-way.
    executor.start(settings)
    counter = start_counting(inputs, run.progress) if count_total else None
    documents = iter_documents(
        inputs.paths, inputs.list_files, limits=ScanLimits(max_bytes=settings.max_bytes)
    )
    chunks = chunked(_not_done(documents, run), chunk_docs, chunk_bytes)
    try:
        for records in executor.map_chunks(chunks, settings):
            for line, digest in records:
                output.write(line + "\n")
                run.summary.add(digest)
                run.progress.done += 1
                run.progress.bytes += int(digest.get("bytes") or 0)
                if digest.get("error"):
                    run.progress.errors += 1
            output.flush()
            if reporter is not None:
                reporter.tick()
        if counter is not None:
            counter.join()  # the final figures show the total, not "?"
    finally:
        executor.close()
        output.flush()
        if reporter is not None:
            reporter.finish()
    return run
