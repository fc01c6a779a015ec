"""`regencheck classify`: what a described therapy is and where it may lawfully be offered."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..classify import classify
from ..classify.engine import parse_therapy
from ..classify.text import render_text
from ..inputs import load_structured_file
from . import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb

MAX_THERAPY_BYTES = 1_000_000


@app.command("classify")
def classify_command(
    file: Annotated[
        Path | None, typer.Argument(help="A YAML or JSON file of therapy attributes.", show_default=False)
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="A free-text description, English or Korean.")
    ] = None,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Classify a therapy (FILE.yaml or --text "…") and rule on it for KR, US, JP, EU and SG."""
    if (file is None) == (text is None):
        raise typer.BadParameter("give either FILE or --text, not both and not neither")
    kb = load_kb(knowledge)
    therapy: Any
    if file is not None:
        data = load_structured_file(file, MAX_THERAPY_BYTES)
        therapy = parse_therapy(data, str(file))
    else:
        therapy = text
    result = classify(therapy, kb)
    emit(result.to_dict(), fmt, lambda _: render_text(result))
