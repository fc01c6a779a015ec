"""Documents out of WARC / WARC.GZ web archives: each HTTP `response` record whose payload is
HTML, text or PDF is one document, named by its target URI.

Records are streamed one at a time (a crawl can be many gigabytes). A damaged archive ends
with one error document naming the file and how many records were read before the damage.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .documents import Document

WARC_SUFFIXES = (".warc", ".warc.gz")

# Content-Type (without parameters) → the extractor to use; other payloads (images, scripts,
# style sheets) are not pages and are passed over.
_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
    "application/pdf": "pdf",
}


def is_warc(path: Path) -> bool:
    """True for names ending in .warc or .warc.gz."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def payload_kind(content_type: str | None) -> str | None:
    """The extractor for a Content-Type, "" when it is absent (sniff from content), None to skip."""
    if not content_type:
        return ""
    return _KINDS.get(content_type.split(";", 1)[0].strip().lower())


def iter_warc(path: Path, max_bytes: int, *, read_payload: bool = True) -> Iterator[Document]:
    """Every scannable response record of one archive, in archive order. With
    `read_payload=False` the documents are empty: enough to count them cheaply."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    read = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.format != "warc":
                    # warcio reads anything as a legacy ARC record; a .warc name promises WARC.
                    yield Document(
                        source=str(path), error=f"{path}: not a WARC archive (after {read} document(s))"
                    )
                    return
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#record{read}"
                http = record.http_headers
                if http is not None:
                    status = http.get_statuscode() or ""
                    if not status.startswith("2"):
                        continue
                    kind = payload_kind(http.get_header("Content-Type"))
                else:
                    kind = payload_kind(record.rec_headers.get_header("Content-Type"))
                if kind is None:
                    continue
                data = record.content_stream().read(max_bytes + 1) if read_payload else b""
                missing = (
                    getattr(record.raw_stream, "limit", 0) if read_payload and len(data) <= max_bytes else 0
                )
                if missing:
                    # warcio hands over a truncated last record without complaint; its own
                    # length header tells us the page is incomplete.
                    yield Document(
                        source=uri,
                        error=f"{path}: damaged WARC after {read} document(s): record {uri} is cut short "
                        f"({missing:,} bytes missing)",
                    )
                    return
                read += 1
                yield Document(source=uri, data=data, kind=kind or None)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        yield Document(
            source=str(path),
            error=f"{path}: damaged WARC after {read} document(s): {reason}",
        )
