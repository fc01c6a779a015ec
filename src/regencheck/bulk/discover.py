"""Expand what the user named into a stream of documents: files as given, directories walked
recursively (pages and WARC archives inside them), list files (one path per line, `#`
comments), WARC archives record by record.

Everything is a generator, so a million-page crawl is never held in memory; unreadable inputs
become error documents so they are reported in the output rather than stopping the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..claims.extract import SUPPORTED_SUFFIXES, ExtractionError, ScanLimits, read_input
from .documents import Document
from .warc import WARC_SUFFIXES, is_warc, iter_warc

_WALKED_SUFFIXES = SUPPORTED_SUFFIXES + WARC_SUFFIXES


def walk_directory(root: Path) -> Iterator[Path | Document]:
    """Files under `root` worth scanning, in sorted order; unreadable folders as error documents."""
    problems: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=problems.append):
        dirs.sort()
        while problems:
            exc = problems.pop()
            yield Document(
                source=str(exc.filename or folder), error=f"{exc.filename or folder}: cannot read folder"
            )
        for name in sorted(files):
            if name.lower().endswith(_WALKED_SUFFIXES):
                yield Path(folder) / name
    while problems:
        exc = problems.pop()
        yield Document(source=str(exc.filename or root), error=f"{exc.filename or root}: cannot read folder")


def read_list_file(path: Path) -> Iterator[Path | Document]:
    """The paths a list file names, one per line; blank lines and `#` comments are skipped and
    relative paths are taken from the list file's own folder."""
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for raw in lines:
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                entry = Path(line)
                yield entry if entry.is_absolute() else path.parent / entry
    except OSError as exc:
        yield Document(source=str(path), error=f"{path}: cannot read list file ({exc.strerror or exc})")


def _file_document(path: Path, limits: ScanLimits) -> Document:
    try:
        return Document(source=str(path), data=read_input(path, limits))
    except ExtractionError as exc:
        return Document(source=str(path), error=exc.message)


def expand_path(path: Path, limits: ScanLimits, *, read: bool = True) -> Iterator[Document]:
    """The documents of one named path: a directory's pages, an archive's records, or the file.
    With `read=False` nothing is read but archive headers: the same count, for progress."""
    if path.is_dir():
        for item in walk_directory(path):
            if isinstance(item, Document):
                yield item
            elif is_warc(item):
                yield from iter_warc(item, limits.max_bytes, read_payload=read)
            else:
                yield _file_document(item, limits) if read else Document(source=str(item))
    elif is_warc(path):
        if not path.exists():
            yield Document(source=str(path), error=f"{path}: file not found")
        else:
            yield from iter_warc(path, limits.max_bytes, read_payload=read)
    else:
        yield _file_document(path, limits) if read else Document(source=str(path))


def iter_documents(
    paths: Iterable[Path],
    list_files: Iterable[Path] = (),
    *,
    limits: ScanLimits | None = None,
    read: bool = True,
) -> Iterator[Document]:
    """All documents of a bulk run: the named paths first, then those of each list file."""
    limits = limits or ScanLimits()
    for path in paths:
        yield from expand_path(path, limits, read=read)
    for list_file in list_files:
        for item in read_list_file(list_file):
            if isinstance(item, Document):
                yield item
            else:
                yield from expand_path(item, limits, read=read)


def count_documents(paths: Iterable[Path], list_files: Iterable[Path] = ()) -> int:
    """How many documents `iter_documents` will yield, reading no page content."""
    return sum(1 for _ in iter_documents(paths, list_files, read=False))
