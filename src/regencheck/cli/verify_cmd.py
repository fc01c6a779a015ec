"""`regencheck verify DOSSIER` (the 24-criteria scorecard) and `regencheck schema dossier`."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, InputFileError
from ..verify import dossier_json_schema, load_dossier, verify_dossier
from ..verify.registry import load_registries
from .app import app
from .common import KnowledgeOpt, OutputFormat, dumps, emit, load_kb, message


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of {value!r}: expected a date YYYY-MM-DD") from None


def _write(path: Path, content: str) -> None:
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise InputFileError(f"{path}: cannot write ({exc.strerror or exc})") from None


@app.command("verify")
def verify_command(
    dossier: Annotated[Path, typer.Argument(help="Dossier YAML or JSON (see `regencheck schema dossier`).")],
    registry: Annotated[
        list[Path] | None,
        typer.Option("--registry", help="Registry snapshot CSV to confirm credentials against (repeatable)."),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Verify as of this date (YYYY-MM-DD).")] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="text for people, json for tools, html for a report."),
    ] = ReportFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Verify a clinic dossier against the 5-step, 24-criteria scorecard and print the verdict."""
    kb = load_kb(knowledge)
    day = _as_of(as_of)
    doc = load_dossier(dossier)
    snapshot = load_registries(list(registry)) if registry else None
    card = verify_dossier(
        doc, kb, registry=snapshot, as_of=day, base_dir=dossier.resolve().parent, source_name=str(dossier)
    ).to_dict()
    if fmt is ReportFormat.html:
        from ..reports.scorecard import render_scorecard_html

        html = render_scorecard_html(card)
        if output is None:
            sys.stdout.write(html)
        else:
            _write(output, html)
            message(f"wrote {output} (verdict: {card['verdict']})")
        return
    from ..reports.scorecard_text import render_scorecard_text

    if output is not None:
        content = dumps(card) + "\n" if fmt is ReportFormat.json else render_scorecard_text(card) + "\n"
        _write(output, content)
        message(f"wrote {output} (verdict: {card['verdict']})")
        return
    emit(card, OutputFormat(fmt.value), render_scorecard_text)


def _schema_group() -> typer.Typer:
    """The shared `schema` command group: reuse one another command module created, else create it."""
    for group in app.registered_groups:
        if group.name == "schema" and group.typer_instance is not None:
            return group.typer_instance
    group_app = typer.Typer(help="Print the JSON Schema of an input file.", no_args_is_help=True)
    app.add_typer(group_app, name="schema")
    return group_app


@_schema_group().command("dossier")
def schema_dossier_command() -> None:
    """Print the JSON Schema of a verification dossier."""
    sys.stdout.write(json.dumps(dossier_json_schema(), indent=2, ensure_ascii=False) + "\n")
