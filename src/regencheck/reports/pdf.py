"""PDF output through WeasyPrint, with Korean glyphs from the system's Nanum fonts.

Imported lazily by callers: WeasyPrint needs Pango at import time, and a machine without it
can still produce HTML reports.
"""

from __future__ import annotations

from ..errors import RegencheckError


class PdfUnavailable(RegencheckError):
    """Raised when WeasyPrint or its system libraries (Pango) are not installed."""

    code = "pdf_unavailable"


def html_to_pdf(html: str) -> bytes:
    """Render self-contained HTML to PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango/cairo shared libraries missing
        raise PdfUnavailable(f"PDF output needs WeasyPrint and Pango: {exc}") from None
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
