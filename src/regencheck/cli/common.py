"""Options and output helpers shared by every command: `--format`, `--knowledge`, JSON to stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..disclaimer import DISCLAIMER
from ..knowledge import KnowledgeBase, default_knowledge, load_knowledge


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="text for people, json for tools.")]


class ModelLayer(StrEnum):
    full = "full"
    screen = "screen"
    off = "off"


ModelOpt = Annotated[
    ModelLayer,
    typer.Option(
        "--model",
        help="Learned sentence layer: full (screen + encoder judge, most accurate), screen "
        "(2-3x faster, for bulk), off (rules alone).",
    ),
]
KnowledgeOpt = Annotated[
    Path | None,
    typer.Option("--knowledge", help="Directory whose YAML/CSV files overlay the bundled knowledge."),
]


def load_kb(overlay: Path | None) -> KnowledgeBase:
    """The bundled knowledge base, or the bundled one merged with an overlay directory."""
    return load_knowledge(overlay) if overlay else default_knowledge()


def dumps(obj: Any) -> str:
    """Stable JSON: UTF-8 as is (Korean stays readable), dates as ISO strings."""
    return json.dumps(obj, ensure_ascii=False, default=_default)


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit(obj: Any, fmt: OutputFormat, render_text: Callable[[Any], str], *, disclaimer: bool = True) -> None:
    """Print one result: JSON on one line, or text followed once by the disclaimer."""
    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(obj) + "\n")
        return
    sys.stdout.write(render_text(obj).rstrip("\n") + "\n")
    if disclaimer:
        sys.stdout.write("\n" + DISCLAIMER + "\n")


def message(text: str) -> None:
    """A message for the person at the terminal: always stderr, never mixed into JSON."""
    sys.stderr.write(text.rstrip("\n") + "\n")
