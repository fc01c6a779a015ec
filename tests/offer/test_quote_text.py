"""Quotes as patients receive them: one price per line, in symbols, codes and 만원."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regencheck.offer import parse_quote_text


def test_a_whatsapp_style_quote_reads_as_items_and_a_stated_total() -> None:
    quote = parse_quote_text(
        "Hi! Here is your quote:\n"
        "Facelift surgery ..... ₩8,000,000\n"
        "- SVF stem cell processing: KRW 4,500,000\n"
        "PRP x2  60만원\n"
        "Total ₩13,100,000\n"
        "See you soon"
    )
    assert [(ln.item, ln.amount, ln.quantity) for ln in quote.lines] == [
        ("Facelift surgery", 8_000_000, 1),
        ("SVF stem cell processing", 4_500_000, 1),
        ("PRP x2", 600_000, 2),
    ]
    assert quote.stated_total == 13_100_000 and quote.currency == "KRW"


def test_korean_and_dollar_quotes_keep_their_currency() -> None:
    korean = parse_quote_text("지방흡입 및 SVF 분리 350만원\n합계 350만원")
    assert korean.lines[0].amount == 3_500_000 and korean.stated_total == 3_500_000
    dollars = parse_quote_text("Stem cell package US$ 8,500.50\nHotel 3 nights $450")
    assert [ln.amount for ln in dollars.lines] == [8500.5, 450] and dollars.currency == "USD"


def test_a_line_with_two_prices_or_none_is_not_an_item_and_mixed_currencies_are_named() -> None:
    quote = parse_quote_text(
        "Was ₩5,000,000 now ₩3,000,000!\nFree consultation\nSVF ₩3,000,000\nFlight SGD 600"
    )
    assert [ln.item for ln in quote.lines] == ["SVF", "Flight"]
    assert quote.currency is None and quote.mixed_currencies == ["KRW", "SGD"]


def test_european_digit_grouping_is_read_as_thousands() -> None:
    assert parse_quote_text("Paket sel punca Rp 142.500.000").lines[0].amount == 142_500_000


@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=2, max_size=20),
            st.integers(min_value=1, max_value=99_999_999),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_written_lines_parse_back_to_their_items_and_amounts(lines: list[tuple[str, int]]) -> None:
    items = [(name, amount) for name, amount in lines if not name.lower().startswith(("total", "sum", "rp"))]
    text = "\n".join(f"{name} ..... ₩{amount:,}" for name, amount in items)
    quote = parse_quote_text(text)
    assert [(ln.item, ln.amount) for ln in quote.lines] == [(n, float(a)) for n, a in items]


@given(st.text(max_size=400))
def test_any_text_parses_without_error_into_positive_amounts(text: str) -> None:
    quote = parse_quote_text(text)
    assert all(ln.amount > 0 and ln.quantity >= 1 and ln.item for ln in quote.lines)


def test_long_digit_runs_and_space_runs_cannot_stall_the_parser() -> None:
    import time

    started = time.perf_counter()
    for text in ("1" * 50_000, " " * 50_000 + "₩1", "\n".join(["1" * 299] * 200), "₩" + "1," * 20_000):
        parse_quote_text(text)
    assert time.perf_counter() - started < 2.0, "the parser is linear in its input"
