"""Make a dossier self-contained: replace `file:` references with the text they point to.

A stored dossier is evidence that must re-verify the same way months later, on another
machine, without the folder it came from; so files are read once, at import, through the
scanner's own text extraction (HTML and PDF become their visible text).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..claims import ScanLimits
from ..claims.extract import extract_bytes
from ..errors import InputFileError
from ..inputs import read_bytes

MAX_FILE_BYTES = 10_000_000


def file_references(document: Any) -> list[str]:
    """Every `file:` reference in a document, in order."""
    if isinstance(document, list):
        return [ref for item in document for ref in file_references(item)]
    if not isinstance(document, dict):
        return []
    own = [document["file"]] if isinstance(document.get("file"), str) and "text" not in document else []
    return own + [ref for value in document.values() for ref in file_references(value)]


def inline_with(document: Any, load: Callable[[str], tuple[str, bytes]]) -> Any:
    """A copy of `document` where each `{file: ref}` text source holds `{text: …}` instead;
    `load(ref)` returns the file's name and bytes."""
    if isinstance(document, list):
        return [inline_with(item, load) for item in document]
    if not isinstance(document, dict):
        return document
    ref = document.get("file")
    if isinstance(ref, str) and "text" not in document:
        name, data = load(ref)
        return {k: v for k, v in document.items() if k != "file"} | {"text": extract_text(name, data)}
    return {key: inline_with(value, load) for key, value in document.items()}


def inline_files(document: Any, base_dir: Path) -> Any:
    """Inline files referenced relative to `base_dir` (the dossier's folder); absolute paths are refused."""

    def load(ref: str) -> tuple[str, bytes]:
        path = Path(ref)
        if path.is_absolute():
            raise InputFileError(f"{ref}: give files relative to the dossier's folder")
        full = base_dir / path
        return full.name, read_bytes(full, MAX_FILE_BYTES)

    return inline_with(document, load)


def inline_attachments(document: Any, attachments: dict[str, bytes]) -> Any:
    """Inline files uploaded alongside a dossier, matched to each reference by file name."""

    def load(ref: str) -> tuple[str, bytes]:
        name = Path(ref.replace("\\", "/")).name
        if name not in attachments:
            given = ", ".join(sorted(attachments)) or "none"
            raise InputFileError(
                f"the dossier refers to '{ref}': attach a file named {name} (attached: {given})"
            )
        return name, attachments[name]

    return inline_with(document, load)


def extract_text(name: str, data: bytes) -> str:
    """The visible text of a file, as the scanner would read it."""
    limits = ScanLimits()
    extracted = extract_bytes(data, name, limits)
    return str(extracted.text)
