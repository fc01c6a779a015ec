"""Choosing and running executors: a real local process pool, in-process, and the Ray adapter
(against a stand-in `ray` module, since Ray is optional and not installed)."""

from __future__ import annotations

import io
import json
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regencheck.bulk import BulkInputs, LocalExecutor, ScanSettings, SerialExecutor, run_bulk, select_executor
from regencheck.bulk.documents import Document
from regencheck.bulk.worker import knowledge_for
from regencheck.errors import InputError

from .helpers import Response, write_pages, write_warc


def test_the_local_pool_scans_folders_and_archives_with_bad_files_among_them(tmp_path: Path) -> None:
    expected = write_pages(tmp_path / "pages", 12)
    write_warc(
        tmp_path / "crawl.warc.gz",
        [Response(f"https://clinic.example/{i}", b"<p>Guaranteed results!</p>") for i in range(5)],
    )
    expected |= {f"https://clinic.example/{i}" for i in range(5)}
    out = io.StringIO()
    run = run_bulk(
        BulkInputs(paths=(tmp_path / "pages", tmp_path / "crawl.warc.gz")),
        out,
        LocalExecutor(2),
        chunk_docs=3,
    )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(r["source"] for r in records) == sorted(expected)
    assert run.summary.errors == 3 and run.progress.total == len(expected)
    assert all(r["risk"] == "high" for r in records if r["source"].startswith("https://"))


def test_a_worker_loads_the_knowledge_base_once_per_process() -> None:
    settings = ScanSettings()
    assert knowledge_for(settings) is knowledge_for(ScanSettings())


def test_one_job_scans_in_process_and_more_use_a_pool() -> None:
    assert isinstance(select_executor(1), SerialExecutor)
    pool = select_executor(3)
    assert isinstance(pool, LocalExecutor) and pool.jobs == 3
    with pytest.raises(InputError, match="--jobs"):
        select_executor(0)


def test_asking_for_ray_without_ray_installed_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail like a missing package
    with pytest.raises(InputError, match=r"pip install 'ray\[default\]") as caught:
        select_executor(4, "ray://head:10001")
    assert "--jobs" in caught.value.message


class _FakeRay(types.ModuleType):
    """Just enough of Ray's task API, run synchronously, to drive the adapter."""

    def __init__(self) -> None:
        super().__init__("ray")
        self.address: str | None = None
        self.tasks = 0
        self.shut_down = False

    def is_initialized(self) -> bool:
        return self.address is not None

    def init(self, address: str, **_: Any) -> None:
        self.address = address

    def put(self, value: Any) -> Any:
        return ("ref", value)

    def remote(self, fn: Callable[..., Any]) -> Any:
        fake = self

        class _Remote:
            def remote(self, chunk: list[Document], settings_ref: Any) -> Any:
                fake.tasks += 1
                return ("ref", fn(chunk, settings_ref[1]))

        return _Remote()

    def wait(self, refs: list[Any], num_returns: int) -> tuple[list[Any], list[Any]]:
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref: Any) -> Any:
        return ref[1]

    def shutdown(self) -> None:
        self.shut_down = True


def test_with_ray_importable_chunks_go_to_the_cluster_as_tasks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = _FakeRay()
    monkeypatch.setitem(sys.modules, "ray", fake)
    write_pages(tmp_path, 5, bad=False)
    executor = select_executor(None, "ray://head:10001")
    assert executor.name == "ray"
    out = io.StringIO()
    run_bulk(BulkInputs(paths=(tmp_path,)), out, executor, chunk_docs=2, count_total=False)
    assert fake.address == "ray://head:10001" and fake.tasks == 3 and fake.shut_down
    assert len(out.getvalue().splitlines()) == 5
