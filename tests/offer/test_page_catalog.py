"""The check page speaks the patient's language: a string without a translation fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from regencheck.reports import i18n
from regencheck.web import pages_check
from regencheck.web.state import TEMPLATES_DIR


@pytest.mark.parametrize("language", ["id", "ko"])
def test_every_string_of_the_check_page_has_a_translation(language: str) -> None:
    keywords = dict(DEFAULT_KEYWORDS) | {"N_": None}
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    found = {
        m[1]
        for m in extract_from_file(
            "jinja2.ext:babel_extract", TEMPLATES_DIR / "check.html", keywords, options=options
        )
    }
    found |= {m[1] for m in extract_from_file("python", Path(pages_check.__file__), keywords)}
    assert len(found) > 20, "the extraction found too few strings to be checking anything"
    with (Path(i18n.LOCALE_DIR) / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string}
    assert sorted(str(m) for m in found if m not in translated) == []
