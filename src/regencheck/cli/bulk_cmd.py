"""`regencheck bulk scan`: thousands of pages (directories, list files, WARC archives) scanned in
parallel into JSON Lines, with progress, `--resume` and a summary table.

Exit codes: 3 when `--fail-on` finds a document at or above that risk; 1 when nothing could be
scanned (no documents, or every one failed); otherwise 0. Unreadable pages do not fail a run:
each is an `"error"` line in the output and counted in the summary.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated, TextIO

import typer

from ..bulk import (
    BulkInputs,
    BulkRun,
    ScanSettings,
    load_previous,
    render_summary,
    run_bulk,
    select_executor,
    summary_csv,
    summary_dict,
)
from ..bulk.progress import ProgressReporter
from ..claims import ScanLimits
from ..disclaimer import DISCLAIMER
from ..errors import InputError
from .app import app
from .common import FormatOpt, KnowledgeOpt, ModelLayer, ModelOpt, OutputFormat, dumps, message
from .scan_cmd import FailOn

bulk_app = typer.Typer(
    help="Scan many pages at once: directories, list files, WARC archives; resumable.",
    no_args_is_help=True,
)
app.add_typer(bulk_app, name="bulk")

_RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _open_output(output: Path | None, resume: bool, overwrite: bool, run: BulkRun) -> TextIO:
    """The JSON Lines sink: stdout, a new file, or an existing file continued after `--resume`."""
    if output is None:
        if resume:
            raise typer.BadParameter(
                "--resume needs --output FILE (the run to continue)", param_hint="--resume"
            )
        return sys.stdout
    if resume:
        previous = load_previous(output, run.summary.add)
        run.done_before = previous.done
        if previous.damaged:
            message(f"warning: {output}: {previous.damaged} damaged line(s) kept as they are")
        return output.open("a", encoding="utf-8")
    if output.exists() and output.stat().st_size > 0 and not overwrite:
        raise InputError(
            f"{output}: already exists; add --resume to continue that run or --overwrite to replace it"
        )
    try:
        return output.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror or exc})") from None


@bulk_app.command("scan")
def bulk_scan_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files, directories (recursive) and .warc/.warc.gz archives."),
    ] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option("--list", "-l", help="A file naming one path per line (# comments); repeatable."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSON Lines file to write (default: stdout).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue --output: skip documents it already holds.")
    ] = False,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing --output file.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPU count).")
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option("--ray", help="Scan on this Ray cluster (e.g. auto or ray://host:10001); needs ray."),
    ] = None,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="Documents per worker task.")] = 8,
    summary_file: Annotated[
        Path | None, typer.Option("--summary", help="Also write the summary table as CSV here.")
    ] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Exit 3 when a document reaches this risk.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress line.")] = False,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave text_extracted out of the records (smaller output).")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest document accepted, in bytes.")
    ] = ScanLimits.max_bytes,
    language: Annotated[
        str | None, typer.Option("--language", help="Force the rules of one language (en, id, ko).")
    ] = None,
    model: ModelOpt = ModelLayer.full,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Scan directories, list files and WARC archives in parallel into JSON Lines, then summarise."""
    inputs = BulkInputs(paths=tuple(paths or ()), list_files=tuple(lists or ()))
    if not inputs.paths and not inputs.list_files:
        raise typer.BadParameter("name at least one PATH or --list FILE", param_hint="PATH")
    if knowledge is not None and not knowledge.is_dir():
        raise InputError(f"--knowledge {knowledge}: not a directory")
    settings = ScanSettings(
        knowledge=knowledge, max_bytes=max_bytes, language=language, keep_text=not no_text, layer=model.value
    )
    executor = select_executor(jobs, ray)
    run = BulkRun()
    sink = _open_output(output, resume, overwrite, run)
    reporter = None if quiet else ProgressReporter(sys.stderr, run.progress)
    previous_handler = signal.signal(signal.SIGTERM, _terminate)
    try:
        run_bulk(inputs, sink, executor, settings=settings, run=run, reporter=reporter, chunk_docs=chunk_size)
    except KeyboardInterrupt:
        message(
            f"interrupted after {run.progress.done} document(s)"
            + (f"; run again with --resume to continue {output}" if output else "")
        )
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        if sink is not sys.stdout:
            sink.close()
    _report(run, fmt, summary_file, to_stderr=output is None, quiet=quiet)
    if fail_on is not None and _RANK[run.summary.worst_risk] >= _RANK[fail_on.value]:
        raise typer.Exit(3)
    if run.summary.documents == 0:
        message("error: no scannable documents (.txt .md .html .htm .pdf, WARC responses) found")
        raise typer.Exit(1)
    if run.summary.errors == run.summary.documents:
        raise typer.Exit(1)


def _report(
    run: BulkRun, fmt: OutputFormat, summary_file: Path | None, *, to_stderr: bool, quiet: bool
) -> None:
    """The summary: CSV file if asked; table (or JSON) on stdout, or stderr when stdout holds
    the records."""
    if summary_file is not None:
        try:
            summary_file.write_text(summary_csv(run.summary), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{summary_file}: cannot write ({exc.strerror or exc})") from None
    if to_stderr:
        if not quiet:
            message(render_summary(run.summary))
        return
    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(summary_dict(run.summary)) + "\n")
    else:
        sys.stdout.write(render_summary(run.summary) + "\n\n" + DISCLAIMER + "\n")
