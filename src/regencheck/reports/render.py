"""Render a patient report to HTML (Jinja2, autoescaped) and to PDF (WeasyPrint).

The charts are the only markup passed through unescaped: they are SVG built by `charts.py`,
which escapes every text it embeds.
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from .i18n import translations
from .patient import PatientReport

STYLESHEET_FONTS = '"DejaVu Sans", "NanumGothic", "Noto Sans CJK KR", sans-serif'


@cache
def _environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("regencheck.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2", "html.j2"], default=True),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def render_html(report: PatientReport, style_nonce: str | None = None) -> str:
    """The report as one self-contained HTML page (styles and charts inline); `style_nonce`
    marks its one `<style>` element for a page served under a strict CSP."""
    template = _environment(report.language).get_template("patient.html.j2")
    charts = {name: Markup(svg) for name, svg in report.charts.items()}
    return template.render(r=report, charts=charts, fonts=STYLESHEET_FONTS, style_nonce=style_nonce)
