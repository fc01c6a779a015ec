"""Reading WARC archives: which records are documents, what they are called, damaged files."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from regencheck.bulk.warc import iter_warc, payload_kind

from .helpers import CLAIM_EN, Response, write_warc


@pytest.mark.parametrize("gzip", [True, False])
def test_each_page_response_is_one_document_named_by_its_uri(tmp_path: Path, gzip: bool) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(
        archive,
        [
            Response("https://clinic.example/", f"<p>{CLAIM_EN}</p>".encode()),
            Response("https://clinic.example/logo.png", b"\x89PNG....", "image/png"),
            Response("https://clinic.example/gone", b"<p>missing</p>", status="404 Not Found"),
            Response(
                "https://clinic.example/brochure.pdf", b"%PDF-1.4 " + CLAIM_EN.encode(), "application/pdf"
            ),
            Response("https://clinic.example/robots.txt", b"User-agent: *", "text/plain"),
        ],
        gzip=gzip,
    )
    docs = list(iter_warc(archive, 1_000_000))
    assert [(d.source, d.kind) for d in docs] == [
        ("https://clinic.example/", "html"),
        ("https://clinic.example/brochure.pdf", "pdf"),
        ("https://clinic.example/robots.txt", "text"),
    ]
    assert docs[0].data == f"<p>{CLAIM_EN}</p>".encode()
    assert docs[1].data.startswith(b"%PDF")


def test_a_response_without_content_type_is_sniffed_later(tmp_path: Path) -> None:
    archive = tmp_path / "bare.warc.gz"
    write_warc(archive, [Response("https://x.example/a", b"<html><body>hi</body></html>", None)])
    [doc] = iter_warc(archive, 1_000_000)
    assert doc.kind is None and doc.error is None


def test_a_truncated_archive_ends_with_an_error_naming_the_file(tmp_path: Path) -> None:
    archive = tmp_path / "cut.warc.gz"
    noise = random.Random(7)
    pages = ["".join(noise.choices(string.ascii_letters, k=4000)) for _ in range(3)]
    write_warc(
        archive,
        [Response(f"https://x.example/{i}", f"<p>{page}</p>".encode()) for i, page in enumerate(pages)],
    )
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) - 500])
    docs = list(iter_warc(archive, 1_000_000))
    assert [d.source for d in docs[:-1]] == ["https://x.example/0", "https://x.example/1"]
    assert docs[-1].source == "https://x.example/2" and not docs[-1].data
    assert docs[-1].error is not None and str(archive) in docs[-1].error and "cut short" in docs[-1].error


def test_garbage_named_warc_is_an_error_not_a_crash(tmp_path: Path) -> None:
    archive = tmp_path / "fake.warc"
    archive.write_bytes(b"this is not an archive\n" * 5)
    docs = list(iter_warc(archive, 1_000_000))
    assert len(docs) == 1 and docs[0].error is not None and "fake.warc" in docs[0].error


def test_content_types_choose_the_extractor_or_skip_the_record() -> None:
    assert payload_kind("text/html; charset=euc-kr") == "html"
    assert payload_kind("application/xhtml+xml") == "html"
    assert payload_kind("Application/PDF") == "pdf"
    assert payload_kind("text/plain") == "text"
    assert payload_kind(None) == ""
    assert payload_kind("image/jpeg") is None
    assert payload_kind("application/javascript") is None
