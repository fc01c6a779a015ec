"""Scan on a Ray cluster (``--ray ADDRESS``). Ray is optional and never a dependency: the
module imports it only when asked, and says how to install it when it is missing.

Ray reuses worker processes, so the per-process knowledge cache in `worker.py` means each
Ray worker loads the knowledge base once, as in the local pool.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from .documents import Document, ScanSettings
from .executors import Records, bounded_map
from .worker import scan_chunk


def import_ray() -> Any:
    """The `ray` module, or an `InputError` telling the user how to get it."""
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise InputError(
            "--ray needs the optional 'ray' package, which is not installed here: "
            "pip install 'ray[default]>=2.9' on this machine and on the cluster, or drop --ray "
            "to scan with local processes (--jobs N)"
        ) from None


class RayExecutor:
    """Ships chunks to `ray.remote` tasks on the cluster at `address`, `in_flight` at a time."""

    name = "ray"

    def __init__(self, address: str, *, in_flight: int = 64) -> None:
        self.ray = import_ray()
        self.address = address
        self.in_flight = max(1, in_flight)
        self._started = False

    def start(self, settings: ScanSettings) -> None:
        if not self.ray.is_initialized():
            self.ray.init(address=self.address, ignore_reinit_error=True, log_to_driver=False)
            self._started = True

    def map_chunks(self, chunks: Iterable[list[Document]], settings: ScanSettings) -> Iterator[Records]:
        ray = self.ray
        self.start(settings)
        remote_scan = ray.remote(scan_chunk)
        settings_ref = ray.put(settings)

        def collect(pending: list[Any]) -> tuple[Iterable[Records], list[Any]]:
            done, rest = ray.wait(pending, num_returns=1)
            return (ray.get(ref) for ref in done), rest

        yield from bounded_map(
            chunks, self.in_flight, lambda chunk: remote_scan.remote(chunk, settings_ref), collect
        )

    def close(self) -> None:
        if self._started:
            self.ray.shutdown()
            self._started = False
