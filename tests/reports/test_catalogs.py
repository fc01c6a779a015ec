"""The catalogs stay whole: every message in Python, templates (reports and web) and the
knowledge base's patient-facing sentences has an Indonesian and a Korean translation, and the
engines' sentences shown on pages come back in the reader's language."""

from __future__ import annotations

import pytest

from regencheck.reports import catalogs
from regencheck.reports import labels as L
from regencheck.reports.i18n import Translator


def test_messages_are_extracted_from_web_templates_web_code_reports_and_the_knowledge_base() -> None:
    messages = catalogs.all_messages()
    assert "Check an offer" in messages, "web template"
    assert "Wrong username or password." in messages, "web Python"
    assert "Verified" in messages, "reports"
    assert "Under Korean law the answer depends on facts the description does not give." in messages
    assert messages["%(num)s clinic."] == ("%(num)s clinic.", "%(num)s clinics."), "plurals keep both forms"


@pytest.mark.parametrize("language", catalogs.TRANSLATED)
def test_every_message_has_a_translation(language: str) -> None:
    missing = catalogs.untranslated(language)
    assert not missing, f"untranslated in {language} (run scripts/i18n update, then translate): {missing}"


def test_a_message_without_a_translation_is_reported() -> None:
    assert catalogs.untranslated("ko", ["Check an offer", "A brand-new label nobody translated"]) == [
        "A brand-new label nobody translated"
    ]
    assert catalogs.main(["check"]) == 0


@pytest.mark.parametrize("language", catalogs.TRANSLATED)
def test_translations_keep_every_placeholder(language: str) -> None:
    import re

    placeholder = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
    for message in catalogs.read_catalog(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(ids[0]))
        for string in strings:
            assert set(placeholder.findall(string)) == wanted, (language, ids[0], string)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", 'Penawaran menyebut "Hasil dijamin!". Bukti terbitan apa yang mendukungnya?'),
        ("ko", '광고에 "Hasil dijamin!"라고 되어 있습니다. 이를 뒷받침하는 발표된 근거는 무엇입니까?'),
        ("en", 'The offer says "Hasil dijamin!". What published evidence supports this?'),
    ],
)
def test_an_engine_sentence_around_a_value_is_translated_and_keeps_the_value(
    language: str, expected: str
) -> None:
    sentence = 'The offer says "Hasil dijamin!". What published evidence supports this?'
    assert L.engine_text(sentence, Translator(language)) == expected


def test_an_undecided_ruling_names_its_possible_outcomes_in_the_readers_language() -> None:
    summary = (
        "Under Korean law the answer depends on facts the description does not give. "
        "Depending on the answers it is permitted or not permitted."
    )
    korean = L.engine_text(summary, Translator("ko"))
    assert korean.startswith("한국 법에 따른 판단은") and korean.endswith("허용 / 불허.")


def test_an_engine_sentence_no_catalog_knows_stays_as_the_engine_wrote_it() -> None:
    assert L.engine_text("A sentence from a new rule.", Translator("id")) == "A sentence from a new rule."
