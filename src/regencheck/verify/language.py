"""Language names as facilitators write them ("id", "ID", "Indonesian", "Bahasa Indonesia",
"한국어") reduced to one code, so an adverse-event channel is matched to the patient's language."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from babel import Locale

    out: dict[str, str] = {}
    for display in ("en", "ko", "id"):
        for code, name in Locale(display).languages.items():
            out.setdefault(name.casefold(), code.split("_")[0])
    return out


def language_code(value: str) -> str:
    """The ISO 639 code for a code or a language name (English, Korean or Indonesian display name)."""
    text = value.strip().casefold().replace("-", "_")
    if text.startswith("bahasa "):
        text = text[len("bahasa ") :]
    if 2 <= len(text) <= 3 and text.isascii() and text.isalpha():
        return text
    if "_" in text and len(text.split("_")[0]) in (2, 3):
        return text.split("_")[0]
    return _names().get(text, text)
