"""`regencheck scan`: red-flag claims in files, directories and stdin; `scan-eval`: its scores.

One JSON object per input (JSON Lines for several). A bad input is reported on stderr and as
`"error"` in its own line; the others are still scanned. Exit codes: 3 when `--fail-on` finds a
claim at or above that severity, else 1 when an input could not be scanned, else 0.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..claims import ScanLimits, ScanResult, scan_path
from ..claims.scanner import iter_inputs, scan_stdin
from ..disclaimer import DISCLAIMER
from .app import app
from .common import FormatOpt, KnowledgeOpt, ModelLayer, ModelOpt, OutputFormat, dumps, load_kb, message


class FailOn(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


def render_result(result: ScanResult, *, show_suppressed: bool = False) -> str:
    """A person-readable report: each finding with its sentence, category, cue and basis."""
    head = f"{result.source}: "
    if result.error:
        return head + f"ERROR {result.error}"
    lines = [head + f"risk {result.risk}, {len(result.findings)} finding(s), language {result.language}"]
    for note in result.notes:
        lines.append(f"  note: {note}")
    for f in result.findings:
        lines.append(f"  [{f.severity}] {f.category} ({f.rule}) at {f.start}-{f.end}: “{f.text}”")
        lines.append(f"      sentence: {f.sentence}")
        lines.append(f"      cue: {f.cue}")
        lines.append(f"      why: {f.explanation}")
        lines.append(f"      basis: {'; '.join(f.basis)}")
    if result.suppressed:
        if show_suppressed:
            lines.append("  not flagged (context):")
            for s in result.suppressed:
                lines.append(f"    {s.context}: “{s.text}” ({s.category}); cue: {s.cue}")
                lines.append(f"      sentence: {s.sentence}")
        else:
            lines.append(
                f"  {len(result.suppressed)} mention(s) not flagged because of their context (--show-suppressed)"
            )
    if result.summary:
        lines.append("  summary: " + ", ".join(f"{k} {v}" for k, v in result.summary.items()))
    return "\n".join(lines)


@app.command("scan")
def scan_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (.txt .md .html .htm .pdf), directories (recursive) or - for stdin."),
    ],
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 3 when a finding at or above this severity exists."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest input accepted, in bytes.")
    ] = ScanLimits.max_bytes,
    language: Annotated[
        str | None, typer.Option("--language", help="Force the rules of one language (en, id, ko).")
    ] = None,
    show_suppressed: Annotated[
        bool, typer.Option("--show-suppressed", help="Text output lists context-suppressed mentions.")
    ] = False,
    model: ModelOpt = ModelLayer.full,
) -> None:
    """Find red-flag claims (cures, guarantees, donor cells for skin, discounts…) with spans and legal basis."""
    kb = load_kb(knowledge)
    limits = ScanLimits(max_bytes=max_bytes)
    results: list[ScanResult] = []
    for item in iter_inputs(paths):
        if item == "-":
            result = scan_stdin(kb, limits=limits, language=language, layer=model.value)
        else:
            result = scan_path(Path(item), kb, limits=limits, language=language, layer=model.value)
        if result.error:
            message(f"error: {result.error}")
        if fmt is OutputFormat.json:
            sys.stdout.write(dumps(result.to_dict()) + "\n")
            sys.stdout.flush()
        else:
            sys.stdout.write(render_result(result, show_suppressed=show_suppressed) + "\n\n")
        results.append(result)
    if not results:
        message("error: no scannable files (.txt .md .html .htm .pdf) found")
        raise typer.Exit(1)
    if fmt is OutputFormat.text:
        sys.stdout.write(DISCLAIMER + "\n")
    if fail_on is not None and any(r.at_or_above(fail_on.value) for r in results):
        raise typer.Exit(3)
    if any(r.error for r in results):
        raise typer.Exit(1)


@app.command("scan-eval")
def scan_eval_command(
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus folder (default: corpus/claims).")
    ] = None,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare", help="Score the rules alone and with the learned sentence model, side by side."
        ),
    ] = False,
) -> None:
    """Precision, recall and F1 of the scanner per category on the labelled corpus."""
    from ..claims.evaluate import default_corpus_dir, evaluate_corpus, render_comparison, render_report

    folder = corpus or default_corpus_dir()
    kb = load_kb(knowledge)
    if compare:
        rules = evaluate_corpus(folder, kb, use_model=False)
        model = evaluate_corpus(folder, kb, use_model=True)
        both = {"rules": rules, "model": model}
        sys.stdout.write(
            (dumps(both) if fmt is OutputFormat.json else render_comparison(rules, model)) + "\n"
        )
        return
    report = evaluate_corpus(folder, kb)
    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(report) + "\n")
    else:
        sys.stdout.write(render_report(report) + "\n")
