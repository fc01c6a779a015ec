"""Throughput of bulk scanning against a plain loop over `scan_path`, measured in the same run.

Writes a folder of generated pages (the bundled marketing samples, English and Korean, HTML and
text, cut and recombined so no two pages are equal), then times:

  (a) baseline: `for path in paths: scan_path(path, kb)` in this process, knowledge loaded;
  (b) bulk, --jobs 1: `run_bulk` with the in-process executor (discovery, hashing, JSON Lines);
  (c) bulk, --jobs N: `run_bulk` with the local process pool (worker start-up included);

and prints documents/s and MB/s for each with the ratio to (a), in wall time and in CPU time
(this process plus its finished workers; steadier on a shared machine). The pool's worker
start-up is part of (c) and is also measured apart.
Not run by the test suite.

    .venv/bin/python benchmarks/bench_bulk.py --quick        # 300 pages
    .venv/bin/python benchmarks/bench_bulk.py --docs 5000 --jobs 2
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from regencheck.bulk import BulkInputs, LocalExecutor, SerialExecutor, default_jobs, run_bulk
from regencheck.bulk.executors import Executor
from regencheck.claims import scan_path
from regencheck.knowledge import default_knowledge

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "regencheck" / "samples" / "marketing"


def write_corpus(root: Path, docs: int, seed: int = 7) -> list[Path]:
    """`docs` pages made of shuffled paragraphs of the bundled samples; returns their paths."""
    rng = random.Random(seed)
    paragraphs = [
        line.strip()
        for sample in sorted(SAMPLES.iterdir())
        for line in sample.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 20
    ]
    paths: list[Path] = []
    for i in range(docs):
        body = [*rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 30))), f"Page {i}."]
        folder = root / f"site{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 2:
            path = folder / f"page{i}.html"
            path.write_text(
                "<html><body>" + "".join(f"<p>{p}</p>" for p in body) + "</body></html>", encoding="utf-8"
            )
        else:
            path = folder / f"page{i}.txt"
            path.write_text("\n\n".join(body), encoding="utf-8")
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool workers): on a shared
    machine wall time depends on the neighbours, CPU time much less."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


Timing = tuple[float, float]  # (wall seconds, CPU seconds)


def time_loop(paths: list[Path]) -> Timing:
    kb = default_knowledge()
    wall, cpu = time.perf_counter(), cpu_seconds()
    for path in paths:
        scan_path(path, kb)
    return time.perf_counter() - wall, cpu_seconds() - cpu


def time_bulk(root: Path, executor: Executor, out: Path, chunk: int) -> Timing:
    wall, cpu = time.perf_counter(), cpu_seconds()
    with out.open("w", encoding="utf-8") as sink:
        run = run_bulk(BulkInputs(paths=(root,)), sink, executor, chunk_docs=chunk)
    assert run.summary.documents > 0
    return time.perf_counter() - wall, cpu_seconds() - cpu


def time_pool_start(jobs: int) -> Timing:
    """A fresh pool answering one tiny chunk per worker: the fixed cost inside (c) (forking from
    a parent that has loaded the knowledge base; with spawn, importing and loading per worker)."""
    from regencheck.bulk import ScanSettings
    from regencheck.bulk.documents import Document

    wall, cpu = time.perf_counter(), cpu_seconds()
    executor = LocalExecutor(jobs, in_flight_per_job=1)
    chunks = [[Document(f"warm{i}.txt", b"Guaranteed results.")] for i in range(jobs)]
    for _ in executor.map_chunks(iter(chunks), ScanSettings()):
        pass
    executor.close()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="300 pages instead of 3000")
    parser.add_argument("--docs", type=int, default=None, help="number of pages")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes for (c)")
    parser.add_argument("--chunk-size", type=int, default=8)
    args = parser.parse_args()
    docs = args.docs or (300 if args.quick else 3000)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pages"
        paths = write_corpus(root, docs)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        # Warm the knowledge base and the Korean analyser so (a) pays no first-use cost.
        scan_path(paths[0], default_knowledge())
        startup = time_pool_start(args.jobs)
        rows = [
            ("(a) loop over scan_path", time_loop(paths)),
            ("(b) bulk --jobs 1", time_bulk(root, SerialExecutor(), Path(tmp) / "b.jsonl", args.chunk_size)),
            (
                f"(c) bulk --jobs {args.jobs}",
                time_bulk(root, LocalExecutor(args.jobs), Path(tmp) / "c.jsonl", args.chunk_size),
            ),
        ]
    rows.append(("(c) minus pool start-up", (rows[2][1][0] - startup[0], rows[2][1][1] - startup[1])))
    base_wall, base_cpu = rows[0][1]
    print(f"{docs} pages, {megabytes:.2f} MB, chunk size {args.chunk_size}, {default_jobs()} CPUs visible")
    print(
        f"pool start-up alone (spawn, import, knowledge load): {startup[0]:.2f} s wall, {startup[1]:.2f} s CPU"
    )
    print(f"{'run':<26} {'wall s':>7} {'doc/s':>7} {'MB/s':>6} {'vs (a)':>7} {'CPU s':>7} {'CPU vs (a)':>10}")
    for name, (wall, cpu) in rows:
        wall = max(wall, 1e-9)
        print(
            f"{name:<26} {wall:>7.2f} {docs / wall:>7.1f} {megabytes / wall:>6.2f} {base_wall / wall:>6.2f}x"
            f" {cpu:>7.2f} {cpu / base_cpu:>9.2f}x"
        )


if __name__ == "__main__":
    main()
