"""One pass over a text for many patterns at once: Hyperscan, or Python `re` when it is missing.

Hyperscan compiles every rule pattern into one automaton and reports byte offsets into the
UTF-8 encoding; callers need Python string offsets (``text[start:end]``), so this module converts
them in one forward walk. The fallback compiles each pattern with `re` (correct, slower): it keeps
the scanner working on platforms without a Hyperscan wheel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

_hs: Any
try:  # pragma: no cover - exercised by whichever backend the platform has
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None

Hit = tuple[int, int, int]  # (pattern id, start, end) in str offsets

_BASE_FLAGS = 0
if _hs is not None:
    _BASE_FLAGS = _hs.HS_FLAG_SOM_LEFTMOST | _hs.HS_FLAG_CASELESS | _hs.HS_FLAG_UTF8


class MultiMatcher(Protocol):
    """Finds every occurrence of every pattern; ids are positions in the compiled list."""

    backend: str

    def scan(self, text: str) -> list[Hit]: ...


def char_offsets(text: str, data: bytes, byte_offsets: Sequence[int]) -> dict[int, int]:
    """Map UTF-8 byte offsets of `data` (the encoding of `text`) to str offsets in one walk.

    ASCII text maps to itself; otherwise the sorted offsets are decoded segment by segment,
    so the cost is one pass over the text however many offsets there are.
    """
    if len(data) == len(text):
        return {b: b for b in byte_offsets}
    out: dict[int, int] = {}
    prev_b = 0
    prev_c = 0
    for b in sorted(set(byte_offsets)):
        prev_c += len(data[prev_b:b].decode("utf-8", "replace"))
        prev_b = b
        out[b] = prev_c
    return out


class HyperscanMatcher:
    """All patterns in one Hyperscan block-mode database (case-blind, UTF-8, leftmost start)."""

    backend = "hyperscan"

    def __init__(self, expressions: Sequence[str]) -> None:
        assert _hs is not None
        self._db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
        # No UCP: it forbids \b, and ASCII classes suffice (Hangul bytes are "not space").
        flags = [_BASE_FLAGS] * len(expressions)
        self._db.compile(
            expressions=[e.encode("utf-8") for e in expressions],
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=flags,
        )

    def scan_bytes(self, data: bytes) -> list[Hit]:
        """Raw byte-offset hits: what the benchmark's bare-matching ceiling measures."""
        hits: list[Hit] = []
        append = hits.append

        def on_match(pid: int, start: int, end: int, _flags: int, _ctx: object) -> None:
            append((pid, start, end))

        self._db.scan(data, match_event_handler=on_match)
        return hits

    def scan(self, text: str) -> list[Hit]:
        data = text.encode("utf-8", "surrogatepass")
        hits = self.scan_bytes(data)
        if not hits or len(data) == len(text):
            return hits
        offsets = char_offsets(text, data, [h[1] for h in hits] + [h[2] for h in hits])
        return [(pid, offsets[s], offsets[e]) for pid, s, e in hits]


class RegexMatcher:
    """The fallback: each pattern compiled with Python `re`, scanned in turn."""

    backend = "re"

    def __init__(self, expressions: Sequence[str]) -> None:
        self._patterns = [re.compile(e, re.IGNORECASE) for e in expressions]

    def scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        for pid, pattern in enumerate(self._patterns):
            hits.extend((pid, m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start())
        return hits


def hyperscan_available() -> bool:
    """True when the Hyperscan engine can be used on this platform."""
    return _hs is not None


def compile_matcher(expressions: Sequence[str], *, backend: str | None = None) -> MultiMatcher:
    """A matcher for the expressions: Hyperscan when available (or asked for), else `re`."""
    if backend == "re" or (backend is None and _hs is None):
        return RegexMatcher(expressions)
    if _hs is None:
        raise RuntimeError("hyperscan is not installed")
    return HyperscanMatcher(expressions)
