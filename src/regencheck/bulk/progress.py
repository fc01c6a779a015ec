"""Progress on stderr for long runs: documents done of total, throughput, errors, at most a
few lines per second. On a terminal the line is redrawn in place; in a log file it is
appended at a slower pace so logs stay readable."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Progress:
    """Counters of a run. `total` is None until counting the inputs has finished."""

    done: int = 0
    errors: int = 0
    skipped: int = 0
    bytes: int = 0
    total: int | None = None
    started: float = field(default_factory=time.monotonic)


def render_progress(progress: Progress, now: float) -> str:
    """One status line, e.g. `1200/5000 documents, 3.4 MB/s, 41 doc/s, 2 errors, 300 resumed`."""
    elapsed = max(now - progress.started, 1e-9)
    total = "?" if progress.total is None else str(progress.total)
    done = progress.done + progress.skipped
    parts = [
        f"{done}/{total} documents",
        f"{progress.bytes / 1e6 / elapsed:.1f} MB/s",
        f"{progress.done / elapsed:.0f} doc/s",
        f"{progress.errors} error{'s' if progress.errors != 1 else ''}",
    ]
    if progress.skipped:
        parts.append(f"{progress.skipped} already done")
    return ", ".join(parts)


class ProgressReporter:
    """Writes `render_progress` lines to `stream` no more often than `interval` seconds."""

    def __init__(
        self,
        stream: TextIO | None,
        progress: Progress,
        *,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.progress = progress
        self.clock = clock
        self.tty = bool(stream is not None and stream.isatty())
        self.interval = interval if interval is not None else (0.25 if self.tty else 5.0)
        self._last = clock()
        self._last_line = ""

    def tick(self, *, force: bool = False) -> None:
        """Report if enough time has passed since the last line (or when forced)."""
        if self.stream is None:
            return
        now = self.clock()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        line = render_progress(self.progress, now)
        if force and line == self._last_line:
            return
        self._last_line = line
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """The final figures, on a line of their own."""
        self.tick(force=True)
        if self.stream is not None and self.tty:
            self.stream.write("\n")
            self.stream.flush()
