"""The key under which names and numbers are compared: "Cartistem®", "CARTISTEM" and
"Carti-stem" are one product; "A-2014-01-01-1414" and "A 2014 01 01 1414" one registration."""

from __future__ import annotations

import unicodedata


def name_key(value: str) -> str:
    """Letters and digits only, case- and width-folded (NFKC)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value).casefold() if ch.isalnum())
