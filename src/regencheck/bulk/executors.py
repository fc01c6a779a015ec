"""Where chunks are scanned. `Executor` is the one interface the runner uses; three adapters
implement it:

- `SerialExecutor`: in this process (``--jobs 1``), no pickling, no start-up cost;
- `LocalExecutor`: a local process pool (the default, ``--jobs N``), one knowledge base per
  worker process;
- `RayExecutor` (in `ray_executor.py`): a Ray cluster (``--ray ADDRESS``), only when the
  optional `ray` package is importable.

Every executor yields results as chunks finish (any order) and keeps only a bounded number of
chunks in flight, so memory stays flat however many documents stream through.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

from .documents import Document, ScanSettings
from .worker import ignore_interrupts, knowledge_for, preload, prepare_worker, scan_chunk, warm_up

Records = list[tuple[str, dict[str, Any]]]  # (JSON line, digest) per document
Handle = TypeVar("Handle")  # a submitted chunk: a future, a Ray object ref


def bounded_map(
    chunks: Iterable[list[Document]],
    in_flight: int,
    submit: Callable[[list[Document]], Handle],
    collect: Callable[[list[Handle]], tuple[Iterable[Records], list[Handle]]],
) -> Iterator[Records]:
    """Submit chunks while fewer than `in_flight` are pending and yield results as they finish.

    `collect` waits for at least one pending chunk and returns (their results, still pending):
    the one place the pool and the cluster differ.
    """
    pending: list[Handle] = []
    source = iter(chunks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < in_flight:
            chunk = next(source, None)
            if chunk is None:
                exhausted = True
                break
            pending.append(submit(chunk))
        if not pending:
            break
        done, pending = collect(pending)
        yield from done


class Executor(Protocol):
    """Scans chunks of documents somewhere and yields each chunk's records when it is done."""

    name: str

    def start(self, settings: ScanSettings) -> None:
        """Get the workers ready (called before any other thread of the run starts)."""
        ...

    def map_chunks(self, chunks: Iterable[list[Document]], settings: ScanSettings) -> Iterator[Records]:
        """Records of every chunk, in completion order; pulls chunks lazily."""
        ...

    def close(self) -> None:
        """Stop the workers; pending chunks are abandoned (a resumed run scans them again)."""
        ...


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class SerialExecutor:
    """Scans in the calling process: the baseline, and the cheapest choice for one job."""

    name = "serial"

    def start(self, settings: ScanSettings) -> None:
        knowledge_for(settings)

    def map_chunks(self, chunks: Iterable[list[Document]], settings: ScanSettings) -> Iterator[Records]:
        for chunk in chunks:
            yield scan_chunk(chunk, settings)

    def close(self) -> None:
        return None


class LocalExecutor:
    """A pool of `jobs` worker processes, at most `jobs * in_flight_per_job` chunks queued.

    Where `fork` exists (Linux), the parent loads the knowledge base, the compiled scanner and
    the Korean analyser once and forks the workers from it: they start in milliseconds and
    share those pages of memory. `start` forks them before the run starts any thread of its
    own. Elsewhere (or with ``start_method="spawn"``) each worker loads them in its initializer.
    """

    name = "local"

    def __init__(self, jobs: int, *, in_flight_per_job: int = 2, start_method: str | None = None) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.in_flight = jobs * max(1, in_flight_per_job)
        available = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("fork" if "fork" in available else "spawn")
        self._pool: ProcessPoolExecutor | None = None

    def start(self, settings: ScanSettings) -> None:
        if self._pool is not None:
            return
        if self.start_method == "fork":
            preload(settings)
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=ignore_interrupts,
            )
        else:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context(self.start_method),
                initializer=prepare_worker,
                initargs=(settings,),
            )
        # The first task makes the pool create its workers now, not later from a busy parent.
        self._pool.submit(warm_up, settings).result()

    def map_chunks(self, chunks: Iterable[list[Document]], settings: ScanSettings) -> Iterator[Records]:
        self.start(settings)
        assert self._pool is not None
        pool = self._pool

        def collect(pending: list[Future[Records]]) -> tuple[Iterable[Records], list[Future[Records]]]:
            done, rest = wait(pending, return_when=FIRST_COMPLETED)
            return (future.result() for future in done), list(rest)

        yield from bounded_map(
            chunks, self.in_flight, lambda c: pool.submit(scan_chunk, c, settings), collect
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def select_executor(jobs: int | None = None, ray_address: str | None = None) -> Executor:
    """The executor a command line asks for: Ray when an address is given (and `ray` is
    installed, else a clear `InputError`), in-process for one job, a local pool otherwise."""
    if ray_address:
        from .ray_executor import RayExecutor

        return RayExecutor(ray_address)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        from ..errors import InputError

        raise InputError(f"--jobs must be at least 1, got {jobs}")
    if jobs == 1:
        return SerialExecutor()
    return LocalExecutor(jobs)
