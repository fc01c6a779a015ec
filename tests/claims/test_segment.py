"""Sentences are found locally around a position."""

from __future__ import annotations

from regencheck.claims.segment import list_intro, sentence_span, sentences


def _sentence_at(text: str, needle: str) -> str:
    i = text.index(needle)
    s, e = sentence_span(text, i, i + len(needle))
    return text[s:e]


def test_it_cuts_at_final_punctuation_followed_by_space() -> None:
    text = "First one. Second has it! Third? Fourth."
    assert _sentence_at(text, "has") == "Second has it!"
    assert _sentence_at(text, "Third") == "Third?"


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence() -> None:
    text = "Ask Dr. Kim, e.g. about the 3.5 ml dose of J. Lee. Next."
    assert _sentence_at(text, "dose") == "Ask Dr. Kim, e.g. about the 3.5 ml dose of J. Lee."


def test_a_line_break_ends_a_sentence() -> None:
    text = "Heading without a stop\nBody text here."
    assert _sentence_at(text, "without") == "Heading without a stop"
    assert _sentence_at(text, "Body") == "Body text here."


def test_korean_sentences_end_at_their_full_stop() -> None:
    text = "첫 문장입니다. 관절염이 완치됩니다. 끝."
    assert _sentence_at(text, "완치") == "관절염이 완치됩니다."


def test_a_boundary_free_text_is_cut_at_the_window() -> None:
    text = "word " * 2000
    s, e = sentence_span(text, 5000, 5004)
    assert 0 < s < 5000 < e < len(text)


def test_sentences_cover_a_short_text_in_order() -> None:
    text = "One. Two!\nThree?"
    assert [text[s:e] for s, e in sentences(text)] == ["One.", "Two!", "Three?"]


def test_list_items_know_the_line_that_introduces_them() -> None:
    text = "Red flags:\n- first item\n- second item\n"
    i = text.index("second")
    span = list_intro(text, i - 2)
    assert span is not None and text[span[0] : span[1]] == "Red flags:"
    assert list_intro(text, 0) is None
