"""Bulk scanning: directories, lists of saved pages and WARC archives, in parallel on local
processes or a Ray cluster, with progress, resumable JSON Lines output and a summary table.

    from regencheck.bulk import BulkInputs, run_bulk, select_executor
    with open("out.jsonl", "w") as out:
        run = run_bulk(BulkInputs(paths=(Path("pages"),)), out, select_executor(jobs=4))
    print(render_summary(run.summary))
"""

from .documents import Document, ScanSettings, chunked
from .executors import Executor, LocalExecutor, SerialExecutor, default_jobs, select_executor
from .resume import PreviousOutput, load_previous
from .runner import BulkInputs, BulkRun, run_bulk
from .summary import BulkSummary, render_summary, summary_csv, summary_dict

__all__ = [
    "BulkInputs",
    "BulkRun",
    "BulkSummary",
    "Document",
    "Executor",
    "LocalExecutor",
    "PreviousOutput",
    "ScanSettings",
    "SerialExecutor",
    "chunked",
    "default_jobs",
    "load_previous",
    "render_summary",
    "run_bulk",
    "select_executor",
    "summary_csv",
    "summary_dict",
]
