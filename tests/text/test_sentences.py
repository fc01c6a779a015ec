"""Sentences are found locally around a position."""

from __future__ import annotations

from regencheck.text.sentences import list_intro, sentence_span, sentences, signature_start


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


# Sentences as a reader sees them (issue 9): Markdown, props, Korean endings; and invariants.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _all(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def test_markdown_lines_are_sentences_of_their_own() -> None:
    text = '---\ntitle: "Age in reverse"\n---\n# Heading\n**Bold claim** here\n- item one\n| a | b |\n> quote'
    assert _all(text) == [
        "---",
        'title: "Age in reverse"',
        "---",
        "# Heading",
        "**Bold claim** here",
        "- item one",
        "| a | b |",
        "> quote",
    ]


def test_an_faq_answer_is_cut_from_its_question() -> None:
    assert _all("Q: Will I need surgery later?\nA: No. Our patients never do.") == [
        "Q: Will I need surgery later?",
        "A: No.",
        "Our patients never do.",
    ]


def test_each_jsx_prop_is_a_sentence() -> None:
    text = '<Card title="Reverse ageing" description="No risk at all" />'
    assert _all(text) == ["<Card", 'title="Reverse ageing"', 'description="No risk at all" />']


def test_a_korean_final_ending_ends_a_sentence_without_a_full_stop() -> None:
    assert _all("시술은 안전합니다 부작용이 없어요 다 같이 오세요") == [
        "시술은 안전합니다",
        "부작용이 없어요",
        "다 같이 오세요",
    ]


def test_a_quote_and_the_signature_below_it_are_one_sentence() -> None:
    text = 'Intro.\n"My knees are new. I hike again!"\n— Karen, 61, Ohio\nNext.'
    signed = 'I hike again!"\n— Karen, 61, Ohio'
    assert _sentence_at(text, "hike") == signed
    assert _sentence_at(text, "Karen") == signed
    assert _all(text) == ["Intro.", '"My knees are new.', signed, "Next."]
    i = text.index("I hike")
    assert signature_start(text, i, i + len(signed)) == text.index("—")


def test_korean_and_blockquote_signatures_join_their_quote() -> None:
    text = '> "한국에 오길 정말 잘했어요."\n> — 김○○ 님, 62세, 대구\n## 가격'
    assert _all(text) == ['> "한국에 오길 정말 잘했어요."\n> — 김○○ 님, 62세, 대구', "## 가격"]


def test_bullets_unquoted_lines_and_clauses_are_not_signatures() -> None:
    # a Markdown bullet under a quote, a signed line under plain text, a sentence after a dash
    assert _all('"Quote"\n- Sarah') == ['"Quote"', "- Sarah"]
    assert _all("Plain line.\n— Karen, 61, Ohio") == ["Plain line.", "— Karen, 61, Ohio"]
    assert _all('"좋아요"\n— 줄기세포로 다 나았어요') == ['"좋아요"', "— 줄기세포로 다 나았어요"]
    assert _all('"Great."\n— and then my knee pain came back') == [
        '"Great."',
        "— and then my knee pain came back",
    ]


_pieces = st.sampled_from(
    [
        "Stem cells cure arthritis.",
        " ",
        "\n",
        "- ",
        "| ",
        " |",
        "**",
        "# ",
        "Q: Is it safe?",
        "A: Yes.",
        'title="Look younger"',
        " description='x'",
        "줄기세포로 치료합니다",
        "좋아요",
        "Dr. Kim",
        "e.g.",
        "3.5",
        "!?",
        "…",
        "다",
        "\t",
        "。",
        '"My knee is new."',
        "\n— Karen, 61, Ohio",
        "> ",
        "\n— 김○○ 님, 62세",
        "— ",
    ]
)
_texts = st.lists(st.one_of(_pieces, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_texts)
def test_sentences_map_back_without_overlap_and_cover_every_visible_character(text: str) -> None:
    spans = sentences(text)
    covered = [False] * len(text)
    last_end = 0
    for s, e in spans:
        assert last_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        for i in range(s, e):
            covered[i] = True
        last_end = e
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


@settings(max_examples=300, deadline=None)
@given(text=_texts)
def test_every_position_of_a_signed_quote_finds_the_whole_of_it(text: str) -> None:
    for s, e in sentences(text):
        if "\n" not in text[s:e]:
            continue
        assert signature_start(text, s, e) is not None
        for i in range(s, e):
            if not text[i].isspace():
                assert sentence_span(text, i, i + 1) == (s, e), (i, text[s:e])
