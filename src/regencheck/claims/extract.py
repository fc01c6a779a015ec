"""Text out of the files people give us: plain text, Markdown, HTML and PDF.

Failures are values, not exceptions: `extract_bytes` raises `ExtractionError` with a reason the
CLI prints next to the path, and the scanner turns it into that input's `"error"`. Text files
are decoded as UTF-8 with invalid bytes replaced (offsets then refer to the file as given); a
file that is clearly in another encoding (EUC-KR, CP949, Latin-1) is decoded with it and the
decoded text is returned as extracted text. HTML's visible text comes from the lexbor parser
with block elements kept on their own lines, PDF text from pypdf, page by page.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputFileError
from ..inputs import looks_binary
from ..text.html import tidy, visible_text

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class ExtractionError(InputFileError):
    """Raised when an input cannot be turned into text (binary, encrypted, malformed, too big)."""


@dataclass(frozen=True)
class ScanLimits:
    """Limits on what one input may cost; hitting one is reported as that input's error."""

    max_bytes: int = 20_000_000
    max_pdf_pages: int = 2_000


@dataclass
class Extracted:
    """The text to scan; `extracted` says offsets refer to this text rather than the raw file."""

    text: str
    extracted: bool
    kind: str
    notes: list[str] = field(default_factory=list)


def kind_of(name: str, data: bytes) -> str:
    """`text`, `html` or `pdf` from the suffix, or from the content when there is none (stdin)."""
    lower = name.lower()
    if lower.endswith(PDF_SUFFIXES):
        return "pdf"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def decode_text_file(data: bytes, name: str) -> Extracted:
    """UTF-8 with replacement; a confidently detected legacy encoding is used instead."""
    if looks_binary(data):
        raise ExtractionError(f"{name}: looks like a binary file, not text")
    try:
        return Extracted(data.decode("utf-8"), False, "text")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", "replace")
    # Mostly valid UTF-8 with a few bad bytes is UTF-8 (the spec's rule); only text that is
    # largely undecodable is worth an encoding guess (EUC-KR pages are common in Korea).
    guess = _detect_encoding(data) if replaced.count("\ufffd") > max(16, len(replaced) // 50) else None
    if guess is not None:
        return Extracted(data.decode(guess, "replace"), True, "text", [f"decoded as {guess}, not UTF-8"])
    return Extracted(replaced, False, "text", ["invalid UTF-8 bytes were replaced with U+FFFD"])


def _detect_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    if best.chaos > 0.2:
        return None
    return str(best.encoding)


def _html_encoding(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return _detect_encoding(data) or "utf-8"


def html_text(data: bytes, name: str) -> Extracted:
    """Visible text of an HTML page, one block element per line, whitespace tidied."""
    if b"\x00" in data[:8192]:
        raise ExtractionError(f"{name}: looks like a binary file, not HTML")
    encoding = _html_encoding(data)
    text = visible_text(data.decode(encoding, "replace"))
    notes = [] if encoding == "utf-8" else [f"decoded as {encoding}"]
    if not text.strip():
        raise ExtractionError(f"{name}: HTML has no visible text")
    return Extracted(text, True, "html", notes)


def pdf_text(data: bytes, name: str, limits: ScanLimits) -> Extracted:
    """Text of a PDF, pages separated by a blank line; encrypted or malformed files are errors."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    notes: list[str] = []
    # pypdf logs every repair it attempts; the user gets one clear error line instead.
    pdf_log = logging.getLogger("pypdf")
    level = pdf_log.level
    pdf_log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))
                except Exception:
                    opened = False
                if not opened:
                    raise ExtractionError(f"{name}: PDF is encrypted; save an unencrypted copy")
            pages = reader.pages
            count = len(pages)
            if count > limits.max_pdf_pages:
                notes.append(f"only the first {limits.max_pdf_pages} of {count} pages were scanned")
            texts = [(pages[i].extract_text() or "") for i in range(min(count, limits.max_pdf_pages))]
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ExtractionError(f"{name}: malformed PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pypdf raises many types on broken files; none may crash a batch
        raise ExtractionError(f"{name}: unreadable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf_log.setLevel(level)
    text = tidy("\n\n".join(texts))
    if not text.strip():
        raise ExtractionError(f"{name}: PDF has no extractable text (scanned images need OCR)")
    return Extracted(text, True, "pdf", notes)


def extract_bytes(data: bytes, name: str, limits: ScanLimits, kind: str | None = None) -> Extracted:
    """The text of one input given as bytes (a file's content or stdin)."""
    if len(data) > limits.max_bytes:
        raise ExtractionError(
            f"{name}: input is {len(data):,} bytes, over the limit of {limits.max_bytes:,} (raise --max-bytes)"
        )
    if not data.strip():
        raise ExtractionError(f"{name}: input is empty")
    kind = kind or kind_of(name, data)
    if kind == "pdf":
        return pdf_text(data, name, limits)
    if kind == "html":
        return html_text(data, name)
    return decode_text_file(data, name)


def read_input(path: Path, limits: ScanLimits) -> bytes:
    """A file's bytes, refusing unsupported types, oversized, unreadable and missing files."""
    name = str(path)
    if not path.name.lower().endswith(SUPPORTED_SUFFIXES):
        raise ExtractionError(f"{name}: unsupported file type (expected {' '.join(SUPPORTED_SUFFIXES)})")
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ExtractionError(
                f"{name}: file is {size:,} bytes, over the limit of {limits.max_bytes:,} (raise --max-bytes)"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ExtractionError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise ExtractionError(f"{name}: is a directory") from None
    except PermissionError:
        raise ExtractionError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ExtractionError(f"{name}: cannot read ({exc.strerror or exc})") from None
