"""Continue an interrupted run: read the JSON Lines written so far, remember which documents
(source + content SHA-256) are already there, and cut off a last line the interruption left
half-written so appending continues on a clean line boundary."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ResumeKey = tuple[str, str]


@dataclass
class PreviousOutput:
    """What an earlier run left: the keys done, lines kept, and lines dropped as damaged."""

    done: set[ResumeKey] = field(default_factory=set)
    records: int = 0
    damaged: int = 0


def resume_key(record: dict[str, Any]) -> ResumeKey | None:
    """The key of an output record; None for records a rerun should try again (unreadable input)."""
    source, digest = record.get("source"), record.get("sha256")
    if isinstance(source, str) and isinstance(digest, str):
        return source, digest
    return None


def load_previous(path: Path, on_record: Callable[[dict[str, Any]], None] | None = None) -> PreviousOutput:
    """Read `path` (if it exists), call `on_record` for each complete record, and truncate the
    file after the last complete line. Damaged lines in the middle are counted and left alone."""
    found = PreviousOutput()
    if not path.exists():
        return found
    good_end = 0
    with path.open("rb") as stream:
        offset = 0
        for raw in stream:
            offset += len(raw)
            if not raw.endswith(b"\n"):
                break  # the interrupted last write
            try:
                record = json.loads(raw)
            except ValueError:
                found.damaged += 1
                good_end = offset
                continue
            good_end = offset
            if not isinstance(record, dict):
                found.damaged += 1
                continue
            found.records += 1
            key = resume_key(record)
            if key is not None:
                found.done.add(key)
            if on_record is not None:
                on_record(record)
    if path.stat().st_size != good_end:
        with path.open("r+b") as stream:
            stream.truncate(good_end)
    return found
