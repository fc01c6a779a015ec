"""Make a dossier self-contained: replace `file:` references with the text they point to.

A stored dossier is evidence that must re-verify the same way months later, on another
machine, without the folder it came from; so files are read once, at import, through the
scanner's own text extraction (HTML and PDF become their visible text).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputFileError
from ..inputs import read_bytes
from . import engines

MAX_FILE_BYTES = 10_000_000


def inline_files(document: Any, base_dir: Path) -> Any:
    """A copy of `document` where each `{file: path}` text source holds `{text: …}` instead.

    Relative paths resolve against `base_dir` (the dossier's folder); absolute paths are refused.
    """
    if isinstance(document, list):
        return [inline_files(item, base_dir) for item in document]
    if not isinstance(document, dict):
        return document
    ref = document.get("file")
    if isinstance(ref, str) and "text" not in document:
        return {k: v for k, v in document.items() if k != "file"} | {"text": _read_text(ref, base_dir)}
    return {key: inline_files(value, base_dir) for key, value in document.items()}


def _read_text(ref: str, base_dir: Path) -> str:
    path = Path(ref)
    if path.is_absolute():
        raise InputFileError(f"{ref}: give files relative to the dossier's folder")
    full = base_dir / path
    data = read_bytes(full, MAX_FILE_BYTES)
    limits = engines.call("claims", "ScanLimits")
    extracted = engines.call("claims.extract", "extract_bytes", data, full.name, limits)
    return str(extracted.text)
