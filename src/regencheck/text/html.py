"""The visible text of an HTML page, one block element per line: what a reader sees, and what
marketing scans and consent audits read (one parser for both, so the same page gives the same
text, and so the same offsets, wherever it is read)."""

from __future__ import annotations

import re

_BLOCK_TAGS = (
    "title,p,div,li,br,hr,h1,h2,h3,h4,h5,h6,tr,td,th,section,article,header,footer,blockquote,"
    "ul,ol,table,dt,dd,nav,aside,figcaption,pre,main,form,button,option,label,caption"
)
_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "object", "canvas"]
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def visible_text(markup: str) -> str:
    """Text of `markup` without scripts, styles and embedded objects, block elements on their
    own lines, runs of spaces folded and blank lines collapsed ("" when nothing is visible)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    tree.strip_tags(_DROP_TAGS)
    for node in tree.css(_BLOCK_TAGS):
        node.insert_after("\n")
    root = tree.root
    raw = root.text(deep=True, separator="") if root is not None else ""
    return tidy(raw)


def tidy(raw: str) -> str:
    """Spaces folded per line, blank-line runs collapsed to one, ending in one newline."""
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""
