"""What travels from the reader to the workers: one document's bytes with its source, and the
settings every worker scans with. Plain picklable values so any executor can ship them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..claims.scanner import LearnedLayer


@dataclass(frozen=True, slots=True)
class Document:
    """One page to scan. `kind` ("text", "html", "pdf") overrides the guess from the source's
    suffix (a WARC record's Content-Type); `error` is set when the document could not even be
    read, and then the worker reports it instead of scanning it."""

    source: str
    data: bytes = b""
    kind: str | None = None
    error: str | None = None

    @property
    def sha256(self) -> str | None:
        """Content hash used with the source as the resume key; None when nothing was read."""
        if self.error is not None and not self.data:
            return None
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """How every worker scans: same knowledge overlay, size limit and language everywhere."""

    knowledge: Path | None = None
    max_bytes: int = 20_000_000
    language: str | None = None
    keep_text: bool = True
    layer: LearnedLayer = "full"


def chunked(documents: Iterable[Document], max_docs: int, max_bytes: int) -> Iterator[list[Document]]:
    """Group documents so each worker call amortises its dispatch cost, without letting one
    chunk of large PDFs hold hundreds of megabytes: a chunk ends at `max_docs` documents or
    once it holds `max_bytes`."""
    if max_docs < 1:
        raise ValueError("max_docs must be at least 1")
    chunk: list[Document] = []
    size = 0
    for doc in documents:
        chunk.append(doc)
        size += len(doc.data)
        if len(chunk) >= max_docs or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
