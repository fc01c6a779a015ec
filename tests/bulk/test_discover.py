"""Turning named paths, folders and list files into the documents of a run."""

from __future__ import annotations

from pathlib import Path

from regencheck.bulk.discover import count_documents, iter_documents

from .helpers import Response, write_pages, write_warc


def test_a_directory_is_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    expected = write_pages(tmp_path, 7)
    docs = list(iter_documents([tmp_path]))
    assert {d.source for d in docs} == expected
    assert [d.source for d in docs] == [d.source for d in iter_documents([tmp_path])]
    assert not any(d.source.endswith("notes.csv") for d in docs)


def test_unreadable_pages_become_error_documents_naming_the_file(tmp_path: Path) -> None:
    write_pages(tmp_path, 2)
    by_name = {Path(d.source).name: d for d in iter_documents([tmp_path])}
    assert by_name["binary.txt"].error is None  # read fine; the scanner rejects its content
    missing = list(iter_documents([tmp_path / "nope.html"]))
    assert (
        missing[0].error is not None and "nope.html" in missing[0].error and "not found" in missing[0].error
    )


def test_archives_inside_a_directory_are_read_record_by_record(tmp_path: Path) -> None:
    write_warc(
        tmp_path / "a.warc.gz",
        [Response("https://a.example/", b"<p>a</p>"), Response("https://b.example/", b"<p>b</p>")],
    )
    (tmp_path / "page.txt").write_text("hello", encoding="utf-8")
    assert [d.source for d in iter_documents([tmp_path])] == [
        "https://a.example/",
        "https://b.example/",
        str(tmp_path / "page.txt"),
    ]


def test_a_list_file_skips_comments_and_reads_paths_from_its_own_folder(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.txt").write_text("one", encoding="utf-8")
    absolute = tmp_path / "two.md"
    absolute.write_text("two", encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(
        f"# saved pages\n\npages/one.txt\n  {absolute}  \n# pages/three.txt\nmissing.html\n", encoding="utf-8"
    )
    docs = list(iter_documents([], [listing]))
    assert [d.source for d in docs] == [
        str(tmp_path / "pages" / "one.txt"),
        str(absolute),
        str(tmp_path / "missing.html"),
    ]
    assert docs[0].data == b"one" and docs[2].error is not None


def test_a_missing_list_file_is_reported_not_raised(tmp_path: Path) -> None:
    [doc] = iter_documents([], [tmp_path / "absent.lst"])
    assert doc.error is not None and "absent.lst" in doc.error


def test_counting_reads_no_content_but_agrees_with_the_run(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", 5)
    write_warc(
        tmp_path / "crawl.warc",
        [Response(f"https://x.example/{i}", b"<p>x</p>") for i in range(4)],
        gzip=False,
    )
    inputs = [tmp_path / "pages", tmp_path / "crawl.warc"]
    assert count_documents(inputs) == len(list(iter_documents(inputs))) == 5 + 3 + 4
