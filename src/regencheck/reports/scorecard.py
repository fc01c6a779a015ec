"""The scorecard as one self-contained HTML file: a visual grid of the five steps and 24 marks,
the verdict and its reasons, and for each failing or unknown criterion what to ask for.

Everything (CSS, the SVG grid) is inline so the file can be mailed or archived as it is; the
template autoescapes, so clinic-supplied text cannot inject markup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..disclaimer import DISCLAIMER

TEMPLATES = Path(__file__).parent / "templates"
COLOURS = {"pass": "#1a7f37", "fail": "#cf222e", "unknown": "#bf8700", "not_applicable": "#8c959f"}
LABELS = {"pass": "pass", "fail": "fail", "unknown": "unknown", "not_applicable": "n/a"}
VERDICTS = {
    "verified": ("Verified", "#1a7f37"),
    "conditional": ("Conditional", "#bf8700"),
    "not_verified": ("Not verified", "#cf222e"),
    "insufficient_evidence": ("Insufficient evidence", "#6e7781"),
}
CELL = 46


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _grid(card: dict[str, Any]) -> dict[str, Any]:
    """Positions of the 24 marks: one column per step, one row per criterion."""
    steps = card["steps"]
    rows = max((len(s["criteria"]) for s in steps), default=0)
    cells = []
    for col, step in enumerate(steps):
        for row, c in enumerate(step["criteria"]):
            cells.append(
                {
                    "x": 20 + col * (CELL + 40),
                    "y": 40 + row * CELL,
                    "id": c["id"],
                    "status": c["status"],
                    "colour": COLOURS.get(c["status"], "#8c959f"),
                    "critical": c["critical"],
                    "title": c["title"],
                }
            )
    heads = [{"x": 20 + col * (CELL + 40) + 18, "label": f"Step {s['id']}"} for col, s in enumerate(steps)]
    return {
        "cells": cells,
        "heads": heads,
        "width": 40 + len(steps) * (CELL + 40),
        "height": 60 + rows * CELL,
        "size": CELL - 10,
    }


def render_scorecard_html(card: dict[str, Any], style_nonce: str | None = None) -> str:
    """The scorecard JSON (`Scorecard.to_dict()`) as a standalone HTML page.

    Its styles are one `<style>` element and no style attributes, so a page served under a
    strict CSP can allow exactly that element with `style_nonce`."""
    asks = [c for s in card["steps"] for c in s["criteria"] if c["status"] in ("fail", "unknown")]
    counts = {k: 0 for k in COLOURS}
    for s in card["steps"]:
        for c in s["criteria"]:
            counts[c["status"]] = counts.get(c["status"], 0) + 1
    label, colour = VERDICTS.get(card["verdict"], (card["verdict"], "#6e7781"))
    return (
        _environment()
        .get_template("scorecard.html.j2")
        .render(
            card=card,
            grid=_grid(card),
            asks=asks,
            counts=counts,
            colours=COLOURS,
            labels=LABELS,
            verdict_label=label,
            verdict_colour=colour,
            verdict_colours={v: c for v, (_label, c) in VERDICTS.items()},
            style_nonce=style_nonce,
            disclaimer=DISCLAIMER,
        )
    )
