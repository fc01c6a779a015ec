"""One pass over a text for many patterns at once: Hyperscan, or Python `re` when it is missing.

Hyperscan compiles every pattern into one automaton. It runs in *prefilter* mode: it may report
a pattern where the exact regex would not match, but never misses one, and it reports only where
a match ends. That is several times faster than exact start-of-match tracking, and the scanner
confirms each candidate with the exact regex on the candidate's sentence anyway. Hyperscan
reports byte offsets into the UTF-8 encoding; `char_offsets` turns them into Python string
offsets in one forward walk. Compiled databases are cached on disk (they take seconds to build).
The fallback compiles each pattern with `re` (correct, slower) for platforms without Hyperscan.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

_hs: Any
try:  # pragma: no cover - exercised by whichever backend the platform has
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None

Hit = tuple[int, int]  # (pattern id, end offset) in str offsets
Span = tuple[int, int, int]  # (pattern id, start, end) in str offsets


class MultiMatcher(Protocol):
    """Finds where any pattern may end (`scan`) or exactly where each match is (`spans`)."""

    backend: str

    def scan(self, text: str) -> list[Hit]: ...

    def spans(self, text: str) -> list[Span]: ...


def longest_spans(raw: list[Span]) -> list[Span]:
    """Hyperscan reports every end of a leftmost match; keep the longest per pattern and start,
    then drop matches of a pattern nested inside another match of the same pattern."""
    longest: dict[tuple[int, int], int] = {}
    for pid, s, e in raw:
        if e > longest.get((pid, s), -1):
            longest[(pid, s)] = e
    out: list[Span] = []
    reach: dict[int, int] = {}
    for s, neg_e, pid in sorted((s, -e, pid) for (pid, s), e in longest.items()):
        e = -neg_e
        if e <= s or reach.get(pid, -1) >= e:
            continue
        reach[pid] = e
        out.append((pid, s, e))
    return out


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


def _cache_dir() -> Path | None:
    try:
        from platformdirs import user_cache_dir

        path = Path(user_cache_dir("regencheck")) / "hyperscan"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except (ImportError, OSError):
        return None


class HyperscanMatcher:
    """All patterns in one Hyperscan block-mode database, case-blind and UTF-8.

    `exact=False` (whole documents): prefilter mode, end offsets only, the fastest scan.
    `exact=True` (candidate sentences): leftmost start of match, for exact spans.
    """

    backend = "hyperscan"

    def __init__(self, expressions: Sequence[str], *, exact: bool = False, cache: bool = True) -> None:
        assert _hs is not None
        mode_flag = _hs.HS_FLAG_SOM_LEFTMOST if exact else _hs.HS_FLAG_PREFILTER
        flags = _hs.HS_FLAG_CASELESS | _hs.HS_FLAG_UTF8 | mode_flag
        encoded = [e.encode("utf-8") for e in expressions]
        key = hashlib.sha256(
            repr((getattr(_hs, "__version__", ""), flags, encoded)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:24]
        cache_dir = _cache_dir() if cache else None
        cached = cache_dir / f"{key}.hsdb" if cache_dir else None
        self._db: Any = None
        if cached is not None and cached.is_file():
            try:
                self._db = _hs.loadb(cached.read_bytes(), _hs.HS_MODE_BLOCK)
                self._db.scratch = _hs.Scratch(self._db)
            except Exception:  # a stale or truncated cache file is rebuilt
                self._db = None
        if self._db is None:
            self._db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
            self._db.compile(
                expressions=encoded,
                ids=list(range(len(encoded))),
                elements=len(encoded),
                flags=[flags] * len(encoded),
            )
            if cached is not None:
                try:
                    tmp = cached.with_suffix(".tmp")
                    tmp.write_bytes(_hs.dumpb(self._db))
                    tmp.replace(cached)
                except OSError:
                    pass

    def scan_bytes(self, data: bytes) -> list[Hit]:
        """Raw (pattern id, byte end) hits: what the benchmark's bare-matching ceiling measures."""
        hits: list[Hit] = []
        append = hits.append

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            append((pid, end))

        self._db.scan(data, match_event_handler=on_match)
        return hits

    def scan(self, text: str) -> list[Hit]:
        data = text.encode("utf-8", "surrogatepass")
        hits = self.scan_bytes(data)
        if not hits or len(data) == len(text):
            return hits
        offsets = char_offsets(text, data, [h[1] for h in hits])
        return [(pid, offsets[e]) for pid, e in hits]

    def spans(self, text: str) -> list[Span]:
        data = text.encode("utf-8", "surrogatepass")
        raw: list[Span] = []
        append = raw.append

        def on_match(pid: int, start: int, end: int, _flags: int, _ctx: object) -> None:
            append((pid, start, end))

        self._db.scan(data, match_event_handler=on_match)
        if raw and len(data) != len(text):
            offsets = char_offsets(text, data, [h[1] for h in raw] + [h[2] for h in raw])
            raw = [(pid, offsets[s], offsets[e]) for pid, s, e in raw]
        return longest_spans(raw)


class RegexMatcher:
    """The fallback: each pattern compiled with Python `re`, scanned in turn."""

    backend = "re"

    def __init__(self, expressions: Sequence[str]) -> None:
        self._patterns = [re.compile(e, re.IGNORECASE) for e in expressions]

    def scan(self, text: str) -> list[Hit]:
        return [(pid, e) for pid, _s, e in self.spans(text)]

    def spans(self, text: str) -> list[Span]:
        out: list[Span] = []
        for pid, pattern in enumerate(self._patterns):
            out.extend((pid, m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start())
        return out


def hyperscan_available() -> bool:
    """True when the Hyperscan engine can be used on this platform."""
    return _hs is not None


def compile_matcher(
    expressions: Sequence[str], *, exact: bool = False, backend: str | None = None
) -> MultiMatcher:
    """A matcher for the expressions: Hyperscan when available (or asked for), else `re`."""
    if backend == "re" or (backend is None and _hs is None):
        return RegexMatcher(expressions)
    if _hs is None:
        raise RuntimeError("hyperscan is not installed")
    return HyperscanMatcher(expressions, exact=exact)
