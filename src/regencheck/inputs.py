"""Reading the files users hand us: size limits, binary detection, YAML/JSON with line numbers.

Every failure becomes an `InputError` naming the file and what to do, so adapters never see
an `OSError`, `UnicodeDecodeError` or `yaml.YAMLError`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import InputFileError, RegencheckError, ValidationFailed

DEFAULT_MAX_BYTES = 10_000_000


def read_bytes(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, error: type[RegencheckError] = InputFileError
) -> bytes:
    """The file's bytes, refusing directories, unreadable, empty and oversized files."""
    try:
        if path.is_dir():
            raise error(f"{path}: is a directory, expected a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise error(f"{path}: file is {size:,} bytes, over the limit of {max_bytes:,} bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise error(f"{path}: file is empty")
    return data


def looks_binary(data: bytes) -> bool:
    """True for content with NUL bytes or mostly control characters in its first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.1


def decode_text(
    data: bytes, path: Path | str = "<input>", error: type[RegencheckError] = InputFileError
) -> str:
    """UTF-8 text of a structured document; binary content is an error, not mojibake."""
    if looks_binary(data):
        raise error(f"{path}: looks like a binary file, expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 at byte {exc.start}; save the file as UTF-8") from None


def parse_structured(
    text: str, path: Path | str = "<input>", error: type[RegencheckError] = ValidationFailed
) -> Any:
    """Parse YAML (a superset of JSON) and report syntax errors with line and column."""
    if str(path).endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"{path}: line {exc.lineno}, column {exc.colno}: malformed JSON: {exc.msg}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{path}:{where} malformed YAML: {problem}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date such as 2026-13-40
        raise error(f"{path}: invalid value: {exc}") from None


def load_structured_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, error: type[RegencheckError] = ValidationFailed
) -> Any:
    """Read and parse a YAML or JSON document given by the user."""
    data = read_bytes(path, max_bytes, error if error is not ValidationFailed else InputFileError)
    return parse_structured(decode_text(data, path), path, error)
