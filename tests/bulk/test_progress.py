"""The progress line: what it says, and how often."""

from __future__ import annotations

import io

from regencheck.bulk.progress import Progress, ProgressReporter, render_progress


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_it_reports_done_of_total_throughput_and_errors() -> None:
    p = Progress(done=30, errors=2, skipped=10, bytes=8_000_000, total=100, started=96.0)
    assert render_progress(p, 100.0) == "40/100 documents, 2.0 MB/s, 8 doc/s, 2 errors, 10 already done"
    assert render_progress(Progress(started=0.0), 1.0).startswith("0/? documents")


def test_it_writes_no_more_than_once_per_interval() -> None:
    clock = _Clock()
    stream = io.StringIO()
    progress = Progress(started=clock.now)
    reporter = ProgressReporter(stream, progress, interval=0.5, clock=clock)
    for _ in range(20):
        progress.done += 1
        clock.now += 0.125
        reporter.tick()
    reporter.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 5  # at 0.5 s, 1.0, 1.5, 2.0 and 2.5; the final figures repeat none
    assert lines[-1].startswith("20/?")


def test_quiet_means_no_output_at_all() -> None:
    reporter = ProgressReporter(None, Progress())
    reporter.tick(force=True)
    reporter.finish()
