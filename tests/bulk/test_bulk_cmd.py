"""`regencheck bulk scan` on the command line, including a run killed half-way and resumed."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regencheck.cli import main

from .helpers import CLAIM_EN, PLAIN, write_pages


def _sources(path: Path) -> list[str]:
    return [json.loads(line)["source"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_it_writes_records_and_a_summary_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = write_pages(tmp_path / "pages", 6)
    out, table = tmp_path / "out.jsonl", tmp_path / "summary.csv"
    code = main(
        ["bulk", "scan", str(tmp_path / "pages"), "-o", str(out), "-j", "1", "--summary", str(table), "-q"]
    )
    printed = capsys.readouterr()
    assert code == 0
    assert sorted(_sources(out)) == sorted(expected)
    assert "Documents by risk" in printed.out and "not medical or legal advice" in printed.out
    assert printed.err == ""
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert ["totals", "documents", str(len(expected)), ""] in rows and ["totals", "errors", "3", ""] in rows


def test_records_go_to_stdout_and_the_summary_to_stderr_without_an_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(CLAIM_EN, encoding="utf-8")
    code = main(["bulk", "scan", str(tmp_path), "-j", "1"])
    printed = capsys.readouterr()
    assert code == 0
    assert [json.loads(line)["source"] for line in printed.out.splitlines()] == [str(tmp_path / "a.txt")]
    assert "1/1 documents" in printed.err and "Documents by risk" in printed.err


def test_fail_on_exits_3_when_a_page_reaches_that_risk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(CLAIM_EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAIN, encoding="utf-8")
    common = ["-j", "1", "-q", "--fail-on"]
    assert main(["bulk", "scan", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), *common, "high"]) == 3
    capsys.readouterr()
    clean = [
        "bulk",
        "scan",
        str(tmp_path / "b.txt"),
        "-o",
        str(tmp_path / "p.jsonl"),
        "-f",
        "json",
        *common,
        "low",
    ]
    assert main(clean) == 0
    assert json.loads(capsys.readouterr().out)["risk"]["none"] == 1


def test_an_existing_output_is_not_overwritten_by_accident(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(CLAIM_EN, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"source": "earlier"}\n', encoding="utf-8")
    assert main(["bulk", "scan", str(tmp_path / "a.txt"), "-o", str(out), "-j", "1", "-q"]) == 1
    assert (
        "--resume" in capsys.readouterr().err and out.read_text(encoding="utf-8") == '{"source": "earlier"}\n'
    )
    assert (
        main(["bulk", "scan", str(tmp_path / "a.txt"), "-o", str(out), "-j", "1", "-q", "--overwrite"]) == 0
    )
    assert _sources(out) == [str(tmp_path / "a.txt")]


def test_usage_mistakes_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bulk", "scan", str(tmp_path), "--resume"]) == 2
    assert "--output" in capsys.readouterr().err
    assert main(["bulk", "scan", "-j", "1"]) == 2
    assert main(["bulk", "scan", str(tmp_path), "-j", "1", "-q"]) == 1
    assert "no scannable documents" in capsys.readouterr().err


def test_a_list_file_names_the_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(CLAIM_EN, encoding="utf-8")
    listing = tmp_path / "pages.lst"
    listing.write_text("# to scan\na.txt\n", encoding="utf-8")
    assert (
        main(["bulk", "scan", "--list", str(listing), "-o", str(tmp_path / "o.jsonl"), "-j", "1", "-q"]) == 0
    )
    assert _sources(tmp_path / "o.jsonl") == [str(tmp_path / "a.txt")]


def _bulk_process(args: list[str]) -> subprocess.Popen[bytes]:
    code = "import sys; from regencheck.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "bulk", "scan", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_a_killed_run_resumes_without_duplicates_or_loss(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(40):
        # Long enough pages that the run is still going when it is killed.
        (pages / f"p{i:02}.txt").write_text((CLAIM_EN + PLAIN) * 400 + f" {i}", encoding="utf-8")
    expected = {str(p) for p in pages.iterdir()}
    out = tmp_path / "out.jsonl"
    args = [str(pages), "-o", str(out), "-j", "1", "--chunk-size", "1", "-q", "--no-text"]
    first = _bulk_process(args)
    deadline = time.monotonic() + 300  # a loaded shared machine can take long to start
    while time.monotonic() < deadline and first.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.01)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    written = out.read_bytes().count(b"\n")
    assert 3 <= written < 40, "the first run should have been interrupted half-way"
    with out.open("ab") as stream:  # a write torn by the kill
        stream.write(b'{"source": "' + str(pages / "p39.txt").encode() + b'", "risk": "hi')

    second = _bulk_process([*args, "--resume"])
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()
    sources = _sources(out)
    assert len(sources) == len(set(sources)) == 40 and set(sources) == expected


def test_sigterm_stops_cleanly_and_says_how_to_continue(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(60):
        (pages / f"p{i:02}.txt").write_text((CLAIM_EN + PLAIN) * 400, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = _bulk_process([str(pages), "-o", str(out), "-j", "1", "--chunk-size", "1", "-q", "--no-text"])
    deadline = time.monotonic() + 300  # a loaded shared machine can take long to start
    while time.monotonic() < deadline and not (out.exists() and out.stat().st_size > 0):
        time.sleep(0.01)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert b"--resume" in err
    assert out.read_bytes().endswith(b"\n")


def test_ray_without_ray_installed_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    (tmp_path / "a.txt").write_text(CLAIM_EN, encoding="utf-8")
    assert main(["bulk", "scan", str(tmp_path), "--ray", "auto", "-q"]) == 1
    err = capsys.readouterr().err
    assert "ray" in err and "pip install" in err and "Traceback" not in err
