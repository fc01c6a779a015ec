"""Builders for bulk tests: a folder of pages with a few bad ones, and WARC archives made with
warcio itself so the reader is tested against the format as real crawlers write it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CLAIM_EN = "Our stem cell facelift gives guaranteed results with no side effects. "
CLAIM_KO = "줄기세포 시술로 노화를 되돌립니다. 부작용 없음. "
PLAIN = "The clinic is open from nine to six on weekdays. "


@dataclass(frozen=True)
class Response:
    """One HTTP response to archive."""

    uri: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"


def write_pages(root: Path, count: int, *, bad: bool = True) -> set[str]:
    """`count` good pages in nested folders (text, Markdown, HTML), plus, when `bad`, a binary
    `.txt`, a broken `.pdf` and an empty `.html`; returns the sources of all scannable files."""
    sources: set[str] = set()
    for i in range(count):
        folder = root / f"site{i % 3}" / ("deep" if i % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        text = (CLAIM_EN if i % 2 else PLAIN) + (CLAIM_KO if i % 5 == 0 else "") + f"Page {i}."
        if i % 3 == 0:
            path = folder / f"page{i}.html"
            path.write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
        else:
            path = folder / f"page{i}.{'md' if i % 3 == 1 else 'txt'}"
            path.write_text(text, encoding="utf-8")
        sources.add(str(path))
    (root / "notes.csv").write_text("not a page", encoding="utf-8")
    if bad:
        for name, data in (
            ("binary.txt", b"\x00\x01\x02\x03binary"),
            ("broken.pdf", b"%PDF-1.4 no body"),
            ("empty.html", b""),
        ):
            (root / name).write_bytes(data)
            sources.add(str(root / name))
    return sources


def write_warc(path: Path, responses: list[Response], *, gzip: bool = True) -> None:
    """A WARC file with a warcinfo record followed by one response record per response."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "regencheck tests"}))
        for r in responses:
            headers = [("Content-Type", r.content_type)] if r.content_type else []
            http = StatusAndHeaders(r.status, headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(r.uri, "response", payload=io.BytesIO(r.body), http_headers=http)
            )
