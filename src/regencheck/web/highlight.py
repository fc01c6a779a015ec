"""Cut a scanned text into plain and flagged segments, so the page can highlight findings inline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    finding: dict[str, Any] | None = None


def segments(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """Plain and flagged runs covering `text` exactly; overlapping findings keep the earlier one.

    Offsets out of range or reversed are ignored rather than trusted.
    """
    spans = sorted(
        (f for f in findings if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)),
        key=lambda f: (f["start"], -f["end"]),
    )
    out: list[Segment] = []
    cursor = 0
    for finding in spans:
        start, end = finding["start"], finding["end"]
        if start < cursor or end <= start or end > len(text):
            continue
        if start > cursor:
            out.append(Segment(text[cursor:start]))
        out.append(Segment(text[start:end], finding))
        cursor = end
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out


def hover_text(finding: dict[str, Any]) -> str:
    """What the highlight says on hover: category, severity and the rule (the cue), why, and the basis."""
    rule = f", rule {finding['rule']}" if finding.get("rule") else ""
    parts = [f"{finding.get('category', '')} ({finding.get('severity', '')}{rule})"]
    if finding.get("explanation"):
        parts.append(str(finding["explanation"]))
    basis = finding.get("basis") or []
    if basis:
        parts.append("Basis: " + "; ".join(str(b) for b in basis))
    return " — ".join(parts)
