"""Invariants whatever the chunking or the number of jobs: every input comes out exactly once."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.bulk import BulkInputs, LocalExecutor, SerialExecutor, chunked, run_bulk
from regencheck.bulk.documents import Document

from .helpers import write_pages

_names = st.sets(st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True), min_size=1, max_size=12)
_suffixes = st.sampled_from([".txt", ".md", ".html", ".pdf", ".csv"])


@settings(max_examples=25)
@given(
    files=st.lists(st.tuples(_names, _suffixes), min_size=1, max_size=3),
    chunk_docs=st.integers(1, 7),
    chunk_bytes=st.integers(1, 400),
)
def test_the_output_sources_are_exactly_the_inputs(
    files: list[tuple[set[str], str]], chunk_docs: int, chunk_bytes: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        expected: set[str] = set()
        for depth, (names, suffix) in enumerate(files):
            folder = root.joinpath(*[f"d{i}" for i in range(depth)])
            folder.mkdir(parents=True, exist_ok=True)
            for name in names:
                path = folder / f"{name}{suffix}"
                path.write_text(
                    f"{name}: guaranteed results" if suffix != ".pdf" else "not a pdf", encoding="utf-8"
                )
                if suffix != ".csv":
                    expected.add(str(path))
        out = io.StringIO()
        run_bulk(
            BulkInputs(paths=(root,)),
            out,
            SerialExecutor(),
            chunk_docs=chunk_docs,
            chunk_bytes=chunk_bytes,
            count_total=False,
        )
        sources = [json.loads(line)["source"] for line in out.getvalue().splitlines()]
        assert sorted(sources) == sorted(expected)


@settings(max_examples=100)
@given(
    sizes=st.lists(st.integers(0, 50), max_size=40),
    max_docs=st.integers(1, 10),
    max_bytes=st.integers(1, 120),
)
def test_chunks_keep_order_and_respect_their_bounds(sizes: list[int], max_docs: int, max_bytes: int) -> None:
    docs = [Document(source=str(i), data=b"x" * n) for i, n in enumerate(sizes)]
    chunks = list(chunked(docs, max_docs, max_bytes))
    assert [d for c in chunks for d in c] == docs
    for c in chunks:
        assert 1 <= len(c) <= max_docs
        assert sum(len(d.data) for d in c[:-1]) < max_bytes


@pytest.mark.parametrize(("jobs", "chunk_docs", "start_method"), [(2, 1, "fork"), (2, 5, "spawn")])
def test_a_real_pool_neither_loses_nor_duplicates_documents(
    tmp_path: Path, jobs: int, chunk_docs: int, start_method: str
) -> None:
    expected = write_pages(tmp_path, 15)
    out = io.StringIO()
    run_bulk(
        BulkInputs(paths=(tmp_path,)),
        out,
        LocalExecutor(jobs, start_method=start_method),
        chunk_docs=chunk_docs,
        count_total=False,
    )
    sources = [json.loads(line)["source"] for line in out.getvalue().splitlines()]
    assert sorted(sources) == sorted(expected)
