"""Sentences as a reader sees them: spans found locally around a position, so a scanner splits only its candidate sentences.

A boundary is a line break (so a Markdown heading, bullet, table row, front-matter field or FAQ
question and answer are each their own sentence), sentence-final punctuation (. ! ? 。 and
full-width forms) followed by space or end of text unless the word before a full stop is a
known abbreviation ("Dr.", "e.g.", "No.") or a single letter (an initial), a Korean final
ending (~다, ~요) followed by a space, or the space before a JSX/HTML prop (`title="…"`).
"""

from __future__ import annotations

import re

# Segmentation mechanics, not regulatory facts: the usual English abbreviations with a period.
_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "fig",
        "art",
        "dept",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "mt",
        "vol",
        "pp",
        "ca",
        "cf",
    ]
)
_WINDOW = 1000
_NEAR = 200


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    chunk = text[max(0, dot - 8) : dot].rsplit(None, 1)
    if not chunk:
        return False
    word = chunk[-1].lstrip("(\"'“").lower()
    if word == "no":
        # "No. 5" is a number; "A: No. Our patients…" is an answer.
        rest = text[dot + 1 : dot + 4].lstrip()
        return bool(rest) and rest[0].isdigit()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isascii() and word.isalpha())


_TERMINALS = ".!?。！？…\n"
_CLOSERS = "\"'”’)]"
# A Korean sentence often ends without punctuation in blogs and banners: a final ending
# (~다, ~요) followed by a space ends it, the space standing for the full stop. A JSX/HTML prop
# (`title="…" description="…"`) starts a new sentence at the space before its name.
# Only syllables that end a clause before 다/요 count, so 필요 (need), 중요, 바다 and the
# comparative 보다 do not cut a sentence.
_KOREAN_END = r"(?:(?<=[니었았였했됐겠한된는인이없있않같좋많렵쉽])다|(?<=[세어아해에예네까지워봐래데게군나와져줘려죠])요)(?=[ \t])[ \t]"
_PROP_START = r"[ \t](?=[A-Za-z][\w-]{0,30}=[\"'{])"
_LAST_TERMINAL = re.compile(rf".*(?:[.!?。！？…\n]|{_KOREAN_END}|{_PROP_START})", re.DOTALL)
_NEXT_TERMINAL = re.compile(rf"[.!?。！？…\n]|{_KOREAN_END}|{_PROP_START}")


def _boundary_end(text: str, i: int) -> int | None:
    """If the terminal character at `i` ends a sentence, where the boundary ends; else None."""
    if text[i] == "\n" or text[i] in " \t":
        return i + 1
    n = len(text)
    j = i + 1
    while j < n and text[j] in _TERMINALS and text[j] != "\n":
        j += 1
    while j < n and text[j] in _CLOSERS:
        j += 1
    if j < n and not text[j].isspace():
        return None
    if text[i] == "." and _is_abbreviation(text, i):
        return None
    return j


def _last_boundary(text: str, lo: int, hi: int) -> int | None:
    """End of the last real sentence boundary in `text[lo:hi]`, or None (C-speed `rfind`s)."""
    # A prop boundary is a space whose lookahead reads the prop name: let the match see it.
    pos = min(len(text), hi + 34)
    while pos > lo:
        m = _LAST_TERMINAL.match(text, lo, pos)
        if m is None:
            return None
        i = m.end() - 1
        end = _boundary_end(text, i)
        if end is not None and end <= hi:
            return end
        pos = i
    return None


def _next_boundary(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(start, end) of the first real sentence boundary in `text[lo:hi]`, or None."""
    pos = lo
    while pos < hi:
        m = _NEXT_TERMINAL.search(text, pos, hi)
        if m is None:
            return None
        i = m.start()
        end = _boundary_end(text, i)
        if end is not None:
            return i, end
        pos = i + 1
    return None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence containing `text[start:end]`, trimmed of surrounding whitespace.

    Searches at most a fixed window either side, so a boundary-free megabyte costs the same
    as a short sentence.
    """
    s = 0
    for window in (_NEAR, _WINDOW):
        lo = max(0, start - window)
        found = _last_boundary(text, lo, start)
        if found is not None:
            s = found
            break
        s = lo
        if lo == 0:
            break
    hi = min(len(text), end + _WINDOW)
    nxt = _next_boundary(text, end, hi)
    e = hi
    if nxt is not None:
        # a line break is not part of the sentence; final punctuation is
        e = nxt[0] if text[nxt[0]] == "\n" else nxt[1]
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return min(s, start), max(e, end)


def sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence span of a (short) text: used by the evaluation and text reports."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos < n:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        s, e = sentence_span(text, pos, pos)
        out.append((s, e))
        pos = max(e, pos + 1)
    return out


_BULLET = re.compile(r"[ \t]*(?:[-*•·–▪◦‣]|\d{1,2}[.)]|[a-z][.)])[ \t]+")
_MAX_LIST_LINES = 60


def list_intro(text: str, start: int) -> tuple[int, int] | None:
    """For a sentence that is a list item, the span of the line introducing the list.

    Guides put red flags in lists under a warning ("Red flags to watch for:"); the items then
    inherit the intro's context. Returns None when the sentence is not a list item.
    """
    line_start = text.rfind("\n", 0, start) + 1
    if not _BULLET.match(text, line_start) or text[line_start:start].strip(" \t-*•·–▪◦‣0123456789.)") != "":
        return None
    pos = line_start - 1
    for _ in range(_MAX_LIST_LINES):
        if pos <= 0:
            return None
        ls = text.rfind("\n", 0, pos) + 1
        line = text[ls:pos]
        if line.strip() and not _BULLET.match(line):
            return ls, pos
        pos = ls - 1
    return None


def sentence_texts(text: str) -> list[str]:
    """The sentences of a (short) text as strings, trimmed, without empty ones."""
    return [text[s:e] for s, e in sentences(text) if text[s:e].strip()]
