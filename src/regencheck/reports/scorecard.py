"""The scorecard as one self-contained HTML file: a visual grid of the five steps and 24 marks,
the verdict and its reasons, and for each failing or unknown criterion what to ask for.

Everything (CSS, the SVG grid) is inline so the file can be mailed or archived as it is; the
template autoescapes, so clinic-supplied text cannot inject markup. It is written in English or,
with `language`, in Indonesian or Korean: its words through the catalogs, the verifier's titles,
explanations and reasons through `verify_text.translated_card` (the English page is the card as
the verifier wrote it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..disclaimer import DISCLAIMER
from . import labels as L
from .i18n import Translator, check_language, translations
from .verify_text import translated_card

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


@cache
def _environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def _grid(card: dict[str, Any], tr: Translator) -> dict[str, Any]:
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
    step = tr.gettext("Step %(n)s")
    heads = [
        {"x": 20 + col * (CELL + 40) + 18, "label": step % {"n": s["id"]}} for col, s in enumerate(steps)
    ]
    return {
        "cells": cells,
        "heads": heads,
        "width": 40 + len(steps) * (CELL + 40),
        "height": 60 + rows * CELL,
        "size": CELL - 10,
    }


def render_scorecard_html(card: dict[str, Any], style_nonce: str | None = None, language: str = "en") -> str:
    """The scorecard JSON (`Scorecard.to_dict()`) as a standalone HTML page in `language`.

    Its styles are one `<style>` element and no style attributes, so a page served under a
    strict CSP can allow exactly that element with `style_nonce`."""
    tr = Translator(check_language(language))
    if language != "en":
        card = translated_card(card, tr)
    asks = [c for s in card["steps"] for c in s["criteria"] if c["status"] in ("fail", "unknown")]
    counts = {k: 0 for k in COLOURS}
    for s in card["steps"]:
        for c in s["criteria"]:
            counts[c["status"]] = counts.get(c["status"], 0) + 1
    label, colour = VERDICTS.get(card["verdict"], (card["verdict"], "#6e7781"))
    labels = LABELS
    if language != "en":
        label = L.label(L.VERDICTS, card["verdict"], tr)
        labels = {status: tr.gettext(message) for status, message in L.CRITERION_STATUS.items()}
    return (
        _environment(language)
        .get_template("scorecard.html.j2")
        .render(
            card=card,
            grid=_grid(card, tr),
            asks=asks,
            counts=counts,
            colours=COLOURS,
            labels=labels,
            verdict_label=label,
            verdict_colour=colour,
            verdict_colours={v: c for v, (_label, c) in VERDICTS.items()},
            style_nonce=style_nonce,
            disclaimer=tr.gettext(DISCLAIMER),
            lang=language,
        )
    )
