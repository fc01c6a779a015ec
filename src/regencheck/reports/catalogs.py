"""Keeping the message catalogs whole: extract every message, merge new ones in, list gaps.

One catalog per language (`reports/locale/<lang>/LC_MESSAGES/messages.po`) serves the reports,
the web pages and the engines' sentences shown on them, so a label is translated once. Messages
come from three places:

- Python in `reports/` and `web/` (`_()`, `gettext`, `ngettext`, `N_()`);
- the templates of both (`{{ _("…") }}`, `{% trans %}`);
- the knowledge base's English sentences a patient reads: Korea's rulings, the claim rules'
  explanations and the classifier's questions (the engines keep writing English; pages and
  reports translate at display through `labels.engine_text`).

`python -m regencheck.reports.catalogs update` adds new message ids to every catalog (keeping
what translators wrote, dropping nothing); `check` lists each message id without a translation
and exits non-zero. `scripts/i18n` runs both.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE = Path(__file__).parent.parent
KNOWLEDGE = PACKAGE / "knowledge" / "data"
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")

_METHODS = [
    ("**.py", "python"),
    ("templates/**.j2", "jinja2.ext:babel_extract"),
    ("templates/**.html", "jinja2.ext:babel_extract"),
]
_JINJA = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trim_blocks": "true"}
_OPTIONS = {"templates/**.j2": _JINJA, "templates/**.html": _JINJA}
# (file under knowledge/data, the key whose English sentence a patient reads)
KNOWLEDGE_SENTENCES = (
    ("classify/rules_kr.yaml", "summary"),
    ("claims/rules_*.yaml", "explanation"),  # every language's pack: a finding's reason
    ("classify/questions.yaml", "en"),
    ("classify/questions.yaml", "stem_cell_ambiguity"),
    ("classify/rules_kr.yaml", "conditions.text"),  # Korea's conditions (3.2's "Conditions met: …")
    ("verify/consent_items.yaml", "title"),  # what a consent form must state (4.3's "missing: …")
    ("verify/prices.yaml", "note"),  # why a line has no legitimate price (4.5)
    ("verify/prices.yaml", "unit"),  # what a reference range is priced per (4.5)
)


def _keywords() -> dict[str, Any]:
    keywords: dict[str, Any] = dict(DEFAULT_KEYWORDS)
    keywords["N_"] = None
    return keywords


def code_messages() -> dict[str, tuple[str, str] | None]:
    """Every message id in the Python and templates of `reports/` and `web/`, with its plural."""
    found: dict[str, tuple[str, str] | None] = {}
    for folder in ("reports", "web"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(PACKAGE / folder), _METHODS, _OPTIONS, _keywords()
        ):
            if isinstance(message, str):
                found.setdefault(message, None)
            elif message[0]:
                found[message[0]] = (message[0], message[1])
    found.pop("", None)
    return found


def knowledge_messages() -> list[str]:
    """The knowledge base's English sentences that pages and reports show translated."""
    out: list[str] = []
    for pattern, key in KNOWLEDGE_SENTENCES:
        for path in sorted(KNOWLEDGE.glob(pattern)):
            out.extend(_values(yaml.safe_load(path.read_text(encoding="utf-8")), key))
    return list(dict.fromkeys(text for text in out if text))


def _values(node: Any, key: str) -> Iterator[str]:
    """The strings under `key` anywhere in `node`; a dotted key ("conditions.text") looks for
    its last part only inside what its first part holds."""
    head, _, rest = key.partition(".")
    if isinstance(node, dict):
        for k, v in node.items():
            if k == head and rest:
                yield from _values(v, rest)
            elif k == head and isinstance(v, str):
                yield " ".join(v.split())
            else:
                yield from _values(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key)


def all_messages() -> dict[str, tuple[str, str] | None]:
    messages = code_messages()
    for text in knowledge_messages():
        messages.setdefault(text, None)
    return messages


def _po(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: str) -> Catalog:
    with _po(language).open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def untranslated(language: str, messages: Iterable[str] | None = None) -> list[str]:
    """The message ids with no translation in `language`'s catalog, sorted."""
    catalog = read_catalog(language)
    done = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and _has_string(m.string)}
    wanted = all_messages() if messages is None else dict.fromkeys(messages)
    return sorted(set(wanted) - done)


def _has_string(string: str | tuple[str, ...] | list[str] | None) -> bool:
    return all(string) if isinstance(string, tuple | list) else bool(string)


def update() -> dict[str, int]:
    """Add each new message id to every catalog (English ones translated to themselves)."""
    messages = all_messages()
    added: dict[str, int] = {}
    for language in LANGUAGES:
        catalog = read_catalog(language)
        count = 0
        for message, plural in messages.items():
            key = message if plural is None else plural
            if catalog.get(message) is not None:
                continue
            if language == "en":
                catalog.add(key, key)
            else:
                catalog.add(key, "" if plural is None else ("", ""))
            count += 1
        with _po(language).open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
        added[language] = count
    return added


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        for language, count in update().items():
            print(f"{language}: {count} new message(s)")
        return 0
    if command == "check":
        gaps = {language: untranslated(language) for language in TRANSLATED}
        for language, missing in gaps.items():
            for message in missing:
                print(f"{language}: untranslated: {message!r}")
        return 1 if any(gaps.values()) else 0
    print("usage: python -m regencheck.reports.catalogs update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
