"""Sentences as a reader sees them: spans found locally around a position, so a scanner splits only its candidate sentences.

A boundary is a line break (so a Markdown heading, bullet, table row, front-matter field or FAQ
question and answer are each their own sentence), sentence-final punctuation (. ! ? 。 and
full-width forms) followed by space or end of text unless the word before a full stop is a
known abbreviation ("Dr.", "e.g.", "No.") or a single letter (an initial), a Korean final
ending (~다, ~요) followed by a space, or the space before a JSX/HTML prop (`title="…"`).
One line break is not a boundary: the one between a quote and the signature on the line below
it ("— Karen, 61, Ohio"), which a reader takes with the quote.
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
    """The sentence containing `text[start:end]`, trimmed of surrounding whitespace; a quote
    and the signature on the line below it are one sentence (`signature_start`).

    Searches at most a fixed window either side, so a boundary-free megabyte costs the same
    as a short sentence.
    """
    s, e = _plain_span(text, start, end)
    line_end = _line_end(text, e)
    if line_end is None:
        return s, e
    line_start = text.rfind("\n", 0, s) + 1
    if line_start > 0 and not text[line_start:s].strip() and _signature_line(text, line_start, line_end):
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        prev = text[prev_start : line_start - 1].rstrip()
        if prev.strip() and _is_quote(prev):
            return _plain_span(text, prev_start + len(prev) - 1, prev_start + len(prev))[0], e
    if line_end < len(text) and _is_quote(text[line_start:line_end]):
        next_end = text.find("\n", line_end + 1, line_end + 2 + _MAX_SIGNATURE_LINE)
        if next_end < 0 and len(text) - line_end - 1 <= _MAX_SIGNATURE_LINE:
            next_end = len(text)
        if next_end > line_end + 1 and _signature_line(text, line_end + 1, next_end):
            return s, line_end + 1 + len(text[line_end + 1 : next_end].rstrip())
    return s, e


def _signature_line(text: str, start: int, end: int) -> bool:
    """Whether the line `text[start:end]` is a signature and one plain sentence filling its line."""
    line = text[start:end]
    if len(line) > _MAX_SIGNATURE_LINE or not _is_signature(line):
        return False
    first = start + len(line) - len(line.lstrip())
    last = start + len(line.rstrip())
    return _plain_span(text, first, first) == (first, last)


def _line_end(text: str, e: int) -> int | None:
    """Where the line of a sentence ending at `e` ends, if nothing but space follows it there
    (a match on the trailing space alone, so an enormous single line costs nothing here)."""
    m = _TRAILING_SPACE.match(text, e)
    return m.end() if m else None


def _plain_span(text: str, start: int, end: int) -> tuple[int, int]:
    """`sentence_span` without joining a signature line to its quote."""
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


# A patient's quote signed on the line below it ("…I can open jars again!\"" then
# "— Deborah, 58, Vancouver") is one statement as a reader sees it: the signature is what makes
# the quote a patient's testimony. A signature opens with a dash (not a Markdown bullet's "-" or
# "*") and holds a name-shaped line: title-case words, initials, an age and a place in English;
# in Korean a short line with an honorific, an age (62세, 50대) or a masked name (김○○).
_MAX_SIGNATURE_LINE = 60
_SIGNATURE_LEAD = re.compile(r"[ \t]*(?:>[ \t]*)?(?:[—―–~]{1,2}|--)[ \t]*")
_LATIN_NAME_PART = r"(?:\(?[A-Z][\w'’.-]*\)?|\(?\d{1,3}\)?|from|of|in|and|aged?|y/?o|yrs?\.?|[&/])"
_LATIN_SIGNATURE = re.compile(
    rf"[A-Z][\w'’.-]*(?:[ \t]*,?[ \t]+{_LATIN_NAME_PART}|,{_LATIN_NAME_PART})*[ \t]*[.,]?"
)
_KOREAN_SIGNATURE_MARK = re.compile(r"님|씨|\d{1,3}[ \t]*[세대]|[○●◯＊*ＯＸ×]|OO")
_KOREAN_CLAUSE_END = re.compile(r"[다요][.!?]?[ \t]*$")
_TRAILING_SPACE = re.compile(r"[^\S\n]*(?=\n|\Z)")
_QUOTE_LINE = re.compile(r"[ \t]*(?:>|[\"“‘「『]|'(?=\w))|.*[\"”’」』'][ \t]*[.!?。]?[ \t]*$")


def _is_quote(line: str) -> bool:
    """A line that quotes someone: a Markdown blockquote, or opening or closing on a quotation mark."""
    return _QUOTE_LINE.match(line) is not None


def _is_signature(line: str) -> bool:
    """A short line that signs the quote above it ("— Karen, 61, Ohio", "— 김○○ 님, 62세, 대구")."""
    if len(line) > _MAX_SIGNATURE_LINE:
        return False
    lead = _SIGNATURE_LEAD.match(line)
    if lead is None:
        return False
    rest = line[lead.end() :].strip()
    if not rest:
        return False
    if _LATIN_SIGNATURE.fullmatch(rest):
        return True
    return (
        any("\uac00" <= ch <= "\ud7a3" for ch in rest)
        and _KOREAN_SIGNATURE_MARK.search(rest) is not None
        and _KOREAN_CLAUSE_END.search(rest) is None
    )


def signature_start(text: str, start: int, end: int) -> int | None:
    """Where the signature line joined to the quote of sentence `text[start:end]` begins, if any."""
    nl = text.rfind("\n", start, end)
    if nl < 0 or not _is_signature(text[nl + 1 : end]):
        return None
    return nl + 1


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
