"""The process's one Kiwi analyser (kiwipiepy ships its model; loading it takes about a second
and a few hundred MB, so classification and scanning share one instance).

The analyser knows the domain's nouns from the start, so "자가" (autologous) is never split
into 자/가 and "줄기세포" stays one word, whichever engine runs first: analyses, and the
caches built from them, do not depend on the order of calls.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

# Tokenisation mechanics, not regulatory facts: nouns the analyser must keep whole.
DOMAIN_NOUNS = (
    "미세침",
    "앰플",
    "화장품",
    "골수흡인농축물",
    "자가",
    "동종",
    "타가",
    "자가지방",
    "제대",
    "제대혈",
    "안면거상",
    "줄기세포",
    "배양액",
    "엑소좀",
    "엑소솜",
    "기질혈관분획",
    "섬유아세포",
    "연골세포",
    "자연살해세포",
    "면역세포",
    "혈소판",
    "지방이식",
    "스킨부스터",
    "쥬베룩",
    "리쥬란",
    "카티스템",
    "로즈미르",
    "인보사",
    "첨단재생의료실시기관",
)
#: Changes whenever the dictionary does: part of the key of every cache of analyses.
DICTIONARY_KEY = hashlib.sha256("\n".join(DOMAIN_NOUNS).encode()).hexdigest()[:12]

_KIWI: Any = None
_LOCK = threading.Lock()


def kiwi() -> Any:
    """The shared analyser (the `cong` model, kiwipiepy's default), created on first use."""
    global _KIWI
    if _KIWI is None:
        with _LOCK:
            if _KIWI is None:
                from kiwipiepy import Kiwi

                analyser = Kiwi(model_type="cong")
                for word in DOMAIN_NOUNS:
                    analyser.add_user_word(word, "NNG", 0.0)
                _KIWI = analyser
    return _KIWI
