"""Inline SVG charts for reports: scorecard by step, quote against its range, journey timeline.

Plain SVG strings (no JavaScript, no external files) so the same chart shows in a browser, in
an e-mail and in WeasyPrint's PDF. Every text is escaped; every chart has a <title> so screen
readers and PDF text extraction name it. Callers pass already-translated labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

COLORS = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#f9a825", "not_applicable": "#9e9e9e"}
FONT = 'font-family="DejaVu Sans, NanumGothic, sans-serif"'


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 11,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "#222",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}" {FONT}>{escape(text)}</text>'
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class StepBar:
    """One step's criteria counted by status (keys of COLORS)."""

    title: str
    counts: dict[str, int]


def scorecard_chart(title: str, steps: list[StepBar], legend: dict[str, str], width: int = 640) -> str:
    """Stacked horizontal bars, one per verification step, coloured by criterion status."""
    label_w, bar_w, row_h = 250, width - 270, 26
    body: list[str] = []
    y = 10
    for step in steps:
        total = sum(step.counts.values()) or 1
        body.append(_text(0, y + 15, step.title, size=11))
        x = float(label_w)
        for status in COLORS:
            n = step.counts.get(status, 0)
            if not n:
                continue
            w = bar_w * n / total
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{COLORS[status]}"/>')
            if w > 14:
                body.append(_text(x + w / 2, y + 13, str(n), size=10, anchor="middle", fill="#fff"))
            x += w
        y += row_h
    x = float(label_w)
    for status, name in legend.items():
        body.append(
            f'<rect x="{x:.1f}" y="{y + 4}" width="10" height="10" fill="{COLORS.get(status, "#777")}"/>'
        )
        body.append(_text(x + 14, y + 13, name, size=10))
        x += 14 + 7 * len(name) + 18
    return _svg(width, y + 24, title, body)


@dataclass(frozen=True)
class CriterionCell:
    """One criterion of the scorecard grid: its id, status (a key of COLORS) and a spoken name."""

    id: str
    status: str
    name: str


_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?", "not_applicable": "–"}


def criteria_grid(title: str, rows: list[tuple[str, list[CriterionCell]]], legend: dict[str, str]) -> str:
    """The 24 criteria as a grid: one row per step, one coloured square per criterion with its
    id and a mark (so colour is never the only signal), legend underneath."""
    cell, gap, label_w = 58, 6, 30
    width = label_w + 5 * (cell + gap) + 10
    body: list[str] = []
    y = 8
    for step, cells in rows:
        body.append(_text(0, y + cell / 2 + 5, step, size=13, weight="bold"))
        for i, c in enumerate(cells):
            x = label_w + i * (cell + gap)
            colour = COLORS.get(c.status, "#777")
            body.append(
                f'<g><title>{escape(c.name)}</title><rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'rx="6" fill="{colour}"/></g>'
            )
            ink = "#000" if c.status in ("unknown", "not_applicable") else "#fff"
            body.append(_text(x + cell / 2, y + 24, c.id, size=13, anchor="middle", weight="bold", fill=ink))
            body.append(
                _text(x + cell / 2, y + 45, _MARKS.get(c.status, "?"), size=16, anchor="middle", fill=ink)
            )
        y += cell + gap
    lx, ly = 0.0, y + 8
    for status, name in legend.items():
        body.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="12" height="12" fill="{COLORS.get(status, "#777")}"/>'
        )
        body.append(_text(lx + 16, ly + 11, f"{_MARKS.get(status, '')} {name}", size=11))
        lx += 16 + 7.5 * len(name) + 30
        if lx > width - 60:
            lx, ly = 0.0, ly + 18
    return _svg(width, ly + 22, title, body)


@dataclass(frozen=True)
class PriceBar:
    """A quoted unit price against its reference range, all in one currency; texts preformatted."""

    item: str
    price: float
    low: float | None
    high: float | None
    price_text: str
    range_text: str


def quote_chart(title: str, bars: list[PriceBar], width: int = 640) -> str:
    """Each line's reference range as a grey band and its quoted price as a marker on one scale."""
    label_w, plot_w, row_h = 200, width - 220, 44
    body: list[str] = []
    y = 8
    for bar in bars:
        top = max(v for v in (bar.price, bar.low or 0, bar.high or 0)) * 1.15 or 1.0
        scale = plot_w / top
        body.append(_text(0, y + 14, bar.item, size=11))
        body.append(
            f'<line x1="{label_w}" y1="{y + 10}" x2="{label_w + plot_w}" y2="{y + 10}" stroke="#ccc"/>'
        )
        low = bar.low or 0.0
        high = bar.high if bar.high is not None else top
        body.append(
            f'<rect x="{label_w + low * scale:.1f}" y="{y + 2}" width="{max((high - low) * scale, 2):.1f}" '
            f'height="16" fill="#cfd8dc"/>'
        )
        inside = (bar.low is None or bar.price >= bar.low) and (bar.high is None or bar.price <= bar.high)
        colour = COLORS["pass"] if inside else COLORS["fail"]
        px = label_w + bar.price * scale
        body.append(f'<circle cx="{px:.1f}" cy="{y + 10}" r="6" fill="{colour}"/>')
        body.append(_text(0, y + 34, f"{bar.price_text}  |  {bar.range_text}", size=10, fill="#444"))
        y += row_h
    return _svg(width, y + 4, title, body)


@dataclass(frozen=True)
class TimelinePoint:
    day: date
    label: str
    kind: str  # "stage", "followup", "maintenance", "fit_to_fly", "event"


_POINT_COLORS = {
    "stage": "#1565c0",
    "followup": "#2e7d32",
    "maintenance": "#6a1b9a",
    "fit_to_fly": "#ef6c00",
    "event": "#c62828",
}


def timeline_chart(
    title: str,
    points: list[TimelinePoint],
    today: date | None = None,
    today_label: str = "",
    width: int = 640,
) -> str:
    """Dated points on one axis, labels alternating above and below so they do not collide."""
    if not points:
        return _svg(width, 20, title, [])
    points = sorted(points, key=lambda p: p.day)
    start, end = points[0].day, points[-1].day
    span = max((end - start).days, 1)
    left, plot_w = 20, width - 40
    axis_y = 30 + 16 * ((len(points) + 1) // 2)
    body = [
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="#555" stroke-width="2"/>'
    ]
    for i, p in enumerate(points):
        x = left + plot_w * (p.day - start).days / span
        above = i % 2 == 0
        ly = axis_y - 14 - 16 * (i // 2) if above else axis_y + 24 + 16 * (i // 2)
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{ly - 4 if not above else ly + 3}" '
            f'stroke="#bbb" stroke-width="0.6"/>'
        )
        body.append(f'<circle cx="{x:.1f}" cy="{axis_y}" r="5" fill="{_POINT_COLORS.get(p.kind, "#555")}"/>')
        anchor = "start" if x < left + plot_w * 0.6 else "end"
        body.append(_text(x, ly, p.label, size=9, anchor=anchor))
    if today is not None and start <= today <= end:
        x = left + plot_w * (today - start).days / span
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y - 10}" x2="{x:.1f}" y2="{axis_y + 10}" stroke="#c62828" '
            f'stroke-width="2"/>'
        )
        if today_label:
            body.append(_text(x, axis_y + 14, today_label, size=8, anchor="middle", fill="#c62828"))
    height = axis_y + 30 + 16 * ((len(points) + 1) // 2)
    return _svg(width, height, title, body)
