"""The names `regencheck.bulk` promises to keep."""

from __future__ import annotations

import regencheck.bulk as bulk


def test_the_public_names_are_pinned_and_sorted() -> None:
    assert bulk.__all__ == sorted(bulk.__all__)
    assert set(bulk.__all__) == {
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
    }
    assert all(hasattr(bulk, name) for name in bulk.__all__)
