"""`regencheck classify`: what a described therapy is and where it may lawfully be offered."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..classify import classify
from ..classify.engine import parse_therapy
from ..classify.tables import tables_for
from ..classify.text import render_text
from ..errors import InputFileError
from ..inputs import decode_text, load_structured_file, parse_structured
from .app import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb, message

MAX_THERAPY_BYTES = 1_000_000
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "therapies"


@app.command("classify")
def classify_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A YAML or JSON file of therapy attributes ('-' reads standard input).", show_default=False
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="A free-text description, English or Korean.")
    ] = None,
    sample: Annotated[
        str | None,
        typer.Option(
            "--sample", "-s", help="A bundled example by name (e.g. svf_facelift); 'list' lists them."
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Classify a therapy (FILE.yaml, --text "…" or --sample NAME) and rule on it for KR, US, JP, EU, SG."""
    if sum(x is not None for x in (file, text, sample)) != 1:
        raise typer.BadParameter("give exactly one of FILE, --text or --sample")
    if sample is not None:
        names = sorted(p.stem for p in SAMPLES.glob("*.yaml"))
        if sample == "list":
            message("Bundled samples: " + ", ".join(names))
            return
        if sample not in names:
            raise typer.BadParameter(f"unknown sample '{sample}' (choose from: {', '.join(names)})")
        file = SAMPLES / f"{sample}.yaml"
    kb = load_kb(knowledge)
    therapy: Any
    if file is not None and str(file) == "-":
        raw = sys.stdin.buffer.read(MAX_THERAPY_BYTES + 1)
        if len(raw) > MAX_THERAPY_BYTES:
            raise InputFileError(f"<stdin>: over the limit of {MAX_THERAPY_BYTES:,} bytes")
        if not raw.strip():
            raise InputFileError("<stdin>: no therapy given")
        therapy = parse_therapy(parse_structured(decode_text(raw, "<stdin>"), "<stdin>"), "<stdin>")
    elif file is not None:
        data = load_structured_file(file, MAX_THERAPY_BYTES)
        therapy = parse_therapy(data, str(file))
    else:
        therapy = text
    result = classify(therapy, kb)
    jurisdiction_names = tables_for(kb).jurisdiction_names
    emit(result.to_dict(), fmt, lambda _: render_text(result, jurisdiction_names))
